/* Name space: mkdir, rmdir, unlink, link, symlink, rename, long names, big directories. */
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

#define ROOT EXT2_ROOT_INO

static uint32_t links(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, ino, &st), 0);
    return st.links;
}

static uint32_t lookup(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    uint32_t ino = 0;
    int rc = ext2_lookup(fs, dir, name, &ino);
    return rc ? 0 : ino;
}

/* Count the live entries of a directory (with . and ..). */
static int entries(struct ext2_fs *fs, uint32_t dir)
{
    uint64_t pos = 0;
    struct ext2_dirent de;
    int n = 0, rc;
    while ((rc = ext2_readdir(fs, dir, &pos, &de)) == 1)
        n++;
    assert_int_equal(rc, 0);
    return n;
}

static void test_mkdir_rmdir(void **state)
{
    (void)state;
    const char *img = tpath("dirs.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, a, b, c, f;
    counts(fs, &fb0, &fi0);
    uint32_t root_links = links(fs, ROOT);
    assert_int_equal(ext2_mkdir(fs, ROOT, "a", 0750, 12, 34, &a), 0);
    assert_int_equal(links(fs, ROOT), root_links + 1);
    assert_int_equal(links(fs, a), 2);
    assert_int_equal(ext2_mkdir(fs, a, "b", 0755, 0, 0, &b), 0);
    assert_int_equal(ext2_mkdir(fs, b, "c", 0755, 0, 0, &c), 0);
    assert_int_equal(links(fs, a), 3);
    assert_int_equal(lookup(fs, c, ".."), b);
    assert_int_equal(lookup(fs, c, "."), c);
    assert_int_equal(entries(fs, c), 2);
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, a, &st), 0);
    assert_int_equal(st.mode, EXT2_S_IFDIR | 0750);
    assert_int_equal(st.uid, 12);
    assert_int_equal(st.gid, 34);
    assert_int_equal(st.size, 1024);
    assert_int_equal(ext2_create(fs, b, "f", 0644, 0, 0, &f), 0);

    assert_int_equal(ext2_mkdir(fs, ROOT, "a", 0755, 0, 0, &c), -EEXIST);
    assert_int_equal(ext2_mkdir(fs, ROOT, ".", 0755, 0, 0, &c), -EEXIST);
    assert_int_equal(ext2_mkdir(fs, f, "x", 0755, 0, 0, &c), -ENOTDIR);
    assert_int_equal(ext2_rmdir(fs, a, "b"), -ENOTEMPTY);
    assert_int_equal(ext2_rmdir(fs, b, "f"), -ENOTDIR);
    assert_int_equal(ext2_rmdir(fs, a, "."), -EINVAL);
    assert_int_equal(ext2_rmdir(fs, a, ".."), -ENOTEMPTY);
    assert_int_equal(ext2_rmdir(fs, a, "zz"), -ENOENT);
    assert_int_equal(ext2_unlink(fs, a, "b"), -EISDIR);
    assert_int_equal(ext2_unlink(fs, a, ".."), -EISDIR);
    umount_ok(fs);
    fsck_clean(img);

    fs = mount_ok(img);
    assert_int_equal(ext2_rmdir(fs, b, "c"), 0);
    assert_int_equal(links(fs, b), 2);
    assert_int_equal(ext2_unlink(fs, b, "f"), 0);
    assert_int_equal(ext2_rmdir(fs, a, "b"), 0);
    assert_int_equal(ext2_rmdir(fs, ROOT, "a"), 0);
    assert_int_equal(links(fs, ROOT), root_links);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_links_and_unlink(void **state)
{
    (void)state;
    const char *img = tpath("links.img");
    mkimg(img, 4096, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, d, f;
    counts(fs, &fb0, &fi0);
    assert_int_equal(ext2_mkdir(fs, ROOT, "d", 0755, 0, 0, &d), 0);
    assert_int_equal(ext2_create(fs, ROOT, "f", 0644, 0, 0, &f), 0);
    static uint8_t buf[100000];
    size_t put, got;
    pattern(buf, sizeof buf, 0, 1);
    assert_int_equal(ext2_write(fs, f, 0, buf, sizeof buf, &put), 0);
    assert_int_equal(ext2_link(fs, f, d, "g"), 0);
    assert_int_equal(ext2_link(fs, f, ROOT, "h"), 0);
    assert_int_equal(links(fs, f), 3);
    assert_int_equal(ext2_link(fs, f, d, "g"), -EEXIST);
    assert_int_equal(ext2_link(fs, d, ROOT, "dlink"), -EPERM);
    assert_int_equal(ext2_link(fs, f, f, "x"), -ENOTDIR);
    assert_int_equal(ext2_unlink(fs, ROOT, "f"), 0);
    assert_int_equal(ext2_unlink(fs, ROOT, "f"), -ENOENT);
    assert_int_equal(links(fs, f), 2);
    assert_int_equal(lookup(fs, d, "g"), f);
    umount_ok(fs);
    fsck_clean(img);
    fs = mount_ok(img);
    assert_int_equal(ext2_read(fs, lookup(fs, d, "g"), 0, buf, sizeof buf, &got), 0);
    assert_int_equal(got, sizeof buf);
    assert_int_equal(ext2_unlink(fs, d, "g"), 0);
    assert_int_equal(ext2_unlink(fs, ROOT, "h"), 0);
    assert_int_equal(ext2_rmdir(fs, ROOT, "d"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_symlinks(void **state)
{
    (void)state;
    const char *img = tpath("sym.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, s;
    counts(fs, &fb0, &fi0);
    char t59[60], t60[61], t1023[1024], t1024[1025], out[2048];
    memset(t59, 'a', 59);
    t59[59] = 0;
    memset(t60, 'b', 60);
    t60[60] = 0;
    memset(t1023, 'c', 1023);
    t1023[1023] = 0;
    memset(t1024, 'd', 1024);
    t1024[1024] = 0;
    const char *targets[] = {"x", "/etc/passwd", t59, t60, t1023};
    for (unsigned i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%u", i);
        assert_int_equal(ext2_symlink(fs, ROOT, name, targets[i], 5, 6, &s), 0);
        size_t len;
        assert_int_equal(ext2_readlink(fs, s, out, sizeof out, &len), 0);
        assert_int_equal(len, strlen(targets[i]));
        assert_string_equal(out, targets[i]);
        struct ext2_stat st;
        assert_int_equal(ext2_stat(fs, s, &st), 0);
        assert_int_equal(st.mode, EXT2_S_IFLNK | 0777);
        assert_int_equal(st.blocks, strlen(targets[i]) < 60 ? 0 : 2);
    }
    assert_int_equal(ext2_symlink(fs, ROOT, "toolong", t1024, 0, 0, &s), -ENAMETOOLONG);
    assert_int_equal(ext2_symlink(fs, ROOT, "empty", "", 0, 0, &s), -ENOENT);
    assert_int_equal(ext2_symlink(fs, ROOT, "s0", "y", 0, 0, &s), -EEXIST);
    umount_ok(fs);
    fsck_clean(img);
    char dbg[4096];
    assert_int_equal(sh_out(dbg, sizeof dbg, "debugfs -R 'stat /s2' '%s' 2>/dev/null", img), 0);
    assert_non_null(strstr(dbg, "Fast link dest: \"aaaa"));
    fs = mount_ok(img);
    for (unsigned i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%u", i);
        assert_int_equal(ext2_unlink(fs, ROOT, name), 0);
    }
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_names(void **state)
{
    (void)state;
    const char *img = tpath("names.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    char n255[256], n256[257];
    memset(n255, 'n', 255);
    n255[255] = 0;
    memset(n256, 'm', 256);
    n256[256] = 0;
    uint32_t ino, d;
    assert_int_equal(ext2_create(fs, ROOT, n255, 0644, 0, 0, &ino), 0);
    assert_int_equal(lookup(fs, ROOT, n255), ino);
    assert_int_equal(ext2_create(fs, ROOT, n256, 0644, 0, 0, &ino), -ENAMETOOLONG);
    assert_int_equal(ext2_lookup(fs, ROOT, n256, &ino), -ENAMETOOLONG);
    assert_int_equal(ext2_mkdir(fs, ROOT, n256, 0755, 0, 0, &ino), -ENAMETOOLONG);
    assert_int_equal(ext2_create(fs, ROOT, "a/b", 0644, 0, 0, &ino), -EINVAL);
    assert_int_equal(ext2_create(fs, ROOT, "", 0644, 0, 0, &ino), -ENOENT);
    assert_int_equal(ext2_create(fs, ROOT, "..", 0644, 0, 0, &ino), -EEXIST);
    /* Names that differ only in length or the last byte. */
    assert_int_equal(ext2_mkdir(fs, ROOT, "d", 0755, 0, 0, &d), 0);
    const char *names[] = {"x", "xx", "xxx", "xxxx", "xxxxx", "xy", "\x01", "\xff\xfe"};
    uint32_t inos[8];
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(ext2_create(fs, d, names[i], 0644, 0, 0, &inos[i]), 0);
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(lookup(fs, d, names[i]), inos[i]);
    assert_int_equal(ext2_unlink(fs, d, "xxx"), 0);
    assert_int_equal(lookup(fs, d, "xxx"), 0);
    assert_int_equal(lookup(fs, d, "xxxx"), inos[3]);
    /* Freed space is reused for a name of the same size. */
    assert_int_equal(ext2_create(fs, d, "zzz", 0644, 0, 0, &ino), 0);
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, d, &st), 0);
    assert_int_equal(st.size, 1024);
    assert_int_equal(ext2_unlink(fs, ROOT, n255), 0);
    umount_ok(fs);
    fsck_clean(img);
}

static void big_dir_on(unsigned bs, int count)
{
    const char *img = tpath("bigdir.img");
    mkimg(img, bs, "16M", NULL, "-N 4096");
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, d, ino;
    counts(fs, &fb0, &fi0);
    assert_int_equal(ext2_mkdir(fs, ROOT, "big", 0755, 0, 0, &d), 0);
    char name[300];
    for (int i = 0; i < count; i++) {
        /* Lengths from 1 to 255 so every entry size shows up. */
        int len = 1 + i % 255;
        snprintf(name, sizeof name, "%06d", i);
        memset(name + 6, 'a' + i % 26, sizeof name - 6);
        name[len < 6 ? 6 : len] = 0;
        assert_int_equal(ext2_create(fs, d, name, 0644, 0, 0, &ino), 0);
    }
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, d, &st), 0);
    assert_true(st.size > 12 * bs); /* past the direct blocks */
    assert_int_equal(entries(fs, d), count + 2);
    umount_ok(fs);
    fsck_clean(img);

    fs = mount_ok(img);
    /* Remove every other entry, then all; readdir sees exactly the survivors. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = pass; i < count; i += 2) {
            int len = 1 + i % 255;
            snprintf(name, sizeof name, "%06d", i);
            memset(name + 6, 'a' + i % 26, sizeof name - 6);
            name[len < 6 ? 6 : len] = 0;
            assert_int_equal(ext2_unlink(fs, d, name), 0);
        }
        assert_int_equal(entries(fs, d), pass ? 2 : count / 2 + 2);
    }
    assert_int_equal(ext2_rmdir(fs, ROOT, "big"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_big_directory_1k(void **state)
{
    (void)state;
    big_dir_on(1024, 600);
}

static void test_big_directory_4k(void **state)
{
    (void)state;
    big_dir_on(4096, 1500);
}

/* A directory with a hash index (e2fsck -D builds one): changes drop the index flag. */
static void test_indexed_directory(void **state)
{
    (void)state;
    const char *src = tpath("hsrc");
    const char *img = tpath("htree.img");
    assert_int_equal(sh("rm -rf '%s' && mkdir -p '%s/h' && cd '%s/h' && for i in $(seq 1 400); "
                        "do : > file_with_a_long_name_$i; done",
                        src, src, src),
                     0);
    mkimg(img, 1024, "8M", src, NULL);
    sh("e2fsck -fyD '%s' >/dev/null 2>&1", img);
    fsck_clean(img);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t h = resolve(fs, "/h"), ino;
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, h, &st), 0);
    assert_true(st.flags & EXT2_INDEX_FL);
    assert_int_equal(entries(fs, h), 402);
    assert_int_not_equal(lookup(fs, h, "file_with_a_long_name_399"), 0);
    assert_int_equal(ext2_create(fs, h, "new", 0644, 0, 0, &ino), 0);
    assert_int_equal(ext2_unlink(fs, h, "file_with_a_long_name_7"), 0);
    assert_int_equal(ext2_stat(fs, h, &st), 0);
    assert_false(st.flags & EXT2_INDEX_FL);
    assert_int_equal(entries(fs, h), 402);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_rename(void **state)
{
    (void)state;
    const char *img = tpath("rename.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, a, b, sub, f, g, e;
    counts(fs, &fb0, &fi0);
    uint32_t rl = links(fs, ROOT);
    assert_int_equal(ext2_mkdir(fs, ROOT, "a", 0755, 0, 0, &a), 0);
    assert_int_equal(ext2_mkdir(fs, ROOT, "b", 0755, 0, 0, &b), 0);
    assert_int_equal(ext2_mkdir(fs, a, "sub", 0755, 0, 0, &sub), 0);
    assert_int_equal(ext2_create(fs, a, "f", 0644, 0, 0, &f), 0);
    assert_int_equal(ext2_create(fs, b, "g", 0644, 0, 0, &g), 0);
    size_t put;
    static uint8_t buf[5000];
    assert_int_equal(ext2_write(fs, g, 0, buf, sizeof buf, &put), 0);

    /* Same directory. */
    assert_int_equal(ext2_rename(fs, a, "f", a, "f2"), 0);
    assert_int_equal(lookup(fs, a, "f"), 0);
    assert_int_equal(lookup(fs, a, "f2"), f);
    assert_int_equal(ext2_rename(fs, a, "f2", a, "f2"), 0);
    /* Across directories, replacing a file: g's inode and blocks go. */
    assert_int_equal(ext2_rename(fs, a, "f2", b, "g"), 0);
    assert_int_equal(lookup(fs, b, "g"), f);
    assert_int_equal(lookup(fs, a, "f2"), 0);
    /* A directory moves: '..' and both parents' link counts follow. */
    assert_int_equal(ext2_rename(fs, a, "sub", b, "sub2"), 0);
    assert_int_equal(lookup(fs, sub, ".."), b);
    assert_int_equal(links(fs, a), 2);
    assert_int_equal(links(fs, b), 3);
    /* Errors change nothing. */
    assert_int_equal(ext2_rename(fs, ROOT, "b", sub, "x"), -EINVAL); /* into its own subtree */
    assert_int_equal(ext2_rename(fs, ROOT, "b", b, "x"), -EINVAL);   /* into itself */
    assert_int_equal(ext2_rename(fs, b, "g", ROOT, "a"), -EISDIR);   /* file over directory */
    assert_int_equal(ext2_rename(fs, ROOT, "a", b, "g"), -ENOTDIR);  /* directory over file */
    assert_int_equal(ext2_rename(fs, ROOT, "a", ROOT, "b"), -ENOTEMPTY);
    assert_int_equal(ext2_rename(fs, ROOT, "nope", ROOT, "x"), -ENOENT);
    assert_int_equal(ext2_rename(fs, ROOT, ".", ROOT, "x"), -EINVAL);
    assert_int_equal(ext2_rename(fs, ROOT, "a", ROOT, ".."), -EINVAL);
    /* Replacing an empty directory with a directory from elsewhere. */
    assert_int_equal(ext2_mkdir(fs, ROOT, "empty", 0755, 0, 0, &e), 0);
    assert_int_equal(links(fs, ROOT), rl + 3);
    assert_int_equal(ext2_rename(fs, b, "sub2", ROOT, "empty"), 0);
    assert_int_equal(lookup(fs, ROOT, "empty"), sub);
    assert_int_equal(lookup(fs, sub, ".."), ROOT);
    assert_int_equal(links(fs, ROOT), rl + 3);
    assert_int_equal(links(fs, b), 2);
    /* Replacing an empty directory in the same parent. */
    assert_int_equal(ext2_rename(fs, ROOT, "a", ROOT, "empty"), 0);
    assert_int_equal(lookup(fs, ROOT, "empty"), a);
    assert_int_equal(links(fs, ROOT), rl + 2);
    /* Hard links to the same inode: nothing happens. */
    assert_int_equal(ext2_link(fs, f, ROOT, "f-again"), 0);
    assert_int_equal(ext2_rename(fs, ROOT, "f-again", b, "g"), 0);
    assert_int_equal(lookup(fs, ROOT, "f-again"), f);
    assert_int_equal(links(fs, f), 2);
    umount_ok(fs);
    fsck_clean(img);

    fs = mount_ok(img);
    assert_int_equal(ext2_unlink(fs, ROOT, "f-again"), 0);
    assert_int_equal(ext2_unlink(fs, b, "g"), 0);
    assert_int_equal(ext2_rmdir(fs, ROOT, "empty"), 0);
    assert_int_equal(ext2_rmdir(fs, ROOT, "b"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(fi, fi0);
    assert_int_equal(links(fs, ROOT), rl);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_attributes(void **state)
{
    (void)state;
    const char *img = tpath("attr.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t f;
    assert_int_equal(ext2_create(fs, ROOT, "f", 0644, 0, 0, &f), 0);
    assert_int_equal(ext2_chmod(fs, f, 04751), 0);
    assert_int_equal(ext2_chown(fs, f, 70000, 80000), 0);
    assert_int_equal(ext2_utimes(fs, f, 1000000000, 1200000000), 0);
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, f, &st), 0);
    assert_int_equal(st.mode, EXT2_S_IFREG | 04751);
    assert_int_equal(st.uid, 70000);
    assert_int_equal(st.gid, 80000);
    assert_int_equal(st.atime, 1000000000);
    assert_int_equal(st.mtime, 1200000000);
    assert_true(st.ctime > 1600000000);
    umount_ok(fs);
    fsck_clean(img);
    char dbg[4096];
    assert_int_equal(sh_out(dbg, sizeof dbg, "debugfs -R 'stat /f' '%s' 2>/dev/null", img), 0);
    assert_non_null(strstr(dbg, "Mode:  04751"));
    assert_non_null(strstr(dbg, "User: 70000"));
    assert_non_null(strstr(dbg, "Group: 80000"));
    assert_non_null(strstr(dbg, "mtime: 0x47868c00"));
}

static void test_readdir_cursor(void **state)
{
    (void)state;
    const char *img = tpath("cursor.img");
    mkimg(img, 1024, "8M", NULL, NULL);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t d, ino;
    assert_int_equal(ext2_mkdir(fs, ROOT, "d", 0755, 0, 0, &d), 0);
    char name[64];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "entry-%03d", i);
        assert_int_equal(ext2_create(fs, d, name, 0644, 0, 0, &ino), 0);
    }
    /* Deleting entries while iterating neither repeats nor skips the survivors. */
    uint64_t pos = 0;
    struct ext2_dirent de;
    int seen = 0;
    while (ext2_readdir(fs, d, &pos, &de) == 1) {
        if (de.name[0] == '.') continue;
        seen++;
        int i;
        assert_int_equal(sscanf(de.name, "entry-%d", &i), 1);
        if (i + 1 < 100 && i % 2 == 0) {
            snprintf(name, sizeof name, "entry-%03d", i + 1);
            assert_int_equal(ext2_unlink(fs, d, name), 0);
        }
    }
    assert_int_equal(seen, 50);
    assert_int_equal(entries(fs, d), 52);
    /* A cursor in the middle of an entry resumes at the next boundary. */
    pos = 13;
    assert_int_equal(ext2_readdir(fs, d, &pos, &de), 1);
    assert_true(strcmp(de.name, ".") && strcmp(de.name, ".."));
    assert_int_equal(ext2_readdir(fs, ino, &pos, &de), -ENOTDIR);
    umount_ok(fs);
    fsck_clean(img);
}

/* An extended attribute block goes with the last link of its inode. */
static void test_xattr_block(void **state)
{
    (void)state;
    const char *img = tpath("xattr.img");
    const char *data = tpath("xattr.data");
    mkimg(img, 1024, "8M", NULL, "-I 128");
    spit(data, "hello\n", 6);
    assert_int_equal(sh("debugfs -w -R 'write %s f' '%s' >/dev/null 2>&1", data, img), 0);
    assert_int_equal(sh("debugfs -w -R 'ea_set /f user.test value' '%s' >/dev/null 2>&1", img), 0);
    assert_int_equal(sh("debugfs -w -R 'symlink s target' '%s' >/dev/null 2>&1", img), 0);
    assert_int_equal(sh("debugfs -w -R 'ea_set /s user.test value' '%s' >/dev/null 2>&1", img), 0);
    fsck_clean(img);
    struct ext2_fs *fs = mount_ok(img);
    uint32_t fb0, fi0, fb, fi, f = resolve(fs, "/f"), s = resolve(fs, "/s");
    counts(fs, &fb0, &fi0);
    struct ext2_stat st;
    assert_int_equal(ext2_stat(fs, f, &st), 0);
    assert_int_equal(st.blocks, 4);
    char buf[64];
    size_t len;
    assert_int_equal(ext2_readlink(fs, s, buf, sizeof buf, &len), 0);
    assert_string_equal(buf, "target");
    assert_int_equal(ext2_link(fs, f, ROOT, "g"), 0);
    assert_int_equal(ext2_unlink(fs, ROOT, "f"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0);
    assert_int_equal(ext2_unlink(fs, ROOT, "g"), 0);
    assert_int_equal(ext2_unlink(fs, ROOT, "s"), 0);
    counts(fs, &fb, &fi);
    assert_int_equal(fb, fb0 + 3);
    assert_int_equal(fi, fi0 + 2);
    umount_ok(fs);
    fsck_clean(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mkdir_rmdir),       cmocka_unit_test(test_links_and_unlink),
        cmocka_unit_test(test_symlinks),          cmocka_unit_test(test_names),
        cmocka_unit_test(test_big_directory_1k),  cmocka_unit_test(test_big_directory_4k),
        cmocka_unit_test(test_indexed_directory), cmocka_unit_test(test_rename),
        cmocka_unit_test(test_attributes),        cmocka_unit_test(test_readdir_cursor),
        cmocka_unit_test(test_xattr_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
