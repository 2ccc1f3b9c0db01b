#define _XOPEN_SOURCE 700
#include "copy.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void preserve_attrs(const char *dst, const struct stat *st, bool is_link)
{
    if (is_link) return;
    if (chown(dst, st->st_uid, st->st_gid) < 0 && errno != EPERM) warn_errno(dst);
    if (chmod(dst, st->st_mode & 07777) < 0) warn_errno(dst);
    struct timespec ts[2] = {st->st_atim, st->st_mtim};
    if (utimensat(AT_FDCWD, dst, ts, 0) < 0) warn_errno(dst);
}

static int copy_regular(const char *src, const char *dst, const struct stat *st,
                        const struct copy_opts *o)
{
    int in = open(src, O_RDONLY);
    if (in < 0) {
        warn_errno(src);
        return -1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
    if (out < 0 && o->force && errno != ENOENT) {
        unlink(dst);
        out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
    }
    if (out < 0) {
        warn_errno(dst);
        close(in);
        return -1;
    }
    bool read_failed = false;
    int rc = 0;
    if (copy_fd(in, out, &read_failed) < 0) {
        warn_errno(read_failed ? src : dst);
        rc = -1;
    }
    close(in);
    if (close(out) < 0 && rc == 0) {
        warn_errno(dst);
        rc = -1;
    }
    if (rc == 0 && o->preserve) preserve_attrs(dst, st, false);
    return rc;
}

static int copy_dir(const char *src, const char *dst, const struct stat *st,
                    const struct copy_opts *o)
{
    struct stat dst_st;
    bool made = false;
    if (stat(dst, &dst_st) == 0) {
        if (!S_ISDIR(dst_st.st_mode)) {
            warn_msg("%s: cannot overwrite non-directory with directory", dst);
            return -1;
        }
    } else {
        // Owner-writable while filling it; the real mode is set afterwards.
        if (mkdir(dst, (st->st_mode & 0777) | S_IRWXU) < 0) {
            warn_errno(dst);
            return -1;
        }
        made = true;
    }
    DIR *d = opendir(src);
    if (!d) {
        warn_errno(src);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *s = path_join(src, e->d_name);
        char *t = path_join(dst, e->d_name);
        if (copy_path(s, t, o) < 0) rc = -1;
        free(s);
        free(t);
        errno = 0;
    }
    if (errno) {
        warn_errno(src);
        rc = -1;
    }
    closedir(d);
    if (o->preserve) {
        preserve_attrs(dst, st, false);
    } else if (made) {
        mode_t mask = umask(0);
        umask(mask);
        if (chmod(dst, st->st_mode & 0777 & ~mask) < 0) warn_errno(dst);
    }
    return rc;
}

int copy_path(const char *src, const char *dst, const struct copy_opts *o)
{
    struct stat st, dst_st;
    int r = o->recursive ? lstat(src, &st) : stat(src, &st);
    if (r < 0) {
        warn_errno(src);
        return -1;
    }
    if (stat(dst, &dst_st) == 0 && dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino) {
        warn_msg("'%s' and '%s' are the same file", src, dst);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!o->recursive) {
            warn_msg("%s: is a directory (not copied; use -r)", src);
            return -1;
        }
        return copy_dir(src, dst, &st, o);
    }
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0) {
            warn_errno(src);
            return -1;
        }
        target[n] = '\0';
        if (symlink(target, dst) < 0) {
            if (errno == EEXIST && unlink(dst) == 0 && symlink(target, dst) == 0) return 0;
            warn_errno(dst);
            return -1;
        }
        return 0;
    }
    if (S_ISFIFO(st.st_mode)) {
        if (mkfifo(dst, st.st_mode & 0777) < 0) {
            warn_errno(dst);
            return -1;
        }
        if (o->preserve) preserve_attrs(dst, &st, false);
        return 0;
    }
    if (!S_ISREG(st.st_mode) && o->recursive) {
        warn_msg("%s: cannot copy a special file", src);
        return -1;
    }
    return copy_regular(src, dst, &st, o);
}

int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        warn_errno(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) < 0) {
            warn_errno(path);
            return -1;
        }
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        warn_errno(path);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *p = path_join(path, e->d_name);
        if (remove_tree(p) < 0) rc = -1;
        free(p);
    }
    closedir(d);
    if (rc == 0 && rmdir(path) < 0) {
        warn_errno(path);
        rc = -1;
    }
    return rc;
}
