build-kuser/kernel/arch/x86_64/lapic.c.o: kernel/arch/x86_64/lapic.c \
  kernel/arch/x86_64/lapic.h kernel/arch/x86_64/cpu.h \
  kernel/arch/x86_64/trap.h kernel/core/log.h kernel/core/sched.h \
  kernel/mm/paging.h

kernel/arch/x86_64/lapic.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/trap.h:

kernel/core/log.h:

kernel/core/sched.h:

kernel/mm/paging.h:
