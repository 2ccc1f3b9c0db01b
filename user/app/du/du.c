#define _XOPEN_SOURCE 700
// du: prints the disk space used by files and directory trees: du [-a | -s] [-h | -k] [file...]
// ("." by default). Space is what the file system allocated (st_blocks), in KiB (as GNU du
// and -k), or human-readable with -h. Each directory is printed after its contents; -a adds
// every file, -s prints only the operands' totals. Symbolic links are not followed, and a
// file with several hard links counts once.
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool all, summary, human;
static int status;

// Files with more than one link already counted, by device and inode.
static struct seen {
    dev_t dev;
    ino_t ino;
} * seen;
static size_t nseen, seen_cap;

static bool counted_before(const struct stat *st)
{
    if (S_ISDIR(st->st_mode) || st->st_nlink < 2) return false;
    for (size_t i = 0; i < nseen; i++)
        if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino) return true;
    if (nseen == seen_cap) {
        seen_cap = seen_cap ? 2 * seen_cap : 64;
        seen = xrealloc(seen, seen_cap * sizeof *seen);
    }
    seen[nseen++] = (struct seen){st->st_dev, st->st_ino};
    return false;
}

static void print(unsigned long long bytes, const char *path)
{
    char buf[32];
    if (human)
        human_size(bytes, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%llu", (bytes + 1023) / 1024);
    printf("%s\t%s\n", buf, path);
}

// The bytes allocated to path and everything below it; prints as the options ask.
static unsigned long long walk(const char *path, bool top)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        warn_errno(path);
        status = 1;
        return 0;
    }
    if (counted_before(&st)) return 0;
    unsigned long long total = (unsigned long long)st.st_blocks * 512;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) {
            warn_errno(path);
            status = 1;
        } else {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char *p = path_join(path, e->d_name);
                total += walk(p, false);
                free(p);
            }
            closedir(d);
        }
        if (!summary || top) print(total, path);
    } else if (top || (all && !summary)) {
        print(total, path);
    }
    return total;
}

int main(int argc, char *argv[])
{
    prog_init("du", "[-a | -s] [-h | -k] [file...]");
    int c;
    while ((c = next_opt(argc, argv, "ahks")) != -1) {
        if (c == 'a')
            all = true;
        else if (c == 's')
            summary = true;
        else
            human = c == 'h';
    }
    if (all && summary) {
        warn_msg("-a and -s cannot be used together");
        usage();
    }
    if (optind == argc) {
        walk(".", true);
    } else {
        for (int i = optind; i < argc; i++)
            walk(argv[i], true);
    }
    free(seen);
    return status | finish_stdout();
}
