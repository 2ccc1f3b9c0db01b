build-kuser/kernel/arch/x86_64/fwcfg.c.o: kernel/arch/x86_64/fwcfg.c \
  kernel/arch/x86_64/fwcfg.h kernel/arch/x86_64/cpu.h abi/errno.h \
  kernel/lib/string.h

kernel/arch/x86_64/fwcfg.h:

kernel/arch/x86_64/cpu.h:

abi/errno.h:

kernel/lib/string.h:
