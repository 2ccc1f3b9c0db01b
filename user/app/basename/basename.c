#define _XOPEN_SOURCE 700
// basename: prints the last component of a path, less an optional suffix.
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char *argv[])
{
    prog_init("basename", "string [suffix]");
    if (next_opt(argc, argv, "") != -1) usage();
    if (argc - optind < 1 || argc - optind > 2) usage();
    const char *path = argv[optind];
    size_t size = strlen(path) + 2;
    char *buf = xmalloc(size);
    const char *base = path_base(path, buf, size);
    size_t n = strlen(base);
    if (optind + 1 < argc) {
        const char *suffix = argv[optind + 1];
        size_t s = strlen(suffix);
        if (s < n && strcmp(base + n - s, suffix) == 0) n -= s;
    }
    printf("%.*s\n", (int)n, base);
    free(buf);
    return finish_stdout();
}
