/* Random operations checked against an in-memory model, then against e2fsck. */
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

#define MAXDIR 24
#define MAXINO 96
#define MAXNAME 160
#define MAXSIZE (1536u << 10)

struct mdir {
    bool used;
    int parent;
    char name[48];
    uint32_t ino;
};
struct mino {
    int refs;
    uint32_t ino;
    uint8_t *data; /* MAXSIZE bytes */
    size_t size;
};
struct mname {
    bool used;
    int dir;
    char name[48];
    int mi;
};

static struct mdir dirs[MAXDIR];
static struct mino inos[MAXINO];
static struct mname names[MAXNAME];
static struct ext2_fs *fs;
static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)((rng >> 11) % n);
}

static void random_name(char *out)
{
    /* A small alphabet so that names collide now and then. */
    int len = 1 + (int)rnd(rnd(4) ? 8 : 40);
    for (int i = 0; i < len; i++)
        out[i] = (char)('a' + rnd(3));
    out[len] = 0;
}

/* Any name (file or directory) taken in dir? */
static bool taken(int d, const char *name)
{
    for (int i = 0; i < MAXNAME; i++)
        if (names[i].used && names[i].dir == d && !strcmp(names[i].name, name)) return true;
    for (int i = 1; i < MAXDIR; i++)
        if (dirs[i].used && dirs[i].parent == d && !strcmp(dirs[i].name, name)) return true;
    return false;
}

static int pick_dir(void)
{
    for (;;) {
        int d = (int)rnd(MAXDIR);
        if (dirs[d].used) return d;
    }
}

static int pick_name(void)
{
    for (int tries = 0; tries < 200; tries++) {
        int n = (int)rnd(MAXNAME);
        if (names[n].used) return n;
    }
    return -1;
}

static int free_slot_name(void)
{
    for (int i = 0; i < MAXNAME; i++)
        if (!names[i].used) return i;
    return -1;
}

static void drop_ref(int mi)
{
    if (--inos[mi].refs == 0) {
        free(inos[mi].data);
        inos[mi].data = NULL;
    }
}

static void op_create(void)
{
    int d = pick_dir(), n = free_slot_name(), mi = -1;
    for (int i = 0; i < MAXINO; i++)
        if (inos[i].refs == 0) {
            mi = i;
            break;
        }
    if (n < 0 || mi < 0) return;
    char name[48];
    random_name(name);
    uint32_t ino;
    int rc = ext2_create(fs, dirs[d].ino, name, 0644, 0, 0, &ino);
    if (taken(d, name)) {
        assert_int_equal(rc, -EEXIST);
        return;
    }
    assert_int_equal(rc, 0);
    inos[mi] = (struct mino){.refs = 1, .ino = ino, .data = calloc(1, MAXSIZE), .size = 0};
    assert_non_null(inos[mi].data);
    names[n] = (struct mname){.used = true, .dir = d, .mi = mi};
    strcpy(names[n].name, name);
}

static void op_write(void)
{
    int n = pick_name();
    if (n < 0) return;
    struct mino *m = &inos[names[n].mi];
    static uint8_t buf[70000];
    size_t off = rnd(4) ? rnd((uint32_t)m->size + 2000) : rnd(MAXSIZE);
    size_t len = rnd(3) ? rnd(5000) : rnd(sizeof buf);
    if (off + len > MAXSIZE) len = MAXSIZE - off;
    pattern(buf, len, off, (uint32_t)rng);
    size_t put;
    assert_int_equal(ext2_write(fs, m->ino, off, buf, len, &put), 0);
    assert_int_equal(put, len);
    memcpy(m->data + off, buf, len);
    if (len && off + len > m->size) m->size = off + len;
}

static void op_truncate(void)
{
    int n = pick_name();
    if (n < 0) return;
    struct mino *m = &inos[names[n].mi];
    size_t size = rnd(3) ? rnd((uint32_t)m->size + 1) : rnd(MAXSIZE);
    assert_int_equal(ext2_truncate(fs, m->ino, size), 0);
    if (size < m->size) memset(m->data + size, 0, m->size - size);
    m->size = size;
}

static void op_unlink(void)
{
    int n = pick_name();
    if (n < 0) return;
    assert_int_equal(ext2_unlink(fs, dirs[names[n].dir].ino, names[n].name), 0);
    names[n].used = false;
    drop_ref(names[n].mi);
}

static void op_link(void)
{
    int n = pick_name(), s = free_slot_name(), d = pick_dir();
    if (n < 0 || s < 0) return;
    char name[48];
    random_name(name);
    int rc = ext2_link(fs, inos[names[n].mi].ino, dirs[d].ino, name);
    if (taken(d, name)) {
        assert_int_equal(rc, -EEXIST);
        return;
    }
    assert_int_equal(rc, 0);
    names[s] = (struct mname){.used = true, .dir = d, .mi = names[n].mi};
    strcpy(names[s].name, name);
    inos[names[n].mi].refs++;
}

static void op_rename_file(void)
{
    int n = pick_name(), d = pick_dir();
    if (n < 0) return;
    char name[48];
    random_name(name);
    int rc = ext2_rename(fs, dirs[names[n].dir].ino, names[n].name, dirs[d].ino, name);
    for (int i = 1; i < MAXDIR; i++)
        if (dirs[i].used && dirs[i].parent == d && !strcmp(dirs[i].name, name)) {
            assert_int_equal(rc, -EISDIR);
            return;
        }
    assert_int_equal(rc, 0);
    for (int i = 0; i < MAXNAME; i++) {
        if (i != n && names[i].used && names[i].dir == d && !strcmp(names[i].name, name)) {
            names[i].used = false;
            if (names[i].mi != names[n].mi) {
                drop_ref(names[i].mi);
            } else {
                /* Both names are the same inode: rename does nothing. */
                names[i].used = true;
                return;
            }
        }
    }
    names[n].dir = d;
    strcpy(names[n].name, name);
}

static bool dir_empty(int d)
{
    for (int i = 0; i < MAXNAME; i++)
        if (names[i].used && names[i].dir == d) return false;
    for (int i = 1; i < MAXDIR; i++)
        if (dirs[i].used && dirs[i].parent == d) return false;
    return true;
}

static void op_mkdir(void)
{
    int s = -1, d = pick_dir();
    for (int i = 1; i < MAXDIR; i++)
        if (!dirs[i].used) {
            s = i;
            break;
        }
    if (s < 0) return;
    char name[48];
    random_name(name);
    uint32_t ino;
    int rc = ext2_mkdir(fs, dirs[d].ino, name, 0755, 0, 0, &ino);
    if (taken(d, name)) {
        assert_int_equal(rc, -EEXIST);
        return;
    }
    assert_int_equal(rc, 0);
    dirs[s] = (struct mdir){.used = true, .parent = d, .ino = ino};
    strcpy(dirs[s].name, name);
}

static void op_rmdir(void)
{
    int d = pick_dir();
    if (rnd(2)) {
        /* Mostly pick an empty one, so that directories come and go. */
        int empty[MAXDIR], n = 0;
        for (int i = 1; i < MAXDIR; i++)
            if (dirs[i].used && dir_empty(i)) empty[n++] = i;
        if (n) d = empty[rnd((uint32_t)n)];
    }
    if (d == 0) return;
    int rc = ext2_rmdir(fs, dirs[dirs[d].parent].ino, dirs[d].name);
    if (!dir_empty(d)) {
        assert_int_equal(rc, -ENOTEMPTY);
        return;
    }
    assert_int_equal(rc, 0);
    dirs[d].used = false;
}

static bool below(int d, int anc)
{
    for (; d != 0; d = dirs[d].parent)
        if (d == anc) return true;
    return anc == 0;
}

static void op_rename_dir(void)
{
    int d = pick_dir(), to = pick_dir();
    if (d == 0) return;
    char name[48];
    random_name(name);
    int rc = ext2_rename(fs, dirs[dirs[d].parent].ino, dirs[d].name, dirs[to].ino, name);
    if (below(to, d)) {
        /* Into its own subtree; an existing target may be reported first. */
        assert_true(rc == -EINVAL || rc == -ENOTDIR || rc == -ENOTEMPTY);
        return;
    }
    for (int i = 0; i < MAXNAME; i++)
        if (names[i].used && names[i].dir == to && !strcmp(names[i].name, name)) {
            assert_int_equal(rc, -ENOTDIR);
            return;
        }
    for (int i = 1; i < MAXDIR; i++) {
        if (!dirs[i].used || dirs[i].parent != to || strcmp(dirs[i].name, name)) continue;
        if (i == d) {
            assert_int_equal(rc, 0);
            return;
        }
        if (!dir_empty(i)) {
            assert_int_equal(rc, -ENOTEMPTY);
            return;
        }
        dirs[i].used = false;
    }
    assert_int_equal(rc, 0);
    dirs[d].parent = to;
    strcpy(dirs[d].name, name);
}

static void verify(void)
{
    static uint8_t buf[MAXSIZE];
    for (int i = 0; i < MAXINO; i++) {
        if (!inos[i].refs) continue;
        struct ext2_stat st;
        assert_int_equal(ext2_stat(fs, inos[i].ino, &st), 0);
        assert_int_equal(st.size, inos[i].size);
        assert_int_equal(st.links, inos[i].refs);
        size_t got;
        assert_int_equal(ext2_read(fs, inos[i].ino, 0, buf, MAXSIZE, &got), 0);
        assert_int_equal(got, inos[i].size);
        assert_memory_equal(buf, inos[i].data, got);
    }
    for (int d = 0; d < MAXDIR; d++) {
        if (!dirs[d].used) continue;
        int want = 2, subdirs = d == 0; /* lost+found */
        for (int i = 0; i < MAXNAME; i++)
            want += names[i].used && names[i].dir == d;
        for (int i = 1; i < MAXDIR; i++)
            subdirs += dirs[i].used && dirs[i].parent == d;
        uint64_t pos = 0;
        struct ext2_dirent de;
        int n = 0, rc;
        while ((rc = ext2_readdir(fs, dirs[d].ino, &pos, &de)) == 1) {
            n++;
            if (strcmp(de.name, ".") && strcmp(de.name, "..")) {
                uint32_t ino;
                assert_int_equal(ext2_lookup(fs, dirs[d].ino, de.name, &ino), 0);
                assert_int_equal(ino, de.ino);
            }
        }
        assert_int_equal(rc, 0);
        assert_int_equal(n, want + subdirs);
        struct ext2_stat st;
        assert_int_equal(ext2_stat(fs, dirs[d].ino, &st), 0);
        assert_int_equal(st.links, 2 + subdirs);
        uint32_t parent;
        assert_int_equal(ext2_lookup(fs, dirs[d].ino, "..", &parent), 0);
        assert_int_equal(parent, dirs[dirs[d].parent].ino);
    }
}

/* The smallest cache: every operation runs with evictions and write-backs. */
static struct ext2_fs *mount_min(const char *img)
{
    struct ext2_fs *f;
    assert_int_equal(mount_file(img, 0, 8, &f), 0);
    return f;
}

static void run_model(unsigned bs, const char *size, unsigned ops, uint64_t seed)
{
    const char *img = tpath("model.img");
    mkimg(img, bs, size, NULL, NULL);
    memset(dirs, 0, sizeof dirs);
    memset(names, 0, sizeof names);
    for (int i = 0; i < MAXINO; i++)
        free(inos[i].data);
    memset(inos, 0, sizeof inos);
    dirs[0] = (struct mdir){.used = true, .parent = 0, .ino = EXT2_ROOT_INO};
    rng = seed;
    fs = mount_min(img);
    uint32_t fb0, fi0, fb, fi;
    counts(fs, &fb0, &fi0);
    for (unsigned i = 0; i < ops; i++) {
        switch (rnd(20)) {
        case 0:
        case 1:
        case 2:
            op_create();
            break;
        case 3:
        case 4:
        case 5:
        case 6:
        case 7:
            op_write();
            break;
        case 8:
        case 9:
            op_truncate();
            break;
        case 10:
        case 11:
            op_unlink();
            break;
        case 12:
            op_link();
            break;
        case 13:
        case 14:
            op_rename_file();
            break;
        case 15:
        case 16:
            op_mkdir();
            break;
        case 17:
        case 18:
            op_rmdir();
            break;
        default:
            op_rename_dir();
            break;
        }
        assert_int_equal(cache_pinned(fs), 0);
        if (i % 500 == 499) {
            if (getenv("EXT2_MODEL_STATS")) {
                int nn = 0, nd = 0;
                size_t bytes = 0;
                for (int k = 0; k < MAXNAME; k++)
                    nn += names[k].used;
                for (int k = 0; k < MAXDIR; k++)
                    nd += dirs[k].used;
                for (int k = 0; k < MAXINO; k++)
                    bytes += inos[k].refs ? inos[k].size : 0;
                counts(fs, &fb, &fi);
                fprintf(stderr, "ops %u: %d names, %d dirs, %zu bytes, %u free blocks\n", i + 1, nn,
                        nd, bytes, fb);
            }
            verify();
            umount_ok(fs);
            fsck_clean(img);
            fs = mount_min(img);
        }
    }
    verify();
    umount_ok(fs);
    fsck_clean(img);

    /* Tear everything down: the counts return to those of the empty file system. */
    fs = mount_min(img);
    for (int i = 0; i < MAXNAME; i++)
        if (names[i].used) {
            assert_int_equal(ext2_unlink(fs, dirs[names[i].dir].ino, names[i].name), 0);
            names[i].used = false;
            drop_ref(names[i].mi);
        }
    for (bool again = true; again;) {
        again = false;
        for (int d = 1; d < MAXDIR; d++)
            if (dirs[d].used && dir_empty(d)) {
                assert_int_equal(ext2_rmdir(fs, dirs[dirs[d].parent].ino, dirs[d].name), 0);
                dirs[d].used = false;
                again = true;
            }
    }
    counts(fs, &fb, &fi);
    assert_int_equal(fi, fi0);
    /* Directories that grew keep their blocks; everything else comes back. */
    assert_true(fb <= fb0 && fb0 - fb < 64);
    umount_ok(fs);
    fsck_clean(img);
}

static void test_model_1k(void **state)
{
    (void)state;
    run_model(1024, "64M", 8000, 0x5eed0001);
}

static void test_model_4k(void **state)
{
    (void)state;
    run_model(4096, "64M", 5000, 0x5eed0002);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_1k),
        cmocka_unit_test(test_model_4k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
