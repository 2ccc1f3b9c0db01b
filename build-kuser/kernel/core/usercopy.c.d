build-kuser/kernel/core/usercopy.c.o: kernel/core/usercopy.c \
  kernel/core/usercopy.h abi/cap.h abi/errno.h

kernel/core/usercopy.h:

abi/cap.h:

abi/errno.h:
