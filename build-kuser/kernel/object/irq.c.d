build-kuser/kernel/object/irq.c.o: kernel/object/irq.c \
  kernel/object/irq.h kernel/object/object.h abi/cap.h \
  kernel/object/cspace.h kernel/object/notification.h abi/errno.h \
  abi/methods.h kernel/arch/x86_64/ioapic.h kernel/arch/x86_64/trap.h \
  kernel/mm/heap.h

kernel/object/irq.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/cspace.h:

kernel/object/notification.h:

abi/errno.h:

abi/methods.h:

kernel/arch/x86_64/ioapic.h:

kernel/arch/x86_64/trap.h:

kernel/mm/heap.h:
