build-kuser/kernel/arch/x86_64/gdt.c.o: kernel/arch/x86_64/gdt.c \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/trap.h kernel/core/hot.h \
  kernel/lib/string.h

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/trap.h:

kernel/core/hot.h:

kernel/lib/string.h:
