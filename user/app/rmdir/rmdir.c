#define _XOPEN_SOURCE 700
// rmdir: removes empty directories: rmdir [-p] dir...; -p removes the parents too.
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    prog_init("rmdir", "[-p] dir...");
    bool parents = false;
    while (next_opt(argc, argv, "p") != -1)
        parents = true;
    if (optind == argc) usage();
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char *p = xstrdup(argv[i]);
        for (;;) {
            size_t n = strlen(p);
            while (n > 1 && p[n - 1] == '/')
                p[--n] = '\0';
            if (rmdir(p) < 0) {
                warn_errno(p);
                status = 1;
                break;
            }
            if (!parents) break;
            char *slash = strrchr(p, '/');
            if (!slash || slash == p) break;
            *slash = '\0';
        }
        free(p);
    }
    return status;
}
