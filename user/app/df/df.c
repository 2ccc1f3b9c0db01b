#define _XOPEN_SOURCE 700
// df: prints the size and free space of the file systems holding paths: df [-h] [path...]
// ("/" by default). Sizes are in KiB, or human-readable with -h. There is no mount table to
// read, so each line names the path it was asked about.
#include "util.h"

#include <stdio.h>
#include <sys/statvfs.h>

static bool human;

static void field(unsigned long long bytes, int width)
{
    char buf[32];
    if (human)
        human_size(bytes, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%llu", (bytes + 1023) / 1024);
    printf("%*s", width, buf);
}

int main(int argc, char *argv[])
{
    prog_init("df", "[-hk] [path...]");
    int c;
    while ((c = next_opt(argc, argv, "hk")) != -1)
        human = c == 'h';
    char *root[] = {"/", NULL};
    char **paths = optind < argc ? &argv[optind] : root;
    int width = human ? 6 : 10;
    printf("%*s %*s %*s Use%% Path\n", width, human ? "Size" : "1K-blocks", width, "Used", width,
           human ? "Avail" : "Available");
    int status = 0;
    for (; *paths; paths++) {
        struct statvfs s;
        if (statvfs(*paths, &s) < 0) {
            warn_errno(*paths);
            status = 1;
            continue;
        }
        unsigned long long unit = s.f_frsize ? s.f_frsize : s.f_bsize;
        unsigned long long size = s.f_blocks * unit, free_all = s.f_bfree * unit;
        unsigned long long avail = s.f_bavail * unit, used = size - free_all;
        // Used as a share of what users may have (used + available), rounded up.
        unsigned long long base = used + avail;
        unsigned pct = base ? (unsigned)((used * 100 + base - 1) / base) : 0;
        field(size, width);
        putchar(' ');
        field(used, width);
        putchar(' ');
        field(avail, width);
        printf(" %3u%% %s\n", pct, *paths);
    }
    return status | finish_stdout();
}
