build-kuser/kernel/arch/x86_64/acpi_parse.c.o: \
  kernel/arch/x86_64/acpi_parse.c kernel/arch/x86_64/acpi.h abi/errno.h \
  kernel/lib/string.h

kernel/arch/x86_64/acpi.h:

abi/errno.h:

kernel/lib/string.h:
