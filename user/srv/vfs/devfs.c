/* devfs: null, zero, random, and nodes other servers attach (their opens are forwarded). */
#include "vfs.h"

static struct vnode *add_dev(struct fs *fs, const char *name, uint32_t mode, int dev)
{
    struct vnode *v = ramfs_node(fs, mode);
    if (!v)
        return NULL;
    v->dev = dev;
    v->rdev = (1ull << 8) | (uint64_t)dev;
    if (ramfs_add(fs->root, name, v) < 0)
        return NULL;
    return v;
}

struct fs *devfs_new(void)
{
    struct fs *fs = ramfs_new(false);
    if (!fs)
        return NULL;
    add_dev(fs, "null", S_IFCHR | 0666, DEV_NULL);
    add_dev(fs, "zero", S_IFCHR | 0666, DEV_ZERO);
    add_dev(fs, "random", S_IFCHR | 0444, DEV_RANDOM);
    add_dev(fs, "urandom", S_IFCHR | 0444, DEV_RANDOM);
    return fs;
}

/* Attaches ep as the server of /dev/name (a node in devfs's root, created or replaced). */
long devfs_attach(struct fs *devfs, const char *name, uint32_t mode, uint32_t uid,
                  uint32_t gid, cap_t ep)
{
    if (!name[0] || strchr(name, '/') || strlen(name) > VFS_NAME_MAX)
        return -EINVAL;
    if ((mode & S_IFMT) != S_IFCHR)
        return -EINVAL;
    struct vnode *v = NULL;
    if (devfs->ops->lookup(devfs->root, name, &v) == 0) {
        if (v->dev != DEV_ATTACHED) {
            vnode_put(v);
            return -EEXIST;
        }
        slot_delete(v->attached);
        vnode_put(v);
    } else {
        v = add_dev(devfs, name, mode, DEV_ATTACHED);
        if (!v)
            return -ENOMEM;
    }
    v->mode = mode;
    v->uid = uid;
    v->gid = gid;
    v->attached = ep;
    return 0;
}

static bool rdrand(uint64_t *out)
{
    for (int i = 0; i < 10; i++) {
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

long dev_read(struct vnode *v, void *buf, size_t n)
{
    switch (v->dev) {
    case DEV_NULL:
        return 0;
    case DEV_ZERO:
        memset(buf, 0, n);
        return (long)n;
    case DEV_RANDOM:
        for (size_t i = 0; i < n; i += 8) {
            uint64_t x;
            if (!rdrand(&x))
                return i ? (long)i : -EIO;
            memcpy((char *)buf + i, &x, n - i < 8 ? n - i : 8);
        }
        return (long)n;
    }
    return -ENODEV;
}

long dev_write(struct vnode *v, const void *buf, size_t n)
{
    (void)buf;
    switch (v->dev) {
    case DEV_NULL:
    case DEV_ZERO:
    case DEV_RANDOM:
        return (long)n;
    }
    return -ENODEV;
}

/* An open of an attached node: forwarded to its server as VFS_OPEN with the node's name,
 * the client's uid in w2 and gid in w3; the open file it returns goes to the client. */
long devfs_open(struct req *r, struct vnode *v, int flags)
{
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    char name[VFS_NAME_MAX + 1] = "";
    struct vnode *dir = v->fs->root;
    for (struct dentry *d = dir->entries; d; d = d->next)
        if (d->node == v)
            memcpy(name, d->name, strlen(d->name) + 1);
    size_t n = strlen(name) + 1;
    memcpy(&ib->w[IPC_REG_WORDS], name, n);
    cap_t s = slot_alloc();
    if (!s)
        return -ENFILE;
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)(unsigned)flags;
    m.w[1] = 0;
    m.w[2] = r->client ? r->client->uid : 0;
    m.w[3] = r->client ? r->client->gid : 0;
    uint64_t saved[IPC_MAX_CAPS];
    memcpy(saved, ib->recv_slots, sizeof saved);
    ib->recv_slots[0] = s;
    ib->recv_slots[1] = ib->recv_slots[2] = 0;
    long e = sys_call(v->attached, IPC_INFO(VFS_OPEN, IPC_REG_WORDS + (n + 7) / 8, 0), &m);
    uint64_t got = ib->caps_in;
    memcpy(ib->recv_slots, saved, sizeof saved);
    if (e == 0)
        e = (long)m.w[0];
    if (e >= 0 && got != 1)
        e = -EIO;
    if (e < 0) {
        if (got)
            slot_delete(s);
        else
            slot_free(s);
        return e;
    }
    defer_later_delete(s);
    r->out_caps[0] = s;
    r->out_ncaps = 1;
    r->out[1] = S_IFCHR;
    return 0;
}
