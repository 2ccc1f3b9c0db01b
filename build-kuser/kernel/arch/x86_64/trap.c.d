build-kuser/kernel/arch/x86_64/trap.c.o: kernel/arch/x86_64/trap.c \
  kernel/arch/x86_64/trap.h kernel/arch/x86_64/cpu.h abi/cap.h \
  kernel/arch/x86_64/lapic.h kernel/core/backtrace.h kernel/core/ksyms.h \
  kernel/core/log.h kernel/core/panic.h kernel/mm/paging.h \
  kernel/core/syscall.h build-kuser/gen/abi/syscall_nr.h \
  kernel/core/usercopy.h kernel/object/thread.h kernel/object/object.h \
  abi/ipc.h abi/methods.h kernel/object/vspace.h

kernel/arch/x86_64/trap.h:

kernel/arch/x86_64/cpu.h:

abi/cap.h:

kernel/arch/x86_64/lapic.h:

kernel/core/backtrace.h:

kernel/core/ksyms.h:

kernel/core/log.h:

kernel/core/panic.h:

kernel/mm/paging.h:

kernel/core/syscall.h:

build-kuser/gen/abi/syscall_nr.h:

kernel/core/usercopy.h:

kernel/object/thread.h:

kernel/object/object.h:

abi/ipc.h:

abi/methods.h:

kernel/object/vspace.h:
