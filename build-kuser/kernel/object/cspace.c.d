build-kuser/kernel/object/cspace.c.o: kernel/object/cspace.c \
  kernel/object/cspace.h kernel/object/object.h abi/cap.h \
  kernel/object/reply.h kernel/object/thread.h abi/ipc.h abi/methods.h \
  kernel/arch/x86_64/trap.h abi/errno.h kernel/lib/string.h \
  kernel/mm/heap.h

kernel/object/cspace.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/reply.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

abi/errno.h:

kernel/lib/string.h:

kernel/mm/heap.h:
