build-kuser/kernel/mm/heap.c.o: kernel/mm/heap.c kernel/mm/heap.h \
  kernel/mm/pmm.h kernel/arch/x86_64/cpu.h kernel/core/panic.h \
  kernel/core/spinlock.h kernel/lib/string.h

kernel/mm/heap.h:

kernel/mm/pmm.h:

kernel/arch/x86_64/cpu.h:

kernel/core/panic.h:

kernel/core/spinlock.h:

kernel/lib/string.h:
