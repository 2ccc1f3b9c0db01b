/* Mount validation, read-only rules and clean unmount. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

static int mount_rc(const char *img)
{
    struct ext2_fs *fs;
    int rc = mount_file(img, 0, 0, &fs);
    if (rc == 0) umount_any(fs);
    return rc;
}

static void test_mount_1k_and_4k(void **state)
{
    (void)state;
    unsigned sizes[] = {1024, 2048, 4096};
    for (unsigned i = 0; i < 3; i++) {
        const char *img = tpath("ok.img");
        mkimg(img, sizes[i], "16M", NULL, NULL);
        struct ext2_fs *fs = mount_ok(img);
        struct ext2_statfs st;
        assert_int_equal(ext2_statfs(fs, &st), 0);
        assert_int_equal(st.block_size, sizes[i]);
        assert_int_equal((uint64_t)st.blocks * st.block_size, 16u << 20);
        assert_false(st.read_only);
        struct ext2_stat rs;
        assert_int_equal(ext2_stat(fs, EXT2_ROOT_INO, &rs), 0);
        assert_int_equal(rs.mode & EXT2_S_IFMT, EXT2_S_IFDIR);
        assert_int_not_equal(resolve(fs, "/lost+found"), 0);
        umount_ok(fs);
        fsck_clean(img);
    }
}

static void test_clean_unmount(void **state)
{
    (void)state;
    const char *img = tpath("clean.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_super before, during, after;
    sb_read(img, &before);
    assert_true(before.s_state & EXT2_STATE_VALID);
    struct ext2_fs *fs = mount_ok(img);
    sb_read(img, &during);
    assert_false(during.s_state & EXT2_STATE_VALID);
    uint32_t ino;
    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "f", 0644, 0, 0, &ino), 0);
    umount_ok(fs);
    sb_read(img, &after);
    assert_int_equal(after.s_state, EXT2_STATE_VALID);
    assert_int_equal(after.s_mnt_count, before.s_mnt_count + 1);
    assert_true(after.s_mtime >= before.s_wtime);
    assert_true(after.s_wtime >= after.s_mtime);
    fsck_clean(img);
    char out[4096];
    assert_int_equal(sh_out(out, sizeof out, "dumpe2fs -h '%s' 2>/dev/null", img), 0);
    assert_non_null(strstr(out, "Filesystem state:         clean"));
}

static void test_truncated_image(void **state)
{
    (void)state;
    const char *img = tpath("trunc.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    assert_int_equal(truncate(img, 4 << 20), 0);
    assert_int_equal(mount_rc(img), -EINVAL);
    assert_int_equal(truncate(img, 1500), 0);
    assert_int_equal(mount_rc(img), -EINVAL);
}

/* Change one superblock field of a fresh image and expect rc from mount. */
#define SB_CASE(bs, field, value, rc)                                                              \
    do {                                                                                           \
        const char *img = tpath("sb.img");                                                         \
        mkimg(img, bs, "8M", NULL, NULL);                                                          \
        struct ext2_super sb;                                                                      \
        sb_read(img, &sb);                                                                         \
        sb.field = value;                                                                          \
        sb_write(img, &sb);                                                                        \
        assert_int_equal(mount_rc(img), rc);                                                       \
    } while (0)

static void test_bad_superblocks(void **state)
{
    (void)state;
    SB_CASE(1024, s_magic, 0xEF54, -EINVAL);
    SB_CASE(1024, s_log_block_size, 3, -EINVAL);
    SB_CASE(1024, s_log_block_size, 2, -EINVAL); /* block size no longer matches the layout */
    SB_CASE(4096, s_log_block_size, 0, -EINVAL);
    SB_CASE(1024, s_rev_level, 2, -EINVAL);
    SB_CASE(1024, s_inode_size, 100, -EINVAL);
    SB_CASE(1024, s_inode_size, 2048, -EINVAL);
    SB_CASE(1024, s_first_data_block, 0, -EINVAL);
    SB_CASE(1024, s_blocks_per_group, 0, -EINVAL);
    SB_CASE(1024, s_blocks_per_group, 4096, -EINVAL); /* group count no longer matches inodes */
    SB_CASE(1024, s_inodes_count, 12345, -EINVAL);
    SB_CASE(1024, s_inodes_per_group, 0, -EINVAL);
    SB_CASE(1024, s_blocks_count, 1u << 30, -EINVAL);
    SB_CASE(1024, s_free_blocks_count, 1u << 30, -EINVAL);
    SB_CASE(1024, s_first_ino, 3, -EINVAL);
    SB_CASE(1024, s_feature_incompat, EXT2_INCOMPAT_FILETYPE | 0x40, -ENOTSUP); /* extents */
    SB_CASE(1024, s_feature_incompat, EXT2_INCOMPAT_FILETYPE | 0x80, -ENOTSUP); /* 64bit */
    SB_CASE(1024, s_feature_incompat, EXT2_INCOMPAT_FILETYPE | 0x04, -ENOTSUP); /* recover */
}

static void test_ext4_refused(void **state)
{
    (void)state;
    const char *img = tpath("ext4.img");
    unlink(img);
    assert_int_equal(sh("mke2fs -q -F -t ext4 '%s' 16M >/dev/null", img), 0);
    assert_int_equal(mount_rc(img), -ENOTSUP);
}

static void test_bad_group_descriptors(void **state)
{
    (void)state;
    const char *img = tpath("gd.img");
    /* 1 KiB blocks, 3 groups; descriptors in block 2. */
    for (int field = 0; field < 4; field++) {
        mkimg(img, 1024, "20M", NULL, NULL);
        FILE *f = fopen(img, "r+b");
        assert_non_null(f);
        struct ext2_gd gd;
        long at = 2048 + 32;
        fseek(f, at, SEEK_SET);
        assert_int_equal(fread(&gd, sizeof gd, 1, f), 1);
        if (field == 0)
            gd.bg_inode_table = 20u << 10;
        else if (field == 1)
            gd.bg_block_bitmap = 5;
        else if (field == 2)
            gd.bg_free_blocks_count = 9000;
        else
            gd.bg_inode_bitmap = gd.bg_block_bitmap;
        fseek(f, at, SEEK_SET);
        assert_int_equal(fwrite(&gd, sizeof gd, 1, f), 1);
        fclose(f);
        assert_int_equal(mount_rc(img), -EUCLEAN);
    }
}

static void test_unknown_ro_compat_is_read_only(void **state)
{
    (void)state;
    const char *img = tpath("rocompat.img");
    const char *copy = tpath("rocompat.orig");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_super sb;
    sb_read(img, &sb);
    sb.s_feature_ro_compat |= 0x8000;
    sb_write(img, &sb);
    assert_int_equal(sh("cp '%s' '%s'", img, copy), 0);
    struct ext2_fs *fs;
    assert_int_equal(mount_file(img, 0, 0, &fs), 0);
    struct ext2_statfs st;
    ext2_statfs(fs, &st);
    assert_true(st.read_only);
    uint32_t ino = resolve(fs, "/lost+found");
    assert_int_not_equal(ino, 0);
    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "x", 0644, 0, 0, &ino), -EROFS);
    assert_int_equal(ext2_mkdir(fs, EXT2_ROOT_INO, "x", 0755, 0, 0, &ino), -EROFS);
    assert_int_equal(ext2_rmdir(fs, EXT2_ROOT_INO, "lost+found"), -EROFS);
    assert_int_equal(ext2_chmod(fs, EXT2_ROOT_INO, 0700), -EROFS);
    umount_ok(fs);
    assert_int_equal(sh("cmp -s '%s' '%s'", img, copy), 0);
}

static void test_ro_flag_leaves_image_alone(void **state)
{
    (void)state;
    const char *img = tpath("ro.img");
    const char *copy = tpath("ro.orig");
    mkimg(img, 4096, "8M", NULL, NULL);
    assert_int_equal(sh("cp '%s' '%s'", img, copy), 0);
    struct ext2_fs *fs;
    assert_int_equal(mount_file(img, EXT2_MOUNT_RO, 0, &fs), 0);
    uint32_t ino;
    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, "x", 0644, 0, 0, &ino), -EROFS);
    assert_int_equal(ext2_sync(fs), 0);
    umount_ok(fs);
    assert_int_equal(sh("cmp -s '%s' '%s'", img, copy), 0);
}

static void test_revision0_no_filetype(void **state)
{
    (void)state;
    const char *img = tpath("rev0.img");
    mkimg(img, 1024, "8M", NULL, "-r 0");
    struct ext2_fs *fs = mount_ok(img);
    uint32_t d, f, l;
    assert_int_equal(ext2_mkdir(fs, EXT2_ROOT_INO, "dir", 0755, 1, 2, &d), 0);
    assert_int_equal(ext2_create(fs, d, "file", 0600, 0, 0, &f), 0);
    assert_int_equal(ext2_symlink(fs, d, "link", "file", 0, 0, &l), 0);
    size_t put;
    assert_int_equal(ext2_write(fs, f, 0, "hello", 5, &put), 0);
    uint64_t pos = 0;
    struct ext2_dirent de;
    int seen = 0;
    while (ext2_readdir(fs, d, &pos, &de) == 1) {
        if (!strcmp(de.name, "file")) assert_int_equal(de.type, EXT2_FT_REG), seen++;
        if (!strcmp(de.name, "link")) assert_int_equal(de.type, EXT2_FT_SYMLINK), seen++;
    }
    assert_int_equal(seen, 2);
    /* Without large_file, files stop at 2 GiB. */
    assert_int_equal(ext2_write(fs, f, 1ull << 31, "x", 1, &put), -EFBIG);
    umount_ok(fs);
    fsck_clean(img);
}

/* Layout variants mke2fs can produce: each must stay clean after a round of changes. */
static void test_feature_variants(void **state)
{
    (void)state;
    const char *opts[] = {"-O sparse_super2",
                          "-O ^sparse_super,^resize_inode",
                          "-O ^resize_inode,^dir_index",
                          "-I 128",
                          "-O has_journal",
                          "-g 2048 -N 2000",
                          "-b 2048 -g 1024"};
    static uint8_t buf[300000];
    pattern(buf, sizeof buf, 0, 4);
    for (unsigned i = 0; i < sizeof opts / sizeof *opts; i++) {
        const char *img = tpath("variant.img");
        mkimg(img, 1024, "40M", NULL, opts[i]);
        struct ext2_fs *fs = mount_ok(img);
        uint32_t d, f, l, sub;
        size_t put;
        char name[16];
        assert_int_equal(ext2_mkdir(fs, EXT2_ROOT_INO, "d", 0755, 0, 0, &d), 0);
        for (int k = 0; k < 40; k++) {
            snprintf(name, sizeof name, "sub%d", k);
            assert_int_equal(ext2_mkdir(fs, d, name, 0755, 0, 0, &sub), 0);
            assert_int_equal(ext2_create(fs, sub, "f", 0644, 0, 0, &f), 0);
            assert_int_equal(ext2_write(fs, f, (uint64_t)k * 100000, buf, sizeof buf, &put), 0);
        }
        assert_int_equal(ext2_symlink(fs, d, "l", "sub1/f", 0, 0, &l), 0);
        assert_int_equal(ext2_rename(fs, resolve(fs, "/d/sub1"), "f", EXT2_ROOT_INO, "g"), 0);
        assert_int_equal(ext2_rmdir(fs, d, "sub1"), 0);
        umount_ok(fs);
        fsck_clean(img);
    }
}

static void test_mount_args(void **state)
{
    (void)state;
    struct ext2_fs *fs;
    assert_int_equal(ext2_mount(NULL, 0, &fs), -EINVAL);
    struct ext2_dev d = {0};
    assert_int_equal(ext2_mount(&d, 0, &fs), -EINVAL);
    static uint8_t zero[4096];
    d = mem_dev(zero, sizeof zero);
    assert_int_equal(ext2_mount(&d, 0, &fs), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mount_1k_and_4k),
        cmocka_unit_test(test_clean_unmount),
        cmocka_unit_test(test_truncated_image),
        cmocka_unit_test(test_bad_superblocks),
        cmocka_unit_test(test_ext4_refused),
        cmocka_unit_test(test_bad_group_descriptors),
        cmocka_unit_test(test_unknown_ro_compat_is_read_only),
        cmocka_unit_test(test_ro_flag_leaves_image_alone),
        cmocka_unit_test(test_revision0_no_filetype),
        cmocka_unit_test(test_feature_variants),
        cmocka_unit_test(test_mount_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
