build-kuser/kernel/object/thread.c.o: kernel/object/thread.c \
  kernel/object/thread.h kernel/object/object.h abi/cap.h abi/ipc.h \
  abi/methods.h kernel/arch/x86_64/trap.h kernel/object/cspace.h \
  kernel/object/endpoint.h kernel/object/memory.h \
  kernel/object/notification.h kernel/object/reply.h \
  kernel/object/tqueue.h kernel/object/vspace.h abi/errno.h \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/lapic.h kernel/core/hot.h \
  kernel/core/log.h kernel/core/panic.h kernel/core/sched.h \
  kernel/core/usercopy.h kernel/lib/string.h kernel/mm/heap.h \
  kernel/mm/paging.h

kernel/object/thread.h:

kernel/object/object.h:

abi/cap.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

kernel/object/cspace.h:

kernel/object/endpoint.h:

kernel/object/memory.h:

kernel/object/notification.h:

kernel/object/reply.h:

kernel/object/tqueue.h:

kernel/object/vspace.h:

abi/errno.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/lapic.h:

kernel/core/hot.h:

kernel/core/log.h:

kernel/core/panic.h:

kernel/core/sched.h:

kernel/core/usercopy.h:

kernel/lib/string.h:

kernel/mm/heap.h:

kernel/mm/paging.h:
