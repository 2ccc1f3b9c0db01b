#define _XOPEN_SOURCE 700
// ln: makes links: ln [-fs] source target, or ln [-fs] source... directory.
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static bool force, symbolic;

static int make_link(const char *src, const char *dst)
{
    for (int attempt = 0;; attempt++) {
        int r = symbolic ? symlink(src, dst) : link(src, dst);
        if (r == 0) return 0;
        struct stat st;
        if (errno == EEXIST && force && attempt == 0 && lstat(dst, &st) == 0 &&
            !S_ISDIR(st.st_mode) && unlink(dst) == 0)
            continue;
        warn_errno(errno == ENOENT && !symbolic ? src : dst);
        return -1;
    }
}

int main(int argc, char *argv[])
{
    prog_init("ln", "[-fs] source target | [-fs] source... directory");
    int c;
    while ((c = next_opt(argc, argv, "fs")) != -1) {
        if (c == 'f')
            force = true;
        else
            symbolic = true;
    }
    int n = argc - optind;
    if (n < 1) usage();
    char buf[NAME_MAX + 1];
    if (n == 1) return make_link(argv[optind], path_base(argv[optind], buf, sizeof buf)) < 0;
    const char *target = argv[argc - 1];
    struct stat st;
    bool to_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
    if (to_dir && n == 2 && force && lstat(target, &st) == 0 && S_ISLNK(st.st_mode))
        to_dir = false; // "ln -sf new link-to-dir" replaces the link
    if (n > 2 && !to_dir) {
        errno = ENOTDIR;
        die_errno(target);
    }
    int status = 0;
    for (int i = optind; i < argc - 1; i++) {
        char *dst =
            to_dir ? path_join(target, path_base(argv[i], buf, sizeof buf)) : xstrdup(target);
        if (make_link(argv[i], dst) < 0) status = 1;
        free(dst);
    }
    return status;
}
