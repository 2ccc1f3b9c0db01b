#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

static char tmpdir[256];

static void tmp_cleanup(void)
{
    if (tmpdir[0] && !getenv("EXT2_TEST_KEEP")) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    }
}

const char *tpath(const char *name)
{
    static char bufs[8][512];
    static unsigned next;
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(tmpdir, sizeof tmpdir, "%s/ext2test.XXXXXX", base);
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(tmp_cleanup);
        /* e2fsprogs live in sbin. */
        char path[4096];
        snprintf(path, sizeof path, "/usr/sbin:/sbin:%s",
                 getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
        setenv("PATH", path, 1);
    }
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
    return b;
}

static int sh_v(char *out, size_t cap, const char *fmt, va_list ap)
{
    char cmd[8192];
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    if (!out) {
        int st = system(cmd);
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    char sink[4096];
    while (fread(sink, 1, sizeof sink, p) > 0)
        ;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sh_v(NULL, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int sh_out(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sh_v(out, cap, fmt, ap);
    va_end(ap);
    return rc;
}

void mkimg(const char *img, unsigned bs, const char *size, const char *src, const char *opts)
{
    unlink(img);
    int rc = sh("mke2fs -q -F -t ext2 -b %u %s %s%s%s '%s' %s >/dev/null", bs, opts ? opts : "",
                src ? "-d '" : "", src ? src : "", src ? "'" : "", img, size);
    assert_int_equal(rc, 0);
}

void fsck_clean(const char *img)
{
    static char out[65536];
    int rc = sh_out(out, sizeof out, "e2fsck -fn '%s' 2>&1", img);
    if (rc != 0) fprintf(stderr, "e2fsck -fn %s exited %d:\n%s\n", img, rc, out);
    assert_int_equal(rc, 0);
}

struct fctx {
    int fd;
};

static int f_read(void *ctx, uint64_t off, void *buf, size_t n)
{
    struct fctx *c = ctx;
    return pread(c->fd, buf, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

static int f_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
    struct fctx *c = ctx;
    return pwrite(c->fd, buf, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

static void *t_alloc(void *ctx, size_t n)
{
    (void)ctx;
    return malloc(n);
}

static void t_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static uint32_t t_now(void *ctx)
{
    (void)ctx;
    return (uint32_t)time(NULL);
}

struct ext2_dev file_dev(const char *img)
{
    struct fctx *c = malloc(sizeof *c);
    assert_non_null(c);
    c->fd = open(img, O_RDWR);
    if (c->fd < 0) c->fd = open(img, O_RDONLY);
    assert_true(c->fd >= 0);
    struct stat st;
    assert_int_equal(fstat(c->fd, &st), 0);
    return (struct ext2_dev){.read = f_read,
                             .write = f_write,
                             .alloc = t_alloc,
                             .free = t_free,
                             .now = t_now,
                             .ctx = c,
                             .size = (uint64_t)st.st_size};
}

static void dev_close(struct ext2_dev *d)
{
    struct fctx *c = d->ctx;
    if (d->read == f_read) {
        close(c->fd);
        free(c);
    }
}

struct mctx {
    uint8_t *data;
    size_t size;
};

static int m_read(void *ctx, uint64_t off, void *buf, size_t n)
{
    struct mctx *c = ctx;
    if (off > c->size || n > c->size - off) return -1;
    memcpy(buf, c->data + off, n);
    return 0;
}

static int m_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
    struct mctx *c = ctx;
    if (off > c->size || n > c->size - off) return -1;
    memcpy(c->data + off, buf, n);
    return 0;
}

struct ext2_dev mem_dev(uint8_t *data, size_t size)
{
    static struct mctx c;
    c.data = data;
    c.size = size;
    return (struct ext2_dev){.read = m_read,
                             .write = m_write,
                             .alloc = t_alloc,
                             .free = t_free,
                             .now = t_now,
                             .ctx = &c,
                             .size = size};
}

int mount_file(const char *img, unsigned flags, unsigned cache_blocks, struct ext2_fs **fs)
{
    struct ext2_dev d = file_dev(img);
    d.cache_blocks = cache_blocks;
    int rc = ext2_mount(&d, flags, fs);
    if (rc) dev_close(&d);
    return rc;
}

struct ext2_fs *mount_ok(const char *img)
{
    struct ext2_fs *fs = NULL;
    /* A small cache exercises eviction and write-back all the time. */
    assert_int_equal(mount_file(img, 0, 16, &fs), 0);
    return fs;
}

void umount_ok(struct ext2_fs *fs)
{
    assert_int_equal(cache_pinned(fs), 0);
    struct ext2_dev d = fs->dev;
    assert_int_equal(ext2_unmount(fs), 0);
    dev_close(&d);
}

void umount_any(struct ext2_fs *fs)
{
    struct ext2_dev d = fs->dev;
    ext2_unmount(fs);
    dev_close(&d);
}

uint32_t resolve(struct ext2_fs *fs, const char *path)
{
    uint32_t ino = EXT2_ROOT_INO;
    char comp[EXT2_NAME_MAX + 2];
    while (*path) {
        while (*path == '/')
            path++;
        size_t n = strcspn(path, "/");
        if (n == 0) break;
        if (n > EXT2_NAME_MAX) return 0;
        memcpy(comp, path, n);
        comp[n] = 0;
        if (ext2_lookup(fs, ino, comp, &ino) != 0) return 0;
        path += n;
    }
    return ino;
}

void pattern(uint8_t *buf, size_t n, uint64_t off, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t x = (off + i) * 0x9E3779B97F4A7C15ull + seed;
        x ^= x >> 29;
        buf[i] = (uint8_t)(x ^ (x >> 17));
    }
}

uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

void spit(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

void sb_read(const char *img, struct ext2_super *sb)
{
    int fd = open(img, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, sb, sizeof *sb, 1024), sizeof *sb);
    close(fd);
}

void sb_write(const char *img, const struct ext2_super *sb)
{
    int fd = open(img, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, sb, sizeof *sb, 1024), sizeof *sb);
    close(fd);
}

void counts(struct ext2_fs *fs, uint32_t *blocks, uint32_t *inodes)
{
    struct ext2_statfs st;
    assert_int_equal(ext2_statfs(fs, &st), 0);
    *blocks = st.free_blocks;
    *inodes = st.free_inodes;
}
