build-kuser/kernel/core/ksyms.c.o: kernel/core/ksyms.c \
  kernel/core/ksyms.h

kernel/core/ksyms.h:
