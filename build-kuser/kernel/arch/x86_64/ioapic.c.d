build-kuser/kernel/arch/x86_64/ioapic.c.o: kernel/arch/x86_64/ioapic.c \
  kernel/arch/x86_64/ioapic.h kernel/arch/x86_64/acpi.h abi/errno.h \
  kernel/mm/paging.h

kernel/arch/x86_64/ioapic.h:

kernel/arch/x86_64/acpi.h:

abi/errno.h:

kernel/mm/paging.h:
