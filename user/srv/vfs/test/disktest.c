/*
 * disktest: drives ext2 on the user disk at /mnt/disk for the system tests, then powers off.
 *   disktest walk   walk, stat and read the whole tree, then create, write, rename, link and
 *                   remove; every result is allowed (the disk may be corrupted), only the
 *                   answers matter: vfs must keep answering (tests/system/test_ext2_fuzz.py).
 *   disktest write  write a known tree (files up to double-indirect blocks, a sparse file,
 *                   directories, hard and symbolic links), sync, and wait to be stopped
 *                   (tests/system/test_ext2_4k.py checks it with e2fsck and debugfs).
 */
#include "fsclient.h"
#include "abi/proto/procmgr.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_DIRECTORY 0200000
#define S_IFMT 0170000u
#define S_IFDIR 0040000u
#define S_IFREG 0100000u
#define S_IFLNK 0120000u

#define DISK "/mnt/disk"
#define MAX_DEPTH 8
#define MAX_ENTRIES 3000
#define MAX_FILE_READ (512u * 1024)

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

static cap_t vfs = PROC_CAP_VFS;
static uint8_t iobuf[64 * 1024];

/* Results of the walk: operations that succeeded and that failed, by kind. */
static struct {
    unsigned entries, dirs, files, links, ok, failed, corrupt;
    uint64_t bytes;
} w;

static void count(long r)
{
    if (r < 0)
        w.failed++;
    else
        w.ok++;
    if (r == -EUCLEAN || r == -EIO) w.corrupt++;
}

static void fclose_cap(cap_t f)
{
    file_call(f, FILE_CLOSE, 0, 0);
    slot_delete(f);
}

static void read_file(const char *path)
{
    cap_t f = 0;
    long r = vfs_open(vfs, path, O_RDONLY, 0, &f, NULL);
    count(r);
    if (r < 0) return;
    for (uint64_t off = 0; off < MAX_FILE_READ;) {
        r = file_read(f, iobuf, sizeof iobuf, FILE_OFF_CUR);
        count(r);
        if (r <= 0) break;
        w.bytes += (uint64_t)r;
        off += (uint64_t)r;
    }
    struct file_stat st;
    count(file_stat(f, &st));
    fclose_cap(f);
}

static void walk(const char *dir, int depth)
{
    cap_t d = 0;
    long r = vfs_open(vfs, dir, O_RDONLY | O_DIRECTORY, 0, &d, NULL);
    count(r);
    if (r < 0) return;
    w.dirs++;
    uint8_t buf[FILE_IO_MAX]; /* one per level: the recursion must not overwrite it */
    char path[512], link[256];
    for (;;) {
        long n = file_getdents(d, buf, sizeof buf);
        count(n);
        if (n <= 0) break;
        for (long off = 0; off < n && w.entries < MAX_ENTRIES;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + off);
            off += e->d_reclen;
            w.entries++;
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            ksnprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            struct file_stat st;
            r = vfs_stat(vfs, path, 1, &st);
            count(r);
            if (r < 0) continue;
            if ((st.mode & S_IFMT) == S_IFDIR && depth < MAX_DEPTH) {
                walk(path, depth + 1);
            } else if ((st.mode & S_IFMT) == S_IFREG) {
                w.files++;
                read_file(path);
            } else if ((st.mode & S_IFMT) == S_IFLNK) {
                w.links++;
                count(vfs_readlink(vfs, path, link, sizeof link));
                count(vfs_stat(vfs, path, 0, &st));
            }
        }
        if (w.entries >= MAX_ENTRIES) break;
    }
    fclose_cap(d);
}

static long path1(uint64_t label, const char *p, uint64_t w0)
{
    return vfs_path_call(vfs, label, p, NULL, w0, 0, 0);
}

static long path2(uint64_t label, const char *a, const char *b)
{
    return vfs_path_call(vfs, label, a, b, 0, 0, 0);
}

/* Writes n pattern bytes to path (created or truncated); the bytes written or -errno. */
static long write_file(const char *path, uint64_t n, unsigned mode)
{
    cap_t f = 0;
    long r = vfs_open(vfs, path, O_CREAT | O_TRUNC | O_WRONLY, mode, &f, NULL);
    if (r < 0) return r;
    uint64_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof iobuf ? (size_t)(n - done) : sizeof iobuf;
        for (size_t i = 0; i < k; i++)
            iobuf[i] = (uint8_t)((done + i) * 7 + 3);
        r = file_write(f, iobuf, k, FILE_OFF_CUR);
        if (r <= 0) break;
        done += (uint64_t)r;
    }
    fclose_cap(f);
    return r < 0 && done == 0 ? r : (long)done;
}

/* Changes on a possibly corrupted disk: each result only counted. */
static void scribble(void)
{
    count(write_file(DISK "/fz.new", 20000, 0644));
    count(path1(VFS_MKDIR, DISK "/fz.d", 0755));
    count(write_file(DISK "/fz.d/inner", 3000, 0600));
    count(path2(VFS_RENAME, DISK "/fz.new", DISK "/fz.d/moved"));
    count(path2(VFS_LINK, DISK "/fz.d/moved", DISK "/fz.hard"));
    count(path2(VFS_SYMLINK, "fz.d/moved", DISK "/fz.sym"));
    count(path1(VFS_TRUNCATE, DISK "/fz.hard", 100));
    count(path1(VFS_UNLINK, DISK "/fz.hard", 0));
    /* Existing entries of the image, whatever state they are in. */
    count(write_file(DISK "/small", 5000, 0644));
    count(path1(VFS_TRUNCATE, DISK "/big", 1000));
    count(path1(VFS_UNLINK, DISK "/sparse", 0));
    count(path2(VFS_RENAME, DISK "/d", DISK "/fz.d/d"));
    count(write_file(DISK "/many/fz", 100, 0644));
    count(path1(VFS_UNLINK, DISK "/many/n7", 0));
    count(path1(VFS_CHMOD, DISK "/fast", 0600));
    count(path1(VFS_RMDIR, DISK "/empty", 0));
    count(vfs_sync(vfs));
}

/* vfs still serves requests that do not touch the disk. */
static bool vfs_alive(void)
{
    struct file_stat st;
    if (vfs_stat(vfs, "/dev/null", 0, &st) < 0) return false;
    if (write_file("/tmp/alive", 1000, 0644) != 1000) return false;
    cap_t f = 0;
    if (vfs_open(vfs, "/tmp/alive", O_RDONLY, 0, &f, NULL) < 0) return false;
    long r = file_read(f, iobuf, sizeof iobuf, 0);
    fclose_cap(f);
    return r == 1000 && iobuf[999] == (uint8_t)(999 * 7 + 3);
}

static void do_walk(void)
{
    walk(DISK, 0);
    dprintf_k("disktest: walked %u entries (%u dirs, %u files, %u links), %lu bytes read\n",
              w.entries, w.dirs, w.files, w.links, w.bytes);
    scribble();
    walk(DISK, 0);
    dprintf_k("disktest: %u requests answered, %u with an error, %u of them EUCLEAN or EIO\n",
              w.ok + w.failed, w.failed, w.corrupt);
    dprintf_k("disktest: vfs %s\n", vfs_alive() ? "alive" : "NOT ANSWERING");
}

static int failures;

static void must(long r, const char *what)
{
    if (r < 0) {
        failures++;
        dprintf_k("disktest: FAIL %s: %ld\n", what, r);
    }
}

/* The tree test_ext2_4k.py reads back with debugfs. */
static void do_write(void)
{
    char path[128], target[128];
    must(path1(VFS_MKDIR, DISK "/w", 0755), "mkdir w");
    must(write_file(DISK "/w/small.txt", 5, 0644) == 5 ? 0 : -1, "small.txt");
    /* 4 KiB blocks: past 12 + 1024 blocks the file needs the double-indirect block. */
    must(write_file(DISK "/w/big", 6u << 20, 0600) == 6l << 20 ? 0 : -1, "big");
    cap_t f = 0;
    must(vfs_open(vfs, DISK "/w/sparse", O_CREAT | O_WRONLY, 0644, &f, NULL), "sparse");
    if (f) {
        must(file_write(f, "end", 3, 20u << 20) == 3 ? 0 : -1, "sparse write");
        fclose_cap(f);
    }
    must(path1(VFS_MKDIR, DISK "/w/d1", 0750), "mkdir d1");
    must(path1(VFS_MKDIR, DISK "/w/d1/d2", 0700), "mkdir d2");
    must(write_file(DISK "/w/d1/d2/deep", 300, 0640) == 300 ? 0 : -1, "deep");
    must(path1(VFS_MKDIR, DISK "/w/many", 0755), "mkdir many");
    for (int i = 0; i < 300; i++) {
        ksnprintf(path, sizeof path, DISK "/w/many/file-%03d", i);
        must(write_file(path, (uint64_t)i, 0644) == i ? 0 : -1, "many");
    }
    must(path2(VFS_LINK, DISK "/w/big", DISK "/w/d1/hard"), "link");
    must(path2(VFS_SYMLINK, "small.txt", DISK "/w/fast"), "fast symlink");
    for (int i = 0; i < 100; i++)
        target[i] = (char)('a' + i % 26);
    target[100] = 0;
    must(path2(VFS_SYMLINK, target, DISK "/w/slow"), "slow symlink");
    must(write_file(DISK "/w/tmp", 10, 0644) == 10 ? 0 : -1, "tmp");
    must(path2(VFS_RENAME, DISK "/w/tmp", DISK "/w/d1/renamed"), "rename");
    must(write_file(DISK "/w/gone", 50000, 0644) == 50000 ? 0 : -1, "gone");
    must(path1(VFS_UNLINK, DISK "/w/gone", 0), "unlink");
    must(path1(VFS_MKDIR, DISK "/w/gonedir", 0755), "mkdir gonedir");
    must(path1(VFS_RMDIR, DISK "/w/gonedir", 0), "rmdir");
    must(vfs_path_call(vfs, VFS_CHOWN, DISK "/w/d1/renamed", NULL, 1000, 1001, 0), "chown");
    must(path1(VFS_CHMOD, DISK "/w/d1/renamed", 0604), "chmod");
    must(vfs_sync(vfs), "sync");
    dprintf_k("disktest: wrote the tree, %d failures; synced\n", failures);
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    bool write = cluu_argc > 1 && !strcmp(cluu_argv[1], "write");
    if (write) {
        do_write();
        /* The test stops QEMU itself: what sync wrote must be enough. */
        for (;;) {
            static volatile uint32_t never;
            sys_futex_wait((uint64_t)&never, 0, TIMEOUT_FOREVER);
        }
    }
    do_walk();
    long r = pm_shutdown(PROC_CAP_PROCMGR, PM_POWEROFF);
    dprintf_k("disktest: shutdown requested: %ld\n", r);
    return r < 0;
}
