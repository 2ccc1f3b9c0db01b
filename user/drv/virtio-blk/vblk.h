#pragma once
/* virtio-blk driver: PCI configuration access (pci.c), the virtio 1.x PCI transport and one
 * split virtqueue (virtio.c), the block protocol server (main.c). */
#include "cluu.h"

/* A PCI function, reached through configuration mechanism #1 (ports 0xCF8..0xCFF). */
struct pci_fn {
    cap_t io;
    uint8_t bus, dev, fn;
};

uint32_t pci_read(const struct pci_fn *f, uint8_t off, int width);
void pci_write(const struct pci_fn *f, uint8_t off, int width, uint32_t v);
/* The first function with vendor id and one of the n device ids; 0 or -ENODEV. */
long pci_find(cap_t io, uint16_t vendor, const uint16_t *ids, int n, struct pci_fn *out);
/* Offset of the first capability with id at or after offset from (0: from the start); 0 when none. */
uint8_t pci_cap_next(const struct pci_fn *f, uint8_t id, uint8_t from);
/* Physical address of memory BAR bar; 0 or -EINVAL (I/O or unassigned BAR). */
long pci_bar(const struct pci_fn *f, int bar, uint64_t *phys);

/* Maps device memory [phys, phys + len) uncached; the address of phys, or NULL. */
volatile void *mmio_map(uint64_t phys, uint64_t len);
/* npages zeroed DMA pages: *va mapped, phys[i] the physical address of page i. 0 or -errno. */
long dma_alloc(uint64_t npages, void **va, uint64_t *phys, cap_t *mem);

/* One data segment of a request: physically contiguous bytes. */
struct seg {
    uint64_t phys;
    uint32_t len;
};

#define QSIZE_SEGS 254 /* data segments in a queue of 256 */

struct vblk {
    uint64_t sectors;
    uint32_t max_segs; /* data segments per request */
    bool readonly, has_flush;
};

/* Finds and starts the device; 0 or -errno. */
long vblk_init(struct vblk *d);
/* Runs one request (VIRTIO_BLK_T_IN / OUT / FLUSH) and waits for its completion interrupt;
 * 0 or -EIO. */
long vblk_request(uint32_t type, uint64_t sector, const struct seg *segs, uint32_t nsegs);

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
