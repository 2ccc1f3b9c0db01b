/* virtio-blk: serves the block protocol (abi/proto/blk.h) as "blk0". One request at a time;
 * every handler returns the reply's word 0 and the loop replies exactly once. */
#include "vblk.h"
#include "abi/proto/blk.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

#define BUF_VA 0x300000000000ull /* and BUF_VA + BUF_VA_STEP: a new buffer is mapped before
                                    the old one goes */
#define BUF_VA_STEP 0x10000000ull
#define BUF_MAX_PAGES 4096 /* 16 MiB of shared buffer at most */
#define MAX_SECTORS 256    /* 128 KiB per request */

struct req {
    uint64_t label, len, ncaps;
    uint64_t w[IPC_REG_WORDS];
    cap_t cap;
    uint64_t out[IPC_REG_WORDS];
};

static struct vblk dev;
static uint32_t max_sectors;

/* The client's buffer: mapped here, with its pages' physical addresses when the capability
 * allows MEMORY_PHYS (the device then reads and writes it directly), else copied through a
 * bounce buffer of our own. */
static struct shared_buf {
    cap_t mem;
    uint64_t pages;
    uint8_t *va;
    uint64_t *phys; /* NULL: bounce */
} buf;
static uint8_t *bounce;
static uint64_t bounce_phys[MAX_SECTORS * BLK_SECTOR / 4096];

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

static void buf_release(void)
{
    if (!buf.mem)
        return;
    invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, (uint64_t)buf.va, buf.pages);
    slot_delete(buf.mem);
    free(buf.phys);
    memset(&buf, 0, sizeof buf);
}

static long do_info(struct req *r)
{
    r->out[1] = dev.sectors;
    r->out[2] = max_sectors;
    r->out[3] = dev.readonly;
    return 0;
}

static long do_setup(struct req *r)
{
    if (r->ncaps != 1 || r->len < 1)
        return -EINVAL;
    uint64_t pages = r->w[0];
    long have = invoke0(r->cap, MEMORY_INFO);
    if (have < 0 || pages == 0 || pages > BUF_MAX_PAGES || pages > (uint64_t)have)
        return -EINVAL;
    uint64_t va = (uint64_t)buf.va == BUF_VA ? BUF_VA + BUF_VA_STEP : BUF_VA;
    long e = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, r->cap, va, 0, pages, PROT_R | PROT_W);
    if (e < 0)
        return e == -EPERM ? -EPERM : -EINVAL;
    buf_release();
    uint64_t *phys = malloc(pages * sizeof *phys);
    for (uint64_t i = 0; phys && i < pages; i++) {
        long a = invoke1(r->cap, MEMORY_PHYS, i);
        if (a < 0) {
            free(phys);
            phys = NULL;
        } else {
            phys[i] = (uint64_t)a;
        }
    }
    buf = (struct shared_buf){r->cap, pages, (uint8_t *)va, phys};
    r->cap = 0; /* kept */
    return 0;
}

/* Fills segs with the physical pieces of len bytes at p (page addresses in phys, starting at
 * byte off); merges contiguous pages. Returns the count, or 0 when more than max are needed. */
static uint32_t build_segs(const uint64_t *phys, uint64_t off, uint64_t len, struct seg *segs,
                           uint32_t max)
{
    uint32_t n = 0;
    while (len) {
        uint64_t in = off % 4096, k = 4096 - in;
        if (k > len)
            k = len;
        uint64_t a = phys[off / 4096] + in;
        if (n && segs[n - 1].phys + segs[n - 1].len == a) {
            segs[n - 1].len += (uint32_t)k;
        } else {
            if (n == max)
                return 0;
            segs[n++] = (struct seg){a, (uint32_t)k};
        }
        off += k;
        len -= k;
    }
    return n;
}

static long do_rw(struct req *r, bool write)
{
    if (r->len < 3 || !buf.mem)
        return -EINVAL;
    uint64_t first = r->w[0], count = r->w[1], off = r->w[2];
    if (count == 0 || count > max_sectors || first >= dev.sectors || count > dev.sectors - first)
        return -EINVAL;
    uint64_t bytes = count * BLK_SECTOR, size = buf.pages * 4096;
    if (off >= size || bytes > size - off)
        return -EINVAL;
    if (write && dev.readonly)
        return -EROFS;
    static struct seg segs[QSIZE_SEGS];
    uint32_t n;
    if (buf.phys) {
        n = build_segs(buf.phys, off, bytes, segs, dev.max_segs);
    } else {
        if (write)
            memcpy(bounce, buf.va + off, bytes);
        n = build_segs(bounce_phys, 0, bytes, segs, dev.max_segs);
    }
    if (!n)
        return -EINVAL;
    long e = vblk_request(write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, first, segs, n);
    if (e == 0 && !write && !buf.phys)
        memcpy(buf.va + off, bounce, bytes);
    return e;
}

static long do_flush(struct req *r)
{
    (void)r;
    if (!dev.has_flush)
        return 0; /* no volatile write cache to flush */
    return vblk_request(VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

static long dispatch(struct req *r)
{
    switch (r->label) {
    case BLK_INFO:
        return do_info(r);
    case BLK_SETUP:
        return do_setup(r);
    case BLK_READ:
        return do_rw(r, false);
    case BLK_WRITE:
        return do_rw(r, true);
    case BLK_FLUSH:
        return do_flush(r);
    }
    return -ENOSYS;
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    long e = vblk_init(&dev);
    /* Keep only this device's registers and interrupt. */
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, PROC_CAP_IRQ_CONTROL);
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, PROC_CAP_FRAMEBUFFER);
    /* Every request must fit the data segments the device takes: a page boundary may split
     * a sector, so count one extra segment. */
    max_sectors = MAX_SECTORS;
    if (e == 0 && (dev.max_segs - 1) * 8 < max_sectors)
        max_sectors = (dev.max_segs - 1) * 8;
    if (e == 0 && dev.max_segs < 2)
        e = -ENODEV;
    if (e == 0 && dev.max_segs > QSIZE_SEGS)
        dev.max_segs = QSIZE_SEGS;
    void *b = NULL;
    if (e == 0)
        e = dma_alloc(sizeof bounce_phys / sizeof bounce_phys[0], &b, bounce_phys, NULL);
    bounce = b;
    cap_t ep = slot_alloc(), pub = slot_alloc();
    if (e == 0)
        e = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep);
    if (e == 0)
        e = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, pub, ep, RIGHT_WRITE | RIGHT_GRANT, 0);
    if (e == 0)
        e = registry_register(PROC_CAP_REGISTRY, "blk0", pub);
    if (e < 0) {
        dprintf_k("virtio-blk: cannot start: error %ld\n", e);
        return 1;
    }
    dprintf_k("virtio-blk: blk0 ready (%lu MiB)\n", dev.sectors / 2048);
    ib()->recv_slots[0] = slot_alloc();
    struct ipc_msg m = {0};
    e = sys_recv(ep, TIMEOUT_FOREVER, &m);
    for (;;) {
        if (e < 0) {
            e = sys_recv(ep, TIMEOUT_FOREVER, &m);
            continue;
        }
        struct req r = {.label = IPC_LABEL(m.info), .len = IPC_LEN(m.info), .ncaps = ib()->caps_in};
        for (uint64_t i = 0; i < IPC_REG_WORDS && i < r.len; i++)
            r.w[i] = m.w[i];
        if (r.ncaps) {
            r.cap = ib()->recv_slots[0];
            ib()->recv_slots[0] = slot_alloc();
        }
        long res = dispatch(&r);
        if (r.cap)
            slot_delete(r.cap);
        m.w[0] = (uint64_t)res;
        for (int i = 1; i < IPC_REG_WORDS; i++)
            m.w[i] = r.out[i];
        e = sys_reply_recv(ep, IPC_INFO(0, res == 0 && r.label == BLK_INFO ? 4 : 1, 0), &m);
    }
}
