build-kuser/kernel/core/backtrace.c.o: kernel/core/backtrace.c \
  kernel/core/backtrace.h kernel/core/ksyms.h kernel/core/log.h \
  kernel/arch/x86_64/cpu.h

kernel/core/backtrace.h:

kernel/core/ksyms.h:

kernel/core/log.h:

kernel/arch/x86_64/cpu.h:
