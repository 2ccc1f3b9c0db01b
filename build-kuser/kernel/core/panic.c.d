build-kuser/kernel/core/panic.c.o: kernel/core/panic.c \
  kernel/core/panic.h kernel/core/backtrace.h kernel/core/ksyms.h \
  kernel/core/log.h kernel/core/cmdline.h kernel/arch/x86_64/cpu.h \
  kernel/arch/x86_64/qemu.h

kernel/core/panic.h:

kernel/core/backtrace.h:

kernel/core/ksyms.h:

kernel/core/log.h:

kernel/core/cmdline.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/qemu.h:
