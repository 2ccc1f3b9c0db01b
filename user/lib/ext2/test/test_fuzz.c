/* Corrupted images: targeted corruptions give errors, random ones must never crash or hang. */
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

static uint8_t *pristine, *work;
static size_t img_size;

/* A populated image in memory: small and large files, sparse, directories, symlinks; opts
 * go to mke2fs (the block groups). */
static void build_image(unsigned bs, const char *opts)
{
    const char *src = tpath("fsrc");
    const char *img = tpath("fuzz.img");
    assert_int_equal(sh("rm -rf '%s' && mkdir -p '%s/d/e/f' '%s/many' && cd '%s' && "
                        "echo hello > small && head -c 400000 /dev/urandom > big && "
                        "truncate -s 30M sparse && echo x | dd of=sparse bs=1 seek=20000000 "
                        "conv=notrunc 2>/dev/null && echo deep > d/e/f/g && "
                        "ln -s small fast && ln -s $(printf 'p%%.0s' $(seq 1 150)) slow && "
                        "ln big d/hard && for i in $(seq 1 120); do echo $i > many/n$i; done",
                        src, src, src, src),
                     0);
    mkimg(img, bs, "4M", src, opts);
    free(pristine);
    free(work);
    pristine = slurp(img, &img_size);
    work = malloc(img_size);
    assert_non_null(work);
}

static int mount_mem(struct ext2_fs **fs)
{
    struct ext2_dev d = mem_dev(work, img_size);
    d.cache_blocks = 8; /* the minimum: every path runs with evictions */
    return ext2_mount(&d, 0, fs);
}

/* Blocks worth corrupting: directory blocks and indirect blocks of every inode in use. */
static uint32_t meta[4096];
static unsigned nmeta;

static void add_meta(uint32_t b)
{
    if (b && nmeta < sizeof meta / sizeof *meta) meta[nmeta++] = b;
}

static void collect(struct ext2_fs *fs, uint32_t ino, int depth)
{
    struct ext2_inode ip;
    if (depth > 8 || inode_load(fs, ino, &ip)) return;
    add_meta(ip.i_block[EXT2_IND]);
    add_meta(ip.i_block[EXT2_DIND]);
    if (ip.i_block[EXT2_DIND]) {
        struct ext2_buf *b;
        assert_int_equal(buf_get(fs, ip.i_block[EXT2_DIND], true, &b), 0);
        for (uint32_t i = 0; i < fs->ptrs; i++)
            add_meta(((uint32_t *)b->data)[i]);
        buf_put(b);
    }
    if (s_islnk(ip.i_mode) && ip.i_blocks) add_meta(ip.i_block[0]);
    if (!s_isdir(ip.i_mode)) return;
    for (uint32_t l = 0; l < ip.i_size / fs->bs; l++) {
        uint32_t p;
        assert_int_equal(inode_bmap(fs, &ip, l, false, 0, &p, NULL), 0);
        add_meta(p);
    }
    uint64_t pos = 0;
    struct ext2_dirent de;
    while (ext2_readdir(fs, ino, &pos, &de) == 1)
        if (de.name[0] != '.') collect(fs, de.ino, depth + 1);
}

static void collect_meta(void)
{
    struct ext2_fs *fs;
    memcpy(work, pristine, img_size);
    assert_int_equal(mount_mem(&fs), 0);
    nmeta = 0;
    collect(fs, ROOT, 0);
    assert_true(nmeta > 5);
    ext2_unmount(fs);
}

static uint64_t rng;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* Every operation must leave no buffer pinned, whatever it returned. */
#define OP(call)                                                                                   \
    do {                                                                                           \
        (void)(call);                                                                              \
        assert_int_equal(cache_pinned(fs), 0);                                                     \
    } while (0)

static uint32_t victim_file, victim_dir;
static unsigned visited;

static void walk(struct ext2_fs *fs, uint32_t dir, int depth)
{
    static uint8_t buf[16384];
    uint64_t pos = 0;
    struct ext2_dirent de;
    int rc, n = 0;
    while (visited < 3000 && n++ < 1000) {
        rc = ext2_readdir(fs, dir, &pos, &de);
        assert_int_equal(cache_pinned(fs), 0);
        if (rc != 1) break;
        visited++;
        assert_true(de.name_len == strlen(de.name));
        uint32_t ino;
        OP(ext2_lookup(fs, dir, de.name, &ino));
        struct ext2_stat st;
        if (ext2_stat(fs, de.ino, &st) != 0) continue;
        if (de.name[0] == '.') continue;
        size_t got, len;
        char link[8192];
        switch (st.mode & EXT2_S_IFMT) {
        case EXT2_S_IFREG:
            victim_file = de.ino;
            for (uint64_t off = 0; off < st.size && off < (1u << 20); off += sizeof buf)
                OP(ext2_read(fs, de.ino, off, buf, sizeof buf, &got));
            OP(ext2_read(fs, de.ino, st.size > 100 ? st.size - 100 : 0, buf, 4000, &got));
            break;
        case EXT2_S_IFLNK:
            OP(ext2_readlink(fs, de.ino, link, sizeof link, &len));
            break;
        case EXT2_S_IFDIR:
            victim_dir = de.ino;
            if (depth < 6) walk(fs, de.ino, depth + 1);
            break;
        }
    }
}

static void exercise(struct ext2_fs *fs)
{
    static uint8_t data[20000];
    size_t put;
    uint32_t f = 0, d = 0, s;
    victim_file = victim_dir = 0;
    visited = 0;
    walk(fs, ROOT, 0);
    OP(ext2_create(fs, ROOT, "fz", 0644, 0, 0, &f));
    if (f) OP(ext2_write(fs, f, 3000, data, sizeof data, &put));
    OP(ext2_mkdir(fs, ROOT, "fzd", 0755, 0, 0, &d));
    OP(ext2_symlink(fs, ROOT, "fzl", "target", 0, 0, &s));
    OP(ext2_rename(fs, ROOT, "fz", d ? d : ROOT, "fz2"));
    OP(ext2_rename(fs, ROOT, "d", d ? d : ROOT, "moved"));
    if (victim_file) {
        OP(ext2_write(fs, victim_file, 100000, data, 5000, &put));
        OP(ext2_truncate(fs, victim_file, 1000));
    }
    if (victim_dir) OP(ext2_create(fs, victim_dir, "new-entry", 0644, 0, 0, &f));
    OP(ext2_unlink(fs, ROOT, "big"));
    OP(ext2_unlink(fs, ROOT, "sparse"));
    OP(ext2_rmdir(fs, ROOT, "many"));
    OP(ext2_chmod(fs, ROOT, 0700));
    visited = 0;
    walk(fs, ROOT, 0);
}

static void corrupt(void)
{
    const struct ext2_super *sb = (const struct ext2_super *)(pristine + 1024);
    uint32_t bs = 1024u << sb->s_log_block_size;
    uint32_t groups = sb->s_inodes_count / sb->s_inodes_per_group;
    unsigned k = 1 + rnd() % 6;
    for (unsigned i = 0; i < k; i++) {
        size_t off;
        const struct ext2_gd *gd =
            (const struct ext2_gd *)(pristine + (bs == 1024 ? 2048 : 4096)) + rnd() % groups;
        switch (rnd() % 5) {
        case 0:
            off = 1024 + rnd() % 264;
            break; /* superblock */
        case 1:
            off = (bs == 1024 ? 2048 : 4096) + rnd() % (32 * groups);
            break; /* descriptors */
        case 2:
            off = (size_t)(bs == 1024 ? 3 : 1) * bs + rnd() % (64u * 1024);
            break;
        case 3: /* any group's bitmaps or the start of its inode table */
            off = (size_t)(rnd() % 2 ? gd->bg_block_bitmap : gd->bg_inode_bitmap) * bs + rnd() % bs;
            if (rnd() % 2) off = (size_t)gd->bg_inode_table * bs + rnd() % (4 * bs);
            break;
        default:
            off = (size_t)meta[rnd() % nmeta] * bs + rnd() % bs;
            break;
        }
        if (off >= img_size) continue;
        switch (rnd() % 3) {
        case 0:
            work[off] ^= (uint8_t)(1u << (rnd() % 8));
            break;
        case 1:
            work[off] = (uint8_t)rnd();
            break;
        default:
            work[off] = rnd() % 2 ? 0 : 0xff;
            break;
        }
    }
}

/* EXT2_FUZZ_ITERS and EXT2_FUZZ_SEED override the defaults for longer runs by hand. */
static void fuzz_on(unsigned bs, const char *opts, unsigned iterations, uint64_t seed)
{
    if (getenv("EXT2_FUZZ_ITERS"))
        iterations = (unsigned)strtoul(getenv("EXT2_FUZZ_ITERS"), NULL, 0);
    if (getenv("EXT2_FUZZ_SEED")) seed ^= strtoull(getenv("EXT2_FUZZ_SEED"), NULL, 0);
    build_image(bs, opts);
    collect_meta();
    rng = seed;
    unsigned mounted = 0;
    for (unsigned it = 0; it < iterations; it++) {
        memcpy(work, pristine, img_size);
        corrupt();
        struct ext2_fs *fs;
        if (mount_mem(&fs) != 0) continue;
        mounted++;
        exercise(fs);
        ext2_unmount(fs);
        /* What the library wrote back must be just as safe to mount again. */
        if (mount_mem(&fs) == 0) {
            visited = 0;
            walk(fs, ROOT, 0);
            ext2_unmount(fs);
        }
    }
    /* Most corruptions should leave a mountable file system to exercise. */
    assert_true(mounted > iterations / 2);
}

static void test_fuzz_1k(void **state)
{
    (void)state;
    fuzz_on(1024, "-N 256", 2000, 0x1234567887654321ull);
}

static void test_fuzz_4k(void **state)
{
    (void)state;
    fuzz_on(4096, "-N 256", 800, 0x0badc0ffee15600dull);
}

/* Four block groups: descriptors, bitmaps and inode tables of the later groups too. */
static void test_fuzz_groups(void **state)
{
    (void)state;
    fuzz_on(1024, "-N 256 -g 1024", 1000, 0x5eed5eed00c0ffeeull);
}

/* Mount the pristine copy, find an inode and hand back its on-disk state. */
static void find(const char *path, uint32_t *ino, struct ext2_inode *ip, uint32_t *bs)
{
    struct ext2_fs *fs;
    memcpy(work, pristine, img_size);
    assert_int_equal(mount_mem(&fs), 0);
    *ino = resolve(fs, path);
    assert_int_not_equal(*ino, 0);
    assert_int_equal(inode_load(fs, *ino, ip), 0);
    *bs = fs->bs;
    ext2_unmount(fs);
    memcpy(work, pristine, img_size);
}

/* Offset of an inode in the image (group 0 only: the images here have one group). */
static size_t inode_off(uint32_t ino)
{
    struct ext2_super *sb = (struct ext2_super *)(pristine + 1024);
    uint32_t bs = 1024u << sb->s_log_block_size;
    struct ext2_gd *gd = (struct ext2_gd *)(pristine + (bs == 1024 ? 2048 : 4096));
    return (size_t)gd->bg_inode_table * bs + (size_t)(ino - 1) * sb->s_inode_size;
}

static void set16(size_t off, uint16_t v)
{
    memcpy(work + off, &v, 2);
}

static void set32(size_t off, uint32_t v)
{
    memcpy(work + off, &v, 4);
}

static void test_targeted(void **state)
{
    (void)state;
    build_image(1024, "-N 256");
    struct ext2_inode ip;
    uint32_t ino, bs, x;
    struct ext2_fs *fs;
    static uint8_t buf[500000];
    size_t got;

    /* Directory entries: rec_len 0, unaligned, past the block; name_len past rec_len. */
    find("/d/e", &ino, &ip, &bs);
    size_t blk = (size_t)ip.i_block[0] * bs;
    const struct {
        size_t off;
        uint16_t v;
        int bits;
    } dent[] = {{12 + 4, 0, 16}, {12 + 4, 13, 16},   {12 + 4, 2000, 16}, {12 + 6, 200, 8},
                {24 + 4, 0, 16}, {24 + 4, 4096, 16}, {4, 0, 16}};
    for (unsigned i = 0; i < sizeof dent / sizeof *dent; i++) {
        memcpy(work, pristine, img_size);
        if (dent[i].bits == 16)
            set16(blk + dent[i].off, dent[i].v);
        else
            work[blk + dent[i].off] = (uint8_t)dent[i].v;
        assert_int_equal(mount_mem(&fs), 0);
        uint32_t e = resolve(fs, "/d/e");
        assert_int_equal(ext2_lookup(fs, e, "f", &x), -EUCLEAN);
        uint64_t pos = 0;
        struct ext2_dirent de;
        int rc;
        while ((rc = ext2_readdir(fs, e, &pos, &de)) == 1)
            ;
        assert_int_equal(rc, -EUCLEAN);
        assert_int_equal(ext2_create(fs, e, "new", 0644, 0, 0, &x), -EUCLEAN);
        assert_int_equal(cache_pinned(fs), 0);
        ext2_unmount(fs);
    }
    /* A directory entry naming an inode past the end. */
    memcpy(work, pristine, img_size);
    set32(blk + 24, 1u << 30);
    assert_int_equal(mount_mem(&fs), 0);
    assert_int_equal(ext2_lookup(fs, resolve(fs, "/d/e"), "f", &x), -EUCLEAN);
    ext2_unmount(fs);

    /* A directory whose size claims more blocks than it owns. */
    memcpy(work, pristine, img_size);
    set32(inode_off(ino) + 4, 0x7ffffc00);
    assert_int_equal(mount_mem(&fs), 0);
    assert_int_equal(ext2_lookup(fs, ino, "f", &x), -EUCLEAN);
    ext2_unmount(fs);

    /* File block pointers past the device, or into the superblock. */
    find("/big", &ino, &ip, &bs);
    const uint32_t bad[] = {1u << 30, 4u << 10, 1, 0xffffffffu};
    for (unsigned i = 0; i < 4; i++) {
        for (unsigned slot = 0; slot < 15; slot += 6) {
            memcpy(work, pristine, img_size);
            set32(inode_off(ino) + 40 + 4 * slot, bad[i]);
            assert_int_equal(mount_mem(&fs), 0);
            assert_int_equal(ext2_read(fs, ino, 0, buf, sizeof buf, &got), -EUCLEAN);
            assert_true(got < sizeof buf);
            assert_int_equal(ext2_truncate(fs, ino, 0), -EUCLEAN);
            assert_int_equal(ext2_unlink(fs, resolve(fs, "/d"), "hard"), 0);
            assert_int_equal(ext2_unlink(fs, ROOT, "big"), -EUCLEAN);
            assert_int_equal(cache_pinned(fs), 0);
            ext2_unmount(fs);
        }
    }

    /* Indirect blocks that point at themselves or at each other. */
    find("/big", &ino, &ip, &bs);
    uint32_t ind = ip.i_block[EXT2_IND], dind = ip.i_block[EXT2_DIND];
    memcpy(work, pristine, img_size);
    set32((size_t)ind * bs, ind);
    set32((size_t)dind * bs, dind);
    set32((size_t)dind * bs + 4, ind);
    assert_int_equal(mount_mem(&fs), 0);
    assert_int_equal(ext2_read(fs, ino, 0, buf, sizeof buf, &got), 0);
    assert_int_equal(got, 400000);
    assert_int_equal(ext2_unlink(fs, resolve(fs, "/d"), "hard"), 0);
    assert_int_equal(ext2_unlink(fs, ROOT, "big"), -EUCLEAN);
    assert_int_equal(cache_pinned(fs), 0);
    ext2_unmount(fs);

    /* A symlink whose size does not fit its kind. */
    find("/fast", &ino, &ip, &bs);
    memcpy(work, pristine, img_size);
    set32(inode_off(ino) + 4, 500);
    assert_int_equal(mount_mem(&fs), 0);
    char link[600];
    size_t len;
    assert_int_equal(ext2_readlink(fs, ino, link, sizeof link, &len), -EUCLEAN);
    ext2_unmount(fs);

    /* Bitmaps that disagree with the counts: allocation fails cleanly. */
    struct ext2_gd *gd = (struct ext2_gd *)(pristine + 2048);
    memcpy(work, pristine, img_size);
    memset(work + (size_t)gd->bg_block_bitmap * 1024, 0xff, 1024);
    memset(work + (size_t)gd->bg_inode_bitmap * 1024, 0xff, 1024);
    assert_int_equal(mount_mem(&fs), 0);
    assert_int_equal(ext2_create(fs, ROOT, "x", 0644, 0, 0, &x), -EUCLEAN);
    assert_int_equal(ext2_write(fs, resolve(fs, "/small"), 5000, "x", 1, &got), -EUCLEAN);
    assert_int_equal(cache_pinned(fs), 0);
    ext2_unmount(fs);

    /* A root that is not a directory refuses the mount. */
    memcpy(work, pristine, img_size);
    set16(inode_off(ROOT), EXT2_S_IFREG | 0644);
    assert_int_equal(mount_mem(&fs), -EUCLEAN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targeted),
        cmocka_unit_test(test_fuzz_1k),
        cmocka_unit_test(test_fuzz_4k),
        cmocka_unit_test(test_fuzz_groups),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(pristine);
    free(work);
    return rc;
}
