build-kuser/kernel/object/reply.c.o: kernel/object/reply.c \
  kernel/object/reply.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h kernel/object/thread.h abi/ipc.h abi/methods.h \
  kernel/arch/x86_64/trap.h abi/errno.h kernel/mm/heap.h

kernel/object/reply.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

abi/errno.h:

kernel/mm/heap.h:
