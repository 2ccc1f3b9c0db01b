#define _XOPEN_SOURCE 700
// cp: copies files: cp [-fpRr] source target, or cp [-fpRr] source... directory.
// -r copies directories (symbolic links inside stay links); -p keeps mode, owner and times.
#include "copy.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// True if dst (which may not exist yet) would lie inside the directory src.
static bool inside(const char *src, const char *dst)
{
    char *s = realpath(src, NULL);
    if (!s) return false;
    // The parent of dst exists even if dst does not.
    char *d = xstrdup(dst);
    char *slash = strrchr(d, '/');
    char *parent;
    if (slash == d)
        parent = realpath("/", NULL);
    else if (slash) {
        *slash = '\0';
        parent = realpath(d, NULL);
    } else
        parent = realpath(".", NULL);
    bool in = false;
    if (parent) {
        size_t n = strlen(s);
        in = strncmp(parent, s, n) == 0 && (parent[n] == '\0' || parent[n] == '/' || n == 1);
    }
    free(s);
    free(d);
    free(parent);
    return in;
}

int main(int argc, char *argv[])
{
    prog_init("cp", "[-fpRr] source target | [-fpRr] source... directory");
    struct copy_opts o = {0};
    int c;
    while ((c = next_opt(argc, argv, "fpRr")) != -1) {
        if (c == 'f')
            o.force = true;
        else if (c == 'p')
            o.preserve = true;
        else
            o.recursive = true;
    }
    int n = argc - optind;
    if (n < 2) usage();
    const char *target = argv[argc - 1];
    struct stat st;
    bool to_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
    if (n > 2 && !to_dir) {
        errno = ENOTDIR;
        die_errno(target);
    }
    int status = 0;
    for (int i = optind; i < argc - 1; i++) {
        char buf[NAME_MAX + 1];
        char *dst =
            to_dir ? path_join(target, path_base(argv[i], buf, sizeof buf)) : xstrdup(target);
        struct stat sst;
        if (o.recursive && stat(argv[i], &sst) == 0 && S_ISDIR(sst.st_mode) &&
            inside(argv[i], dst)) {
            warn_msg("cannot copy directory '%s' into itself '%s'", argv[i], dst);
            status = 1;
        } else if (copy_path(argv[i], dst, &o) < 0) {
            status = 1;
        }
        free(dst);
    }
    return status;
}
