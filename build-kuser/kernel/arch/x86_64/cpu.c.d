build-kuser/kernel/arch/x86_64/cpu.c.o: kernel/arch/x86_64/cpu.c \
  kernel/arch/x86_64/cpu.h kernel/lib/string.h

kernel/arch/x86_64/cpu.h:

kernel/lib/string.h:
