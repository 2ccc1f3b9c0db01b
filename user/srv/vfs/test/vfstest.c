/* vfstest: exercises every vfs and open-file request through fsclient.h, the errors, a
 * second client without root, and malformed requests. Prints one line per failure and
 * "vfstest: N passed, M failed". */
#include "fsclient.h"
#include "abi/proto/procmgr.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define S_IFMT 0170000u
#define S_IFDIR 0040000u
#define S_IFREG 0100000u
#define S_IFLNK 0120000u
#define S_IFCHR 0020000u
#define S_IFIFO 0010000u
#define EXDEV 18
#define ESPIPE 29

static cap_t vfs = PROC_CAP_VFS;
static int passed, failed;
static const char *current;

static void check(bool ok, const char *what, long got, int line)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    dprintf_k("vfstest: FAIL %s: %s (got %ld, line %d)\n", current, what, got, line);
}
#define EXPECT(cond) check((cond), #cond, 0, __LINE__)
#define EXPECT_EQ(a, b)                                                                           \
    do {                                                                                          \
        long a_ = (long)(a), b_ = (long)(b);                                                      \
        check(a_ == b_, #a " == " #b, a_, __LINE__);                                              \
    } while (0)

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

static cap_t xopen(const char *p, int flags, unsigned mode)
{
    cap_t f = 0;
    long r = vfs_open(vfs, p, flags, mode, &f, NULL);
    return r < 0 ? 0 : f;
}

static long xopen_err(const char *p, int flags)
{
    cap_t f = 0;
    long r = vfs_open(vfs, p, flags, 0644, &f, NULL);
    if (r == 0) {
        file_call(f, FILE_CLOSE, 0, 0);
        slot_delete(f);
    }
    return r;
}

static void xclose(cap_t f)
{
    if (!f)
        return;
    file_call(f, FILE_CLOSE, 0, 0);
    slot_delete(f);
}

static long path1(uint64_t label, const char *p, uint64_t w0)
{
    return vfs_path_call(vfs, label, p, NULL, w0, 0, 0);
}

static long path2(uint64_t label, const char *a, const char *b)
{
    return vfs_path_call(vfs, label, a, b, 0, 0, 0);
}

static void t_basic_files(void)
{
    char buf[64];
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 2);
    EXPECT(!strcmp(buf, "/"));
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/a", 0755), 0);
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/a", 0755), -EEXIST);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a", 0, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFDIR);
    cap_t f = 0;
    unsigned type = 0;
    EXPECT_EQ(vfs_open(vfs, "/tmp/a/f", O_CREAT | O_RDWR, 0644, &f, &type), 0);
    EXPECT_EQ(type, S_IFREG);
    EXPECT_EQ(file_write(f, "hello world", 11, FILE_OFF_CUR), 11);
    EXPECT_EQ(file_seek(f, 0, 1), 11);
    EXPECT_EQ(file_seek(f, 0, 0), 0);
    memset(buf, 0, sizeof buf);
    EXPECT_EQ(file_read(f, buf, sizeof buf, FILE_OFF_CUR), 11);
    EXPECT(!memcmp(buf, "hello world", 11));
    EXPECT_EQ(file_read(f, buf, sizeof buf, FILE_OFF_CUR), 0);
    EXPECT_EQ(file_read(f, buf, 5, 6), 5);
    EXPECT(!memcmp(buf, "world", 5));
    EXPECT_EQ(file_stat(f, &st), 0);
    EXPECT_EQ(st.size, 11);
    EXPECT_EQ(st.mode, S_IFREG | 0644);
    EXPECT_EQ(st.nlink, 1);
    EXPECT_EQ(file_seek(f, -3, 2), 8);
    EXPECT_EQ(file_seek(f, -30, 1), -EINVAL);
    EXPECT_EQ(file_call(f, FILE_GETFL, 0, 0), O_RDWR);
    EXPECT_EQ(file_call(f, FILE_POLL, 1 | 4, 0), 1 | 4);
    EXPECT_EQ(file_call(f, FILE_SYNC, 0, 0), 0);
    EXPECT_EQ(file_call(f, FILE_TRUNCATE, 4, 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
    EXPECT_EQ(st.size, 4);
    EXPECT_EQ(file_call(f, FILE_IOCTL, 0x5401, 0), -25);
    EXPECT_EQ(file_getdents(f, buf, sizeof buf), -ENOTDIR);
    xclose(f);
}

static void t_open_errors(void)
{
    EXPECT_EQ(xopen_err("/tmp/a/f", O_CREAT | O_EXCL | O_RDWR), -EEXIST);
    EXPECT_EQ(xopen_err("/tmp/none", O_RDONLY), -ENOENT);
    EXPECT_EQ(xopen_err("/tmp/none/x", O_CREAT | O_RDWR), -ENOENT);
    EXPECT_EQ(xopen_err("/tmp/a/f/x", O_RDONLY), -ENOTDIR);
    EXPECT_EQ(xopen_err("/tmp/a/f/", O_RDONLY), -ENOTDIR);
    EXPECT_EQ(xopen_err("/tmp/a", O_WRONLY), -EISDIR);
    EXPECT_EQ(xopen_err("/tmp/a/f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
    EXPECT_EQ(xopen_err("/tmp/a", O_RDONLY | O_DIRECTORY), 0);
    EXPECT_EQ(xopen_err("", O_RDONLY), -ENOENT);
    cap_t f = xopen("/tmp/a/f", O_RDONLY, 0);
    EXPECT(f != 0);
    EXPECT_EQ(file_write(f, "x", 1, FILE_OFF_CUR), -EBADF);
    xclose(f);
    f = xopen("/tmp/a/f", O_WRONLY, 0);
    char c;
    EXPECT_EQ(file_read(f, &c, 1, FILE_OFF_CUR), -EBADF);
    xclose(f);
}

static void t_shared_offset(void)
{
    cap_t f = xopen("/tmp/a/shared", O_CREAT | O_RDWR | O_TRUNC, 0644);
    EXPECT(f != 0);
    cap_t g = slot_alloc();
    EXPECT_EQ(invoke3(CAP_SELF_CSPACE, CSPACE_COPY, g, f, RIGHT_ALL), 0);
    EXPECT_EQ(file_call(f, FILE_DUP, 0, 0), 0);
    EXPECT_EQ(file_write(f, "abc", 3, FILE_OFF_CUR), 3);
    EXPECT_EQ(file_write(g, "def", 3, FILE_OFF_CUR), 3);
    EXPECT_EQ(file_seek(g, 0, 1), 6);
    xclose(f);
    /* g still holds the description */
    EXPECT_EQ(file_seek(g, 0, 0), 0);
    char buf[8] = {0};
    EXPECT_EQ(file_read(g, buf, 8, FILE_OFF_CUR), 6);
    EXPECT(!memcmp(buf, "abcdef", 6));
    xclose(g);
    /* the last close freed it: the capability is stale */
    EXPECT_EQ(file_seek(g, 0, 0), -EBADF);
}

static void t_append_trunc_excl(void)
{
    cap_t f = xopen("/tmp/a/app", O_CREAT | O_EXCL | O_WRONLY, 0644);
    EXPECT(f != 0);
    EXPECT_EQ(file_write(f, "12345", 5, FILE_OFF_CUR), 5);
    xclose(f);
    f = xopen("/tmp/a/app", O_WRONLY | O_APPEND, 0);
    EXPECT_EQ(file_seek(f, 0, 0), 0);
    EXPECT_EQ(file_write(f, "67", 2, FILE_OFF_CUR), 2);
    EXPECT_EQ(file_call(f, FILE_GETFL, 0, 0), O_WRONLY | O_APPEND);
    EXPECT_EQ(file_call(f, FILE_SETFL, 0, 0), 0);
    EXPECT_EQ(file_call(f, FILE_GETFL, 0, 0), O_WRONLY);
    xclose(f);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/app", 0, &st), 0);
    EXPECT_EQ(st.size, 7);
    f = xopen("/tmp/a/app", O_RDWR | O_TRUNC, 0);
    EXPECT_EQ(file_stat(f, &st), 0);
    EXPECT_EQ(st.size, 0);
    xclose(f);
}

static void t_big_file(void)
{
    static uint8_t w[9000], r[9000];
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = (uint8_t)(i * 7 + 3);
    cap_t f = xopen("/tmp/big", O_CREAT | O_RDWR, 0600);
    EXPECT_EQ(file_write(f, w, sizeof w, FILE_OFF_CUR), sizeof w);
    EXPECT_EQ(file_read(f, r, sizeof r, 0), sizeof r);
    EXPECT(!memcmp(w, r, sizeof w));
    EXPECT_EQ(file_read(f, r, 100, 4000), 100);
    EXPECT(!memcmp(w + 4000, r, 100));
    /* a hole reads as zeros */
    EXPECT_EQ(file_write(f, "z", 1, 20000), 1);
    EXPECT_EQ(file_read(f, r, 10, 15000), 10);
    EXPECT(r[0] == 0 && r[9] == 0);
    xclose(f);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/big", 0), 0);
}

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* Counts entries of path; found gets a bit per name of names[] seen. */
static int list_dir(const char *path, const char *const *names, int nnames, unsigned *found)
{
    cap_t d = xopen(path, O_RDONLY | O_DIRECTORY, 0);
    if (!d)
        return -1;
    static uint8_t buf[FILE_IO_MAX];
    int count = 0;
    *found = 0;
    for (;;) {
        long n = file_getdents(d, buf, sizeof buf);
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + off);
            for (int i = 0; i < nnames; i++)
                if (!strcmp(e->d_name, names[i]))
                    *found |= 1u << i;
            count++;
            off += e->d_reclen;
        }
    }
    xclose(d);
    return count;
}

static void t_dirs(void)
{
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/d", 0755), 0);
    char name[32];
    for (int i = 0; i < 40; i++) {
        ksnprintf(name, sizeof name, "/tmp/d/file-with-long-name-%d", i);
        xclose(xopen(name, O_CREAT | O_WRONLY, 0644));
    }
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/d/sub", 0755), 0);
    static const char *const names[] = {".", "..", "sub", "file-with-long-name-0",
                                        "file-with-long-name-39"};
    unsigned found;
    EXPECT_EQ(list_dir("/tmp/d", names, 5, &found), 43);
    EXPECT_EQ(found, 0x1F);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/d", 0), -ENOTEMPTY);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/d/sub", 0), -EISDIR);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/d/file-with-long-name-1", 0), -ENOTDIR);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/d/none", 0), -ENOENT);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/d/sub/.", 0), -EINVAL);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/d/sub", 0), 0);
    for (int i = 0; i < 40; i++) {
        ksnprintf(name, sizeof name, "/tmp/d/file-with-long-name-%d", i);
        if (path1(VFS_UNLINK, name, 0) != 0)
            EXPECT(0);
    }
    EXPECT_EQ(list_dir("/tmp/d", names, 5, &found), 2);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/d", 0), 0);
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/nope/x", 0755), -ENOENT);
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/a/f/x", 0755), -ENOTDIR);
    EXPECT_EQ(path1(VFS_MKDIR, "/", 0755), -EEXIST);
    EXPECT_EQ(path1(VFS_RMDIR, "/", 0), -EBUSY);
}

static void t_rename_link(void)
{
    xclose(xopen("/tmp/r1", O_CREAT | O_WRONLY, 0644));
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/r1", "/tmp/r2"), 0);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/tmp/r1", 0, &st), -ENOENT);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/r2", 0, &st), 0);
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/none", "/tmp/r3"), -ENOENT);
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/rd", 0755), 0);
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/rd/in", 0755), 0);
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/rd", "/tmp/rd/in/x"), -EINVAL);
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/r2", "/tmp/rd"), -EISDIR);
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/rd", "/tmp/r2"), -ENOTDIR);
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/rd/in", "/tmp/in2"), 0);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/in2", 0), 0);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/rd", 0), 0);
    /* hard links */
    cap_t f = xopen("/tmp/r2", O_WRONLY, 0);
    file_write(f, "linked", 6, FILE_OFF_CUR);
    xclose(f);
    EXPECT_EQ(path2(VFS_LINK, "/tmp/r2", "/tmp/r3"), 0);
    EXPECT_EQ(path2(VFS_LINK, "/tmp/r2", "/tmp/r3"), -EEXIST);
    EXPECT_EQ(path2(VFS_LINK, "/tmp", "/tmp/dirlink"), -EPERM);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/r3", 0, &st), 0);
    EXPECT_EQ(st.nlink, 2);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/r2", 0), 0);
    char buf[8] = {0};
    f = xopen("/tmp/r3", O_RDONLY, 0);
    EXPECT_EQ(file_read(f, buf, 8, FILE_OFF_CUR), 6);
    EXPECT(!memcmp(buf, "linked", 6));
    /* unlink of an open file: the data stays until the last close */
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/r3", 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/r3", 0, &st), -ENOENT);
    EXPECT_EQ(file_read(f, buf, 8, 0), 6);
    EXPECT_EQ(file_stat(f, &st), 0);
    EXPECT_EQ(st.nlink, 0);
    xclose(f);
    /* rename over an existing file replaces it */
    xclose(xopen("/tmp/ra", O_CREAT | O_WRONLY, 0644));
    xclose(xopen("/tmp/rb", O_CREAT | O_WRONLY, 0600));
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/ra", "/tmp/rb"), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/rb", 0, &st), 0);
    EXPECT_EQ(st.mode & 0777, 0644);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/rb", 0), 0);
}

static void t_symlinks(void)
{
    EXPECT_EQ(path2(VFS_SYMLINK, "/tmp/a/f", "/tmp/sl"), 0);
    EXPECT_EQ(path2(VFS_SYMLINK, "/tmp/a/f", "/tmp/sl"), -EEXIST);
    char buf[64];
    EXPECT_EQ(vfs_readlink(vfs, "/tmp/sl", buf, sizeof buf), 8);
    EXPECT(!memcmp(buf, "/tmp/a/f", 8));
    EXPECT_EQ(vfs_readlink(vfs, "/tmp/a/f", buf, sizeof buf), -EINVAL);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/tmp/sl", 1, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFLNK);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/sl", 0, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFREG);
    cap_t f = xopen("/tmp/sl", O_RDONLY, 0);
    EXPECT(f != 0);
    xclose(f);
    EXPECT_EQ(xopen_err("/tmp/sl", O_RDONLY | O_NOFOLLOW), -ELOOP);
    /* relative target, and a directory symlink in the middle of a path */
    EXPECT_EQ(path2(VFS_SYMLINK, "a", "/tmp/dl"), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/dl/f", 0, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFREG);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/dl/../a/f", 0, &st), 0);
    /* loops */
    EXPECT_EQ(path2(VFS_SYMLINK, "/tmp/loop2", "/tmp/loop1"), 0);
    EXPECT_EQ(path2(VFS_SYMLINK, "/tmp/loop1", "/tmp/loop2"), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/loop1", 0, &st), -ELOOP);
    EXPECT_EQ(xopen_err("/tmp/loop1/x", O_RDONLY), -ELOOP);
    EXPECT_EQ(path2(VFS_SYMLINK, "/tmp/nowhere", "/tmp/dangling"), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/dangling", 0, &st), -ENOENT);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/loop1", 0), 0);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/loop2", 0), 0);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/dangling", 0), 0);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/dl", 0), 0);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/sl", 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
}

static void t_names(void)
{
    char name[300];
    memcpy(name, "/tmp/", 5);
    memset(name + 5, 'n', 256);
    name[5 + 256] = 0;
    EXPECT_EQ(xopen_err(name, O_CREAT | O_RDWR), -ENAMETOOLONG);
    name[5 + 255] = 0;
    EXPECT_EQ(xopen_err(name, O_CREAT | O_RDWR), 0);
    EXPECT_EQ(path1(VFS_UNLINK, name, 0), 0);
    static char longpath[VFS_PATH_MAX + 10];
    for (size_t i = 0; i < sizeof longpath - 1; i += 2) {
        longpath[i] = '/';
        longpath[i + 1] = '.';
    }
    longpath[sizeof longpath - 1] = 0;
    EXPECT_EQ(xopen_err(longpath, O_RDONLY), -ENAMETOOLONG);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/./tmp/../tmp//a/./f", 0, &st), 0);
    EXPECT_EQ(vfs_stat(vfs, "/../../tmp", 0, &st), 0);
}

static void t_cwd_umask(void)
{
    char buf[64];
    EXPECT_EQ(path1(VFS_CHDIR, "/tmp/a", 0), 0);
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 7);
    EXPECT(!strcmp(buf, "/tmp/a"));
    EXPECT_EQ(vfs_getcwd(vfs, buf, 3), -ERANGE);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "f", 0, &st), 0);
    EXPECT_EQ(path1(VFS_CHDIR, "..", 0), 0);
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 5);
    EXPECT(!strcmp(buf, "/tmp"));
    EXPECT_EQ(path1(VFS_CHDIR, "a/f", 0), -ENOTDIR);
    EXPECT_EQ(path1(VFS_CHDIR, "nothing", 0), -ENOENT);
    EXPECT_EQ(path1(VFS_CHDIR, "/", 0), 0);
    EXPECT_EQ(vfs_umask(vfs, 077), 022);
    xclose(xopen("/tmp/um", O_CREAT | O_RDWR, 0666));
    EXPECT_EQ(vfs_stat(vfs, "/tmp/um", 0, &st), 0);
    EXPECT_EQ(st.mode, S_IFREG | 0600);
    EXPECT_EQ(vfs_umask(vfs, 022), 077);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/um", 0), 0);
}

static void t_attrs(void)
{
    struct file_stat st;
    EXPECT_EQ(path1(VFS_CHMOD, "/tmp/a/f", 0600), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
    EXPECT_EQ(st.mode, S_IFREG | 0600);
    EXPECT_EQ(vfs_path_call(vfs, VFS_CHOWN, "/tmp/a/f", NULL, 5, 6, 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
    EXPECT_EQ(st.uid, 5);
    EXPECT_EQ(st.gid, 6);
    EXPECT_EQ(vfs_path_call(vfs, VFS_CHOWN, "/tmp/a/f", NULL, 0, (uint32_t)-1, 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
    EXPECT_EQ(st.gid, 6);
    EXPECT_EQ(path1(VFS_TRUNCATE, "/tmp/a/f", 100), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
    EXPECT_EQ(st.size, 100);
    EXPECT_EQ(path1(VFS_TRUNCATE, "/tmp/a", 0), -EISDIR);
    EXPECT_EQ(vfs_path_call(vfs, VFS_UTIMENS, "/tmp/a/f", NULL, 1000000000, 2000000000, 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/a/f", 0, &st), 0);
    EXPECT_EQ(st.atime_ns, 1000000000);
    EXPECT_EQ(st.mtime_ns, 2000000000);
    EXPECT_EQ(path1(VFS_ACCESS, "/tmp/a/f", 4 | 2), 0);
    EXPECT_EQ(path1(VFS_ACCESS, "/tmp/a/f", 1), -EACCES);
    EXPECT_EQ(path1(VFS_ACCESS, "/tmp/a/none", 0), -ENOENT);
    cap_t f = xopen("/tmp/a/f", O_RDWR, 0);
    EXPECT_EQ(file_call(f, FILE_CHMOD, 0640, 0), 0);
    EXPECT_EQ(file_call(f, FILE_CHOWN, 0, 0), 0);
    EXPECT_EQ(file_stat(f, &st), 0);
    EXPECT_EQ(st.mode, S_IFREG | 0640);
    EXPECT_EQ(st.uid, 0);
    xclose(f);
}

static void t_initfs(void)
{
    char buf[64] = {0};
    cap_t f = xopen("/initfs/etc/welcome.txt", O_RDONLY, 0);
    EXPECT(f != 0);
    EXPECT_EQ(file_read(f, buf, sizeof buf, FILE_OFF_CUR), 17);
    EXPECT(!memcmp(buf, "Welcome to CLUU.\n", 17));
    xclose(f);
    EXPECT_EQ(xopen_err("/initfs/etc/welcome.txt", O_WRONLY), -EROFS);
    EXPECT_EQ(xopen_err("/initfs/etc/new", O_CREAT | O_WRONLY), -EROFS);
    EXPECT_EQ(path1(VFS_MKDIR, "/initfs/x", 0755), -EROFS);
    EXPECT_EQ(path1(VFS_UNLINK, "/initfs/etc/welcome.txt", 0), -EROFS);
    EXPECT_EQ(path1(VFS_CHMOD, "/initfs/etc/welcome.txt", 0777), -EROFS);
    EXPECT_EQ(path1(VFS_ACCESS, "/initfs/etc/welcome.txt", 2), -EROFS);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/initfs/etc", 0, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFDIR);
    static const char *const names[] = {"welcome.txt"};
    unsigned found;
    EXPECT(list_dir("/initfs/etc", names, 1, &found) >= 3);
    EXPECT_EQ(found, 1);
}

static void t_devfs(void)
{
    uint8_t buf[64];
    unsigned type = 0;
    cap_t f = 0;
    EXPECT_EQ(vfs_open(vfs, "/dev/null", O_RDWR, 0, &f, &type), 0);
    EXPECT_EQ(type, S_IFCHR);
    EXPECT_EQ(file_read(f, buf, sizeof buf, FILE_OFF_CUR), 0);
    EXPECT_EQ(file_write(f, "xyz", 3, FILE_OFF_CUR), 3);
    xclose(f);
    f = xopen("/dev/zero", O_RDONLY, 0);
    memset(buf, 1, sizeof buf);
    EXPECT_EQ(file_read(f, buf, sizeof buf, FILE_OFF_CUR), sizeof buf);
    EXPECT(buf[0] == 0 && buf[63] == 0);
    xclose(f);
    f = xopen("/dev/random", O_RDONLY, 0);
    uint8_t b2[64];
    EXPECT_EQ(file_read(f, buf, 32, FILE_OFF_CUR), 32);
    EXPECT_EQ(file_read(f, b2, 32, FILE_OFF_CUR), 32);
    EXPECT(memcmp(buf, b2, 32) != 0);
    xclose(f);
    EXPECT_EQ(xopen_err("/dev/nosuch", O_RDONLY), -ENOENT);
}

/* A second thread with its own IPC buffer, for requests that block. */
static struct helper {
    volatile int state; /* 0 idle, 1 go, 2 done */
    volatile long result;
    cap_t cap;
    uint64_t label, w0, w1, len;
    struct ipc_buffer *buf;
    uint8_t data[FILE_IO_MAX];
    void (*fn)(void);
} helper;

static void helper_call(void)
{
    struct ipc_msg m = {0};
    m.w[0] = helper.w0;
    m.w[1] = helper.w1;
    memcpy(&helper.buf->w[IPC_REG_WORDS], helper.data, sizeof helper.data);
    long r = sys_call(helper.cap, IPC_INFO(helper.label, helper.len, 0), &m);
    helper.result = r < 0 ? r : (long)m.w[0];
    if (helper.result > 0 && helper.label == FILE_READ)
        memcpy(helper.data, &helper.buf->w[IPC_REG_WORDS], (size_t)helper.result);
}

static void helper_main(void)
{
    for (;;) {
        while (helper.state != 1)
            sys_yield();
        helper.fn();
        helper.state = 2;
    }
}

static bool start_helper(void)
{
    cap_t stack_mem, buf_mem, th = slot_alloc();
    uint8_t *stack = pages_alloc(4, &stack_mem);
    helper.buf = pages_alloc(1, &buf_mem);
    if (!stack || !helper.buf || invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, th) < 0)
        return false;
    if (sys_invoke(th, THREAD_CONFIGURE, CAP_SELF_CSPACE, CAP_SELF_VSPACE,
                   (uint64_t)helper.buf, buf_mem, 0, 0, 0) < 0)
        return false;
    struct user_regs regs = {0};
    regs.rip = (unsigned long)helper_main;
    regs.rsp = (unsigned long)(stack + 4 * 4096 - 8);
    return invoke1(th, THREAD_WRITE_REGS, (uint64_t)&regs) == 0 && invoke0(th, THREAD_RESUME) == 0;
}

static void helper_go(void (*fn)(void))
{
    helper.fn = fn;
    helper.state = 1;
}

/* Waits up to ms for the helper to finish; true if it did. */
static bool helper_wait(uint64_t ms)
{
    uint64_t end = (uint64_t)sys_clock() + ms * 1000000;
    while (helper.state != 2 && (uint64_t)sys_clock() < end)
        sys_yield();
    if (helper.state != 2)
        return false;
    helper.state = 0;
    return true;
}

static void t_pipes(void)
{
    cap_t rd, wr;
    EXPECT_EQ(vfs_pipe(vfs, 0, &rd, &wr), 0);
    EXPECT_EQ(file_write(wr, "ping", 4, FILE_OFF_CUR), 4);
    EXPECT_EQ(file_call(rd, FILE_POLL, 1, 0), 1);
    char buf[16] = {0};
    EXPECT_EQ(file_read(rd, buf, sizeof buf, FILE_OFF_CUR), 4);
    EXPECT(!memcmp(buf, "ping", 4));
    EXPECT_EQ(file_seek(rd, 0, 0), -ESPIPE);
    EXPECT_EQ(file_read(wr, buf, 1, FILE_OFF_CUR), -EBADF);
    struct file_stat st;
    EXPECT_EQ(file_stat(rd, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFIFO);
    /* a blocking read answered later */
    bool threads = start_helper();
    EXPECT(threads);
    if (threads) {
        helper.cap = rd;
        helper.label = FILE_READ;
        helper.w0 = 16;
        helper.w1 = FILE_OFF_CUR;
        helper.len = 2;
        helper_go(helper_call);
        for (int i = 0; i < 50; i++)
            sys_yield();
        EXPECT_EQ(helper.state, 1); /* still blocked */
        EXPECT_EQ(file_write(wr, "late", 4, FILE_OFF_CUR), 4);
        EXPECT(helper_wait(2000));
        EXPECT_EQ(helper.result, 4);
        EXPECT(!memcmp(helper.data, "late", 4));
        /* a blocking write to a full pipe answered when a reader drains it */
        static char big[4096];
        EXPECT_EQ(file_write(wr, big, sizeof big, FILE_OFF_CUR), sizeof big);
        helper.cap = wr;
        helper.label = FILE_WRITE;
        helper.w0 = 100;
        helper.len = IPC_REG_WORDS + 100 / 8 + 1;
        memset(helper.data, 'w', 100);
        helper_go(helper_call);
        for (int i = 0; i < 50; i++)
            sys_yield();
        EXPECT_EQ(helper.state, 1);
        EXPECT_EQ(file_read(rd, big, 1000, FILE_OFF_CUR), 1000);
        EXPECT(helper_wait(2000));
        EXPECT_EQ(helper.result, 100);
        EXPECT_EQ(file_read(rd, big, sizeof big, FILE_OFF_CUR), 3196);
        EXPECT_EQ(big[3195], 'w');
        EXPECT_EQ(big[3095], 0);
        /* a reader waiting when the last writer closes gets end of file */
        helper.cap = rd;
        helper.label = FILE_READ;
        helper.w0 = 16;
        helper.len = 2;
        helper_go(helper_call);
        for (int i = 0; i < 50; i++)
            sys_yield();
        xclose(wr);
        EXPECT(helper_wait(2000));
        EXPECT_EQ(helper.result, 0);
    } else {
        xclose(wr);
    }
    EXPECT_EQ(file_read(rd, buf, sizeof buf, FILE_OFF_CUR), 0);
    xclose(rd);
    /* nonblocking ends; EPIPE once every reader is gone */
    EXPECT_EQ(vfs_pipe(vfs, O_NONBLOCK, &rd, &wr), 0);
    EXPECT_EQ(file_read(rd, buf, sizeof buf, FILE_OFF_CUR), -EAGAIN);
    static char fill[4096];
    EXPECT_EQ(file_write(wr, fill, sizeof fill, FILE_OFF_CUR), sizeof fill);
    EXPECT_EQ(file_write(wr, "x", 1, FILE_OFF_CUR), -EAGAIN);
    EXPECT_EQ(file_call(wr, FILE_POLL, 4, 0), 0);
    xclose(rd);
    EXPECT_EQ(file_write(wr, "x", 1, FILE_OFF_CUR), -EPIPE);
    xclose(wr);
    /* named pipes */
    EXPECT_EQ(path1(VFS_MKNOD, "/tmp/fifo", S_IFIFO | 0644), 0);
    EXPECT_EQ(path1(VFS_MKNOD, "/tmp/dev", S_IFCHR | 0644), -EPERM);
    cap_t fr = xopen("/tmp/fifo", O_RDONLY | O_NONBLOCK, 0);
    cap_t fw = xopen("/tmp/fifo", O_WRONLY, 0);
    EXPECT(fr && fw);
    EXPECT_EQ(file_write(fw, "fifo", 4, FILE_OFF_CUR), 4);
    EXPECT_EQ(file_read(fr, buf, sizeof buf, FILE_OFF_CUR), 4);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/fifo", 0, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFIFO);
    xclose(fr);
    xclose(fw);
    /* the same named pipe again, after both ends closed */
    fr = xopen("/tmp/fifo", O_RDONLY | O_NONBLOCK, 0);
    fw = xopen("/tmp/fifo", O_WRONLY, 0);
    EXPECT(fr && fw);
    EXPECT_EQ(file_write(fw, "again", 5, FILE_OFF_CUR), 5);
    EXPECT_EQ(file_read(fr, buf, sizeof buf, FILE_OFF_CUR), 5);
    xclose(fw);
    EXPECT_EQ(file_read(fr, buf, sizeof buf, FILE_OFF_CUR), 0);
    xclose(fr);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/fifo", 0), 0);
}

static cap_t ctl;

/* A control request through vfs.control. */
static long control(uint64_t label, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
                    const char *path, cap_t cap, cap_t *out)
{
    struct ipc_msg m = {0};
    m.w[0] = w0;
    m.w[1] = w1;
    m.w[2] = w2;
    m.w[3] = w3;
    uint64_t len = 4;
    if (path) {
        size_t n = strlen(path) + 1;
        memcpy(&ib()->w[IPC_REG_WORDS], path, n);
        len = IPC_REG_WORDS + (n + 7) / 8;
    }
    if (cap)
        ib()->caps_out[0] = cap;
    cap_t s = out ? slot_alloc() : 0;
    ib()->recv_slots[0] = s;
    long r = sys_call(ctl, IPC_INFO(label, len, cap ? 1 : 0), &m);
    if (r == 0)
        r = (long)m.w[0];
    if (out) {
        if (ib()->caps_in == 1)
            *out = s;
        else
            slot_free(s);
    }
    return r;
}

static void t_permissions(void)
{
    if (registry_lookup(PROC_CAP_REGISTRY, "vfs.control", &ctl) < 0) {
        EXPECT(0);
        return;
    }
    cap_t user = 0;
    long id = control(VFS_CLIENT_NEW, 0, 1000, 1000, 0, NULL, 0, &user);
    EXPECT(id > 0);
    EXPECT(user != 0);
    if (id <= 0 || !user)
        return;
    cap_t root = vfs;
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/priv", 0700), 0);
    xclose(xopen("/tmp/secret", O_CREAT | O_WRONLY, 0600));
    xclose(xopen("/tmp/public", O_CREAT | O_WRONLY, 0644));
    vfs = user;
    EXPECT_EQ(xopen_err("/tmp/secret", O_RDONLY), -EACCES);
    EXPECT_EQ(xopen_err("/tmp/public", O_RDONLY), 0);
    EXPECT_EQ(xopen_err("/tmp/public", O_WRONLY), -EACCES);
    EXPECT_EQ(xopen_err("/tmp/priv/x", O_CREAT | O_WRONLY), -EACCES);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/tmp/priv/x", 0, &st), -EACCES);
    EXPECT_EQ(path1(VFS_MKDIR, "/mine", 0755), -EACCES);
    EXPECT_EQ(path1(VFS_CHMOD, "/tmp/public", 0666), -EPERM);
    EXPECT_EQ(vfs_path_call(vfs, VFS_CHOWN, "/tmp/public", NULL, 1000, (uint32_t)-1, 0), -EPERM);
    EXPECT_EQ(path1(VFS_CHDIR, "/tmp/priv", 0), -EACCES);
    EXPECT_EQ(path1(VFS_ACCESS, "/tmp/public", 2), -EACCES);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/public", 0), -EPERM); /* sticky /tmp */
    cap_t f = xopen("/tmp/users", O_CREAT | O_RDWR, 0600);
    EXPECT(f != 0);
    EXPECT_EQ(file_stat(f, &st), 0);
    EXPECT_EQ(st.uid, 1000);
    EXPECT_EQ(st.gid, 1000);
    xclose(f);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/users", 0), 0);
    EXPECT_EQ(xopen_err("/initfs/etc/welcome.txt", O_RDONLY), 0);
    /* groups: setcred puts the client in the file's group */
    EXPECT_EQ(vfs_path_call(root, VFS_CHOWN, "/tmp/secret", NULL, 0, 50, 0), 0);
    EXPECT_EQ(vfs_path_call(root, VFS_CHMOD, "/tmp/secret", NULL, 0640, 0, 0), 0);
    EXPECT_EQ(xopen_err("/tmp/secret", O_RDONLY), -EACCES);
    uint32_t groups[2] = {50, 51};
    memcpy(&ib()->w[IPC_REG_WORDS], groups, sizeof groups);
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)id;
    m.w[1] = 1000;
    m.w[2] = 1000;
    m.w[3] = 2;
    EXPECT_EQ(sys_call(ctl, IPC_INFO(VFS_CLIENT_SETCRED, IPC_REG_WORDS + 1, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], 0);
    EXPECT_EQ(xopen_err("/tmp/secret", O_RDONLY), 0);
    /* a child client inherits the working directory */
    EXPECT_EQ(path1(VFS_CHDIR, "/initfs", 0), 0);
    cap_t child = 0;
    long cid = control(VFS_CLIENT_NEW, (uint64_t)id, 1000, 1000, 0, NULL, 0, &child);
    EXPECT(cid > 0);
    char buf[32];
    vfs = child;
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 8);
    EXPECT_EQ(control(VFS_CLIENT_DROP, (uint64_t)cid, 0, 0, 0, NULL, 0, NULL), 0);
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), -EBADF);
    vfs = root;
    EXPECT_EQ(control(VFS_CLIENT_DROP, (uint64_t)id, 0, 0, 0, NULL, 0, NULL), 0);
    EXPECT_EQ(control(VFS_CLIENT_DROP, (uint64_t)id, 0, 0, 0, NULL, 0, NULL), -ESRCH);
    slot_delete(user);
    slot_delete(child);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/secret", 0), 0);
    EXPECT_EQ(path1(VFS_UNLINK, "/tmp/public", 0), 0);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/priv", 0), 0);
}

static void t_mount_sync(void)
{
    if (!ctl)
        return;
    EXPECT_EQ(path1(VFS_MKDIR, "/tmp/mnt", 0755), 0);
    EXPECT_EQ(control(VFS_MOUNT, VFS_FS_RAMFS, 0, 0, 0, "/tmp/mnt", 0, NULL), 0);
    EXPECT_EQ(control(VFS_MOUNT, VFS_FS_RAMFS, 0, 0, 0, "/tmp/mnt", 0, NULL), -EBUSY);
    EXPECT_EQ(control(VFS_MOUNT, VFS_FS_EXT2, 0, 0, 0, "/tmp", 0, NULL), -ENODEV);
    struct file_stat a, b;
    EXPECT_EQ(vfs_stat(vfs, "/tmp", 0, &a), 0);
    EXPECT_EQ(vfs_stat(vfs, "/tmp/mnt", 0, &b), 0);
    EXPECT(a.dev != b.dev);
    xclose(xopen("/tmp/mnt/inside", O_CREAT | O_WRONLY, 0644));
    EXPECT_EQ(vfs_stat(vfs, "/tmp/mnt/../mnt/inside", 0, &b), 0);
    EXPECT_EQ(path2(VFS_RENAME, "/tmp/mnt/inside", "/tmp/outside"), -EXDEV);
    EXPECT_EQ(path2(VFS_LINK, "/tmp/mnt/inside", "/tmp/outside"), -EXDEV);
    EXPECT_EQ(path1(VFS_RMDIR, "/tmp/mnt", 0), -EBUSY);
    EXPECT_EQ(path1(VFS_CHDIR, "/tmp/mnt", 0), 0);
    char buf[32];
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 9);
    EXPECT_EQ(path1(VFS_CHDIR, "..", 0), 0);
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 5);
    EXPECT(!strcmp(buf, "/tmp"));
    EXPECT_EQ(path1(VFS_CHDIR, "/", 0), 0);
    EXPECT_EQ(vfs_sync(vfs), 0);
    uint64_t sf[5];
    EXPECT_EQ(vfs_statfs(vfs, sf), 0);
    EXPECT(sf[0] > 0 && sf[1] > 0);
    EXPECT_EQ(control(VFS_SYNC, 0, 0, 0, 0, NULL, 0, NULL), 0);
}

/* An attached node: opens of /dev/vtest go to our own endpoint, served by the helper. */
static cap_t attach_ep, attach_file;
static volatile uint64_t attach_seen[4];

static void serve_one_open(void)
{
    struct ipc_msg m = {0};
    struct ipc_buffer *b = helper.buf;
    long r = sys_recv(attach_ep, 2000000000ull, &m);
    if (r < 0) {
        helper.result = r;
        return;
    }
    attach_seen[0] = IPC_LABEL(m.info);
    attach_seen[1] = m.w[2];
    attach_seen[2] = m.w[3];
    attach_seen[3] = !memcmp(&b->w[IPC_REG_WORDS], "vtest", 6);
    b->caps_out[0] = attach_file;
    m.w[0] = 0;
    m.w[1] = S_IFCHR;
    cap_t reply = slot_alloc();
    helper.result = invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, reply);
    if (helper.result == 0)
        helper.result = sys_send(reply, IPC_INFO(0, 2, 1), &m);
    slot_free(reply);
}

static void t_attach(void)
{
    if (!ctl || !helper.buf)
        return;
    attach_ep = slot_alloc();
    EXPECT_EQ(invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, attach_ep), 0);
    attach_file = xopen("/dev/zero", O_RDONLY, 0);
    EXPECT_EQ(control(VFS_ATTACH, S_IFCHR | 0666, 0, 0, 0, "/dev/vtest", attach_ep, NULL), 0);
    EXPECT_EQ(control(VFS_ATTACH, S_IFCHR | 0666, 0, 0, 0, "/tmp/x", attach_ep, NULL), -EINVAL);
    EXPECT_EQ(control(VFS_ATTACH, S_IFCHR | 0666, 0, 0, 0, "/dev/vtest2", 0, NULL), -EINVAL);
    helper_go(serve_one_open);
    cap_t f = 0;
    unsigned type = 0;
    EXPECT_EQ(vfs_open(vfs, "/dev/vtest", O_RDWR, 0, &f, &type), 0);
    EXPECT_EQ(type, S_IFCHR);
    EXPECT_EQ(attach_seen[0], VFS_OPEN);
    EXPECT_EQ(attach_seen[1], 0);
    EXPECT_EQ(attach_seen[3], 1);
    uint8_t buf[8] = {1};
    EXPECT_EQ(file_read(f, buf, 8, FILE_OFF_CUR), 8); /* the file is /dev/zero's */
    EXPECT_EQ(buf[0], 0);
    slot_delete(f); /* a copy of attach_file's capability: one holder */
    xclose(attach_file);
    helper_wait(3000);
}

static void t_bad_requests(void)
{
    struct ipc_msg m = {0};
    EXPECT_EQ(sys_call(vfs, IPC_INFO(0x2FF, 0, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -ENOSYS);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(vfs, IPC_INFO(VFS_OPEN, 0, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EINVAL);
    memset(&ib()->w[IPC_REG_WORDS], 'x', FILE_IO_MAX);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(vfs, IPC_INFO(VFS_STAT, IPC_MAX_WORDS, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -ENAMETOOLONG);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(vfs, IPC_INFO(VFS_RENAME, 7, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EINVAL);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(vfs, IPC_INFO(VFS_CLIENT_NEW, 4, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EPERM);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(vfs, IPC_INFO(VFS_UNMOUNT_ALL, 0, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EPERM);
    cap_t f = xopen("/tmp/a/f", O_RDWR, 0);
    memset(&m, 0, sizeof m);
    m.w[0] = 400; /* more bytes than the message carries */
    EXPECT_EQ(sys_call(f, IPC_INFO(FILE_WRITE, IPC_REG_WORDS + 1, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EINVAL);
    memset(&m, 0, sizeof m);
    m.w[0] = 1ull << 40; /* a huge read is clamped */
    EXPECT_EQ(sys_call(f, IPC_INFO(FILE_READ, 2, 0), &m), 0);
    EXPECT((long)m.w[0] >= 0 && (long)m.w[0] <= FILE_IO_MAX);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(f, IPC_INFO(0x1FF, 0, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -ENOSYS);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(f, IPC_INFO(VFS_OPEN, 0, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -ENOSYS);
    memset(&m, 0, sizeof m);
    m.w[1] = 7;
    EXPECT_EQ(sys_call(f, IPC_INFO(FILE_SEEK, 2, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EINVAL);
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_call(f, IPC_INFO(FILE_GETDENTS, 0, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -ENOTDIR);
    /* a one-way close, as procmgr sends it for a dead process */
    memset(&m, 0, sizeof m);
    EXPECT_EQ(sys_send(f, IPC_INFO(FILE_CLOSE, 0, 0), &m), 0);
    struct file_stat st;
    EXPECT_EQ(file_stat(f, &st), -EBADF);
    slot_delete(f);
    /* a directory read with a buffer too small for one record */
    f = xopen("/tmp", O_RDONLY, 0);
    memset(&m, 0, sizeof m);
    m.w[0] = 8;
    EXPECT_EQ(sys_call(f, IPC_INFO(FILE_GETDENTS, 1, 0), &m), 0);
    EXPECT_EQ((long)m.w[0], -EINVAL);
    xclose(f);
    /* the server is still there */
    EXPECT_EQ(vfs_stat(vfs, "/", 0, &st), 0);
}

static bool have_disk;

/* ext2 on blk0 at /mnt/disk (vfsdisk.conf). Leaves /vfstest.txt, /vfstest.d/{big,link,sym}
 * for the host to check after the unmount (tests/system/test_vfs.py). */
static void t_ext2(void)
{
    struct file_stat a, b;
    EXPECT_EQ(vfs_stat(vfs, "/mnt", 0, &a), 0);
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk", 0, &b), 0);
    if (a.dev == b.dev) {
        dprintf_k("vfstest: no block device; ext2 cases skipped\n");
        return;
    }
    have_disk = true;
    char buf[64] = {0};
    cap_t f = xopen("/mnt/disk/etc/welcome.txt", O_RDONLY, 0);
    EXPECT(f != 0);
    EXPECT(file_read(f, buf, 16, FILE_OFF_CUR) == 16);
    EXPECT(!memcmp(buf, "Welcome to CLUU", 15));
    xclose(f);
    static const char *const names[] = {"passwd", "group", "welcome.txt", ".", ".."};
    unsigned found;
    EXPECT(list_dir("/mnt/disk/etc", names, 5, &found) >= 5);
    EXPECT_EQ(found, 0x1F);
    f = xopen("/mnt/disk/vfstest.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    EXPECT(f != 0);
    EXPECT_EQ(file_write(f, "written by vfstest\n", 19, FILE_OFF_CUR), 19);
    EXPECT_EQ(file_read(f, buf, 64, 0), 19);
    EXPECT(!memcmp(buf, "written by vfstest\n", 19));
    EXPECT_EQ(file_call(f, FILE_SYNC, 0, 0), 0);
    xclose(f);
    EXPECT_EQ(xopen_err("/mnt/disk/vfstest.txt", O_CREAT | O_EXCL | O_RDWR), -EEXIST);
    EXPECT_EQ(path1(VFS_MKDIR, "/mnt/disk/vfstest.d", 0750), 0);
    EXPECT_EQ(path1(VFS_MKDIR, "/mnt/disk/vfstest.d", 0750), -EEXIST);
    /* 40000 bytes: past the direct blocks of a 1 KiB-block file system */
    static uint8_t w[40000], r[40000];
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = (uint8_t)(i * 7 + 3);
    f = xopen("/mnt/disk/vfstest.d/big", O_CREAT | O_RDWR, 0600);
    EXPECT_EQ(file_write(f, w, sizeof w, FILE_OFF_CUR), sizeof w);
    EXPECT_EQ(file_read(f, r, sizeof r, 0), sizeof r);
    EXPECT(!memcmp(w, r, sizeof w));
    EXPECT_EQ(file_stat(f, &a), 0);
    EXPECT_EQ(a.size, sizeof w);
    EXPECT_EQ(a.mode, S_IFREG | 0600);
    xclose(f);
    EXPECT_EQ(path2(VFS_LINK, "/mnt/disk/vfstest.d/big", "/mnt/disk/vfstest.d/link"), 0);
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk/vfstest.d/big", 0, &a), 0);
    EXPECT_EQ(a.nlink, 2);
    EXPECT_EQ(path2(VFS_SYMLINK, "big", "/mnt/disk/vfstest.d/sym"), 0);
    EXPECT_EQ(vfs_readlink(vfs, "/mnt/disk/vfstest.d/sym", buf, sizeof buf), 3);
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk/vfstest.d/sym", 0, &b), 0);
    EXPECT_EQ(b.ino, a.ino);
    xclose(xopen("/mnt/disk/vfstest.d/tmp", O_CREAT | O_WRONLY, 0644));
    EXPECT_EQ(path2(VFS_RENAME, "/mnt/disk/vfstest.d/tmp", "/mnt/disk/vfstest.d/renamed"), 0);
    EXPECT_EQ(path1(VFS_TRUNCATE, "/mnt/disk/vfstest.d/renamed", 5000), 0);
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk/vfstest.d/renamed", 0, &b), 0);
    EXPECT_EQ(b.size, 5000);
    EXPECT_EQ(vfs_path_call(vfs, VFS_CHOWN, "/mnt/disk/vfstest.d/renamed", NULL, 7, 8, 0), 0);
    EXPECT_EQ(path1(VFS_CHMOD, "/mnt/disk/vfstest.d/renamed", 0604), 0);
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk/vfstest.d/renamed", 0, &b), 0);
    EXPECT_EQ(b.uid, 7);
    EXPECT_EQ(b.mode, S_IFREG | 0604);
    EXPECT_EQ(path1(VFS_RMDIR, "/mnt/disk/vfstest.d", 0), -ENOTEMPTY);
    /* unlink of an open file: readable until the last close, then gone from the disk */
    f = xopen("/mnt/disk/vfstest.d/renamed", O_RDWR, 0);
    EXPECT_EQ(file_write(f, "kept", 4, 0), 4);
    EXPECT_EQ(path1(VFS_UNLINK, "/mnt/disk/vfstest.d/renamed", 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk/vfstest.d/renamed", 0, &b), -ENOENT);
    EXPECT_EQ(file_read(f, buf, 4, 0), 4);
    EXPECT(!memcmp(buf, "kept", 4));
    EXPECT_EQ(file_stat(f, &b), 0);
    EXPECT_EQ(b.nlink, 0);
    EXPECT_EQ(file_write(f, "more", 4, 5000), 4);
    xclose(f);
    EXPECT_EQ(path2(VFS_RENAME, "/mnt/disk/vfstest.txt", "/tmp/x"), -EXDEV);
    EXPECT_EQ(path1(VFS_MKDIR, "/mnt/disk/vfstest.e", 0755), 0);
    EXPECT_EQ(path1(VFS_RMDIR, "/mnt/disk/vfstest.e", 0), 0);
    EXPECT_EQ(path1(VFS_CHDIR, "/mnt/disk/vfstest.d", 0), 0);
    EXPECT_EQ(vfs_getcwd(vfs, buf, sizeof buf), 20);
    EXPECT_EQ(path1(VFS_CHDIR, "../etc", 0), 0);
    EXPECT_EQ(vfs_stat(vfs, "passwd", 0, &b), 0);
    EXPECT_EQ(path1(VFS_CHDIR, "/", 0), 0);
    uint64_t sf[5];
    EXPECT_EQ(vfs_statfs(vfs, sf), 0);
    EXPECT_EQ(vfs_sync(vfs), 0);
    dprintf_k("vfstest: ext2 on blk0 exercised\n");
}

/* Last: VFS_UNMOUNT_ALL marks ext2 clean; the disk answers -EIO afterwards. */
static void t_unmount(void)
{
    if (!have_disk || !ctl)
        return;
    EXPECT_EQ(control(VFS_UNMOUNT_ALL, 0, 0, 0, 0, NULL, 0, NULL), 0);
    struct file_stat st;
    EXPECT_EQ(vfs_stat(vfs, "/mnt/disk/vfstest.txt", 0, &st), -EIO);
    EXPECT_EQ(vfs_stat(vfs, "/tmp", 0, &st), 0);
    dprintf_k("vfstest: file systems unmounted\n");
}

static void t_bench(void)
{
    char buf[32];
    const int n = 200;
    uint64_t t0 = (uint64_t)sys_clock();
    for (int i = 0; i < n; i++) {
        cap_t f = xopen("/initfs/etc/welcome.txt", O_RDONLY, 0);
        file_read(f, buf, sizeof buf, FILE_OFF_CUR);
        xclose(f);
    }
    uint64_t t1 = (uint64_t)sys_clock();
    struct file_stat st;
    for (int i = 0; i < n; i++)
        vfs_stat(vfs, "/tmp/a/f", 0, &st);
    uint64_t t2 = (uint64_t)sys_clock();
    dprintf_k("vfstest: open+read+close %lu ns, stat %lu ns (mean of %d)\n",
              (unsigned long)((t1 - t0) / n), (unsigned long)((t2 - t1) / n), n);
}

/* procmgr opened stdio=/dev/null through our client as fds 0..2 (one description). */
static void t_stdio(void)
{
    struct file_stat st;
    EXPECT_EQ(file_stat(PROC_CAP_FD0, &st), 0);
    EXPECT_EQ(st.mode & S_IFMT, S_IFCHR);
    EXPECT_EQ(file_write(PROC_CAP_FD0 + 1, "out", 3, FILE_OFF_CUR), 3);
    EXPECT_EQ(file_call(PROC_CAP_FD0 + 2, FILE_GETFL, 0, 0), O_RDWR);
}

static const struct {
    void (*fn)(void);
    const char *name;
} tests[] = {
    {t_stdio, "stdio"},
    {t_basic_files, "basic files"},
    {t_open_errors, "open errors"},
    {t_shared_offset, "shared offsets"},
    {t_append_trunc_excl, "append, trunc, excl"},
    {t_big_file, "big file"},
    {t_dirs, "directories"},
    {t_rename_link, "rename and link"},
    {t_symlinks, "symlinks"},
    {t_names, "names"},
    {t_cwd_umask, "cwd and umask"},
    {t_attrs, "attributes"},
    {t_initfs, "initfs"},
    {t_devfs, "devfs"},
    {t_pipes, "pipes"},
    {t_permissions, "permissions"},
    {t_mount_sync, "mount and sync"},
    {t_attach, "attach"},
    {t_bad_requests, "bad requests"},
    {t_ext2, "ext2"},
    {t_bench, "bench"},
    {t_unmount, "unmount"},
};

int main(const struct boot_user_info *bi)
{
    (void)bi;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        current = tests[i].name;
        if (cluu_argc > 1)
            dprintf_k("vfstest: %s\n", current);
        tests[i].fn();
    }
    dprintf_k("vfstest: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
