build-kuser/kernel/core/sched.c.o: kernel/core/sched.c \
  kernel/core/sched.h kernel/core/hot.h kernel/core/log.h \
  kernel/core/panic.h abi/errno.h kernel/arch/x86_64/cpu.h \
  kernel/arch/x86_64/lapic.h kernel/arch/x86_64/trap.h kernel/mm/heap.h \
  kernel/mm/paging.h kernel/mm/pmm.h kernel/object/thread.h \
  kernel/object/object.h abi/cap.h abi/ipc.h abi/methods.h \
  kernel/object/vspace.h

kernel/core/sched.h:

kernel/core/hot.h:

kernel/core/log.h:

kernel/core/panic.h:

abi/errno.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/lapic.h:

kernel/arch/x86_64/trap.h:

kernel/mm/heap.h:

kernel/mm/paging.h:

kernel/mm/pmm.h:

kernel/object/thread.h:

kernel/object/object.h:

abi/cap.h:

abi/ipc.h:

abi/methods.h:

kernel/object/vspace.h:
