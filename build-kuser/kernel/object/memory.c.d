build-kuser/kernel/object/memory.c.o: kernel/object/memory.c \
  kernel/object/memory.h kernel/object/object.h abi/cap.h abi/errno.h \
  abi/methods.h kernel/arch/x86_64/trap.h kernel/mm/heap.h \
  kernel/mm/pmm.h

kernel/object/memory.h:

kernel/object/object.h:

abi/cap.h:

abi/errno.h:

abi/methods.h:

kernel/arch/x86_64/trap.h:

kernel/mm/heap.h:

kernel/mm/pmm.h:
