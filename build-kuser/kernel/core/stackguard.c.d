build-kuser/kernel/core/stackguard.c.o: kernel/core/stackguard.c \
  kernel/core/panic.h

kernel/core/panic.h:
