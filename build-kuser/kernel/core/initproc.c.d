build-kuser/kernel/core/initproc.c.o: kernel/core/initproc.c \
  kernel/core/bootinfo.h kernel/core/cmdline.h kernel/core/log.h \
  kernel/core/panic.h kernel/core/sched.h abi/bootcaps.h abi/errno.h \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/lapic.h \
  kernel/lib/string.h kernel/mm/paging.h kernel/mm/pmm.h \
  kernel/object/cspace.h kernel/object/object.h abi/cap.h \
  kernel/object/ioport.h kernel/object/irq.h kernel/object/memory.h \
  kernel/object/thread.h abi/ipc.h abi/methods.h \
  kernel/arch/x86_64/trap.h kernel/object/untyped.h \
  kernel/object/vspace.h

kernel/core/bootinfo.h:

kernel/core/cmdline.h:

kernel/core/log.h:

kernel/core/panic.h:

kernel/core/sched.h:

abi/bootcaps.h:

abi/errno.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/lapic.h:

kernel/lib/string.h:

kernel/mm/paging.h:

kernel/mm/pmm.h:

kernel/object/cspace.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/ioport.h:

kernel/object/irq.h:

kernel/object/memory.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

kernel/object/untyped.h:

kernel/object/vspace.h:
