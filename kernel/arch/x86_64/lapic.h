#pragma once
#include <stdint.h>

/* Local APIC (xAPIC MMIO) and its timer, calibrated against the PIT. */
void lapic_init(uint64_t phys);
void lapic_eoi(void);
uint32_t lapic_id(void);
/* Calibrates the LAPIC timer and the TSC over 50 ms of PIT channel 2. */
void lapic_timer_calibrate(void);
/* Starts the periodic timer at hz on vector VEC_TIMER. */
void lapic_timer_start(uint32_t hz);
/* Switches the timer to one-shot mode, firing at TSC value deadline (drives the scheduler). */
void lapic_timer_oneshot_tsc(uint64_t deadline);
extern uint64_t lapic_ticks_per_ms, tsc_per_ms;
extern volatile uint64_t timer_ticks;
/* Nanoseconds since boot from the TSC. */
uint64_t clock_ns(void);
extern uint64_t boot_tsc;
/* Legacy 8259 PICs remapped away from the exception vectors and masked. */
void pic_disable(void);
