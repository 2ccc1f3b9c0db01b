/* PCI configuration mechanism #1 and BAR/capability helpers. */
#include "vblk.h"

#define PCI_ADDR 0xCF8
#define PCI_DATA 0xCFC

static void select_reg(const struct pci_fn *f, uint8_t off)
{
    uint32_t a = 0x80000000u | (uint32_t)f->bus << 16 | (uint32_t)f->dev << 11 |
                 (uint32_t)f->fn << 8 | (off & 0xFCu);
    invoke3(f->io, IOPORT_OUT, PCI_ADDR, 4, a);
}

uint32_t pci_read(const struct pci_fn *f, uint8_t off, int width)
{
    select_reg(f, off);
    long v = invoke2(f->io, IOPORT_IN, PCI_DATA + (off & 3u), (uint64_t)width);
    return v < 0 ? 0xFFFFFFFFu : (uint32_t)v;
}

void pci_write(const struct pci_fn *f, uint8_t off, int width, uint32_t v)
{
    select_reg(f, off);
    invoke3(f->io, IOPORT_OUT, PCI_DATA + (off & 3u), (uint64_t)width, v);
}

long pci_find(cap_t io, uint16_t vendor, const uint16_t *ids, int n, struct pci_fn *out)
{
    for (int bus = 0; bus < 256; bus++)
        for (int dev = 0; dev < 32; dev++) {
            struct pci_fn f = {io, (uint8_t)bus, (uint8_t)dev, 0};
            uint32_t id = pci_read(&f, 0, 4);
            if ((id & 0xFFFF) == 0xFFFF)
                continue;
            int nfn = (pci_read(&f, 0x0E, 1) & 0x80) ? 8 : 1;
            for (int fn = 0; fn < nfn; fn++) {
                f.fn = (uint8_t)fn;
                id = fn ? pci_read(&f, 0, 4) : id;
                if ((id & 0xFFFF) != vendor)
                    continue;
                for (int i = 0; i < n; i++)
                    if ((id >> 16) == ids[i]) {
                        *out = f;
                        return 0;
                    }
            }
        }
    return -ENODEV;
}

uint8_t pci_cap_next(const struct pci_fn *f, uint8_t id, uint8_t from)
{
    if (!(pci_read(f, 0x06, 2) & 0x10)) /* status: capabilities list */
        return 0;
    uint8_t p = from ? (uint8_t)pci_read(f, from + 1, 1) : (uint8_t)pci_read(f, 0x34, 1);
    for (int guard = 0; p >= 0x40 && guard < 48; guard++) {
        p &= 0xFC;
        if (pci_read(f, p, 1) == id)
            return p;
        p = (uint8_t)pci_read(f, p + 1, 1);
    }
    return 0;
}

long pci_bar(const struct pci_fn *f, int bar, uint64_t *phys)
{
    if (bar < 0 || bar > 5)
        return -EINVAL;
    uint32_t lo = pci_read(f, (uint8_t)(0x10 + 4 * bar), 4);
    if (lo & 1)
        return -EINVAL; /* I/O space */
    uint64_t a = lo & ~0xFull;
    if (((lo >> 1) & 3) == 2) {
        if (bar == 5)
            return -EINVAL;
        a |= (uint64_t)pci_read(f, (uint8_t)(0x10 + 4 * (bar + 1)), 4) << 32;
    }
    if (!a)
        return -EINVAL;
    *phys = a;
    return 0;
}
