build-kuser/kernel/core/bootinfo.c.o: kernel/core/bootinfo.c \
  kernel/core/bootinfo.h abi/errno.h kernel/lib/string.h

kernel/core/bootinfo.h:

abi/errno.h:

kernel/lib/string.h:
