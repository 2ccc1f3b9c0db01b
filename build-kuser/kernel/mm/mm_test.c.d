build-kuser/kernel/mm/mm_test.c.o: kernel/mm/mm_test.c kernel/mm/heap.h \
  kernel/mm/paging.h kernel/mm/pmm.h kernel/arch/x86_64/cpu.h \
  kernel/core/ktest.h kernel/lib/string.h

kernel/mm/heap.h:

kernel/mm/paging.h:

kernel/mm/pmm.h:

kernel/arch/x86_64/cpu.h:

kernel/core/ktest.h:

kernel/lib/string.h:
