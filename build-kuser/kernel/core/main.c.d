build-kuser/kernel/core/main.c.o: kernel/core/main.c \
  kernel/core/bootinfo.h kernel/core/cmdline.h kernel/core/ktest.h \
  kernel/core/log.h kernel/core/panic.h kernel/core/sched.h \
  kernel/core/syscall.h kernel/arch/x86_64/trap.h \
  build-kuser/gen/abi/syscall_nr.h kernel/core/version.h \
  kernel/arch/x86_64/acpi.h kernel/arch/x86_64/cpu.h \
  kernel/arch/x86_64/ioapic.h kernel/arch/x86_64/lapic.h \
  kernel/arch/x86_64/qemu.h kernel/arch/x86_64/serial.h \
  kernel/lib/string.h kernel/mm/heap.h kernel/mm/paging.h \
  kernel/mm/pmm.h

kernel/core/bootinfo.h:

kernel/core/cmdline.h:

kernel/core/ktest.h:

kernel/core/log.h:

kernel/core/panic.h:

kernel/core/sched.h:

kernel/core/syscall.h:

kernel/arch/x86_64/trap.h:

build-kuser/gen/abi/syscall_nr.h:

kernel/core/version.h:

kernel/arch/x86_64/acpi.h:

kernel/arch/x86_64/cpu.h:

kernel/arch/x86_64/ioapic.h:

kernel/arch/x86_64/lapic.h:

kernel/arch/x86_64/qemu.h:

kernel/arch/x86_64/serial.h:

kernel/lib/string.h:

kernel/mm/heap.h:

kernel/mm/paging.h:

kernel/mm/pmm.h:
