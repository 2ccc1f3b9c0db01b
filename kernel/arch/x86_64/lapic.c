#include "lapic.h"
#include "cpu.h"
#include "trap.h"
#include "core/log.h"
#include "core/sched.h"
#include "mm/paging.h"

#define LAPIC_ID 0x20
#define LAPIC_TPR 0x80
#define LAPIC_EOI 0xB0
#define LAPIC_SVR 0xF0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3E0

static volatile uint32_t *lapic;
uint64_t lapic_ticks_per_ms, tsc_per_ms;
volatile uint64_t timer_ticks;
uint64_t boot_tsc;

static inline uint32_t rd(uint32_t reg)
{
    return lapic[reg / 4];
}
static inline void wr(uint32_t reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

void pic_disable(void)
{
    outb(0x20, 0x11);
    outb(0xA0, 0x11);
    outb(0x21, 0x20);
    outb(0xA1, 0x28);
    outb(0x21, 4);
    outb(0xA1, 2);
    outb(0x21, 1);
    outb(0xA1, 1);
    outb(0x21, 0xFF);
    outb(0xA1, 0xFF);
}

void lapic_init(uint64_t phys)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1u << 11));
    lapic = vmm_map_mmio(phys, 4096);
    wr(LAPIC_TPR, 0);
    wr(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
}

void lapic_eoi(void)
{
    if (lapic)
        wr(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
    return rd(LAPIC_ID) >> 24;
}

void lapic_timer_calibrate(void)
{
    const uint32_t pit_hz = 1193182, ms = 50;
    uint32_t count = pit_hz * ms / 1000;
    /* PIT channel 2, mode 0, gated by port 0x61 bit 0; output on bit 5. */
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xB0);
    outb(0x42, count & 0xFF);
    outb(0x42, count >> 8);
    wr(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
    wr(LAPIC_LVT_TIMER, 1u << 16);
    outb(0x61, inb(0x61) & ~0x01); /* restart the count */
    outb(0x61, inb(0x61) | 0x01);
    wr(LAPIC_TIMER_INIT, 0xFFFFFFFF);
    uint64_t t0 = rdtsc();
    while (!(inb(0x61) & 0x20))
        cpu_relax();
    uint64_t t1 = rdtsc();
    uint32_t elapsed = 0xFFFFFFFF - rd(LAPIC_TIMER_CUR);
    wr(LAPIC_TIMER_INIT, 0);
    lapic_ticks_per_ms = elapsed / ms;
    tsc_per_ms = (t1 - t0) / ms;
    if (!lapic_ticks_per_ms)
        lapic_ticks_per_ms = 1;
    if (!tsc_per_ms)
        tsc_per_ms = 1;
}

static bool oneshot;

static void timer_irq(struct trap_frame *tf, void *arg)
{
    (void)tf;
    (void)arg;
    timer_ticks++;
    if (oneshot)
        sched_timer_tick();
}

void lapic_timer_oneshot_tsc(uint64_t deadline)
{
    if (!oneshot) {
        oneshot = true;
        wr(LAPIC_LVT_TIMER, VEC_TIMER); /* one-shot */
    }
    uint64_t now = rdtsc();
    uint64_t delta = deadline > now ? deadline - now : 1;
    uint64_t ticks = delta * lapic_ticks_per_ms / tsc_per_ms;
    if (ticks == 0)
        ticks = 1;
    if (ticks > 0xFFFFFFFF)
        ticks = 0xFFFFFFFF;
    wr(LAPIC_TIMER_INIT, (uint32_t)ticks);
}

void lapic_timer_start(uint32_t hz)
{
    trap_set_handler(VEC_TIMER, timer_irq, 0);
    wr(LAPIC_TIMER_DIV, 0x3);
    wr(LAPIC_LVT_TIMER, VEC_TIMER | (1u << 17)); /* periodic */
    wr(LAPIC_TIMER_INIT, (uint32_t)(lapic_ticks_per_ms * 1000 / hz));
}

uint64_t clock_ns(void)
{
    uint64_t d = rdtsc() - boot_tsc;
    return d / tsc_per_ms * 1000000 + d % tsc_per_ms * 1000000 / tsc_per_ms;
}
