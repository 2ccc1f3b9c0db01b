#define _XOPEN_SOURCE 700
// dirname: prints a path without its last component.
#include "util.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    prog_init("dirname", "string");
    if (next_opt(argc, argv, "") != -1 || argc - optind != 1) usage();
    const char *p = argv[optind];
    size_t n = strlen(p);
    // Trailing slashes, then the last component, then the slashes before it.
    while (n > 1 && p[n - 1] == '/')
        n--;
    while (n > 0 && p[n - 1] != '/')
        n--;
    if (n == 0) {
        puts(".");
        return finish_stdout();
    }
    while (n > 1 && p[n - 1] == '/')
        n--;
    printf("%.*s\n", (int)n, p);
    return finish_stdout();
}
