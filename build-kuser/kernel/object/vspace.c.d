build-kuser/kernel/object/vspace.c.o: kernel/object/vspace.c \
  kernel/object/vspace.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h kernel/object/memory.h abi/errno.h \
  abi/methods.h kernel/arch/x86_64/cpu.h kernel/arch/x86_64/trap.h \
  kernel/lib/string.h kernel/mm/heap.h kernel/mm/paging.h \
  kernel/mm/pmm.h

kernel/object/vspace.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

kernel/object/memory.h:

abi/errno.h:

abi/methods.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/trap.h:

kernel/lib/string.h:

kernel/mm/heap.h:

kernel/mm/paging.h:

kernel/mm/pmm.h:
