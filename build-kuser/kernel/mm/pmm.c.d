build-kuser/kernel/mm/pmm.c.o: kernel/mm/pmm.c kernel/mm/pmm.h \
  kernel/mm/bitmap.h kernel/arch/x86_64/cpu.h kernel/core/bootinfo.h \
  kernel/core/panic.h kernel/core/spinlock.h kernel/lib/string.h

kernel/mm/pmm.h:

kernel/mm/bitmap.h:

kernel/arch/x86_64/cpu.h:

kernel/core/bootinfo.h:

kernel/core/panic.h:

kernel/core/spinlock.h:

kernel/lib/string.h:
