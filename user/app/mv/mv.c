#define _XOPEN_SOURCE 700
// mv: moves files: mv [-fi] source target, or mv [-fi] source... directory.
// Across file systems it copies (keeping modes, owners and times) and removes the source
// only after the whole copy succeeded.
#include "copy.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool force, interactive;

static int move(const char *src, const char *dst)
{
    struct stat sst, dst_st;
    if (lstat(src, &sst) < 0) {
        warn_errno(src);
        return -1;
    }
    bool exists = lstat(dst, &dst_st) == 0;
    if (exists && dst_st.st_dev == sst.st_dev && dst_st.st_ino == sst.st_ino) {
        warn_msg("'%s' and '%s' are the same file", src, dst);
        return -1;
    }
    if (exists && !force &&
        (interactive || (access(dst, W_OK) < 0 && !S_ISLNK(dst_st.st_mode) && isatty(0)))) {
        if (!ask_yes("overwrite '%s'? ", dst)) return 0;
    }
    if (rename(src, dst) == 0) return 0;
    if (errno != EXDEV) {
        char what[PATH_MAX * 2 + 8];
        snprintf(what, sizeof what, "%s -> %s", src, dst);
        warn_errno(what);
        return -1;
    }
    // Copy under a temporary name beside dst, then rename it over dst: an error at any
    // point leaves both the source and the old target as they were.
    size_t n = strlen(dst) + 32;
    char *tmp = xmalloc(n);
    char base[NAME_MAX + 1];
    path_base(dst, base, sizeof base);
    const char *slash = strrchr(dst, '/');
    int dir_len = slash ? (int)(slash - dst + 1) : 0;
    snprintf(tmp, n, "%.*s.%s.mv%ld", dir_len, dst, base, (long)getpid());
    struct copy_opts o = {.recursive = true, .preserve = true, .force = true};
    if (copy_path(src, tmp, &o) < 0) {
        if (lstat(tmp, &dst_st) == 0) remove_tree(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, dst) < 0) {
        warn_errno(dst);
        remove_tree(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return remove_tree(src);
}

int main(int argc, char *argv[])
{
    prog_init("mv", "[-fi] source target | [-fi] source... directory");
    int c;
    while ((c = next_opt(argc, argv, "fi")) != -1) {
        force = c == 'f';
        interactive = c == 'i';
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
        if (move(argv[i], dst) < 0) status = 1;
        free(dst);
    }
    return status;
}
