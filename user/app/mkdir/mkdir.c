#define _XOPEN_SOURCE 700
// mkdir: creates directories: mkdir [-p] [-m mode] dir...; -p makes missing parents and
// accepts directories that exist already.
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// Creates every missing parent of path with the default mode (plus u+wx, so that the
// children can be made).
static int make_parents(const char *path)
{
    char *p = xstrdup(path);
    mode_t mask = umask(0);
    umask(mask);
    int rc = 0;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/' || s[-1] == '/') continue;
        *s = '\0';
        struct stat st;
        if (stat(p, &st) < 0) {
            if (mkdir(p, (0777 & ~mask) | S_IWUSR | S_IXUSR) < 0 && errno != EEXIST) {
                warn_errno(p);
                rc = -1;
                break;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            warn_errno(p);
            rc = -1;
            break;
        }
        *s = '/';
    }
    free(p);
    return rc;
}

int main(int argc, char *argv[])
{
    prog_init("mkdir", "[-p] [-m mode] dir...");
    bool parents = false;
    const char *mode_spec = NULL;
    int c;
    while ((c = next_opt(argc, argv, "pm:")) != -1) {
        if (c == 'p')
            parents = true;
        else
            mode_spec = optarg;
    }
    if (optind == argc) usage();
    mode_t mask = umask(0);
    umask(mask);
    mode_t mode = 0777 & ~mask;
    if (mode_spec && mode_apply(mode_spec, 0777, true, 0, &mode) < 0)
        die_msg("invalid mode '%s'", mode_spec);
    int status = 0;
    for (int i = optind; i < argc; i++) {
        const char *dir = argv[i];
        if (parents && make_parents(dir) < 0) {
            status = 1;
            continue;
        }
        if (mkdir(dir, mode) < 0) {
            struct stat st;
            if (parents && errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) continue;
            warn_errno(dir);
            status = 1;
            continue;
        }
        // mkdir() applies the umask; an explicit -m mode is meant exactly.
        if (mode_spec && chmod(dir, mode) < 0) {
            warn_errno(dir);
            status = 1;
        }
    }
    return status;
}
