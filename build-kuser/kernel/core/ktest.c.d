build-kuser/kernel/core/ktest.c.o: kernel/core/ktest.c \
  kernel/core/ktest.h kernel/core/log.h

kernel/core/ktest.h:

kernel/core/log.h:
