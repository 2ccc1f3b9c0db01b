build-kuser/kernel/arch/x86_64/acpi.c.o: kernel/arch/x86_64/acpi.c \
  kernel/arch/x86_64/acpi.h abi/errno.h kernel/arch/x86_64/cpu.h \
  kernel/core/log.h kernel/lib/string.h kernel/mm/paging.h \
  kernel/mm/pmm.h

kernel/arch/x86_64/acpi.h:

abi/errno.h:

kernel/arch/x86_64/cpu.h:

kernel/core/log.h:

kernel/lib/string.h:

kernel/mm/paging.h:

kernel/mm/pmm.h:
