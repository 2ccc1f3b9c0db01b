build-kuser/kernel/arch/x86_64/serial.c.o: kernel/arch/x86_64/serial.c \
  kernel/arch/x86_64/serial.h kernel/arch/x86_64/cpu.h

kernel/arch/x86_64/serial.h:

kernel/arch/x86_64/cpu.h:
