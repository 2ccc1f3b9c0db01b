#include "acpi.h"
#include "cpu.h"
#include "ioapic.h"
#include "lapic.h"
#include "trap.h"
#include "core/cmdline.h"
#include "core/ksyms.h"
#include "core/ktest.h"
#include "lib/fmt.h"
#include "lib/string.h"

extern uintptr_t __stack_chk_guard;

KTEST(timer_interrupts_arrive)
{
    uint64_t t0 = timer_ticks;
    uint64_t start = clock_ns();
    while (timer_ticks < t0 + 3 && clock_ns() - start < 2000000000ull)
        halt();
    KT_ASSERT(timer_ticks >= t0 + 3);
}

KTEST(clock_is_monotonic_and_agrees_with_timer)
{
    uint64_t a = clock_ns();
    uint64_t t0 = timer_ticks;
    while (timer_ticks < t0 + 10)
        halt();
    uint64_t b = clock_ns();
    KT_ASSERT(b > a);
    /* Ten 10 ms ticks: allow wide slack for emulation jitter. */
    KT_ASSERT(b - a > 50000000ull && b - a < 500000000ull);
}

KTEST(lapic_calibrated)
{
    KT_ASSERT(lapic_ticks_per_ms > 10);
    KT_ASSERT(tsc_per_ms > 1000);
}

KTEST(acpi_tables_found)
{
    KT_ASSERT(acpi.ncpus >= 1);
    KT_ASSERT(acpi.lapic_addr != 0);
    KT_ASSERT(acpi.nioapic >= 1);
    KT_ASSERT(acpi.has_fadt);
    KT_ASSERT(acpi.pm1a_cnt != 0);
}

KTEST(ioapic_masked_then_routed)
{
    uint32_t gsi = ioapic_isa_gsi(4);
    uint64_t e = ioapic_read_entry(gsi);
    KT_ASSERT(e & (1u << 16));
    KT_EQ(ioapic_route_isa(4, 0x44), 0);
    e = ioapic_read_entry(gsi);
    KT_EQ(e & 0xFF, 0x44);
    KT_EQ(e & (1u << 16), 0);
    KT_EQ(ioapic_mask(gsi, true), 0);
    KT_ASSERT(ioapic_read_entry(gsi) & (1u << 16));
    KT_ASSERT(ioapic_route_gsi(9999, 0x44, false, false) < 0);
}

KTEST(isa_timer_override_applied)
{
    /* QEMU's MADT routes ISA IRQ 0 to GSI 2. */
    KT_EQ(ioapic_isa_gsi(0), 2);
}

KTEST(cpu_protections_enabled)
{
    if (cpu_feat.nx)
        KT_ASSERT(rdmsr(MSR_EFER) & (1u << 11));
    if (cpu_feat.smep)
        KT_ASSERT(read_cr4() & (1u << 20));
    if (cpu_feat.smap)
        KT_ASSERT(read_cr4() & (1u << 21));
    KT_ASSERT(read_cr0() & (1u << 16));
}

KTEST(stack_canary_randomised)
{
    KT_ASSERT(__stack_chk_guard != 0x595e9fbd94fda766ull);
    KT_ASSERT(__stack_chk_guard != 0);
}

KTEST(ksyms_names_functions)
{
    uint64_t off = 99;
    const char *n = ksyms_lookup((uint64_t)&ioapic_init + 3, &off);
    KT_ASSERT(n && !strcmp(n, "ioapic_init"));
    KT_EQ(off, 3);
    KT_ASSERT(ksyms_lookup(0x1000, &off) == NULL);
}

KTEST(cmdline_words_and_values)
{
    char v[16];
    KT_ASSERT(cmdline_has_in("a ktest b=1", "ktest"));
    KT_ASSERT(!cmdline_has_in("ktests", "ktest"));
    KT_ASSERT(cmdline_value_in("x crash=null y", "crash", v, sizeof v));
    KT_ASSERT(!strcmp(v, "null"));
    KT_ASSERT(!cmdline_value_in("crash", "crash", v, sizeof v));
}

KTEST(fmt_basic)
{
    char b[64];
    ksnprintf(b, sizeof b, "%d|%5u|%-3s|%lx|%04x", -12, 7u, "ab", 0xdeadbeeful, 0x2a);
    KT_ASSERT(!strcmp(b, "-12|    7|ab |deadbeef|002a"));
}
