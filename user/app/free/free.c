#define _XOPEN_SOURCE 700
// free: prints the amount of free and used memory from /proc/meminfo (Linux's layout):
// free [-h | -k | -m]. Sizes are in KiB (-k, the default), MiB (-m) or human-readable (-h).
// used is MemTotal - MemAvailable; buff/cache is Buffers + Cached + SReclaimable.
// FREE_PROC_ROOT names another directory to read meminfo from (for tests).
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char unit = 'k';

static const char *const keys[] = {"MemTotal", "MemFree",      "MemAvailable", "Buffers", "Cached",
                                   "Shmem",    "SReclaimable", "SwapTotal",    "SwapFree"};
enum { TOTAL, FREE, AVAIL, BUFFERS, CACHED, SHMEM, SRECLAIM, SWAPTOTAL, SWAPFREE, NKEYS };

// Human-readable with binary units: one decimal below 10, whole numbers (truncated) above.
static void human(unsigned long long kib, char *out, size_t size)
{
    static const char *const units[] = {"Ki", "Mi", "Gi", "Ti", "Pi"};
    if (kib == 0) {
        snprintf(out, size, "0B");
        return;
    }
    double v = (double)kib;
    for (int u = 0; u < 5; u++, v /= 1024) {
        if (v < 9.95 || (u == 4 && v < 10)) {
            snprintf(out, size, "%.1f%s", v, units[u]);
            return;
        }
        if (v < 1024 || u == 4) {
            snprintf(out, size, "%llu%s", (unsigned long long)v, units[u]);
            return;
        }
    }
}

static void column(unsigned long long kib, int width)
{
    char buf[48];
    if (unit == 'h')
        human(kib, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%llu", unit == 'm' ? kib / 1024 : kib);
    printf("%*s", width, buf);
}

int main(int argc, char *argv[])
{
    prog_init("free", "[-h | -k | -m]");
    int c;
    while ((c = next_opt(argc, argv, "hkm")) != -1)
        unit = (char)c;
    if (optind != argc) usage();
    const char *root = getenv("FREE_PROC_ROOT");
    char *path = path_join(root && *root ? root : "/proc", "meminfo");
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT) die_msg("%s: not found (is /proc mounted?)", path);
        die_errno(path);
    }
    unsigned long long v[NKEYS] = {0};
    bool have[NKEYS] = {0};
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (!colon) continue;
        *colon = '\0';
        for (int i = 0; i < NKEYS; i++) {
            if (!strcmp(line, keys[i])) {
                v[i] = strtoull(colon + 1, NULL, 10);
                have[i] = true;
            }
        }
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) die_errno(path);
    if (!have[TOTAL] || !have[FREE]) die_msg("%s: MemTotal or MemFree is missing", path);
    free(path);
    unsigned long long cache = v[BUFFERS] + v[CACHED] + v[SRECLAIM];
    // Without MemAvailable (older layouts), what is free or cache is the estimate.
    unsigned long long avail = have[AVAIL] ? v[AVAIL] : v[FREE] + cache;
    if (avail > v[TOTAL]) avail = v[TOTAL];
    printf("%-7s %12s %11s %11s %11s %11s %11s\n", "", "total", "used", "free", "shared",
           "buff/cache", "available");
    printf("%-7s ", "Mem:");
    column(v[TOTAL], 12);
    unsigned long long cols[] = {v[TOTAL] - avail, v[FREE], v[SHMEM], cache, avail};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        putchar(' ');
        column(cols[i], 11);
    }
    printf("\n%-7s ", "Swap:");
    unsigned long long swap_free = v[SWAPFREE] < v[SWAPTOTAL] ? v[SWAPFREE] : v[SWAPTOTAL];
    column(v[SWAPTOTAL], 12);
    putchar(' ');
    column(v[SWAPTOTAL] - swap_free, 11);
    putchar(' ');
    column(swap_free, 11);
    putchar('\n');
    return finish_stdout();
}
