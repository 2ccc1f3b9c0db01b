#define _XOPEN_SOURCE 700
// rm: removes files: rm [-fiRr] file...; -r removes directories with their contents.
// "/", "." and ".." are refused.
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool force, interactive, recursive;

static int remove_path(const char *path);

static int remove_dir(const char *path, const struct stat *st)
{
    (void)st;
    if (interactive && !ask_yes("descend into directory '%s'? ", path)) return 0;
    DIR *d = opendir(path);
    if (!d) {
        warn_errno(path);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    // Names first, then removal: removing while reading may skip entries.
    char **names = NULL;
    size_t n = 0;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = path_join(path, e->d_name);
        }
        errno = 0;
    }
    if (errno) {
        warn_errno(path);
        rc = -1;
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        if (remove_path(names[i]) < 0) rc = -1;
        free(names[i]);
    }
    free(names);
    if (rc < 0) return -1;
    if (interactive && !ask_yes("remove directory '%s'? ", path)) return 0;
    if (rmdir(path) < 0) {
        warn_errno(path);
        return -1;
    }
    return 0;
}

static int remove_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (force && errno == ENOENT) return 0;
        warn_errno(path);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            warn_msg("%s: is a directory (use -r)", path);
            return -1;
        }
        return remove_dir(path, &st);
    }
    if (interactive) {
        if (!ask_yes("remove '%s'? ", path)) return 0;
    } else if (!force && !S_ISLNK(st.st_mode) && access(path, W_OK) < 0 && isatty(0)) {
        if (!ask_yes("remove write-protected file '%s'? ", path)) return 0;
    }
    if (unlink(path) < 0) {
        warn_errno(path);
        return -1;
    }
    return 0;
}

// "/" and anything whose last component is "." or "..".
static bool forbidden(const char *path)
{
    const char *p = path;
    while (*p == '/')
        p++;
    if (*path == '/' && *p == '\0') return true;
    char buf[4];
    const char *base = path_base(path, buf, sizeof buf);
    return strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
}

int main(int argc, char *argv[])
{
    prog_init("rm", "[-fiRr] file...");
    int c;
    while ((c = next_opt(argc, argv, "fiRr")) != -1) {
        if (c == 'f') {
            force = true;
            interactive = false;
        } else if (c == 'i') {
            interactive = true;
            force = false;
        } else {
            recursive = true;
        }
    }
    if (optind == argc) {
        if (force) return 0;
        usage();
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        if (forbidden(argv[i])) {
            warn_msg("refusing to remove '%s'", argv[i]);
            status = 1;
            continue;
        }
        if (remove_path(argv[i]) < 0) status = 1;
    }
    return status;
}
