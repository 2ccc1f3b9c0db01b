/* Open-file descriptions and the open-file protocol (abi/proto/file.h). */
#include "vfs.h"

#define MAX_OFILES 2048
#define ESPIPE 29
#define ENOTTY 25

static struct ofile ofiles[MAX_OFILES];
static uint32_t generation = 1;

struct ofile *ofile_get(uint64_t badge)
{
    if (BADGE_KIND(badge) != BADGE_FILE) return NULL;
    uint64_t id = BADGE_ID(badge), i = (id & 0xFFF) - 1;
    if (id == 0 || i >= MAX_OFILES || ofiles[i].id != id) return NULL;
    return &ofiles[i];
}

struct ofile *ofile_new(enum ofile_kind kind, struct vnode *v, uint32_t flags)
{
    for (int i = 0; i < MAX_OFILES; i++) {
        struct ofile *f = &ofiles[i];
        if (f->id) continue;
        memset(f, 0, sizeof *f);
        f->id = ((uint64_t)generation++ << 12) | (uint64_t)(i + 1);
        f->kind = kind;
        f->v = v;
        if (v) vnode_ref(v);
        f->flags = flags & ~(uint32_t)(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_CLOEXEC);
        f->holders = 1;
        return f;
    }
    return NULL;
}

/* A capability for f in a slot deleted after the reply went out. */
cap_t ofile_cap(struct ofile *f)
{
    return mint_badge(BADGE_FILE | f->id);
}

void ofile_close(struct ofile *f)
{
    if (--f->holders > 0) return;
    if (f->kind != OF_NODE) pipe_close_end(f->pipe, f->kind == OF_PIPE_WRITE);
    vnode_put(f->v);
    f->id = 0;
}

static bool readable(const struct ofile *f)
{
    return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool writable(const struct ofile *f)
{
    return (f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_ACCMODE) == O_RDWR;
}

static long do_read(struct req *r, struct ofile *f)
{
    size_t n = r->w[0] > FILE_IO_MAX ? FILE_IO_MAX : (size_t)r->w[0];
    if (!readable(f)) return -EBADF;
    if (f->kind == OF_PIPE_READ) return pipe_read(r, f, n);
    if (f->kind != OF_NODE) return -EBADF;
    struct vnode *v = f->v;
    if (S_ISDIR(v->mode)) return -EISDIR;
    long got;
    if ((v->mode & S_IFMT) == S_IFCHR) {
        got = dev_read(v, reply_data(), n);
    } else {
        uint64_t off = r->w[1] == FILE_OFF_CUR ? f->off : r->w[1];
        got = v->fs->ops->read(v, off, reply_data(), n);
        if (got > 0 && r->w[1] == FILE_OFF_CUR) f->off += (uint64_t)got;
    }
    if (got > 0) r->out_bytes = (size_t)got;
    return got;
}

static long do_write(struct req *r, struct ofile *f)
{
    size_t n = (size_t)r->w[0];
    if (n > FILE_IO_MAX || n > r->data_len) return -EINVAL;
    if (!writable(f)) return -EBADF;
    if (f->kind == OF_PIPE_WRITE) return pipe_write(r, f, r->data, n);
    if (f->kind != OF_NODE) return -EBADF;
    struct vnode *v = f->v;
    if ((v->mode & S_IFMT) == S_IFCHR) return dev_write(v, r->data, n);
    if (!S_ISREG(v->mode)) return -EINVAL;
    bool cur = r->w[1] == FILE_OFF_CUR;
    uint64_t off = (f->flags & O_APPEND) ? v->size : cur ? f->off : r->w[1];
    long put = v->fs->ops->write(v, off, r->data, n);
    if (put > 0 && (cur || (f->flags & O_APPEND))) f->off = off + (uint64_t)put;
    return put;
}

static long do_seek(struct req *r, struct ofile *f)
{
    if (f->kind != OF_NODE || (f->v->mode & S_IFMT) == S_IFIFO) return -ESPIPE;
    int64_t base;
    switch (r->w[1]) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = (int64_t)f->off;
        break;
    case SEEK_END:
        base = (int64_t)f->v->size;
        break;
    default:
        return -EINVAL;
    }
    int64_t off = base + (int64_t)r->w[0];
    if (off < 0) return -EINVAL;
    f->off = (uint64_t)off;
    return off;
}

static long do_stat(struct req *r, struct ofile *f)
{
    struct file_stat st;
    if (f->kind == OF_NODE) {
        vnode_stat(f->v, &st);
    } else {
        memset(&st, 0, sizeof st);
        st.mode = S_IFIFO | 0600;
        st.nlink = 1;
        st.ino = (uint64_t)(uintptr_t)f->pipe;
        st.size = pipe_bytes(f->pipe);
    }
    memcpy(reply_data(), &st, sizeof st);
    r->out_bytes = sizeof st;
    return 0;
}

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

static long do_getdents(struct req *r, struct ofile *f)
{
    size_t max = r->w[0] > FILE_IO_MAX ? FILE_IO_MAX : (size_t)r->w[0];
    if (f->kind != OF_NODE) return -ENOTDIR;
    struct vnode *v = f->v;
    if (!S_ISDIR(v->mode)) return -ENOTDIR;
    uint8_t *out = reply_data();
    size_t used = 0;
    for (;;) {
        uint64_t pos = f->off;
        struct vdirent de;
        long k = v->fs->ops->readdir(v, &pos, &de);
        if (k < 0) return used ? (long)used : k;
        if (k == 0) break;
        size_t nl = strlen(de.name);
        size_t reclen = (offsetof(struct linux_dirent64, d_name) + nl + 1 + 7) & ~7ul;
        if (used + reclen > max) {
            if (!used) return -EINVAL;
            break;
        }
        struct linux_dirent64 *d = (struct linux_dirent64 *)(out + used);
        memset(d, 0, reclen);
        d->d_ino = de.ino;
        d->d_off = (int64_t)pos;
        d->d_reclen = (uint16_t)reclen;
        d->d_type = de.type;
        memcpy(d->d_name, de.name, nl + 1);
        used += reclen;
        f->off = pos;
    }
    r->out_bytes = used;
    return (long)used;
}

static long do_truncate(struct req *r, struct ofile *f)
{
    if (f->kind != OF_NODE || !writable(f)) return -EINVAL;
    if (S_ISDIR(f->v->mode)) return -EISDIR;
    if (!S_ISREG(f->v->mode)) return -EINVAL;
    if ((int64_t)r->w[0] < 0) return -EINVAL;
    return f->v->fs->ops->truncate(f->v, r->w[0]);
}

long file_dispatch(struct req *r)
{
    struct ofile *f = r->file;
    switch (r->label) {
    case FILE_READ:
        return do_read(r, f);
    case FILE_WRITE:
        return do_write(r, f);
    case FILE_SEEK:
        return do_seek(r, f);
    case FILE_STAT:
        return do_stat(r, f);
    case FILE_TRUNCATE:
        return do_truncate(r, f);
    case FILE_SYNC:
        return f->kind == OF_NODE ? f->v->fs->ops->sync(f->v->fs) : 0;
    case FILE_GETDENTS:
        return do_getdents(r, f);
    case FILE_IOCTL:
        return -ENOTTY;
    case FILE_GETFL:
        return f->flags;
    case FILE_SETFL:
        f->flags = (f->flags & ~(uint32_t)(O_APPEND | O_NONBLOCK)) |
                   ((uint32_t)r->w[0] & (O_APPEND | O_NONBLOCK));
        return 0;
    case FILE_DUP:
        f->holders++;
        return 0;
    case FILE_CLOSE:
        ofile_close(f);
        return 0;
    case FILE_POLL:
        if (f->kind != OF_NODE)
            return pipe_poll(f->pipe, f->kind == OF_PIPE_WRITE) &
                   (long)(r->w[0] | POLLERR | POLLHUP);
        return (long)(r->w[0] & (POLLIN | POLLOUT));
    case FILE_CHMOD:
        return f->kind == OF_NODE ? attr_chmod(f->uid, f->v, f->ro_view, (uint32_t)r->w[0])
                                  : -EINVAL;
    case FILE_CHOWN:
        return f->kind == OF_NODE
                   ? attr_chown(f->uid, f->v, f->ro_view, (uint32_t)r->w[0], (uint32_t)r->w[1])
                   : -EINVAL;
    }
    return -ENOSYS;
}
