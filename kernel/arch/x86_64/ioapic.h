#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Maps every IOAPIC from the MADT and masks all its inputs. */
void ioapic_init(void);
/* Routes ISA irq (after MADT overrides) to vector on the boot CPU; 0 or -EINVAL. */
int ioapic_route_isa(int irq, int vector);
/* Routes global system interrupt gsi (level, active low when level) to vector. */
int ioapic_route_gsi(uint32_t gsi, int vector, bool level, bool active_low);
int ioapic_mask(uint32_t gsi, bool masked);
/* The raw redirection entry for gsi, or 0 when none exists. */
uint64_t ioapic_read_entry(uint32_t gsi);
/* The GSI an ISA IRQ arrives on. */
uint32_t ioapic_isa_gsi(int irq);
