/* vfs: the mount table, path resolution, ramfs/initfs/devfs/pipes/ext2, served on one
 * endpoint. Badge 0 is the control endpoint (procmgr), BADGE_CLIENT | id a process's vfs
 * endpoint, BADGE_FILE | id an open file. Every handler returns the reply's word 0; the
 * loop replies once, unless the handler deferred the answer (blocked pipe requests). */
#include "vfs.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/registry.h"

#define AUTOMOUNT_NS 3000000000ull

static cap_t ep;
static struct fs *devfs;
static cap_t later[8];
static int nlater;
static bool automount_pending;
static bool verbose; /* vfs -v: log every request */

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

uint8_t *reply_data(void)
{
    return (uint8_t *)&ib()->w[IPC_REG_WORDS];
}

/* File times are wall-clock time: the CMOS clock read at boot (boot information) plus the
 * time since. Without a readable RTC, time starts at 2026-01-01 00:00 UTC at boot. */
#define FALLBACK_EPOCH_S 1767225600ull
static uint64_t epoch_base_ns = FALLBACK_EPOCH_S * 1000000000ull;

uint64_t now_ns(void)
{
    return epoch_base_ns + (uint64_t)sys_clock();
}

void defer_later_delete(cap_t s)
{
    if (nlater < (int)(sizeof later / sizeof later[0]))
        later[nlater++] = s;
    else
        slot_delete(s);
}

cap_t mint_badge(uint64_t badge)
{
    cap_t s = slot_alloc();
    if (!s) return 0;
    if (invoke4(CAP_SELF_CSPACE, CSPACE_MINT, s, ep, RIGHT_WRITE | RIGHT_GRANT, badge) < 0) {
        slot_free(s);
        return 0;
    }
    defer_later_delete(s);
    return s;
}

cap_t save_reply(struct req *r)
{
    cap_t s = slot_alloc();
    if (!s) return 0;
    if (invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) < 0) {
        slot_free(s);
        return 0;
    }
    r->deferred = true;
    return s;
}

/* Answers a saved reply; bytes of data are already in the IPC buffer. */
void reply_saved(cap_t reply, long result, size_t bytes)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)result;
    sys_send(reply, IPC_INFO(0, bytes ? IPC_REG_WORDS + (bytes + 7) / 8 : 1, 0), &m);
    slot_free(reply); /* the kernel deleted the one-shot capability */
}

/* The request's path (and the second path after it). */
static long req_paths(struct req *r, const char **p1, const char **p2)
{
    size_t n = r->data_len > VFS_PATH_MAX ? VFS_PATH_MAX : r->data_len;
    const char *s = (const char *)r->data;
    size_t a = 0;
    while (a < n && s[a])
        a++;
    if (a == n) return r->data_len >= VFS_PATH_MAX ? -ENAMETOOLONG : -EINVAL;
    *p1 = s;
    if (!p2) return 0;
    size_t b = a + 1;
    while (b < n && s[b])
        b++;
    if (b >= n) return r->data_len >= VFS_PATH_MAX ? -ENAMETOOLONG : -EINVAL;
    *p2 = s + a + 1;
    return 0;
}

static long resolve(struct req *r, int flags, struct lookup *lk, bool second)
{
    const char *p1, *p2;
    long e = req_paths(r, &p1, second ? &p2 : NULL);
    if (e < 0) return e;
    return path_resolve(r->client, second ? p2 : p1, flags, lk);
}

/* A new entry may go in lk->dir: the name is free, the directory writable. */
static long may_create(const struct client *c, struct lookup *lk)
{
    if (lk->node) return -EEXIST;
    if (lk_dir_ro(lk)) return -EROFS;
    if (!may_access(c, lk->dir, W_OK | X_OK)) return -EACCES;
    return 0;
}

/* The entry lk names may be removed or replaced. */
static long may_delete(const struct client *c, struct lookup *lk)
{
    if (!lk->dir) return !strcmp(lk->name, ".") ? -EINVAL : -EBUSY;
    if (!lk->node) return -ENOENT;
    if (lk_dir_ro(lk)) return -EROFS;
    if (!may_access(c, lk->dir, W_OK | X_OK)) return -EACCES;
    if ((lk->dir->mode & 01000) && c->uid != 0 && c->uid != lk->node->uid && c->uid != lk->dir->uid)
        return -EPERM;
    return 0;
}

static long h_open(struct req *r)
{
    struct client *c = r->client;
    uint32_t flags = (uint32_t)r->w[0];
    int lf = (flags & O_NOFOLLOW) ? 0 : LK_FOLLOW;
    if (flags & O_CREAT) lf |= LK_PARENT;
    struct lookup lk;
    long e = resolve(r, lf, &lk, false);
    if (e < 0) return e;
    struct vnode *v = lk.node;
    if (!v) {
        e = lk.must_dir ? -EISDIR : may_create(c, &lk);
        if (e == 0)
            e = lk.dir->fs->ops->create(lk.dir, lk.name,
                                        S_IFREG | ((uint32_t)r->w[1] & 07777 & ~c->umask), c->uid,
                                        c->gid, NULL, &lk.node);
        if (e < 0) goto out;
        v = lk.node;
        flags &= ~(uint32_t)O_TRUNC;
    } else {
        e = -EEXIST;
        if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) goto out;
        e = -ELOOP;
        if (S_ISLNK(v->mode)) goto out;
        e = -ENOTDIR;
        if (((flags & O_DIRECTORY) || lk.must_dir) && !S_ISDIR(v->mode)) goto out;
        uint32_t acc = flags & O_ACCMODE;
        e = -EISDIR;
        if (S_ISDIR(v->mode) && (acc != O_RDONLY || (flags & O_CREAT))) goto out;
        int want = (acc != O_WRONLY ? R_OK : 0) | (acc != O_RDONLY ? W_OK : 0) |
                   ((flags & O_TRUNC) ? W_OK : 0);
        e = -EACCES;
        if (!may_access(c, v, want)) goto out;
        e = -EROFS;
        if ((want & W_OK) && lk_node_ro(&lk) && (v->mode & S_IFMT) != S_IFCHR) goto out;
    }
    if ((v->mode & S_IFMT) == S_IFCHR && v->dev == DEV_ATTACHED) {
        e = devfs_open(r, v, (int)flags);
        goto out;
    }
    struct ofile *f;
    if ((v->mode & S_IFMT) == S_IFIFO) {
        e = -ENOMEM;
        if (!v->fifo && !(v->fifo = pipe_new(true))) goto out;
        bool wr = (flags & O_ACCMODE) != O_RDONLY;
        f = ofile_new(wr ? OF_PIPE_WRITE : OF_PIPE_READ, v, flags);
        e = -ENFILE;
        if (!f) goto out;
        f->pipe = v->fifo;
        pipe_open_end(f->pipe, wr);
    } else {
        if ((flags & O_TRUNC) && S_ISREG(v->mode) && (e = v->fs->ops->truncate(v, 0)) < 0) goto out;
        f = ofile_new(OF_NODE, v, flags);
        e = -ENFILE;
        if (!f) goto out;
    }
    f->uid = c->uid;
    f->ro_view = lk.node_ro;
    r->out_caps[0] = ofile_cap(f);
    if (!r->out_caps[0]) {
        ofile_close(f);
        e = -ENFILE;
        goto out;
    }
    r->out_ncaps = 1;
    r->out[1] = v->mode & S_IFMT;
    e = 0;
out:
    lookup_done(&lk);
    return e;
}

static long h_stat(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, (r->w[0] & AT_SYMLINK_NOFOLLOW) ? 0 : LK_FOLLOW, &lk, false);
    if (e < 0) return e;
    struct file_stat st;
    vnode_stat(lk.node, &st);
    memcpy(reply_data(), &st, sizeof st);
    r->out_bytes = sizeof st;
    lookup_done(&lk);
    return 0;
}

/* mkdir, mknod (fifo) and symlink: a new entry of type mode. */
static long make_node(struct req *r, uint32_t mode, const char *target, bool second)
{
    struct lookup lk;
    long e = resolve(r, LK_PARENT, &lk, second);
    if (e < 0) return e;
    if (!lk.dir)
        e = -EEXIST;
    else if ((e = may_create(r->client, &lk)) == 0 && lk.must_dir && !S_ISDIR(mode))
        e = -ENOENT;
    if (e == 0) {
        struct vnode *v = NULL;
        e = lk.dir->fs->ops->create(lk.dir, lk.name, mode, r->client->uid, r->client->gid, target,
                                    &v);
        vnode_put(v);
    }
    lookup_done(&lk);
    return e;
}

static long h_mkdir(struct req *r)
{
    return make_node(r, S_IFDIR | ((uint32_t)r->w[0] & 07777 & ~r->client->umask), NULL, false);
}

static long h_mknod(struct req *r)
{
    if (((uint32_t)r->w[0] & S_IFMT) != S_IFIFO) return -EPERM;
    return make_node(r, S_IFIFO | ((uint32_t)r->w[0] & 0777 & ~r->client->umask), NULL, false);
}

static long h_symlink(struct req *r)
{
    const char *target, *p2;
    long e = req_paths(r, &target, &p2);
    if (e < 0) return e;
    if (!target[0]) return -ENOENT;
    return make_node(r, S_IFLNK | 0777, target, true);
}

static long remove_entry(struct req *r, bool isdir)
{
    struct lookup lk;
    long e = resolve(r, LK_PARENT, &lk, false);
    if (e < 0) return e;
    if (lk.node == root_vnode)
        e = -EBUSY;
    else if (isdir && !strcmp(lk.name, ".."))
        e = -ENOTEMPTY;
    else if (!isdir && lk.node && !lk.dir)
        e = -EISDIR;
    else
        e = may_delete(r->client, &lk);
    if (e == 0 && lk.must_dir && !S_ISDIR(lk.node->mode)) e = -ENOTDIR;
    if (e == 0) e = lk.dir->fs->ops->remove(lk.dir, lk.name, isdir);
    lookup_done(&lk);
    return e;
}

static long h_rmdir(struct req *r)
{
    return remove_entry(r, true);
}

static long h_unlink(struct req *r)
{
    return remove_entry(r, false);
}

static long h_rename(struct req *r)
{
    struct lookup a, b;
    long e = resolve(r, LK_PARENT, &a, false);
    if (e < 0) return e;
    e = resolve(r, LK_PARENT, &b, true);
    if (e < 0) {
        lookup_done(&a);
        return e;
    }
    e = may_delete(r->client, &a);
    if (e == 0 && !b.dir) e = -EBUSY;
    if (e == 0 && lk_dir_ro(&b)) e = -EROFS;
    if (e == 0 && !may_access(r->client, b.dir, W_OK | X_OK)) e = -EACCES;
    if (e == 0 && a.dir->fs != b.dir->fs) e = -EXDEV;
    if (e == 0) e = a.dir->fs->ops->rename(a.dir, a.name, b.dir, b.name);
    lookup_done(&a);
    lookup_done(&b);
    return e;
}

static long h_link(struct req *r)
{
    struct lookup a, b;
    long e = resolve(r, 0, &a, false);
    if (e < 0) return e;
    e = resolve(r, LK_PARENT, &b, true);
    if (e < 0) {
        lookup_done(&a);
        return e;
    }
    if (!b.dir)
        e = -EEXIST;
    else
        e = may_create(r->client, &b);
    if (e == 0 && S_ISDIR(a.node->mode)) e = -EPERM;
    if (e == 0 && a.node->fs != b.dir->fs) e = -EXDEV;
    if (e == 0) e = b.dir->fs->ops->link(b.dir, b.name, a.node);
    lookup_done(&a);
    lookup_done(&b);
    return e;
}

static long h_readlink(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, 0, &lk, false);
    if (e < 0) return e;
    char *out = (char *)reply_data();
    e = S_ISLNK(lk.node->mode) ? lk.node->fs->ops->readlink(lk.node, out, VFS_PATH_MAX) : -EINVAL;
    if (e > 0) r->out_bytes = (size_t)e;
    lookup_done(&lk);
    return e;
}

long attr_chmod(uint32_t uid, struct vnode *v, bool ro, uint32_t mode)
{
    if (uid != 0 && uid != v->uid) return -EPERM;
    if (ro || v->fs->readonly) return -EROFS;
    v->mode = (v->mode & S_IFMT) | (mode & 07777);
    v->ctime = now_ns();
    return v->fs->ops->setattr(v);
}

long attr_chown(uint32_t uid, struct vnode *v, bool ro, uint32_t owner, uint32_t group)
{
    bool same =
        (owner == (uint32_t)-1 || owner == v->uid) && (group == (uint32_t)-1 || group == v->gid);
    if (uid != 0 && !same) return -EPERM;
    if (ro || v->fs->readonly) return -EROFS;
    if (owner != (uint32_t)-1) v->uid = owner;
    if (group != (uint32_t)-1) v->gid = group;
    v->ctime = now_ns();
    return v->fs->ops->setattr(v);
}

static long h_chmod(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, LK_FOLLOW, &lk, false);
    if (e < 0) return e;
    e = attr_chmod(r->client->uid, lk.node, lk.node_ro, (uint32_t)r->w[0]);
    lookup_done(&lk);
    return e;
}

static long h_chown(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, r->w[2] ? 0 : LK_FOLLOW, &lk, false);
    if (e < 0) return e;
    e = attr_chown(r->client->uid, lk.node, lk.node_ro, (uint32_t)r->w[0], (uint32_t)r->w[1]);
    lookup_done(&lk);
    return e;
}

static long h_truncate(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, LK_FOLLOW, &lk, false);
    if (e < 0) return e;
    struct vnode *v = lk.node;
    if (S_ISDIR(v->mode))
        e = -EISDIR;
    else if (!S_ISREG(v->mode) || (int64_t)r->w[0] < 0)
        e = -EINVAL;
    else if (!may_access(r->client, v, W_OK))
        e = -EACCES;
    else if (lk_node_ro(&lk))
        e = -EROFS;
    else
        e = v->fs->ops->truncate(v, r->w[0]);
    lookup_done(&lk);
    return e;
}

static long h_utimens(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, LK_FOLLOW, &lk, false);
    if (e < 0) return e;
    struct vnode *v = lk.node;
    uint64_t t[2] = {r->w[0], r->w[1]};
    bool owner = r->client->uid == 0 || r->client->uid == v->uid;
    bool both_now = t[0] == (uint64_t)UTIME_NOW && t[1] == (uint64_t)UTIME_NOW;
    if (!owner && !(both_now && may_access(r->client, v, W_OK)))
        e = -EPERM;
    else if (lk_node_ro(&lk))
        e = -EROFS;
    if (e == 0) {
        uint64_t now = now_ns();
        if (t[0] != (uint64_t)UTIME_OMIT) v->atime = t[0] == (uint64_t)UTIME_NOW ? now : t[0];
        if (t[1] != (uint64_t)UTIME_OMIT) v->mtime = t[1] == (uint64_t)UTIME_NOW ? now : t[1];
        v->ctime = now;
        e = v->fs->ops->setattr(v);
    }
    lookup_done(&lk);
    return e;
}

static long h_access(struct req *r)
{
    if (r->w[0] & ~7ull) return -EINVAL;
    struct lookup lk;
    long e = resolve(r, LK_FOLLOW, &lk, false);
    if (e < 0) return e;
    if (r->w[0] && !may_access(r->client, lk.node, (int)r->w[0]))
        e = -EACCES;
    else if ((r->w[0] & W_OK) && lk_node_ro(&lk))
        e = -EROFS;
    lookup_done(&lk);
    return e;
}

static long h_chdir(struct req *r)
{
    struct lookup lk;
    long e = resolve(r, LK_FOLLOW, &lk, false);
    if (e == -EREMOTE && !remote_hit.rest[0]) {
        /* The mount point of a remote file system (below it: not supported). */
        struct client *c = r->client;
        vnode_put(c->cwd);
        c->cwd = remote_hit.fs->root;
        vnode_ref(c->cwd);
        memcpy(c->cwdpath, remote_hit.canon, sizeof c->cwdpath);
        return 0;
    }
    if (e < 0)
        return e;
    if (!S_ISDIR(lk.node->mode))
        e = -ENOTDIR;
    else if (!may_access(r->client, lk.node, X_OK))
        e = -EACCES;
    else if (!lk.canon_ok)
        e = -ENAMETOOLONG;
    if (e == 0) {
        struct client *c = r->client;
        vnode_put(c->cwd);
        c->cwd = lk.node;
        c->cwd_ro = lk.node_ro;
        lk.node = NULL;
        memcpy(c->cwdpath, lk.canon, sizeof c->cwdpath);
    }
    lookup_done(&lk);
    return e;
}

static long h_getcwd(struct req *r)
{
    size_t n = strlen(r->client->cwdpath) + 1;
    memcpy(reply_data(), r->client->cwdpath, n);
    r->out_bytes = n;
    return (long)n;
}

static long h_umask(struct req *r)
{
    long old = r->client->umask;
    r->client->umask = (uint32_t)r->w[0] & 0777;
    return old;
}

static long h_pipe(struct req *r)
{
    uint32_t fl = (uint32_t)r->w[0] & O_NONBLOCK;
    struct pipe *p = pipe_new(false);
    if (!p) return -ENOMEM;
    struct ofile *a = ofile_new(OF_PIPE_READ, NULL, O_RDONLY | fl);
    struct ofile *b = a ? ofile_new(OF_PIPE_WRITE, NULL, O_WRONLY | fl) : NULL;
    if (!b) {
        if (a) a->id = 0;
        vfree(p);
        return -ENFILE;
    }
    a->pipe = b->pipe = p;
    pipe_open_end(p, false);
    pipe_open_end(p, true);
    r->out_caps[0] = ofile_cap(a);
    r->out_caps[1] = ofile_cap(b);
    if (!r->out_caps[0] || !r->out_caps[1]) {
        ofile_close(a);
        ofile_close(b);
        return -ENFILE;
    }
    r->out_ncaps = 2;
    return 0;
}

static long sync_all(void)
{
    long e = 0;
    for (struct fs *fs = mounts; fs; fs = fs->next) {
        long k = fs->ops->sync(fs);
        if (k < 0) e = k;
    }
    return e;
}

static long h_mounts(struct req *r)
{
    r->out_bytes = mounts_text((char *)reply_data(), VFS_PATH_MAX);
    return (long)r->out_bytes;
}

static long h_sync(struct req *r)
{
    (void)r;
    return sync_all();
}

static long h_statfs(struct req *r)
{
    struct fs *fs = root_vnode->fs;
    uint64_t out[5];
    long e = fs->ops->statfs(fs, out);
    for (int i = 0; e == 0 && i < 5; i++)
        r->out[1 + i] = out[i];
    return e;
}

/* Control requests (the client ones are in client.c). */
static long h_mount(struct req *r)
{
    struct lookup lk;
    const char *p;
    if (r->client && (r->client->uid != 0 || r->w[0] != VFS_FS_PROCFS))
        return -EPERM;
    long e = req_paths(r, &p, NULL);
    if (e < 0) return e;
    e = path_resolve(NULL, p, LK_FOLLOW, &lk);
    if (e < 0)
        return e;
    bool server_again = r->w[0] == VFS_FS_PROCFS && lk.node->fs->remote;
    if (lk.node == lk.node->fs->root && !server_again) {
        lookup_done(&lk);
        return -EBUSY; /* already a mount point (or the root) */
    }
    switch (r->w[0]) {
    case VFS_FS_RAMFS: {
        struct fs *fs = ramfs_new(false);
        e = fs ? fs_mount(fs, lk.node) : -ENOMEM;
        if (e == 0)
            mount_named(p, "ramfs", "ramfs");
        break;
    }
    case VFS_FS_EXT2:
        if (!r->ncaps || !r->caps[0]) {
            e = -ENODEV;
            break;
        }
        e = ext2_mount_blk(r->caps[0], lk.node);
        if (e == 0) {
            r->caps[0] = 0; /* kept by the mount */
            mount_named(p, "ext2", "blk");
        }
        break;
    case VFS_FS_PROCFS:
        if (!r->ncaps || invoke1(CAP_SELF_CSPACE, CSPACE_INFO, r->caps[0]) != OBJ_ENDPOINT) {
            e = -EINVAL;
            break;
        }
        e = remote_mount(r->caps[0], lk.node);
        if (e >= 0)
            r->caps[0] = 0;
        if (e == 0)
            mount_named(p, "proc", "proc");
        e = e > 0 ? 0 : e;
        break;
    default:
        e = -ENODEV;
    }
    lookup_done(&lk);
    return e;
}

static long h_unmount_all(struct req *r)
{
    (void)r;
    long e = sync_all();
    for (struct fs *fs = mounts; fs; fs = fs->next)
        if (fs->ops->unmount) fs->ops->unmount(fs);
    return e;
}

static long h_attach(struct req *r)
{
    if (r->client && r->client->uid != 0) return -EPERM;
    const char *p;
    long e = req_paths(r, &p, NULL);
    if (e < 0) return e;
    if (strncmp(p, "/dev/", 5)) return -EINVAL;
    if (!r->ncaps || invoke1(CAP_SELF_CSPACE, CSPACE_INFO, r->caps[0]) != OBJ_ENDPOINT)
        return -EINVAL;
    e = devfs_attach(devfs, p + 5, (uint32_t)r->w[0], (uint32_t)r->w[1], (uint32_t)r->w[2],
                     r->caps[0]);
    if (e == 0) r->caps[0] = 0;
    return e;
}

/* Who may send each request: a client, the control endpoint, or both. */
enum { FROM_CLIENT = 1, FROM_CONTROL = 2 };
static const struct {
    uint64_t label;
    long (*fn)(struct req *r);
    int from;
} handlers[] = {
    {VFS_OPEN, h_open, FROM_CLIENT},
    {VFS_STAT, h_stat, FROM_CLIENT},
    {VFS_MKDIR, h_mkdir, FROM_CLIENT},
    {VFS_RMDIR, h_rmdir, FROM_CLIENT},
    {VFS_UNLINK, h_unlink, FROM_CLIENT},
    {VFS_RENAME, h_rename, FROM_CLIENT},
    {VFS_LINK, h_link, FROM_CLIENT},
    {VFS_SYMLINK, h_symlink, FROM_CLIENT},
    {VFS_READLINK, h_readlink, FROM_CLIENT},
    {VFS_CHMOD, h_chmod, FROM_CLIENT},
    {VFS_CHOWN, h_chown, FROM_CLIENT},
    {VFS_TRUNCATE, h_truncate, FROM_CLIENT},
    {VFS_UTIMENS, h_utimens, FROM_CLIENT},
    {VFS_ACCESS, h_access, FROM_CLIENT},
    {VFS_CHDIR, h_chdir, FROM_CLIENT},
    {VFS_GETCWD, h_getcwd, FROM_CLIENT},
    {VFS_UMASK, h_umask, FROM_CLIENT},
    {VFS_PIPE, h_pipe, FROM_CLIENT},
    {VFS_SYNC, h_sync, FROM_CLIENT | FROM_CONTROL},
    {VFS_STATFS, h_statfs, FROM_CLIENT},
    {VFS_MKNOD, h_mknod, FROM_CLIENT},
    {VFS_MOUNTS, h_mounts, FROM_CLIENT},
    {VFS_CLIENT_NEW, h_client_new, FROM_CONTROL},
    {VFS_CLIENT_SETCRED, h_client_setcred, FROM_CONTROL},
    {VFS_CLIENT_DROP, h_client_drop, FROM_CONTROL},
    {VFS_MOUNT, h_mount, FROM_CONTROL | FROM_CLIENT},
    {VFS_CLIENT_CWD, h_client_cwd, FROM_CONTROL},
    {VFS_UNMOUNT_ALL, h_unmount_all, FROM_CONTROL},
    {VFS_ATTACH, h_attach, FROM_CONTROL | FROM_CLIENT},
};

static long dispatch(struct req *r)
{
    uint64_t kind = BADGE_KIND(r->badge);
    if (r->badge == 0) {
        r->client = NULL;
    } else if (kind == BADGE_CLIENT) {
        r->client = client_get(r->badge);
        if (!r->client) return -EBADF;
    } else if (kind == BADGE_FILE) {
        r->file = ofile_get(r->badge);
        if (!r->file) return -EBADF;
        return file_dispatch(r);
    } else {
        return -EBADF;
    }
    int from = r->client ? FROM_CLIENT : FROM_CONTROL;
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        if (handlers[i].label != r->label)
            continue;
        if (!(handlers[i].from & from))
            return -EPERM;
        long e = handlers[i].fn(r);
        return e == -EREMOTE ? remote_request(r) : e;
    }
    return -ENOSYS;
}

static void take_message(struct req *r, const struct ipc_msg *m)
{
    memset(r, 0, offsetof(struct req, data));
    r->label = IPC_LABEL(m->info);
    r->badge = m->badge;
    r->len = IPC_LEN(m->info);
    r->ncaps = ib()->caps_in;
    for (int i = 0; i < IPC_REG_WORDS; i++)
        r->w[i] = (uint64_t)i < r->len ? m->w[i] : 0;
    r->data_len = r->len > IPC_REG_WORDS ? (r->len - IPC_REG_WORDS) * 8 : 0;
    if (r->data_len > FILE_IO_MAX) r->data_len = FILE_IO_MAX;
    memcpy(r->data, reply_data(), r->data_len);
    r->data[r->data_len] = 0;
    for (uint64_t i = 0; i < r->ncaps && i < IPC_MAX_CAPS; i++) {
        r->caps[i] = ib()->recv_slots[i];
        ib()->recv_slots[i] = slot_alloc();
    }
    memset(&r->out, 0, sizeof *r - offsetof(struct req, out));
}

static void try_automount(void)
{
    cap_t blk, saved[IPC_MAX_CAPS];
    memcpy(saved, ib()->recv_slots, sizeof saved); /* the lookup uses recv_slots[0] */
    long found = registry_lookup(PROC_CAP_REGISTRY, "blk0", &blk);
    memcpy(ib()->recv_slots, saved, sizeof saved);
    if (found < 0) return;
    automount_pending = false;
    struct lookup lk;
    long e = path_resolve(NULL, "/mnt/disk", LK_FOLLOW, &lk);
    if (e == 0) e = ext2_mount_blk(blk, lk.node);
    lookup_done(&lk);
    if (e == 0)
        mount_named("/mnt/disk", "ext2", "blk0");
    if (e < 0) {
        dprintf_k("vfs: cannot mount blk0 on /mnt/disk: error %ld\n", e);
        slot_delete(blk);
    } else {
        dprintf_k("vfs: blk0 mounted on /mnt/disk (ext2)\n");
    }
}

/* With -root: ext2 on blk0 is "/", with ramfs on /tmp, devfs on /dev and initfs on
 * /initfs (the disk image has those directories). False if that cannot be done. */
static bool setup_disk_root(void)
{
    cap_t blk, saved[IPC_MAX_CAPS];
    memcpy(saved, ib()->recv_slots, sizeof saved);
    long e = registry_lookup(PROC_CAP_REGISTRY, "blk0", &blk);
    memcpy(ib()->recv_slots, saved, sizeof saved);
    if (e < 0) {
        dprintf_k("vfs: -root: no block device blk0 (error %ld); / is a ramfs\n", e);
        return false;
    }
    e = ext2_mount_blk(blk, NULL);
    if (e < 0) {
        dprintf_k("vfs: -root: cannot mount blk0 as / (error %ld); / is a ramfs\n", e);
        slot_delete(blk);
        return false;
    }
    mount_named("/", "ext2", "blk0");
    struct lookup lk;
    struct fs *tmp = ramfs_new(false);
    if (tmp && path_resolve(NULL, "/tmp", LK_FOLLOW, &lk) == 0) {
        tmp->root->mode = S_IFDIR | 01777;
        if (fs_mount(tmp, lk.node) == 0)
            mount_named("/tmp", "ramfs", "ramfs");
        lookup_done(&lk);
    } else {
        dprintf_k("vfs: -root: no /tmp on the disk; /tmp is not a ramfs\n");
    }
    dprintf_k("vfs: blk0 mounted on / (ext2)\n");
    return true;
}

static long setup(bool disk_root)
{
    if (disk_root && setup_disk_root()) {
        struct lookup lk;
        devfs = devfs_new();
        if (!devfs || path_resolve(NULL, "/dev", LK_FOLLOW, &lk) < 0)
            return -ENOMEM;
        if (fs_mount(devfs, lk.node) == 0)
            mount_named("/dev", "devfs", "devfs");
        lookup_done(&lk);
        long e = path_resolve(NULL, "/initfs", LK_FOLLOW, &lk);
        if (e == 0) {
            e = initfs_mount_boot(lk.node);
            lookup_done(&lk);
        }
        if (e == 0)
            mount_named("/initfs", "initfs", "initfs");
        if (e < 0)
            dprintf_k("vfs: no initfs (error %ld)\n", e);
        return 0;
    }
    struct fs *root = ramfs_new(false);
    if (!root) return -ENOMEM;
    fs_mount(root, NULL);
    mount_named("/", "ramfs", "ramfs");
    static const struct {
        const char *name;
        uint32_t mode;
    } dirs[] = {{"tmp", 01777}, {"dev", 0755}, {"initfs", 0755}, {"mnt", 0755}};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        struct vnode *v = NULL;
        long e = ramfs_ops.create(root->root, dirs[i].name, S_IFDIR | dirs[i].mode, 0, 0, NULL, &v);
        if (e < 0) return e;
        vnode_put(v);
    }
    struct lookup lk;
    if (path_resolve(NULL, "/mnt", 0, &lk) == 0) {
        struct vnode *v = NULL;
        ramfs_ops.create(lk.node, "disk", S_IFDIR | 0755, 0, 0, NULL, &v);
        vnode_put(v);
        lookup_done(&lk);
    }
    devfs = devfs_new();
    if (!devfs || path_resolve(NULL, "/dev", 0, &lk) < 0)
        return -ENOMEM;
    if (fs_mount(devfs, lk.node) == 0)
        mount_named("/dev", "devfs", "devfs");
    lookup_done(&lk);
    long e = path_resolve(NULL, "/initfs", 0, &lk);
    if (e == 0) {
        e = initfs_mount_boot(lk.node);
        lookup_done(&lk);
    }
    if (e == 0)
        mount_named("/initfs", "initfs", "initfs");
    if (e < 0)
        dprintf_k("vfs: no initfs (error %ld)\n", e);
    return 0;
}

int main(const struct boot_user_info *bi)
{
    if (bi && bi->rtc_epoch_s)
        epoch_base_ns = (uint64_t)bi->rtc_epoch_s * 1000000000ull - bi->rtc_boot_ns;
    bool disk_root = false;
    for (int i = 1; i < cluu_argc; i++) {
        verbose |= !strcmp(cluu_argv[i], "-v");
        disk_root |= !strcmp(cluu_argv[i], "-root");
    }
    ep = slot_alloc();
    long e = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep);
    if (e == 0) e = setup(disk_root);
    cap_t ctl = slot_alloc();
    if (e == 0) e = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, ctl, ep, RIGHT_WRITE | RIGHT_GRANT, 0);
    if (e == 0) e = registry_register(PROC_CAP_REGISTRY, "vfs.control", ctl);
    if (e < 0) {
        dprintf_k("vfs: cannot start: error %ld\n", e);
        return 1;
    }
    for (int i = 0; i < IPC_MAX_CAPS; i++)
        ib()->recv_slots[i] = slot_alloc();
    dprintf_k("vfs: ready\n");
    automount_pending = !disk_root;
    uint64_t deadline = now_ns() + AUTOMOUNT_NS;
    if (automount_pending) try_automount();

    static struct req r;
    struct ipc_msg m = {0};
    e = sys_recv(ep, automount_pending ? 100000000ull : TIMEOUT_FOREVER, &m);
    for (;;) {
        while (nlater)
            slot_delete(later[--nlater]);
        if (automount_pending && now_ns() > deadline) {
            automount_pending = false;
            dprintf_k("vfs: no block device blk0; /mnt/disk stays empty\n");
        }
        if (e < 0) {
            if (automount_pending) try_automount();
            e = sys_recv(ep, automount_pending ? 100000000ull : TIMEOUT_FOREVER, &m);
            continue;
        }
        take_message(&r, &m);
        if (verbose)
            dprintf_k("vfs: request %lx from %lx, %lu words\n", (unsigned long)r.label,
                      (unsigned long)r.badge, (unsigned long)r.len);
        long res = dispatch(&r);
        for (uint64_t i = 0; i < r.ncaps && i < IPC_MAX_CAPS; i++)
            if (r.caps[i]) slot_delete(r.caps[i]);
        if (r.deferred) {
            e = sys_recv(ep, automount_pending ? 100000000ull : TIMEOUT_FOREVER, &m);
            continue;
        }
        m.w[0] = (uint64_t)res;
        for (int i = 1; i < IPC_REG_WORDS; i++)
            m.w[i] = r.out[i];
        for (uint64_t i = 0; i < r.out_ncaps; i++)
            ib()->caps_out[i] = r.out_caps[i];
        uint64_t len = r.out_bytes ? IPC_REG_WORDS + (r.out_bytes + 7) / 8 : IPC_REG_WORDS;
        uint64_t info = IPC_INFO(0, len, r.out_ncaps);
        if (automount_pending) {
            cap_t rep = slot_alloc();
            if (rep && invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, rep) == 0) {
                sys_send(rep, info, &m);
                slot_free(rep);
            } else if (rep) {
                slot_free(rep);
            }
            e = sys_recv(ep, 100000000ull, &m);
            continue;
        }
        e = sys_reply_recv(ep, info, &m);
    }
}
