#define _XOPEN_SOURCE 700
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_load(struct buffer *b, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int err = errno;
        close(fd);
        return err;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, len = 0;
    char *data = malloc(cap);
    if (!data) {
        close(fd);
        return ENOMEM;
    }
    for (;;) {
        if (len == cap) {
            char *d = realloc(data, cap * 2);
            if (!d) {
                free(data);
                close(fd);
                return ENOMEM;
            }
            data = d;
            cap *= 2;
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            free(data);
            close(fd);
            return err;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    close(fd);
    int err = buf_set_text(b, data, len) < 0 ? ENOMEM : 0;
    free(data);
    return err;
}

static int write_all(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        s += n;
        len -= (size_t)n;
    }
    return 0;
}

int file_save(const struct buffer *b, const char *path, size_t *written)
{
    char target[PATH_MAX], tmp[PATH_MAX + 32];
    struct stat st;
    int have_mode = 0, err = 0;
    mode_t mode = 0;

    /* Save through a symbolic link to its target rather than replacing the link. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, target)) {
        path = target;
    }
    if (stat(path, &st) == 0) {
        have_mode = 1;
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }

    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    if (dirlen + strlen(base) + 16 >= sizeof tmp) return ENAMETOOLONG;
    memcpy(tmp, path, dirlen);
    tmp[dirlen] = '\0';
    strcat(tmp, ".");
    strcat(tmp, base);
    strcat(tmp, ".XXXXXX");

    size_t len;
    char *text = buf_text(b, &len);
    if (!text) return ENOMEM;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        err = errno;
        free(text);
        return err;
    }
    err = write_all(fd, text, len);
    free(text);
    if (!err && fchmod(fd, mode) < 0 && have_mode) err = errno;
    /* Keep the owner where allowed (root); otherwise the file becomes the saver's, as
     * when any new file replaces an old one, so a refusal is not an error. */
    if (!err && have_mode && (st.st_uid != getuid() || st.st_gid != getgid())) {
        int refused = fchown(fd, st.st_uid, st.st_gid);
        (void)refused;
    }
    if (!err && fsync(fd) < 0) err = errno;
    if (close(fd) < 0 && !err) err = errno;
    if (!err && rename(tmp, path) < 0) err = errno;
    if (err) {
        unlink(tmp);
        return err;
    }
    /* Make the rename durable; not every file system can sync a directory. */
    char dir[PATH_MAX];
    if (dirlen == 0) {
        strcpy(dir, ".");
    } else {
        memcpy(dir, path, dirlen);
        dir[dirlen] = '\0';
    }
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    *written = len;
    return 0;
}
