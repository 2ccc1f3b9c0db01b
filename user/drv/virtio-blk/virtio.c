/* The virtio 1.x PCI transport (modern interface only) and one split virtqueue, driven by an
 * MSI-X interrupt delivered as a notification. */
#include "vblk.h"
#include "abi/proto/procmgr.h"

#define VIRTIO_VENDOR 0x1AF4
#define PCI_CAP_VENDOR 0x09
#define PCI_CAP_MSIX 0x11
#define VIRTIO_PCI_CAP_COMMON 1
#define VIRTIO_PCI_CAP_NOTIFY 2
#define VIRTIO_PCI_CAP_DEVICE 4

/* struct virtio_pci_common_cfg offsets. */
#define CC_DFSELECT 0x00
#define CC_DF 0x04
#define CC_GFSELECT 0x08
#define CC_GF 0x0C
#define CC_MSIX_CONFIG 0x10
#define CC_STATUS 0x14
#define CC_GENERATION 0x15
#define CC_Q_SELECT 0x16
#define CC_Q_SIZE 0x18
#define CC_Q_MSIX 0x1A
#define CC_Q_ENABLE 0x1C
#define CC_Q_NOTIFY_OFF 0x1E
#define CC_Q_DESC 0x20
#define CC_Q_DRIVER 0x28
#define CC_Q_DEVICE 0x30

#define ST_ACKNOWLEDGE 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8
#define ST_FAILED 128
#define NO_VECTOR 0xFFFF

#define F_BLK_SEG_MAX (1ull << 2)
#define F_BLK_RO (1ull << 5)
#define F_BLK_FLUSH (1ull << 9)
#define F_VERSION_1 (1ull << 32)

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define QSIZE_MAX 256
#define IRQ_BIT 1
#define REQUEST_TIMEOUT_NS 10000000000ull

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct vring_avail {
    uint16_t flags, idx;
    uint16_t ring[QSIZE_MAX];
};
struct vring_used {
    uint16_t flags, idx;
    struct {
        uint32_t id, len;
    } ring[QSIZE_MAX];
};
struct blk_req_hdr {
    uint32_t type, reserved;
    uint64_t sector;
};

static struct {
    volatile uint8_t *common, *device;
    volatile uint16_t *notify;
    cap_t irq, notif;
    uint16_t qsize, last_used;
    uint32_t notify_len;
    bool broken; /* a request timed out: its descriptors may still be in use */
    struct vring_desc *desc;
    struct vring_avail *avail;
    volatile struct vring_used *used;
    struct blk_req_hdr *hdr;
    volatile uint8_t *status;
    uint64_t ring_phys[4];
} q;

static uint64_t mmio_next = 0x200000000000ull;

volatile void *mmio_map(uint64_t phys, uint64_t len)
{
    uint64_t first = phys & ~0xFFFull, npages = (phys + len - first + 4095) / 4096;
    cap_t m = slot_alloc();
    if (!m)
        return NULL;
    if (invoke3(PROC_CAP_IRQ_CONTROL, IRQ_CONTROL_MMIO, first, npages, m) < 0) {
        slot_free(m);
        return NULL;
    }
    uint64_t va = mmio_next;
    mmio_next += (npages + 1) * 4096;
    if (invoke5(CAP_SELF_VSPACE, VSPACE_MAP, m, va, 0, npages, PROT_R | PROT_W) < 0) {
        slot_delete(m);
        return NULL;
    }
    return (volatile void *)(va + (phys - first));
}

long dma_alloc(uint64_t npages, void **va, uint64_t *phys, cap_t *mem)
{
    cap_t m;
    void *p = pages_alloc(npages, &m);
    if (!p)
        return -ENOMEM;
    for (uint64_t i = 0; i < npages; i++) {
        long a = invoke1(m, MEMORY_PHYS, i);
        if (a < 0) {
            pages_free(p, npages, m);
            return a;
        }
        phys[i] = (uint64_t)a;
    }
    *va = p;
    if (mem)
        *mem = m;
    return 0;
}

static uint8_t rd8(volatile uint8_t *b, uint32_t off)
{
    return b[off];
}
static uint16_t rd16(volatile uint8_t *b, uint32_t off)
{
    return *(volatile uint16_t *)(b + off);
}
static uint32_t rd32(volatile uint8_t *b, uint32_t off)
{
    return *(volatile uint32_t *)(b + off);
}
static void wr8(volatile uint8_t *b, uint32_t off, uint8_t v)
{
    b[off] = v;
}
static void wr16(volatile uint8_t *b, uint32_t off, uint16_t v)
{
    *(volatile uint16_t *)(b + off) = v;
}
static void wr32(volatile uint8_t *b, uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(b + off) = v;
}
static void wr64(volatile uint8_t *b, uint32_t off, uint64_t v)
{
    wr32(b, off, (uint32_t)v);
    wr32(b, off + 4, (uint32_t)(v >> 32));
}

/* Maps the region a virtio vendor capability at cap describes. */
static volatile uint8_t *map_cap(const struct pci_fn *f, uint8_t cap, uint32_t *len_out)
{
    uint8_t bar = (uint8_t)pci_read(f, cap + 4, 1);
    uint32_t off = pci_read(f, cap + 8, 4), len = pci_read(f, cap + 12, 4);
    uint64_t base;
    if (len == 0 || pci_bar(f, bar, &base) < 0)
        return NULL;
    if (len_out)
        *len_out = len;
    if (pci_read(f, cap + 3, 1) == VIRTIO_PCI_CAP_COMMON)
        dprintf_k("virtio-blk: registers in BAR%u at 0x%lx\n", bar, base);
    return (volatile uint8_t *)mmio_map(base + off, len);
}

/* MSI-X: entry 0 carries the queue's interrupt to the vector the kernel gave us. */
static long setup_msix(const struct pci_fn *f)
{
    uint8_t cap = pci_cap_next(f, PCI_CAP_MSIX, 0);
    if (!cap)
        return -ENODEV;
    uint16_t ctl = (uint16_t)pci_read(f, cap + 2, 2);
    uint32_t table = pci_read(f, cap + 4, 4);
    uint64_t base;
    if (pci_bar(f, (int)(table & 7), &base) < 0)
        return -ENODEV;
    uint32_t entries = (ctl & 0x7FFu) + 1;
    volatile uint8_t *t = (volatile uint8_t *)mmio_map(base + (table & ~7u), entries * 16);
    if (!t)
        return -ENOMEM;
    q.irq = slot_alloc();
    q.notif = slot_alloc();
    uint64_t out[4];
    long vec = sys_invoke(PROC_CAP_IRQ_CONTROL, IRQ_CONTROL_MSI, q.irq, 0, 0, 0, 0, 0, out);
    if (vec < 0)
        return vec;
    long e = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, q.notif);
    if (e == 0)
        e = invoke2(q.irq, IRQ_SET_NOTIFICATION, q.notif, IRQ_BIT);
    if (e < 0)
        return e;
    /* Enable with the function masked while the table is written. */
    pci_write(f, cap + 2, 2, (ctl & ~0x4000u) | 0x8000u | 0x4000u);
    for (uint32_t i = 0; i < entries; i++)
        wr32(t, i * 16 + 12, 1); /* masked */
    wr32(t, 0, (uint32_t)out[0]);
    wr32(t, 4, (uint32_t)(out[0] >> 32));
    wr32(t, 8, (uint32_t)out[1]);
    wr32(t, 12, 0);
    pci_write(f, cap + 2, 2, (ctl & ~0x4000u) | 0x8000u);
    dprintf_k("virtio-blk: MSI-X vector %ld (%u table entries)\n", vec, entries);
    return 0;
}

static long setup_queue(void)
{
    volatile uint8_t *c = q.common;
    wr16(c, CC_Q_SELECT, 0);
    uint16_t size = rd16(c, CC_Q_SIZE);
    if (size == 0)
        return -ENODEV;
    if (size > QSIZE_MAX)
        size = QSIZE_MAX; /* sizes are powers of two: any smaller one is valid */
    q.qsize = size;
    void *va;
    long e = dma_alloc(4, &va, q.ring_phys, NULL);
    if (e < 0)
        return e;
    q.desc = va;
    q.avail = (struct vring_avail *)((uint8_t *)va + 4096);
    q.used = (volatile struct vring_used *)((uint8_t *)va + 8192);
    q.hdr = (struct blk_req_hdr *)((uint8_t *)va + 12288);
    q.status = (volatile uint8_t *)va + 12288 + 64;
    wr16(c, CC_Q_SIZE, size);
    wr64(c, CC_Q_DESC, q.ring_phys[0]);
    wr64(c, CC_Q_DRIVER, q.ring_phys[1]);
    wr64(c, CC_Q_DEVICE, q.ring_phys[2]);
    wr16(c, CC_Q_MSIX, 0);
    if (rd16(c, CC_Q_MSIX) != 0)
        return -EIO;
    wr16(c, CC_Q_ENABLE, 1);
    return 0;
}

static uint64_t read_capacity(void)
{
    uint8_t gen;
    uint64_t v;
    do {
        gen = rd8(q.common, CC_GENERATION);
        v = rd32(q.device, 0) | (uint64_t)rd32(q.device, 4) << 32;
    } while (gen != rd8(q.common, CC_GENERATION));
    return v;
}

long vblk_init(struct vblk *d)
{
    /* Only configuration space ports from here on. */
    cap_t io = slot_alloc();
    long e = invoke3(PROC_CAP_IOPORT, IOPORT_ISSUE, 0xCF8, 8, io);
    if (e < 0)
        return e;
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, PROC_CAP_IOPORT);

    static const uint16_t ids[] = {0x1042, 0x1001};
    struct pci_fn f;
    e = pci_find(io, VIRTIO_VENDOR, ids, 2, &f);
    if (e < 0)
        return e;
    dprintf_k("virtio-blk: device %04x at %02x:%02x.%x\n", pci_read(&f, 2, 2), f.bus, f.dev, f.fn);
    /* Memory space and bus mastering on, legacy INTx off. */
    pci_write(&f, 0x04, 2, (pci_read(&f, 0x04, 2) | 0x6u | 0x400u) & 0xFFFFu);

    uint32_t notify_mult = 0, len;
    for (uint8_t cap = pci_cap_next(&f, PCI_CAP_VENDOR, 0); cap;
         cap = pci_cap_next(&f, PCI_CAP_VENDOR, cap)) {
        uint8_t type = (uint8_t)pci_read(&f, cap + 3, 1);
        if (type == VIRTIO_PCI_CAP_COMMON && !q.common)
            q.common = map_cap(&f, cap, &len);
        else if (type == VIRTIO_PCI_CAP_DEVICE && !q.device)
            q.device = map_cap(&f, cap, &len);
        else if (type == VIRTIO_PCI_CAP_NOTIFY && !q.notify) {
            notify_mult = pci_read(&f, cap + 16, 4);
            q.notify = (volatile uint16_t *)map_cap(&f, cap, &len);
            if (q.notify)
                q.notify_len = len;
        }
    }
    if (!q.common || !q.device || !q.notify)
        return -ENODEV; /* not a modern (virtio 1.x) device */
    e = setup_msix(&f);
    if (e < 0)
        return e;

    volatile uint8_t *c = q.common;
    wr8(c, CC_STATUS, 0);
    while (rd8(c, CC_STATUS) != 0)
        sys_yield();
    wr8(c, CC_STATUS, ST_ACKNOWLEDGE);
    wr8(c, CC_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
    wr32(c, CC_DFSELECT, 0);
    uint64_t offered = rd32(c, CC_DF);
    wr32(c, CC_DFSELECT, 1);
    offered |= (uint64_t)rd32(c, CC_DF) << 32;
    if (!(offered & F_VERSION_1)) {
        wr8(c, CC_STATUS, ST_FAILED);
        return -ENODEV;
    }
    uint64_t want = offered & (F_VERSION_1 | F_BLK_SEG_MAX | F_BLK_RO | F_BLK_FLUSH);
    wr32(c, CC_GFSELECT, 0);
    wr32(c, CC_GF, (uint32_t)want);
    wr32(c, CC_GFSELECT, 1);
    wr32(c, CC_GF, (uint32_t)(want >> 32));
    wr8(c, CC_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
    if (!(rd8(c, CC_STATUS) & ST_FEATURES_OK)) {
        wr8(c, CC_STATUS, ST_FAILED);
        return -ENODEV;
    }
    wr16(c, CC_MSIX_CONFIG, NO_VECTOR);
    e = setup_queue();
    if (e < 0) {
        wr8(c, CC_STATUS, ST_FAILED);
        return e;
    }
    uint32_t noff = rd16(c, CC_Q_NOTIFY_OFF);
    if ((uint64_t)noff * notify_mult + 2 > q.notify_len) {
        wr8(c, CC_STATUS, ST_FAILED);
        return -ENODEV;
    }
    q.notify = (volatile uint16_t *)((volatile uint8_t *)q.notify + noff * notify_mult);
    wr8(c, CC_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);

    d->sectors = read_capacity();
    d->readonly = want & F_BLK_RO;
    d->has_flush = want & F_BLK_FLUSH;
    uint32_t segs = q.qsize - 2;
    if (want & F_BLK_SEG_MAX) {
        uint32_t sm = rd32(q.device, 12);
        if (sm && sm < segs)
            segs = sm;
    }
    d->max_segs = segs;
    slot_delete(io); /* configuration space is not needed again */
    dprintf_k("virtio-blk: %lu sectors, queue %u, features 0x%lx%s\n", d->sectors, q.qsize,
              want, d->readonly ? ", read-only" : "");
    return 0;
}

long vblk_request(uint32_t type, uint64_t sector, const struct seg *segs, uint32_t nsegs)
{
    if (nsegs + 2 > q.qsize)
        return -EINVAL;
    if (q.broken)
        return -EIO;
    q.hdr->type = type;
    q.hdr->reserved = 0;
    q.hdr->sector = sector;
    *q.status = 0xFF;
    uint16_t n = 0;
    q.desc[n++] = (struct vring_desc){q.ring_phys[3], sizeof *q.hdr, VRING_DESC_F_NEXT, 1};
    for (uint32_t i = 0; i < nsegs; i++, n++)
        q.desc[n] = (struct vring_desc){
            segs[i].phys, segs[i].len,
            (uint16_t)(VRING_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VRING_DESC_F_WRITE : 0)),
            (uint16_t)(n + 1)};
    q.desc[n] = (struct vring_desc){q.ring_phys[3] + 64, 1, VRING_DESC_F_WRITE, 0};
    q.avail->ring[q.avail->idx % q.qsize] = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    q.avail->idx++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *q.notify = 0;
    uint64_t deadline = (uint64_t)sys_clock() + REQUEST_TIMEOUT_NS;
    while (q.used->idx == q.last_used) {
        uint64_t now = (uint64_t)sys_clock();
        if (now >= deadline) {
            dprintf_k("virtio-blk: request timed out; device disabled\n");
            q.broken = true;
            return -EIO;
        }
        long r = sys_wait(q.notif, deadline - now);
        if (r >= 0)
            invoke0(q.irq, IRQ_ACK);
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    q.last_used++;
    return *q.status == 0 ? 0 : -EIO;
}
