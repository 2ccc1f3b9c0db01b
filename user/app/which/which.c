#define _XOPEN_SOURCE 700
// which: prints where $PATH finds each command: which [-a] name...; 1 if any is missing.
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int main(int argc, char *argv[])
{
    prog_init("which", "[-a] name...");
    bool all = false;
    while (next_opt(argc, argv, "a") != -1)
        all = true;
    if (optind == argc) usage();
    const char *path = getenv("PATH");
    if (!path) path = "/bin";
    int status = 0;
    for (int i = optind; i < argc; i++) {
        const char *name = argv[i];
        bool found = false;
        if (strchr(name, '/')) {
            found = executable(name);
            if (found) puts(name);
        } else {
            // Each $PATH entry in turn; an empty entry is the current directory.
            const char *p = path;
            for (;;) {
                const char *end = strchr(p, ':');
                size_t n = end ? (size_t)(end - p) : strlen(p);
                char *dir = xmalloc(n + 2);
                memcpy(dir, p, n);
                dir[n] = '\0';
                char *full = path_join(n ? dir : ".", name);
                if (executable(full)) {
                    puts(full);
                    found = true;
                }
                free(full);
                free(dir);
                if (!end || (found && !all)) break;
                p = end + 1;
            }
        }
        if (!found) status = 1;
    }
    return status | finish_stdout();
}
