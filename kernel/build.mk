# Kernel sources (paths relative to the repository root).
KERNEL_SRCS := \
	kernel/arch/x86_64/boot.S \
	kernel/arch/x86_64/isr.S \
	kernel/arch/x86_64/cpu.c \
	kernel/arch/x86_64/serial.c \
	kernel/arch/x86_64/gdt.c \
	kernel/arch/x86_64/trap.c \
	kernel/arch/x86_64/fwcfg.c \
	kernel/arch/x86_64/acpi.c \
	kernel/arch/x86_64/acpi_parse.c \
	kernel/arch/x86_64/lapic.c \
	kernel/arch/x86_64/ioapic.c \
	kernel/core/main.c \
	kernel/core/log.c \
	kernel/core/panic.c \
	kernel/core/backtrace.c \
	kernel/core/ksyms.c \
	kernel/core/bootinfo.c \
	kernel/core/cmdline.c \
	kernel/core/stackguard.c \
	kernel/core/ktest.c \
	kernel/core/crash.c \
	kernel/lib/string.c \
	kernel/lib/fmt.c \
	kernel/mm/bitmap.c \
	kernel/mm/pmm.c \
	kernel/mm/paging.c \
	kernel/mm/heap.c \
	kernel/mm/mm_test.c \
	kernel/arch/x86_64/arch_test.c
