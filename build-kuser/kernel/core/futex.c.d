build-kuser/kernel/core/futex.c.o: kernel/core/futex.c \
  kernel/core/sched.h kernel/core/usercopy.h abi/errno.h \
  kernel/arch/x86_64/trap.h kernel/object/thread.h \
  kernel/object/object.h abi/cap.h abi/ipc.h abi/methods.h \
  kernel/object/tqueue.h kernel/object/vspace.h

kernel/core/sched.h:

kernel/core/usercopy.h:

abi/errno.h:

kernel/arch/x86_64/trap.h:

kernel/object/thread.h:

kernel/object/object.h:

abi/cap.h:

abi/ipc.h:

abi/methods.h:

kernel/object/tqueue.h:

kernel/object/vspace.h:
