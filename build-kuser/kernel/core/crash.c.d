build-kuser/kernel/core/crash.c.o: kernel/core/crash.c kernel/core/log.h \
  kernel/core/panic.h kernel/lib/string.h kernel/mm/heap.h

kernel/core/log.h:

kernel/core/panic.h:

kernel/lib/string.h:

kernel/mm/heap.h:
