build-kuser/kernel/object/endpoint.c.o: kernel/object/endpoint.c \
  kernel/object/endpoint.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h kernel/object/reply.h kernel/object/thread.h \
  abi/ipc.h abi/methods.h kernel/arch/x86_64/trap.h \
  kernel/object/tqueue.h abi/errno.h kernel/core/sched.h \
  kernel/lib/string.h kernel/core/hot.h kernel/mm/heap.h

kernel/object/endpoint.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

kernel/object/reply.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

kernel/object/tqueue.h:

abi/errno.h:

kernel/core/sched.h:

kernel/lib/string.h:

kernel/core/hot.h:

kernel/mm/heap.h:
