/* uname, getrandom, resource limits. */
#include "glue.h"
#include "core/version.h"

static void copy(char *dst, const char *src)
{
    size_t i = 0;
    for (; src[i] && i < 64; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

long glue_uname(struct l_utsname *u)
{
    __builtin_memset(u, 0, sizeof *u);
    copy(u->sysname, "CLUU");
    copy(u->nodename, "cluu");
    copy(u->release, CLUU_VERSION);
    copy(u->version, "CLUU " CLUU_VERSION);
    copy(u->machine, "x86_64");
    copy(u->domainname, "(none)");
    return 0;
}

static int have_rdrand(void)
{
    unsigned a = 1, b, c = 0, d;
    __asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (c >> 30) & 1;
}

static int rdrand(uint64_t *v)
{
    for (int tries = 0; tries < 100; tries++) {
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok) return 1;
    }
    return 0;
}

/* Random bytes from the processor's RDRAND (-ENOSYS without it). */
long glue_getrandom(void *buf, uint64_t n, unsigned flags)
{
    (void)flags;
    static int known, have;
    if (!known) {
        have = have_rdrand();
        known = 1;
    }
    if (!have) return -ENOSYS;
    unsigned char *p = buf;
    uint64_t done = 0;
    while (done < n) {
        uint64_t v;
        if (!rdrand(&v)) return done ? (long)done : -EIO;
        for (int i = 0; i < 8 && done < n; i++, v >>= 8)
            p[done++] = (unsigned char)v;
    }
    return (long)done;
}
