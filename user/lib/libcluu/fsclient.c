/* Client stubs of the vfs and open-file protocols (fsclient.h). */
#include "fsclient.h"
#include "lib/string.h"

static struct ipc_buffer *ipcbuf(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

static char *ipc_bytes(void)
{
    return (char *)&ipcbuf()->w[IPC_REG_WORDS];
}

static uint64_t words_for(size_t bytes)
{
    return IPC_REG_WORDS + (bytes + 7) / 8;
}

/* Puts path (and path2 after its NUL) in the IPC buffer; the bytes used or -ENAMETOOLONG. */
static long pack_paths(const char *path, const char *path2)
{
    size_t n = strlen(path) + 1, n2 = path2 ? strlen(path2) + 1 : 0;
    if (n + n2 > VFS_PATH_MAX)
        return -ENAMETOOLONG;
    char *b = ipc_bytes();
    memcpy(b, path, n);
    if (path2)
        memcpy(b + n, path2, n2);
    return (long)(n + n2);
}

/* One call; the reply's word 0 (or the call's error). */
static long call(cap_t c, uint64_t label, uint64_t len, struct ipc_msg *m)
{
    long r = sys_call(c, IPC_INFO(label, len, 0), m);
    return r < 0 ? r : (long)m->w[0];
}

long vfs_open(cap_t vfs, const char *path, int flags, unsigned mode, cap_t *file,
              unsigned *type)
{
    long n = pack_paths(path, NULL);
    if (n < 0)
        return n;
    cap_t s = slot_alloc();
    if (!s)
        return -ENFILE;
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)(unsigned)flags;
    m.w[1] = mode;
    ipcbuf()->recv_slots[0] = s;
    long r = call(vfs, VFS_OPEN, words_for((size_t)n), &m);
    if (r >= 0 && ipcbuf()->caps_in != 1)
        r = -EIO;
    if (r < 0) {
        if (ipcbuf()->caps_in)
            slot_delete(s);
        else
            slot_free(s);
        return r;
    }
    *file = s;
    if (type)
        *type = (unsigned)m.w[1];
    return 0;
}

long vfs_path_call(cap_t vfs, uint64_t label, const char *path, const char *path2,
                   uint64_t w0, uint64_t w1, uint64_t w2)
{
    long n = pack_paths(path, path2);
    if (n < 0)
        return n;
    struct ipc_msg m = {0};
    m.w[0] = w0;
    m.w[1] = w1;
    m.w[2] = w2;
    return call(vfs, label, words_for((size_t)n), &m);
}

long vfs_stat(cap_t vfs, const char *path, int nofollow, struct file_stat *st)
{
    long n = pack_paths(path, NULL);
    if (n < 0)
        return n;
    struct ipc_msg m = {0};
    m.w[0] = nofollow ? 0x100 : 0; /* AT_SYMLINK_NOFOLLOW */
    long r = call(vfs, VFS_STAT, words_for((size_t)n), &m);
    if (r >= 0)
        memcpy(st, ipc_bytes(), sizeof *st);
    return r;
}

long vfs_readlink(cap_t vfs, const char *path, char *buf, size_t n)
{
    long len = pack_paths(path, NULL);
    if (len < 0)
        return len;
    struct ipc_msg m = {0};
    long r = call(vfs, VFS_READLINK, words_for((size_t)len), &m);
    if (r < 0)
        return r;
    if ((size_t)r > VFS_PATH_MAX)
        return -EIO;
    if ((size_t)r > n)
        r = (long)n;
    memcpy(buf, ipc_bytes(), (size_t)r);
    return r;
}

long vfs_getcwd(cap_t vfs, char *buf, size_t n)
{
    struct ipc_msg m = {0};
    long r = call(vfs, VFS_GETCWD, 0, &m);
    if (r < 0)
        return r;
    if (r == 0 || (size_t)r > VFS_PATH_MAX)
        return -EIO;
    if ((size_t)r > n)
        return -ERANGE;
    memcpy(buf, ipc_bytes(), (size_t)r);
    buf[r - 1] = 0;
    return r;
}

long vfs_umask(cap_t vfs, unsigned mask)
{
    struct ipc_msg m = {0};
    m.w[0] = mask;
    return call(vfs, VFS_UMASK, 1, &m);
}

long vfs_pipe(cap_t vfs, int flags, cap_t *rd, cap_t *wr)
{
    cap_t a = slot_alloc(), b = slot_alloc();
    if (!a || !b) {
        slot_free(a);
        slot_free(b);
        return -ENFILE;
    }
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)(unsigned)flags;
    ipcbuf()->recv_slots[0] = a;
    ipcbuf()->recv_slots[1] = b;
    long r = call(vfs, VFS_PIPE, 1, &m);
    uint64_t got = ipcbuf()->caps_in;
    if (r >= 0 && got != 2)
        r = -EIO;
    if (r < 0) {
        if (got > 0)
            slot_delete(a);
        else
            slot_free(a);
        if (got > 1)
            slot_delete(b);
        else
            slot_free(b);
        return r;
    }
    *rd = a;
    *wr = b;
    return 0;
}

long vfs_sync(cap_t vfs)
{
    struct ipc_msg m = {0};
    return call(vfs, VFS_SYNC, 0, &m);
}

long vfs_statfs(cap_t vfs, uint64_t out[5])
{
    struct ipc_msg m = {0};
    long r = call(vfs, VFS_STATFS, 0, &m);
    for (int i = 0; r >= 0 && i < 5; i++)
        out[i] = m.w[1 + i];
    return r;
}

long file_read(cap_t f, void *buf, size_t n, uint64_t off)
{
    size_t done = 0;
    while (done < n) {
        size_t chunk = n - done > FILE_IO_MAX ? FILE_IO_MAX : n - done;
        struct ipc_msg m = {0};
        m.w[0] = chunk;
        m.w[1] = off == FILE_OFF_CUR ? FILE_OFF_CUR : off + done;
        long r = call(f, FILE_READ, 2, &m);
        if (r < 0)
            return done ? (long)done : r;
        if ((size_t)r > chunk)
            return -EIO;
        memcpy((char *)buf + done, ipc_bytes(), (size_t)r);
        done += (size_t)r;
        if ((size_t)r < chunk)
            break;
    }
    return (long)done;
}

long file_write(cap_t f, const void *buf, size_t n, uint64_t off)
{
    size_t done = 0;
    do {
        size_t chunk = n - done > FILE_IO_MAX ? FILE_IO_MAX : n - done;
        struct ipc_msg m = {0};
        m.w[0] = chunk;
        m.w[1] = off == FILE_OFF_CUR ? FILE_OFF_CUR : off + done;
        memcpy(ipc_bytes(), (const char *)buf + done, chunk);
        long r = call(f, FILE_WRITE, words_for(chunk), &m);
        if (r < 0)
            return done ? (long)done : r;
        if ((size_t)r > chunk)
            return -EIO;
        done += (size_t)r;
        if ((size_t)r < chunk)
            break;
    } while (done < n);
    return (long)done;
}

long file_seek(cap_t f, int64_t off, int whence)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)off;
    m.w[1] = (uint64_t)whence;
    return call(f, FILE_SEEK, 2, &m);
}

long file_stat(cap_t f, struct file_stat *st)
{
    struct ipc_msg m = {0};
    long r = call(f, FILE_STAT, 0, &m);
    if (r >= 0)
        memcpy(st, ipc_bytes(), sizeof *st);
    return r;
}

long file_getdents(cap_t f, void *buf, size_t n)
{
    struct ipc_msg m = {0};
    m.w[0] = n > FILE_IO_MAX ? FILE_IO_MAX : n;
    long r = call(f, FILE_GETDENTS, 1, &m);
    if (r < 0)
        return r;
    if ((uint64_t)r > m.w[0] && r != 0)
        return -EIO;
    memcpy(buf, ipc_bytes(), (size_t)r);
    return r;
}

long file_ioctl(cap_t f, unsigned long req, unsigned long arg, void *data, size_t in_len,
                size_t out_len)
{
    if (in_len > FILE_IO_MAX || out_len > FILE_IO_MAX)
        return -EINVAL;
    size_t len = in_len > out_len ? in_len : out_len;
    if (in_len)
        memcpy(ipc_bytes(), data, in_len);
    struct ipc_msg m = {0};
    m.w[0] = req;
    m.w[1] = arg;
    m.w[2] = len;
    long r = call(f, FILE_IOCTL, words_for(in_len), &m);
    if (r >= 0 && out_len)
        memcpy(data, ipc_bytes(), out_len);
    return r;
}

long file_call(cap_t f, uint64_t label, uint64_t w0, uint64_t w1)
{
    struct ipc_msg m = {0};
    m.w[0] = w0;
    m.w[1] = w1;
    return call(f, label, 2, &m);
}
