build-kuser/kernel/core/cmdline.c.o: kernel/core/cmdline.c \
  kernel/core/cmdline.h kernel/lib/string.h kernel/arch/x86_64/fwcfg.h

kernel/core/cmdline.h:

kernel/lib/string.h:

kernel/arch/x86_64/fwcfg.h:
