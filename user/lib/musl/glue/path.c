/* Requests that name files by path: open, the stat family, directories, links, modes and
 * owners, the working directory and the umask, as vfs requests (abi/proto/vfs.h) on the
 * process's vfs endpoint (PROC_CAP_VFS, profile VFS). Paths relative to a directory fd
 * are joined to the absolute path the fd table remembers for it. Without a vfs endpoint
 * these requests return -ENOSYS. */
#include "glue.h"

#define L_UTIME_NOW ((1l << 30) - 1)
#define L_UTIME_OMIT ((1l << 30) - 2)

cap_t glue_vfs(void)
{
    static int known, have;
    if (!known) {
        have = invoke1(PROC_CAP_CSPACE, CSPACE_INFO, PROC_CAP_VFS) == OBJ_ENDPOINT;
        known = 1;
    }
    return have ? PROC_CAP_VFS : 0;
}

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Joins dir and name into buf (VFS_PATH_MAX bytes). */
static long join(char *buf, const char *dir, const char *name)
{
    size_t a = slen(dir), b = slen(name);
    if (a + 1 + b + 1 > VFS_PATH_MAX) return -ENAMETOOLONG;
    for (size_t i = 0; i < a; i++)
        buf[i] = dir[i];
    size_t k = a;
    if (!a || dir[a - 1] != '/') buf[k++] = '/';
    for (size_t i = 0; i <= b; i++)
        buf[k + i] = name[i];
    return 0;
}

/* The path to send for (dirfd, path): path itself when absolute or relative to the working
 * directory, else joined to the directory fd's path in buf. */
static long resolve(long dirfd, const char *path, char *buf, const char **out)
{
    if (!path) return -EFAULT;
    if (!path[0]) return -ENOENT;
    if (path[0] == '/' || dirfd == L_AT_FDCWD) {
        *out = path;
        return 0;
    }
    if (!glue_fd_cap(dirfd)) return -EBADF;
    const char *dir = glue_fd_path(dirfd);
    if (!dir) {
        struct l_stat st;
        long r = glue_fstat(dirfd, &st);
        if (r < 0) return r;
        /* A directory whose path the glue does not know (inherited across exec). */
        return (st.st_mode & L_S_IFMT) == L_S_IFDIR ? -ENOSYS : -ENOTDIR;
    }
    long r = join(buf, dir, path);
    if (r < 0) return r;
    *out = buf;
    return 0;
}

long glue_openat(long dirfd, const char *path, int flags, unsigned mode)
{
    cap_t vfs = glue_vfs();
    if (!vfs) return -ENOSYS;
    char buf[VFS_PATH_MAX];
    const char *p;
    long r = resolve(dirfd, path, buf, &p);
    if (r < 0) return r;
    cap_t s;
    unsigned type = 0;
    r = vfs_open(vfs, p, flags & ~L_O_CLOEXEC, mode, &s, &type);
    if (r < 0) return r;
    type &= L_S_IFMT;
    const char *dirpath = NULL;
    char cwd[VFS_PATH_MAX], abs[VFS_PATH_MAX];
    if (type == L_S_IFDIR) {
        /* Remember where the directory is, for openat and fchdir. */
        if (p[0] == '/')
            dirpath = p;
        else if (vfs_getcwd(vfs, cwd, sizeof cwd) > 0 && join(abs, cwd, p) == 0)
            dirpath = abs;
    }
    r = glue_fd_install(s, 0, (flags & L_O_CLOEXEC) != 0, type, dirpath);
    if (r < 0) {
        file_call(s, FILE_CLOSE, 0, 0);
        slot_delete(s);
    }
    return r;
}

static int64_t ns_sec(uint64_t ns)
{
    return (int64_t)(ns / 1000000000ull);
}
static int64_t ns_nsec(uint64_t ns)
{
    return (int64_t)(ns % 1000000000ull);
}

void glue_stat_convert(const struct file_stat *fs, struct l_stat *st)
{
    *st = (struct l_stat){
        .st_dev = fs->dev,
        .st_ino = fs->ino,
        .st_nlink = fs->nlink,
        .st_mode = fs->mode,
        .st_uid = fs->uid,
        .st_gid = fs->gid,
        .st_rdev = fs->rdev,
        .st_size = (int64_t)fs->size,
        .st_blksize = 4096,
        .st_blocks = (int64_t)fs->blocks,
        .st_atim = {ns_sec(fs->atime_ns), ns_nsec(fs->atime_ns)},
        .st_mtim = {ns_sec(fs->mtime_ns), ns_nsec(fs->mtime_ns)},
        .st_ctim = {ns_sec(fs->ctime_ns), ns_nsec(fs->ctime_ns)},
    };
}

long glue_fstatat(long dirfd, const char *path, struct l_stat *st, int flags)
{
    if (path && !path[0] && (flags & L_AT_EMPTY_PATH))
        return dirfd == L_AT_FDCWD ? glue_fstatat(dirfd, ".", st, flags & ~L_AT_EMPTY_PATH)
                                   : glue_fstat(dirfd, st);
    cap_t vfs = glue_vfs();
    if (!vfs) return -ENOSYS;
    char buf[VFS_PATH_MAX];
    const char *p;
    long r = resolve(dirfd, path, buf, &p);
    if (r < 0) return r;
    struct file_stat fs;
    r = vfs_stat(vfs, p, (flags & L_AT_SYMLINK_NOFOLLOW) != 0, &fs);
    if (r < 0) return r;
    glue_stat_convert(&fs, st);
    return 0;
}

static struct l_statx_timestamp stx_time(const struct l_timespec *t)
{
    return (struct l_statx_timestamp){t->tv_sec, (uint32_t)t->tv_nsec, 0};
}

long glue_statx(long dirfd, const char *path, int flags, unsigned mask, struct l_statx *stx)
{
    (void)mask;
    struct l_stat st;
    long r = glue_fstatat(dirfd, path, &st, flags & (L_AT_EMPTY_PATH | L_AT_SYMLINK_NOFOLLOW));
    if (r < 0) return r;
    *stx = (struct l_statx){
        .stx_mask = L_STATX_BASIC_STATS,
        .stx_blksize = (uint32_t)st.st_blksize,
        .stx_nlink = (uint32_t)st.st_nlink,
        .stx_uid = st.st_uid,
        .stx_gid = st.st_gid,
        .stx_mode = (uint16_t)st.st_mode,
        .stx_ino = st.st_ino,
        .stx_size = (uint64_t)st.st_size,
        .stx_blocks = (uint64_t)st.st_blocks,
        .stx_atime = stx_time(&st.st_atim),
        .stx_ctime = stx_time(&st.st_ctim),
        .stx_mtime = stx_time(&st.st_mtim),
        .stx_rdev_major = (uint32_t)((st.st_rdev >> 8) & 0xfff),
        .stx_rdev_minor = (uint32_t)(st.st_rdev & 0xff),
        .stx_dev_major = (uint32_t)((st.st_dev >> 8) & 0xfff),
        .stx_dev_minor = (uint32_t)(st.st_dev & 0xff),
    };
    return 0;
}

/* A one- or two-path vfs request; paths relative to dirfd (and dirfd2). */
static long path_req(uint64_t label, long dirfd, const char *path, long dirfd2, const char *path2,
                     uint64_t w0, uint64_t w1, uint64_t w2)
{
    cap_t vfs = glue_vfs();
    if (!vfs) return -ENOSYS;
    char b1[VFS_PATH_MAX], b2[VFS_PATH_MAX];
    const char *p1, *p2 = NULL;
    long r = resolve(dirfd, path, b1, &p1);
    if (r < 0) return r;
    if (path2 && (r = resolve(dirfd2, path2, b2, &p2)) < 0) return r;
    return vfs_path_call(vfs, label, p1, p2, w0, w1, w2);
}

static uint64_t utime_word(const struct l_timespec *t)
{
    if (!t || t->tv_nsec == L_UTIME_NOW) return (uint64_t)L_UTIME_NOW;
    if (t->tv_nsec == L_UTIME_OMIT) return (uint64_t)L_UTIME_OMIT;
    return (uint64_t)t->tv_sec * 1000000000ull + (uint64_t)t->tv_nsec;
}

static long utimens(long dirfd, const char *path, const struct l_timespec *t, int flags)
{
    (void)flags;
    if (t && ((t[0].tv_nsec < 0 || t[0].tv_nsec >= 1000000000l) && t[0].tv_nsec != L_UTIME_NOW &&
              t[0].tv_nsec != L_UTIME_OMIT))
        return -EINVAL;
    uint64_t a = utime_word(t ? &t[0] : NULL), m = utime_word(t ? &t[1] : NULL);
    if (!path) {
        /* futimens: by the path the fd was opened with, when known. */
        const char *p = glue_fd_path(dirfd);
        if (!glue_fd_cap(dirfd)) return -EBADF;
        if (!p) return -ENOSYS;
        return path_req(VFS_UTIMENS, L_AT_FDCWD, p, 0, NULL, a, m, 0);
    }
    return path_req(VFS_UTIMENS, dirfd, path, 0, NULL, a, m, 0);
}

static long fd_call(long fd, uint64_t label, uint64_t w0, uint64_t w1)
{
    cap_t c = glue_fd_cap(fd);
    return c ? file_call(c, label, w0, w1) : -EBADF;
}

/* statfs/fstatfs: vfs reports one set of numbers (VFS_STATFS); the path or fd must exist. */
static long statfs_of(long fd, const char *path, struct l_statfs *out)
{
    cap_t vfs = glue_vfs();
    if (!vfs) return -ENOSYS;
    struct l_stat st;
    long r = path ? glue_fstatat(L_AT_FDCWD, path, &st, 0) : glue_fstat(fd, &st);
    if (r < 0) return r;
    uint64_t w[5];
    if ((r = vfs_statfs(vfs, w)) < 0) return r;
    *out = (struct l_statfs){.f_bsize = (int64_t)w[0],
                             .f_blocks = w[1],
                             .f_bfree = w[2],
                             .f_bavail = w[2],
                             .f_files = w[3],
                             .f_ffree = w[4],
                             .f_namelen = VFS_NAME_MAX,
                             .f_frsize = (int64_t)w[0]};
    return 0;
}

#define S(x) ((const char *)(x))
#define FDCWD L_AT_FDCWD

long glue_path_call(long n, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
    cap_t vfs = glue_vfs();
    switch (n) {
    case LINUX_open:
        return glue_openat(FDCWD, S(a), (int)b, (unsigned)c);
    case LINUX_creat:
        return glue_openat(FDCWD, S(a), 01 | 0100 | 01000 /* O_WRONLY|O_CREAT|O_TRUNC */,
                           (unsigned)b);
    case LINUX_openat:
        return glue_openat((int)a, S(b), (int)c, (unsigned)d);
    case LINUX_stat:
        return glue_fstatat(FDCWD, S(a), (struct l_stat *)b, 0);
    case LINUX_lstat:
        return glue_fstatat(FDCWD, S(a), (struct l_stat *)b, L_AT_SYMLINK_NOFOLLOW);
    case LINUX_newfstatat:
        return glue_fstatat((int)a, S(b), (struct l_stat *)c, (int)d);
    case LINUX_statx:
        return glue_statx((int)a, S(b), (int)c, (unsigned)d, (struct l_statx *)e);
    case LINUX_mkdir:
        return path_req(VFS_MKDIR, FDCWD, S(a), 0, NULL, b, 0, 0);
    case LINUX_mkdirat:
        return path_req(VFS_MKDIR, (int)a, S(b), 0, NULL, c, 0, 0);
    case LINUX_rmdir:
        return path_req(VFS_RMDIR, FDCWD, S(a), 0, NULL, 0, 0, 0);
    case LINUX_unlink:
        return path_req(VFS_UNLINK, FDCWD, S(a), 0, NULL, 0, 0, 0);
    case LINUX_unlinkat:
        if (c & ~(uint64_t)L_AT_REMOVEDIR) return -EINVAL;
        return path_req((c & L_AT_REMOVEDIR) ? VFS_RMDIR : VFS_UNLINK, (int)a, S(b), 0, NULL, 0, 0,
                        0);
    case LINUX_rename:
        return path_req(VFS_RENAME, FDCWD, S(a), FDCWD, S(b), 0, 0, 0);
    case LINUX_renameat:
        return path_req(VFS_RENAME, (int)a, S(b), (int)c, S(d), 0, 0, 0);
    case LINUX_renameat2:
        if (e) return -EINVAL; /* RENAME_NOREPLACE, RENAME_EXCHANGE: not supported */
        return path_req(VFS_RENAME, (int)a, S(b), (int)c, S(d), 0, 0, 0);
    case LINUX_link:
        return path_req(VFS_LINK, FDCWD, S(a), FDCWD, S(b), 0, 0, 0);
    case LINUX_linkat:
        return path_req(VFS_LINK, (int)a, S(b), (int)c, S(d), 0, 0, 0);
    case LINUX_symlink:
        /* The target is stored as it is, not resolved. */
        if (!vfs) return -ENOSYS;
        if (!S(a) || !S(b)) return -EFAULT;
        return vfs_path_call(vfs, VFS_SYMLINK, S(a), S(b), 0, 0, 0);
    case LINUX_symlinkat: {
        char buf[VFS_PATH_MAX];
        const char *p;
        if (!vfs) return -ENOSYS;
        long r = resolve((int)b, S(c), buf, &p);
        return r < 0 ? r : vfs_path_call(vfs, VFS_SYMLINK, S(a), p, 0, 0, 0);
    }
    case LINUX_readlink:
    case LINUX_readlinkat: {
        long dirfd = n == LINUX_readlink ? FDCWD : (long)a;
        const char *path = n == LINUX_readlink ? S(a) : S(b);
        char *out = (char *)(n == LINUX_readlink ? b : c);
        uint64_t size = n == LINUX_readlink ? c : d;
        char buf[VFS_PATH_MAX];
        const char *p;
        if (!vfs) return -ENOSYS;
        if ((long)size <= 0) return -EINVAL;
        long r = resolve(dirfd, path, buf, &p);
        return r < 0 ? r : vfs_readlink(vfs, p, out, size);
    }
    case LINUX_chmod:
        return path_req(VFS_CHMOD, FDCWD, S(a), 0, NULL, b, 0, 0);
    case LINUX_fchmodat:
        return path_req(VFS_CHMOD, (int)a, S(b), 0, NULL, c, 0, 0);
    case LINUX_fchmod:
        return fd_call((long)a, FILE_CHMOD, b, 0);
    case LINUX_chown:
        return path_req(VFS_CHOWN, FDCWD, S(a), 0, NULL, (uint32_t)b, (uint32_t)c, 0);
    case LINUX_lchown:
        return path_req(VFS_CHOWN, FDCWD, S(a), 0, NULL, (uint32_t)b, (uint32_t)c, 1);
    case LINUX_fchownat:
        if (S(b) && !S(b)[0] && (e & L_AT_EMPTY_PATH))
            return fd_call((long)a, FILE_CHOWN, (uint32_t)c, (uint32_t)d);
        return path_req(VFS_CHOWN, (int)a, S(b), 0, NULL, (uint32_t)c, (uint32_t)d,
                        (e & L_AT_SYMLINK_NOFOLLOW) != 0);
    case LINUX_fchown:
        return fd_call((long)a, FILE_CHOWN, (uint32_t)b, (uint32_t)c);
    case LINUX_truncate:
        if ((int64_t)b < 0) return -EINVAL;
        return path_req(VFS_TRUNCATE, FDCWD, S(a), 0, NULL, b, 0, 0);
    case LINUX_ftruncate:
        if ((int64_t)b < 0) return -EINVAL;
        return fd_call((long)a, FILE_TRUNCATE, b, 0);
    case LINUX_fsync:
    case LINUX_fdatasync:
        return fd_call((long)a, FILE_SYNC, 0, 0);
    case LINUX_sync:
        return vfs ? (vfs_sync(vfs), 0) : 0;
    case LINUX_access:
        return path_req(VFS_ACCESS, FDCWD, S(a), 0, NULL, b, 0, 0);
    case LINUX_faccessat:
    case LINUX_faccessat2:
        return path_req(VFS_ACCESS, (int)a, S(b), 0, NULL, c, 0, 0);
    case LINUX_utimensat:
        return utimens((long)a, S(b), (const struct l_timespec *)c, (int)d);
    case LINUX_getcwd:
        if (!vfs) return -ENOSYS;
        return vfs_getcwd(vfs, (char *)a, b);
    case LINUX_chdir:
        return path_req(VFS_CHDIR, FDCWD, S(a), 0, NULL, 0, 0, 0);
    case LINUX_fchdir: {
        if (!glue_fd_cap((long)a)) return -EBADF;
        const char *p = glue_fd_path((long)a);
        if (!p) {
            struct l_stat st;
            long r = glue_fstat((long)a, &st);
            return r < 0 ? r : (st.st_mode & L_S_IFMT) == L_S_IFDIR ? -ENOSYS : -ENOTDIR;
        }
        return path_req(VFS_CHDIR, FDCWD, p, 0, NULL, 0, 0, 0);
    }
    case LINUX_mknod:
    case LINUX_mknodat: {
        /* FIFOs only (mkfifo); device nodes are attached by their servers. */
        long dirfd = n == LINUX_mknod ? FDCWD : (long)a;
        const char *path = n == LINUX_mknod ? S(a) : S(b);
        uint64_t mode = n == LINUX_mknod ? b : c;
        if ((mode & L_S_IFMT) != L_S_IFIFO) return -EPERM;
        return path_req(VFS_MKNOD, dirfd, path, 0, NULL, mode, 0, 0);
    }
    case LINUX_statfs:
        return statfs_of(-1, S(a), (struct l_statfs *)b);
    case LINUX_fstatfs:
        return statfs_of((long)a, NULL, (struct l_statfs *)b);
    case LINUX_umask:
        if (!vfs) return -ENOSYS;
        return vfs_umask(vfs, (unsigned)a & 0777);
    default:
        return -ENOSYS;
    }
}
