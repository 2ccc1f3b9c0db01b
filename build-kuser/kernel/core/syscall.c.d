build-kuser/kernel/core/syscall.c.o: kernel/core/syscall.c \
  kernel/core/syscall.h kernel/arch/x86_64/trap.h \
  build-kuser/gen/abi/syscall_nr.h kernel/core/log.h kernel/core/hot.h \
  kernel/core/sched.h kernel/core/usercopy.h abi/errno.h \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/lapic.h \
  kernel/object/cspace.h kernel/object/object.h abi/cap.h \
  kernel/object/irq.h kernel/object/ioport.h kernel/object/memory.h \
  kernel/object/thread.h abi/ipc.h abi/methods.h kernel/object/untyped.h \
  kernel/object/vspace.h

kernel/core/syscall.h:

kernel/arch/x86_64/trap.h:

build-kuser/gen/abi/syscall_nr.h:

kernel/core/log.h:

kernel/core/hot.h:

kernel/core/sched.h:

kernel/core/usercopy.h:

abi/errno.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/lapic.h:

kernel/object/cspace.h:

kernel/object/object.h:

abi/cap.h:

kernel/object/irq.h:

kernel/object/ioport.h:

kernel/object/memory.h:

kernel/object/thread.h:

abi/ipc.h:

abi/methods.h:

kernel/object/untyped.h:

kernel/object/vspace.h:
