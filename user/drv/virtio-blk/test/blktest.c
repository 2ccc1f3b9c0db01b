/* blktest: the block protocol against the virtio-blk driver (blk0) on the test disk. */
#include "cluu.h"
#include "abi/proto/blk.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

#define BUF_PAGES 256 /* 1 MiB */
#define DISK_BYTES (64ull << 20) /* scripts/mkuserdisk.sh */

static int passed, failed;
static cap_t blk, mem;
static uint8_t *buf;
static uint64_t sectors, max_sectors;

static void check(bool ok, const char *what, long detail)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    dprintf_k("blktest: FAIL %s (%ld)\n", what, detail);
}

static long call(uint64_t label, uint64_t len, uint64_t a, uint64_t b, uint64_t c,
                 struct ipc_msg *m)
{
    m->w[0] = a;
    m->w[1] = b;
    m->w[2] = c;
    long r = sys_call(blk, IPC_INFO(label, len, 0), m);
    return r < 0 ? r : (long)m->w[0];
}

static long rw(uint64_t label, uint64_t first, uint64_t count, uint64_t off)
{
    struct ipc_msg m = {0};
    return call(label, 3, first, count, off, &m);
}

/* Reads n sectors from first into buf at 0 in requests of at most max_sectors. */
static long read_big(uint64_t first, uint64_t n)
{
    for (uint64_t done = 0; done < n;) {
        uint64_t k = n - done > max_sectors ? max_sectors : n - done;
        long e = rw(BLK_READ, first + done, k, done * BLK_SECTOR);
        if (e < 0)
            return e;
        done += k;
    }
    return 0;
}

static long setup(cap_t m, uint64_t pages)
{
    struct ipc_msg msg = {0};
    msg.w[0] = pages;
    ((struct ipc_buffer *)cluu_ipcbuf_va)->caps_out[0] = m;
    long r = sys_call(blk, IPC_INFO(BLK_SETUP, 1, 1), &msg);
    return r < 0 ? r : (long)msg.w[0];
}

static void t_info(void)
{
    struct ipc_msg m = {0};
    long e = call(BLK_INFO, 0, 0, 0, 0, &m);
    check(e == 0, "BLK_INFO", e);
    sectors = m.w[1];
    max_sectors = m.w[2];
    check(sectors == DISK_BYTES / BLK_SECTOR, "sector count is the image size", (long)sectors);
    check(max_sectors >= 8 && max_sectors <= BUF_PAGES * 8, "max sectors per request",
          (long)max_sectors);
    check(m.w[3] == 0, "writable", (long)m.w[3]);
    dprintf_k("blktest: %lu sectors, %lu per request\n", sectors, max_sectors);
}

static void t_superblock(void)
{
    memset(buf, 0, 4096);
    long e = rw(BLK_READ, 2, 1, 0);
    check(e == 0, "read sector 2", e);
    uint16_t magic = (uint16_t)(buf[56] | buf[57] << 8);
    check(magic == 0xEF53, "ext2 magic at byte 1080", magic);
    /* The same bytes at an unaligned buffer offset, two sectors at once. */
    memset(buf, 0, 8192);
    e = rw(BLK_READ, 1, 2, 4096 - 100);
    check(e == 0, "read across a page boundary", e);
    magic = (uint16_t)(buf[4096 - 100 + 512 + 56] | buf[4096 - 100 + 512 + 57] << 8);
    check(magic == 0xEF53, "ext2 magic through an unaligned offset", magic);
}

static void pattern(uint8_t *p, uint64_t n, uint32_t seed)
{
    for (uint64_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
}

static void t_write_read(void)
{
    uint64_t n = 16, first = sectors - n, bytes = n * BLK_SECTOR;
    uint8_t *want = malloc(bytes);
    check(want != NULL, "malloc", 0);
    if (!want)
        return;
    pattern(want, bytes, 0xB10C);
    memcpy(buf, want, bytes);
    long e = rw(BLK_WRITE, first, n, 0);
    check(e == 0, "write the last 16 sectors", e);
    memset(buf, 0, bytes);
    e = rw(BLK_READ, first, n, 0);
    check(e == 0, "read them back", e);
    check(memcmp(buf, want, bytes) == 0, "data read back equals data written", 0);
    /* One sector written from an odd offset lands where asked. */
    pattern(buf + 777, BLK_SECTOR, 42);
    e = rw(BLK_WRITE, sectors - 1, 1, 777);
    check(e == 0, "write the last sector from an odd offset", e);
    memset(buf, 0, 2 * BLK_SECTOR);
    e = rw(BLK_READ, sectors - 2, 2, 0);
    pattern(want, BLK_SECTOR, 42);
    check(e == 0 && memcmp(buf + BLK_SECTOR, want, BLK_SECTOR) == 0, "last sector", e);
    pattern(want, bytes, 0xB10C);
    check(memcmp(buf, want + bytes - 2 * BLK_SECTOR, BLK_SECTOR) == 0,
          "the sector before it is untouched", 0);
    struct ipc_msg m = {0};
    e = call(BLK_FLUSH, 0, 0, 0, 0, &m);
    check(e == 0, "BLK_FLUSH", e);
    free(want);
}

static void t_refusals(void)
{
    static const struct {
        uint64_t first, count, off;
        const char *what;
    } bad[] = {
        {0, 0, 0, "zero sectors"},
        {~0ull, 1, 0, "first sector ~0"},
        {0, ~0ull, 0, "count ~0"},
        {0, 1, ~0ull, "offset ~0"},
        {0, 1, BUF_PAGES * 4096ull - 511, "buffer end overrun by one byte"},
        {0, 1, BUF_PAGES * 4096ull, "offset at the buffer end"},
        {~0ull - 1, 4, 0, "sector range wraps"},
        {0, 100000, 0, "more than max sectors"},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long e = rw(BLK_READ, bad[i].first, bad[i].count, bad[i].off);
        check(e == -EINVAL, bad[i].what, e);
        e = rw(BLK_WRITE, bad[i].first, bad[i].count, bad[i].off);
        check(e == -EINVAL, bad[i].what, e);
    }
    long e = rw(BLK_READ, sectors, 1, 0);
    check(e == -EINVAL, "read one past the end", e);
    e = rw(BLK_WRITE, sectors - 1, 2, 0);
    check(e == -EINVAL, "write across the end", e);
    e = rw(BLK_READ, sectors - 1, 1, 0);
    check(e == 0, "the last sector is readable", e);
    struct ipc_msg m = {0};
    e = call(BLK_READ, 2, 0, 1, 0, &m);
    check(e == -EINVAL, "a read with two words", e);
    e = call(BLK_WRITE, 0, 0, 1, 0, &m);
    check(e == -EINVAL, "a write with no words", e);
    e = call(0x3FF, 3, 0, 1, 0, &m);
    check(e == -ENOSYS, "unknown method", e);
    e = call(BLK_SETUP, 1, 1, 0, 0, &m);
    check(e == -EINVAL, "BLK_SETUP without a capability", e);
    e = setup(mem, BUF_PAGES + 1);
    check(e == -EINVAL, "BLK_SETUP larger than the memory object", e);
    e = setup(mem, 0);
    check(e == -EINVAL, "BLK_SETUP of zero pages", e);
    cap_t nr = slot_alloc(), n = slot_alloc();
    e = invoke3(CAP_SELF_CSPACE, CSPACE_COPY, nr, mem, RIGHT_WRITE | RIGHT_GRANT);
    check(e == 0, "copy of the buffer without READ", e);
    e = setup(nr, BUF_PAGES);
    check(e == -EPERM, "BLK_SETUP of a buffer without READ", e);
    e = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, n);
    check(e == 0, "a notification", e);
    e = setup(n, 1);
    check(e == -EINVAL, "BLK_SETUP of a notification", e);
    slot_delete(nr);
    slot_delete(n);
    /* A failed setup leaves the earlier buffer in place. */
    e = rw(BLK_READ, 2, 1, 0);
    check(e == 0 && (buf[56] | buf[57] << 8) == 0xEF53, "the buffer survives bad setups", e);
}

static void t_read_only_buffer(void)
{
    /* Without CONTROL on the buffer the driver cannot DMA into it and bounces the data. */
    cap_t ro = slot_alloc();
    long e = invoke3(CAP_SELF_CSPACE, CSPACE_COPY, ro, mem, RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT);
    check(e == 0, "copy of the buffer without CONTROL", e);
    e = setup(ro, BUF_PAGES);
    check(e == 0, "BLK_SETUP with a READ|WRITE buffer", e);
    memset(buf, 0, 4096);
    e = rw(BLK_READ, 2, 1, 100);
    check(e == 0 && (buf[156] | buf[157] << 8) == 0xEF53, "read through the bounce buffer", e);
    e = setup(mem, BUF_PAGES);
    check(e == 0, "BLK_SETUP again", e);
    slot_delete(ro);
}

static void t_throughput(void)
{
    uint64_t n = (1u << 20) / BLK_SECTOR;
    long e = read_big(0, n); /* warm up */
    uint64_t t0 = (uint64_t)sys_clock();
    e = read_big(0, n);
    uint64_t ns = (uint64_t)sys_clock() - t0;
    check(e == 0, "1 MiB sequential read", e);
    check((buf[1080] | buf[1081] << 8) == 0xEF53, "1 MiB read starts at the disk's start", 0);
    uint64_t kib_s = ns ? (1024ull * 1000000000ull) / ns : 0;
    dprintf_k("blktest: 1 MiB sequential read in %lu us: %lu KiB/s (%lu requests)\n", ns / 1000,
              kib_s, (n + max_sectors - 1) / max_sectors);
}

/* "blktest ioerror": the host made reads of sector 2 fail (tests/system/test_blk.py). */
static void t_device_errors(void)
{
    long e = rw(BLK_READ, 2, 1, 0);
    check(e == -EIO, "a failing sector reads as -EIO", e);
    e = rw(BLK_READ, 0, 8, 0);
    check(e == -EIO, "a request over a failing sector is -EIO", e);
    e = rw(BLK_READ, 0, 2, 0);
    check(e == 0, "the sectors before it still read", e);
    e = rw(BLK_READ, 3, 1, 0);
    check(e == 0, "the sectors after it still read", e);
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    bool ioerror = cluu_argc > 1 && strcmp(cluu_argv[1], "ioerror") == 0;
    long e = registry_lookup(PROC_CAP_REGISTRY, "blk0", &blk);
    check(e == 0, "look up blk0", e);
    buf = pages_alloc(BUF_PAGES, &mem);
    check(buf != NULL, "buffer", 0);
    if (e == 0 && buf && ioerror) {
        e = setup(mem, BUF_PAGES);
        check(e == 0, "BLK_SETUP", e);
        t_device_errors();
    } else if (e == 0 && buf) {
        e = setup(mem, BUF_PAGES);
        check(e == 0, "BLK_SETUP", e);
        t_info();
        t_superblock();
        t_write_read();
        t_refusals();
        t_read_only_buffer();
        t_throughput();
    }
    dprintf_k("blktest: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
