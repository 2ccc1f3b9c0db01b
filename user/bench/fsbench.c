/*
 * fsbench: file-system benchmarks on ext2 at /mnt/disk (bootconf=fsbench.conf, a bench disk
 * made by bench/run.py), the same operations as lbench's (bench/linux/lbench_fs.c):
 *   fs_write   write 64 MiB sequentially in 64 KiB writes, then FILE_SYNC
 *   fs_read    read it back in 64 KiB reads
 *   fs_create  create 10,000 files of 256 bytes in one directory, then sync
 * Each prints "BENCH name instructions-or-ticks ns" for the whole run, then "BENCH done".
 */
#include "fsclient.h"
#include "abi/proto/procmgr.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define O_RDONLY 00
#define O_WRONLY 01
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000

#define CHUNK (64 * 1024)
#define WRITE_MIB 64
#define FILES 10000
#define SMALL 256

static cap_t vfs = PROC_CAP_VFS;
static uint8_t buf[CHUNK];

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

struct stamp {
    uint64_t tsc, ns;
};

static struct stamp stamp_now(void)
{
    struct stamp s = {.ns = (uint64_t)sys_clock(), .tsc = rdtsc()};
    return s;
}

static void report(const char *name, struct stamp a, struct stamp b)
{
    dprintf_k("BENCH %s %lu %lu.00\n", name, b.tsc - a.tsc, b.ns - a.ns);
}

static bool fail(const char *what, long r)
{
    dprintf_k("fsbench: %s failed: %ld\n", what, r);
    return false;
}

static void fclose_cap(cap_t f)
{
    file_call(f, FILE_CLOSE, 0, 0);
    slot_delete(f);
}

static bool fs_write(void)
{
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7 + 3);
    struct stamp a = stamp_now();
    cap_t f = 0;
    long r = vfs_open(vfs, "/mnt/disk/big", O_CREAT | O_TRUNC | O_WRONLY, 0644, &f, NULL);
    if (r < 0) return fail("create /mnt/disk/big", r);
    for (long i = 0; i < WRITE_MIB * (1024 * 1024 / CHUNK); i++)
        if ((r = file_write(f, buf, CHUNK, FILE_OFF_CUR)) != CHUNK) {
            fclose_cap(f);
            return fail("write", r);
        }
    r = file_call(f, FILE_SYNC, 0, 0);
    fclose_cap(f);
    if (r < 0) return fail("sync", r);
    report("fs_write", a, stamp_now());
    return true;
}

static bool fs_read(void)
{
    struct stamp a = stamp_now();
    cap_t f = 0;
    long r = vfs_open(vfs, "/mnt/disk/big", O_RDONLY, 0, &f, NULL);
    if (r < 0) return fail("open /mnt/disk/big", r);
    long total = 0;
    while ((r = file_read(f, buf, CHUNK, FILE_OFF_CUR)) > 0)
        total += r;
    fclose_cap(f);
    struct stamp b = stamp_now();
    if (r < 0 || total != WRITE_MIB * 1024l * 1024) return fail("read", r < 0 ? r : total);
    if (buf[CHUNK - 1] != (uint8_t)((CHUNK - 1) * 7 + 3)) return fail("read back the data", 0);
    report("fs_read", a, b);
    return true;
}

static bool fs_create(void)
{
    char path[64];
    memset(buf, 'f', SMALL);
    struct stamp a = stamp_now();
    long r = vfs_path_call(vfs, VFS_MKDIR, "/mnt/disk/files", NULL, 0755, 0, 0);
    if (r < 0) return fail("mkdir /mnt/disk/files", r);
    for (int i = 0; i < FILES; i++) {
        ksnprintf(path, sizeof path, "/mnt/disk/files/f%05d", i);
        cap_t f = 0;
        r = vfs_open(vfs, path, O_CREAT | O_EXCL | O_WRONLY, 0644, &f, NULL);
        if (r < 0) return fail(path, r);
        r = file_write(f, buf, SMALL, FILE_OFF_CUR);
        fclose_cap(f);
        if (r != SMALL) return fail(path, r);
    }
    r = vfs_sync(vfs);
    if (r < 0) return fail("sync", r);
    report("fs_create", a, stamp_now());
    return true;
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    if (fs_write() && fs_read() && fs_create())
        dprintf_k("BENCH done\n");
    else
        dprintf_k("BENCH failed\n");
    return 0;
}
