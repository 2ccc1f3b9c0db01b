/* Writing: many sizes, sparse files past 64 MiB, truncation, running out of space. */
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

static const size_t sizes[] = {
    0,       1,      511,   1024,  1025,   4095,   4096,     4097,
    12288,   12289,  49152, 49153, 274432, 274433, 1u << 20, (3u << 20) + 17,
    4243456, 4243457};
#define NSIZES (sizeof sizes / sizeof *sizes)

/* Write with a chunk size that varies per file, then read back and compare. */
static void write_pattern(struct ext2_fs *fs, uint32_t ino, size_t size, uint32_t seed)
{
    static uint8_t buf[70000];
    size_t chunk = 1 + (seed * 7919u) % sizeof buf, off = 0, put;
    while (off < size) {
        size_t n = size - off < chunk ? size - off : chunk;
        pattern(buf, n, off, seed);
        assert_int_equal(ext2_write(fs, ino, off, buf, n, &put), 0);
        assert_int_equal(put, n);
        off += n;
    }
}

static void check_pattern(struct ext2_fs *fs, uint32_t ino, size_t size, uint32_t seed)
{
    static uint8_t buf[65536], want[65536];
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.size, size);
    size_t off = 0, got;
    while (off < size) {
        size_t n = size - off < sizeof buf ? size - off : sizeof buf;
        assert_int_equal(ext2_read(fs, ino, off, buf, n, &got), 0);
        assert_int_equal(got, n);
        pattern(want, n, off, seed);
        assert_memory_equal(buf, want, n);
        off += n;
    }
}

/* The file at path on the image, as debugfs dumps it, must match the pattern. */
static void check_debugfs(const char *img, const char *path, size_t size, uint32_t seed)
{
    const char *out = tpath("dump.out");
    unlink(out);
    assert_int_equal(sh("debugfs -R 'dump %s %s' '%s' >/dev/null 2>&1", path, out, img), 0);
    size_t n;
    uint8_t *got = slurp(out, &n);
    assert_int_equal(n, size);
    uint8_t *want = malloc(size + 1);
    pattern(want, size, 0, seed);
    assert_memory_equal(got, want, size);
    free(got);
    free(want);
}

static void sizes_on(unsigned bs)
{
    const char *img = tpath("sizes.img");
    mkimg(img, bs, "48M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi;
    counts(fs, &fb0, &fi0);
    uint32_t ino[NSIZES];
    for (unsigned i = 0; i < NSIZES; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%zu", sizes[i]);
        assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, name, 0644, 1000, 100, &ino[i]), 0);
        write_pattern(fs, ino[i], sizes[i], i + 1);
    }
    for (unsigned i = 0; i < NSIZES; i++)
        check_pattern(fs, ino[i], sizes[i], i + 1);
    umount_ok(fs);
    fsck_clean(img);
    check_debugfs(img, "/f4243457", 4243457, NSIZES);
    check_debugfs(img, "/f274433", 274433, 14);
    check_debugfs(img, "/f1", 1, 2);

    /* Remove them all: every block and inode comes back. */
    fs = mount_ok(img);
    for (unsigned i = 0; i < NSIZES; i++) {
        check_pattern(fs, ino[i], sizes[i], i + 1);
        char name[32];
        snprintf(name, sizeof name, "f%zu", sizes[i]);
        assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, name), 0);
    }
    counts(fs, &fb, &fi);
    assert_int_equal(fi, fi0);
    assert_int_equal(fb, fb0);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_sizes_1k(void **state)
{
    (void)state;
    sizes_on(1024);
}

static void test_sizes_4k(void **state)
{
    (void)state;
    sizes_on(4096);
}

static void test_sparse_beyond_64m(void **state)
{
    (void)state;
    const char *img = tpath("sparse.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, ino;
    counts(fs, &fb0, &fi0);
    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "sparse", 0644, 0, 0, &ino), 0);
    /* Direct, indirect, double and triple indirect, and past 4 GiB (large_file). */
    const uint64_t offs[] = {5000,       100000,     10u << 20,           70u << 20,
                             300u << 20, 5ull << 30, (16ull << 30) - 4096};
    static uint8_t buf[3000], zero[4096];
    size_t put, got;
    for (unsigned i = 0; i < 7; i++) {
        pattern(buf, sizeof buf, offs[i], 9);
        assert_int_equal(ext2_write(fs, ino, offs[i], buf, sizeof buf, &put), 0);
        assert_int_equal(put, sizeof buf);
    }
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.size, offs[6] + sizeof buf);
    assert_true(st.blocks < 60 * 2);
    for (unsigned i = 0; i < 7; i++) {
        uint8_t want[3000];
        pattern(want, sizeof want, offs[i], 9);
        assert_int_equal(ext2_read(fs, ino, offs[i], buf, sizeof buf, &got), 0);
        assert_int_equal(got, sizeof buf);
        assert_memory_equal(buf, want, sizeof buf);
        uint8_t hole[4096];
        assert_int_equal(ext2_read(fs, ino, offs[i] + 5000, hole, sizeof hole, &got), 0);
        assert_memory_equal(hole, zero, got);
    }
    /* Past the triple indirect block's reach. */
    assert_int_equal(ext2_write(fs, ino, 17ull << 30, buf, 10, &put), -EFBIG);
    umount_ok(fs);
    fsck_clean(img);
    char out[8192];
    assert_int_equal(sh_out(out, sizeof out, "debugfs -R 'stat /sparse' '%s' 2>/dev/null", img), 0);
    assert_non_null(strstr(out, "(TIND)"));

    fs = mount_ok(img);
    assert_int_equal(ext2_truncate(fs, ino, 200000), 0);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.size, 200000);
    assert_int_equal(ext2_read(fs, ino, 100000, buf, sizeof buf, &got), 0);
    uint8_t want[3000];
    pattern(want, sizeof want, 100000, 9);
    assert_memory_equal(buf, want, sizeof buf);
    assert_int_equal(ext2_truncate(fs, ino, 0), 0);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, 0);
    assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, "sparse"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_truncate(void **state)
{
    (void)state;
    const char *img = tpath("trunc.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, ino;
    counts(fs, &fb0, &fi0);
    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "t", 0644, 0, 0, &ino), 0);
    write_pattern(fs, ino, 300000, 5);
    /* Down into the direct blocks, mid-block: the tail must read as zeros when regrown. */
    assert_int_equal(ext2_truncate(fs, ino, 5000), 0);
    check_pattern(fs, ino, 5000, 5);
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, 5 * 2);
    assert_int_equal(ext2_truncate(fs, ino, 9000), 0);
    static uint8_t buf[9000], zero[9000];
    size_t got, put;
    assert_int_equal(ext2_read(fs, ino, 5000, buf, 4000, &got), 0);
    assert_int_equal(got, 4000);
    assert_memory_equal(buf, zero, 4000);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, 5 * 2);
    /* Writing past the end leaves zeros between the old end and the new data. */
    assert_int_equal(ext2_truncate(fs, ino, 4500), 0);
    assert_int_equal(ext2_write(fs, ino, 4800, "abc", 3, &put), 0);
    assert_int_equal(ext2_read(fs, ino, 4500, buf, 303, &got), 0);
    assert_int_equal(got, 303);
    assert_memory_equal(buf, zero, 300);
    assert_memory_equal(buf + 300, "abc", 3);
    /* Up across indirect levels and back down to exactly an indirect boundary. */
    assert_int_equal(ext2_truncate(fs, ino, 2u << 20), 0);
    write_pattern(fs, ino, 400000, 6);
    assert_int_equal(ext2_truncate(fs, ino, 12 * 1024), 0);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, 12 * 2);
    check_pattern(fs, ino, 12 * 1024, 6);
    assert_int_equal(ext2_truncate(fs, ino, (12 + 256) * 1024 + 1), 0);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, 12 * 2);
    write_pattern(fs, ino, (12 + 256 + 5) * 1024, 7);
    assert_int_equal(ext2_truncate(fs, ino, (12 + 256) * 1024), 0);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, (12 + 1 + 256) * 2);
    umount_ok(fs);
    fsck_clean(img);
    fs = mount_ok(img);
    check_pattern(fs, ino, (12 + 256) * 1024, 7);
    assert_int_equal(ext2_truncate(fs, ino, 0), 0);
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    assert_int_equal(st.blocks, 0);
    assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, "t"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    assert_int_equal(ext2_truncate(fs, EXT2_ROOT_INO, 0), -EISDIR);
    assert_int_equal(ext2_write(fs, EXT2_ROOT_INO, 0, "x", 1, &put), -EISDIR);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_overwrite_middle(void **state)
{
    (void)state;
    const char *img = tpath("over.img");
    mkimg(img, 4096, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t ino;
    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "o", 0644, 0, 0, &ino), 0);
    write_pattern(fs, ino, 100000, 11);
    static uint8_t buf[100000], want[100000];
    pattern(want, sizeof want, 0, 11);
    size_t put, got;
    memset(want + 4000, 'x', 9000);
    assert_int_equal(ext2_write(fs, ino, 4000, want + 4000, 9000, &put), 0);
    memset(want + 99990, 'y', 10);
    assert_int_equal(ext2_write(fs, ino, 99990, want + 99990, 10, &put), 0);
    umount_ok(fs);
    fsck_clean(img);
    fs = mount_ok(img);
    assert_int_equal(ext2_read(fs, ino, 0, buf, sizeof buf, &got), 0);
    assert_int_equal(got, sizeof buf);
    assert_memory_equal(buf, want, sizeof buf);
    umount_ok(fs);
}

static void test_out_of_space(void **state)
{
    (void)state;
    const unsigned bss[] = {1024, 4096};
    for (unsigned k = 0; k < 2; k++) {
        const char *img = tpath("full.img");
        mkimg(img, bss[k], "2M", NULL, "-N 64");
        struct ext2_fs *fs = mount_ok(img);
        uint32_t fb0, fi0, fb, fi, ino, big;
        counts(fs, &fb0, &fi0);
        assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "big", 0644, 0, 0, &big), 0);
        static uint8_t buf[65536];
        pattern(buf, sizeof buf, 0, 3);
        uint64_t off = 0;
        size_t put;
        int rc;
        while ((rc = ext2_write(fs, big, off, buf, sizeof buf, &put)) == 0)
            off += put;
        assert_int_equal(rc, -ENOSPC);
        off += put;
        counts(fs, &fb, &fi);
        assert_int_equal(fb, 0);
        struct ext2_stat st;
        assert_int_equal(ext2_stat(fs, big, &st), 0);
        assert_int_equal(st.size, off);
        assert_true(off > (uint64_t)fb0 * bss[k] * 9 / 10);
        /* Nothing needing a block can happen now; nothing gets half done either. */
        assert_int_equal(ext2_write(fs, big, off, buf, 1, &put), -ENOSPC);
        assert_int_equal(put, 0);
        assert_int_equal(ext2_mkdir(fs, EXT2_ROOT_INO, "d", 0755, 0, 0, &ino), -ENOSPC);
        uint32_t sl;
        char target[300];
        memset(target, 't', sizeof target - 1);
        target[sizeof target - 1] = 0;
        assert_int_equal(ext2_symlink(fs, EXT2_ROOT_INO, "s", target, 0, 0, &sl), -ENOSPC);
        /* A sparse write far away needs indirect blocks too. */
        assert_int_equal(ext2_write(fs, big, 100u << 20, buf, 10, &put), -ENOSPC);
        assert_int_equal(ext2_stat(fs, big, &st), 0);
        assert_int_equal(st.size, off);
        /* Fill the root directory's free space with names until it needs a new block. */
        int made = 0;
        for (;;) {
            char name[64];
            snprintf(name, sizeof name, "name-that-fills-the-directory-%04d", made);
            rc = ext2_create(fs, EXT2_ROOT_INO, name, 0644, 0, 0, &ino);
            if (rc) break;
            made++;
        }
        assert_int_equal(rc, -ENOSPC);
        counts(fs, &fb, &fi);
        assert_int_equal(fb, 0);
        umount_ok(fs);
        fsck_clean(img);

        fs = mount_ok(img);
        for (int i = 0; i < made; i++) {
            char name[64];
            snprintf(name, sizeof name, "name-that-fills-the-directory-%04d", i);
            assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, name), 0);
        }
        assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, "big"), 0);
        counts(fs, &fb, &fi);
        assert_int_equal(fb, fb0);
        assert_int_equal(fi, fi0);
        umount_ok(fs);
        fsck_clean(img);
    }
}

static void test_out_of_inodes(void **state)
{
    (void)state;
    const char *img = tpath("noino.img");
    mkimg(img, 1024, "4M", NULL, "-N 32");
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, ino;
    counts(fs, &fb0, &fi0);
    int made = 0, rc;
    for (;;) {
        char name[32];
        snprintf(name, sizeof name, "%s%d", made % 2 ? "d" : "f", made);
        rc = made % 2 ? ext2_mkdir(fs, EXT2_ROOT_INO, name, 0755, 0, 0, &ino)
                      : ext2_create(fs, EXT2_ROOT_INO, name, 0644, 0, 0, &ino);
        if (rc) break;
        made++;
    }
    assert_int_equal(rc, -ENOSPC);
    assert_int_equal(made, (int)fi0);
    umount_ok(fs);
    fsck_clean(img);
    fs = mount_ok(img);
    for (int i = 0; i < made; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s%d", i % 2 ? "d" : "f", i);
        rc = i % 2 ? ext2_rmdir(fs, EXT2_ROOT_INO, name) : ext2_unlink(fs, EXT2_ROOT_INO, name);
        assert_int_equal(rc, 0);
    }
    counts(fs, &fb, &fi);
    assert_int_equal(fi, fi0);
    assert_int_equal(fb, fb0);
    umount_ok(fs);
    fsck_clean(img);
}

/* Files and directories that mke2fs -d made change as well as our own. */
static void test_modify_populated(void **state)
{
    (void)state;
    const char *src = tpath("msrc");
    const char *img = tpath("populated.img");
    char host[600];
    assert_int_equal(sh("rm -rf '%s' && mkdir -p '%s/many' && cd '%s' && "
                        "for i in $(seq 1 300); do echo $i > many/file_$i; done && "
                        "ln -s $(printf 'q%%.0s' $(seq 1 100)) slow",
                        src, src, src),
                     0);
    static uint8_t buf[3u << 20];
    pattern(buf, sizeof buf, 0, 21);
    snprintf(host, sizeof host, "%s/big", src);
    spit(host, buf, 2u << 20);
    assert_int_equal(sh("ln '%s/big' '%s/big2'", src, src), 0);
    mkimg(img, 1024, "16M", src, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, big = resolve(fs, "/big"), many = resolve(fs, "/many");
    counts(fs, &fb0, &fi0);
    size_t put;
    assert_int_equal(ext2_write(fs, big, 2u << 20, buf + (2u << 20), 1u << 20, &put), 0);
    check_pattern(fs, big, 3u << 20, 21);
    assert_int_equal(ext2_truncate(fs, big, 300000), 0);
    check_pattern(fs, big, 300000, 21);
    char name[32];
    for (int i = 1; i <= 300; i += 3) {
        snprintf(name, sizeof name, "file_%d", i);
        assert_int_equal(ext2_unlink(fs, many, name), 0);
    }
    assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, "slow"), 0);
    umount_ok(fs);
    fsck_clean(img);
    fs = mount_ok(img);
    check_pattern(fs, big, 300000, 21);
    assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, "big"), 0);
    assert_int_equal(ext2_unlink(fs, EXT2_ROOT_INO, "big2"), 0);
    for (int i = 1; i <= 300; i++) {
        snprintf(name, sizeof name, "file_%d", i);
        int rc = ext2_unlink(fs, many, name);
        assert_int_equal(rc, i % 3 == 1 ? -ENOENT : 0);
    }
    assert_int_equal(ext2_rmdir(fs, EXT2_ROOT_INO, "many"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fi, fi0 + 300 + 3);
    assert_true(fb > fb0 + 2048);
    umount_ok(fs);
    fsck_clean(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_1k),          cmocka_unit_test(test_sizes_4k),
        cmocka_unit_test(test_sparse_beyond_64m), cmocka_unit_test(test_truncate),
        cmocka_unit_test(test_overwrite_middle),  cmocka_unit_test(test_out_of_space),
        cmocka_unit_test(test_out_of_inodes),     cmocka_unit_test(test_modify_populated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
