/* Reading images that mke2fs -d populated: contents, holes, directories, links. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

#define LARGE (5u << 20) /* double indirect with 1 KiB and 4 KiB blocks */
#define MANY 300
static const char *long_target =
    "a/very/long/symlink/target/that/does/not/fit/into/the/sixty/bytes/of/i_block/"
    "and/therefore/needs/a/block/of/its/own/0123456789/0123456789/0123456789/end";

static void make_tree(const char *src)
{
    char p[600];
    assert_int_equal(sh("rm -rf '%s' && mkdir -p '%s/many' '%s/a/b/c'", src, src, src), 0);
    snprintf(p, sizeof p, "%s/small.txt", src);
    spit(p, "hello world\n", 12);
    snprintf(p, sizeof p, "%s/empty", src);
    spit(p, "", 0);
    uint8_t *buf = malloc(LARGE);
    assert_non_null(buf);
    pattern(buf, 50000, 0, 1);
    snprintf(p, sizeof p, "%s/medium.bin", src);
    spit(p, buf, 50000);
    pattern(buf, LARGE, 0, 2);
    snprintf(p, sizeof p, "%s/large.bin", src);
    spit(p, buf, LARGE);
    pattern(buf, 4096, 0, 3);
    snprintf(p, sizeof p, "%s/a/b/c/deep.txt", src);
    spit(p, buf, 4096);
    free(buf);
    for (int i = 0; i < MANY; i++) {
        snprintf(p, sizeof p, "%s/many/entry_%03d_with_a_somewhat_longer_name", src, i);
        spit(p, p, strlen(p));
    }
    assert_int_equal(sh("cd '%s' && truncate -s 40M sparse && printf middle | dd of=sparse bs=1 "
                        "seek=20000000 conv=notrunc 2>/dev/null && ln -s small.txt short && "
                        "ln -s %s long && ln medium.bin hardlink",
                        src, long_target),
                     0);
}

static void check_file(struct ext2_fs *fs, const char *path, const char *host)
{
    size_t n, got;
    uint8_t *want = slurp(host, &n);
    uint32_t ino = resolve(fs, path);
    assert_int_not_equal(ino, 0);
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.size, n);
    assert_int_equal(st.mode & EXT2_S_IFMT, EXT2_S_IFREG);
    uint8_t *buf = malloc(n + 10);
    assert_non_null(buf);
    /* Odd chunk sizes cross block boundaries everywhere. */
    size_t off = 0;
    while (off < n) {
        assert_int_equal(ext2_read(fs, ino, off, buf + off, 7777, &got), 0);
        assert_true(got > 0);
        off += got;
    }
    assert_int_equal(off, n);
    assert_memory_equal(buf, want, n);
    assert_int_equal(ext2_read(fs, ino, n, buf, 10, &got), 0);
    assert_int_equal(got, 0);
    assert_int_equal(ext2_read(fs, ino, n + 12345, buf, 10, &got), 0);
    assert_int_equal(got, 0);
    free(buf);
    free(want);
}

static void read_image(unsigned bs)
{
    const char *src = tpath("src");
    const char *img = tpath("read.img");
    char host[600];
    make_tree(src);
    mkimg(img, bs, "32M", src, NULL);
    struct ext2_fs *fs;
    assert_int_equal(mount_file(img, EXT2_MOUNT_RO, 16, &fs), 0);

    const char *files[] = {"small.txt",      "empty",
                           "medium.bin",     "large.bin",
                           "a/b/c/deep.txt", "many/entry_123_with_a_somewhat_longer_name",
                           "hardlink"};
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
        char path[300];
        snprintf(path, sizeof path, "/%s", files[i]);
        snprintf(host, sizeof host, "%s/%s", src, files[i]);
        check_file(fs, path, host);
    }

    /* Hard links share the inode and count both names. */
    struct ext2_stat st;
    assert_int_equal(resolve(fs, "/hardlink"), resolve(fs, "/medium.bin"));
    assert_int_equal(ext2_stat(fs, resolve(fs, "/hardlink"), &st), 0);
    assert_int_equal(st.links, 2);

    /* The sparse file: holes read as zeros and take no blocks. */
    uint32_t sp = resolve(fs, "/sparse");
    assert_int_equal(ext2_stat(fs, sp, &st), 0);
    assert_int_equal(st.size, 40u << 20);
    assert_true(st.blocks <= 4 * bs / 512);
    static uint8_t buf[65536], zero[65536];
    size_t got;
    assert_int_equal(ext2_read(fs, sp, 0, buf, sizeof buf, &got), 0);
    assert_int_equal(got, sizeof buf);
    assert_memory_equal(buf, zero, sizeof buf);
    assert_int_equal(ext2_read(fs, sp, 20000000 - 100, buf, 200, &got), 0);
    assert_int_equal(got, 200);
    assert_memory_equal(buf, zero, 100);
    assert_memory_equal(buf + 100, "middle", 6);
    assert_memory_equal(buf + 106, zero, 94);
    assert_int_equal(ext2_read(fs, sp, (40u << 20) - 10, buf, 100, &got), 0);
    assert_int_equal(got, 10);
    assert_memory_equal(buf, zero, 10);

    /* Symlinks, fast and slow. */
    char link[4096];
    size_t len;
    assert_int_equal(ext2_readlink(fs, resolve(fs, "/short"), link, sizeof link, &len), 0);
    assert_int_equal(len, 9);
    assert_string_equal(link, "small.txt");
    assert_int_equal(ext2_readlink(fs, resolve(fs, "/long"), link, sizeof link, &len), 0);
    assert_int_equal(len, strlen(long_target));
    assert_string_equal(link, long_target);
    assert_int_equal(ext2_readlink(fs, resolve(fs, "/long"), link, 5, &len), 0);
    assert_int_equal(len, 5);
    assert_memory_equal(link, long_target, 5);
    assert_int_equal(ext2_readlink(fs, resolve(fs, "/small.txt"), link, sizeof link, &len),
                     -EINVAL);
    assert_int_equal(ext2_read(fs, resolve(fs, "/short"), 0, buf, 10, &got), -EINVAL);
    assert_int_equal(ext2_read(fs, resolve(fs, "/a"), 0, buf, 10, &got), -EISDIR);

    /* The big directory lists every entry once, with types. */
    uint32_t many = resolve(fs, "/many");
    assert_int_equal(ext2_stat(fs, many, &st), 0);
    assert_true(st.size > bs);
    static char seen[MANY];
    memset(seen, 0, sizeof seen);
    uint64_t pos = 0;
    struct ext2_dirent de;
    int n = 0, rc;
    while ((rc = ext2_readdir(fs, many, &pos, &de)) == 1) {
        n++;
        if (de.name[0] == '.') {
            assert_int_equal(de.type, EXT2_FT_DIR);
            continue;
        }
        int idx;
        assert_int_equal(sscanf(de.name, "entry_%d_", &idx), 1);
        assert_true(idx >= 0 && idx < MANY);
        assert_false(seen[idx]);
        seen[idx] = 1;
        assert_int_equal(de.type, EXT2_FT_REG);
        assert_int_equal(de.name_len, strlen(de.name));
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, MANY + 2);
    assert_int_equal(ext2_readdir(fs, many, &pos, &de), 0);

    uint32_t ino;
    assert_int_equal(ext2_lookup(fs, EXT2_ROOT_INO, "nope", &ino), -ENOENT);
    assert_int_equal(ext2_lookup(fs, resolve(fs, "/small.txt"), "x", &ino), -ENOTDIR);
    assert_int_equal(ext2_lookup(fs, resolve(fs, "/a/b"), "..", &ino), 0);
    assert_int_equal(ino, resolve(fs, "/a"));
    assert_int_equal(ext2_lookup(fs, EXT2_ROOT_INO, "..", &ino), 0);
    assert_int_equal(ino, EXT2_ROOT_INO);
    assert_int_equal(ext2_stat(fs, 0, &st), -EINVAL);
    assert_int_equal(ext2_stat(fs, 1u << 30, &st), -EINVAL);
    umount_ok(fs);
}

static void test_read_1k(void **state)
{
    (void)state;
    read_image(1024);
}

static void test_read_4k(void **state)
{
    (void)state;
    read_image(4096);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_1k),
        cmocka_unit_test(test_read_4k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
