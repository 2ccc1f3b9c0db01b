build-kuser/kernel/core/log.c.o: kernel/core/log.c kernel/core/log.h \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/serial.h \
  kernel/core/spinlock.h kernel/lib/fmt.h

kernel/core/log.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/serial.h:

kernel/core/spinlock.h:

kernel/lib/fmt.h:
