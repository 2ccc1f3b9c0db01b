build-kuser/kernel/arch/x86_64/arch_test.c.o: \
  kernel/arch/x86_64/arch_test.c kernel/arch/x86_64/acpi.h \
  kernel/arch/x86_64/cpu.h kernel/arch/x86_64/ioapic.h \
  kernel/arch/x86_64/lapic.h kernel/arch/x86_64/trap.h \
  kernel/core/cmdline.h kernel/core/ksyms.h kernel/core/ktest.h \
  kernel/lib/fmt.h kernel/lib/string.h

kernel/arch/x86_64/acpi.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/ioapic.h:

kernel/arch/x86_64/lapic.h:

kernel/arch/x86_64/trap.h:

kernel/core/cmdline.h:

kernel/core/ksyms.h:

kernel/core/ktest.h:

kernel/lib/fmt.h:

kernel/lib/string.h:
