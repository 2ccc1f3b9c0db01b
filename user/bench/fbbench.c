/* fbbench: make bench's framebuffer terminal figure. Writes 1 MiB of text (80-column lines,
 * in the tty's largest writes, as cat does) to /dev/tty1 while it is on screen, then tcdrain
 * (the console draws what is pending), and reports the time as a BENCH line. Runs as a boot
 * service before ipcbench (bench.conf) and registers fbbench.done when finished. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/tty.h"
#include "fsclient.h"
#include "lib/string.h"

#define TOTAL (1u << 20)
#define LINE 80

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* 1 MiB of lines like "000123 the quick brown fox ...\n", 80 bytes each. */
static char *make_text(void)
{
    char *t = pages_alloc(TOTAL / 4096 + 1, NULL); /* the last line runs past 1 MiB */
    static const char words[] = "the quick brown fox jumps over the lazy dog, 0123456789 "
                                "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG";
    if (!t) return NULL;
    for (uint32_t off = 0, n = 0; off < TOTAL; off += LINE, n++) {
        char *l = t + off;
        uint32_t v = n;
        for (int i = 5; i >= 0; i--, v /= 10)
            l[i] = (char)('0' + v % 10);
        l[6] = ' ';
        for (int i = 7; i < LINE - 1; i++)
            l[i] = words[(i + n) % (sizeof words - 1)];
        l[LINE - 1] = '\n';
    }
    return t;
}

static cap_t open_tty1(void)
{
    cap_t opener = 0, nap = slot_alloc(), f = 0;
    if (nap && invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, nap) < 0) nap = 0;
    long e = -ENOENT;
    for (int i = 0; i < 200 && e < 0; i++) {
        e = registry_lookup(PROC_CAP_REGISTRY, "tty.tty1", &opener);
        if (e < 0 && nap) sys_wait(nap, 50000000ull);
    }
    if (e == 0) e = vfs_open(opener, "/dev/tty1", 1 /* O_WRONLY */, 0, &f, NULL);
    return e == 0 ? f : 0;
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    char *text = make_text();
    cap_t f = open_tty1();
    if (!text || !f) {
        dprintf_k("fbbench: cannot %s\n", text ? "open tty.tty1" : "allocate the text");
        return 1;
    }
    uint64_t ns0 = (uint64_t)sys_clock(), t0 = rdtsc();
    long n = file_write(f, text, TOTAL, FILE_OFF_CUR);
    file_ioctl(f, TCSBRK, 1, NULL, 0, 0);
    uint64_t t1 = rdtsc(), ns1 = (uint64_t)sys_clock();
    if (n != TOTAL) dprintf_k("fbbench: short write: %ld\n", n);
    dprintf_k("BENCH fbcat_1mib %lu %lu.00\n", t1 - t0, ns1 - ns0);
    cap_t ep = slot_alloc();
    if (ep && invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep) == 0)
        registry_register(PROC_CAP_REGISTRY, "fbbench.done", ep);
    return 0;
}
