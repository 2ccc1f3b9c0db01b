build-kuser/kernel/object/untyped.c.o: kernel/object/untyped.c \
  kernel/object/untyped.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h kernel/object/endpoint.h kernel/object/memory.h \
  kernel/object/notification.h kernel/object/thread.h abi/ipc.h \
  abi/methods.h kernel/arch/x86_64/trap.h kernel/object/vspace.h \
  abi/errno.h kernel/mm/heap.h kernel/mm/pmm.h

kernel/object/untyped.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

kernel/object/endpoint.h:

kernel/object/memory.h:

kernel/object/notification.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

kernel/object/vspace.h:

abi/errno.h:

kernel/mm/heap.h:

kernel/mm/pmm.h:
