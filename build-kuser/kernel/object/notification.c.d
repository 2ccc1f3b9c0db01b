build-kuser/kernel/object/notification.c.o: kernel/object/notification.c \
  kernel/object/notification.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h kernel/object/thread.h abi/ipc.h abi/methods.h \
  kernel/arch/x86_64/trap.h kernel/object/tqueue.h abi/errno.h \
  kernel/core/sched.h kernel/mm/heap.h

kernel/object/notification.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

kernel/object/tqueue.h:

abi/errno.h:

kernel/core/sched.h:

kernel/mm/heap.h:
