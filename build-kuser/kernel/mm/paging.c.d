build-kuser/kernel/mm/paging.c.o: kernel/mm/paging.c kernel/mm/paging.h \
  kernel/mm/pmm.h abi/errno.h kernel/arch/x86_64/cpu.h \
  kernel/core/bootinfo.h kernel/core/panic.h kernel/core/spinlock.h \
  kernel/lib/string.h

kernel/mm/paging.h:

kernel/mm/pmm.h:

abi/errno.h:

kernel/arch/x86_64/cpu.h:

kernel/core/bootinfo.h:

kernel/core/panic.h:

kernel/core/spinlock.h:

kernel/lib/string.h:
