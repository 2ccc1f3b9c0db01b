#include "ioapic.h"
#include "acpi.h"
#include "abi/errno.h"
#include "mm/paging.h"

static struct {
    volatile uint32_t *base;
    uint32_t gsi_base, count;
} io[8];
static int nio;

static uint32_t io_read(int i, uint32_t reg)
{
    io[i].base[0] = reg;
    return io[i].base[4];
}

static void io_write(int i, uint32_t reg, uint32_t v)
{
    io[i].base[0] = reg;
    io[i].base[4] = v;
}

static int find(uint32_t gsi, uint32_t *pin)
{
    for (int i = 0; i < nio; i++)
        if (gsi >= io[i].gsi_base && gsi < io[i].gsi_base + io[i].count) {
            *pin = gsi - io[i].gsi_base;
            return i;
        }
    return -1;
}

void ioapic_init(void)
{
    for (int i = 0; i < acpi.nioapic && nio < 8; i++) {
        io[nio].base = vmm_map_mmio(acpi.ioapic[i].addr, 4096);
        io[nio].gsi_base = acpi.ioapic[i].gsi_base;
        io[nio].count = ((io_read(nio, 1) >> 16) & 0xFF) + 1;
        for (uint32_t p = 0; p < io[nio].count; p++) {
            io_write(nio, 0x10 + 2 * p, 1u << 16);
            io_write(nio, 0x11 + 2 * p, 0);
        }
        nio++;
    }
}

int ioapic_route_gsi(uint32_t gsi, int vector, bool level, bool active_low)
{
    uint32_t pin;
    int i = find(gsi, &pin);
    if (i < 0 || vector < 32 || vector > 254)
        return -EINVAL;
    uint32_t lo = (uint32_t)vector | (level ? 1u << 15 : 0) | (active_low ? 1u << 13 : 0);
    io_write(i, 0x11 + 2 * pin, 0); /* destination: APIC 0 */
    io_write(i, 0x10 + 2 * pin, lo);
    return 0;
}

uint32_t ioapic_isa_gsi(int irq)
{
    for (int i = 0; i < acpi.novr; i++)
        if (acpi.ovr[i].irq == irq)
            return acpi.ovr[i].gsi;
    return (uint32_t)irq;
}

int ioapic_route_isa(int irq, int vector)
{
    bool level = false, low = false;
    for (int i = 0; i < acpi.novr; i++)
        if (acpi.ovr[i].irq == irq) {
            uint16_t f = acpi.ovr[i].flags;
            low = (f & 3) == 3;
            level = ((f >> 2) & 3) == 3;
        }
    return ioapic_route_gsi(ioapic_isa_gsi(irq), vector, level, low);
}

int ioapic_mask(uint32_t gsi, bool masked)
{
    uint32_t pin;
    int i = find(gsi, &pin);
    if (i < 0)
        return -EINVAL;
    uint32_t lo = io_read(i, 0x10 + 2 * pin);
    io_write(i, 0x10 + 2 * pin, masked ? lo | (1u << 16) : lo & ~(1u << 16));
    return 0;
}

uint64_t ioapic_read_entry(uint32_t gsi)
{
    uint32_t pin;
    int i = find(gsi, &pin);
    if (i < 0)
        return 0;
    return (uint64_t)io_read(i, 0x11 + 2 * pin) << 32 | io_read(i, 0x10 + 2 * pin);
}
