build-kuser/kernel/object/ioport.c.o: kernel/object/ioport.c \
  kernel/object/ioport.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h abi/errno.h abi/methods.h \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/trap.h kernel/mm/heap.h

kernel/object/ioport.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

abi/errno.h:

abi/methods.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/trap.h:

kernel/mm/heap.h:
