build-kuser/user/user/lib/libcluu/runtime.c.o: user/lib/libcluu/runtime.c \
  user/lib/libcluu/cluu.h abi/bootcaps.h abi/cap.h abi/errno.h abi/ipc.h \
  abi/methods.h build-kuser/gen/user/syscall_stubs.h \
  build-kuser/gen/abi/syscall_nr.h kernel/lib/fmt.h kernel/lib/string.h

user/lib/libcluu/cluu.h:

abi/bootcaps.h:

abi/cap.h:

abi/errno.h:

abi/ipc.h:

abi/methods.h:

build-kuser/gen/user/syscall_stubs.h:

build-kuser/gen/abi/syscall_nr.h:

kernel/lib/fmt.h:

kernel/lib/string.h:
