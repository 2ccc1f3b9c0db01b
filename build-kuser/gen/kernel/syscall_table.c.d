build-kuser/gen/kernel/syscall_table.c.o: \
  build-kuser/gen/kernel/syscall_table.c kernel/core/syscall.h \
  kernel/arch/x86_64/trap.h build-kuser/gen/abi/syscall_nr.h

kernel/core/syscall.h:

kernel/arch/x86_64/trap.h:

build-kuser/gen/abi/syscall_nr.h:
