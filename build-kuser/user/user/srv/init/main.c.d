build-kuser/user/user/srv/init/main.c.o: user/srv/init/main.c \
  user/lib/libcluu/cluu.h abi/bootcaps.h abi/cap.h abi/errno.h abi/ipc.h \
  abi/methods.h build-kuser/gen/user/syscall_stubs.h \
  build-kuser/gen/abi/syscall_nr.h

user/lib/libcluu/cluu.h:

abi/bootcaps.h:

abi/cap.h:

abi/errno.h:

abi/ipc.h:

abi/methods.h:

build-kuser/gen/user/syscall_stubs.h:

build-kuser/gen/abi/syscall_nr.h:
