#include "bootinfo.h"
#include "cmdline.h"
#include "ktest.h"
#include "log.h"
#include "panic.h"
#include "sched.h"
#include "syscall.h"
#include "version.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/qemu.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/trap.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/paging.h"
#include "mm/pmm.h"

void crash_run(const char *what);
void initproc_start(void);

/* QEMU's isa-debug-exit device: QEMU exits with status (code << 1) | 1. */
void qemu_exit(uint32_t code)
{
    outl(0xF4, code);
}

static void print_banner(void)
{
    uint64_t usable = 0;
    for (int i = 0; i < bootinfo.nmem; i++)
        if (bootinfo.mem[i].type == MEM_AVAILABLE)
            usable += bootinfo.mem[i].len;
    kprintf("\nCLUU " CLUU_VERSION " (x86_64) built " __DATE__ " " __TIME__ "\n");
    kprintf("  memory: %lu MiB usable, %lu MiB free, direct map to %lu MiB\n", usable >> 20,
            pmm_free_pages() * PAGE_SIZE >> 20, direct_map_top >> 20);
    kprintf("  cpu: %s %s, %d CPU%s (ACPI), TSC %lu MHz, LAPIC timer %lu kHz\n",
            cpu_feat.vendor, cpu_feat.brand[0] ? cpu_feat.brand : "", acpi.ncpus,
            acpi.ncpus == 1 ? "" : "s", tsc_per_ms / 1000, lapic_ticks_per_ms);
    kprintf("  features in use:%s%s%s%s%s%s%s stack-protector W^X guard-pages\n",
            cpu_feat.nx ? " NX" : "", cpu_feat.smep ? " SMEP" : "", cpu_feat.smap ? " SMAP" : "",
            cpu_feat.umip ? " UMIP" : "", cpu_feat.pge ? " PGE" : "", " WP",
            cpu_feat.rdseed ? " RDSEED" : cpu_feat.rdrand ? " RDRAND" : "");
    if (bootinfo.fb.addr)
        kprintf("  framebuffer: %ux%u %ubpp at %lx\n", bootinfo.fb.width, bootinfo.fb.height,
                bootinfo.fb.bpp, bootinfo.fb.addr);
    kprintf("  ioapics: %d, interrupt overrides: %d, FADT %s\n", acpi.nioapic, acpi.novr,
            acpi.has_fadt ? "present" : "missing");
    kprintf("  boot: %lu ms from kernel entry\n", clock_ns() / 1000000);
}

void kmain(uint32_t magic, uint32_t mbi_phys);
void kmain(uint32_t magic, uint32_t mbi_phys)
{
    boot_tsc = rdtsc();
    serial_init();
    if (magic != MB2_MAGIC)
        panic("not booted by a Multiboot2 loader (magic %x)", magic);
    cpu_features_init();
    gdt_init();
    idt_init();
    if (mbi_phys >= (1u << 30) || bootinfo_parse((void *)(KVMA + mbi_phys), mbi_phys))
        panic("bad Multiboot2 information at %x", mbi_phys);
    cmdline_init(bootinfo.cmdline);
    cpu_protect_init();
    early_alloc_init();
    paging_init();
    pmm_init();
    kstack_prepare();
    if (!bootinfo.has_rsdp || acpi_init(bootinfo.rsdp))
        panic("ACPI: no usable RSDP/MADT");
    pic_disable();
    lapic_init(acpi.lapic_addr);
    ioapic_init();
    lapic_timer_calibrate();
    lapic_timer_start(100);
    irq_enable();
    print_banner();
    kprintf("cmdline: %s\n", cmdline_get_all());

    char what[32];
    if (cmdline_value("crash", what, sizeof what))
        crash_run(what);
    if (cmdline_has("ktest")) {
        int failed = ktest_run_all();
        if (cmdline_has("exit"))
            qemu_exit(failed ? 1 : 0);
    }
    syscall_init();
    sched_init();
    initproc_start();
    kprintf("CLUU: kernel ready\n");
    sched_start();
}
