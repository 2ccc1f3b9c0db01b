/* ext2 on a block device (abi/proto/blk.h) through the ext2 library. */
#include "vfs.h"
#include "abi/proto/blk.h"
#include "user/lib/ext2/ext2.h"
#include "lib/fmt.h"

/* Files unlinked while open live on here until their last close (emptied at mount). */
#define ORPHANS ".vfs-orphans"

#define BLK_BUF_PAGES 16

struct blkdev {
    cap_t ep, mem;
    uint8_t *buf;
    uint64_t sectors, max_sectors;
    struct ext2_fs *fs;
    struct vnode *vnodes; /* the vnodes in use, by hash_next */
    uint32_t orphans;     /* the orphan directory's inode, 0 before its first use */
};

static long blk_call(struct blkdev *d, uint64_t label, uint64_t a, uint64_t b, uint64_t c,
                     struct ipc_msg *m)
{
    m->w[0] = a;
    m->w[1] = b;
    m->w[2] = c;
    long r = sys_call(d->ep, IPC_INFO(label, 3, 0), m);
    return r < 0 ? r : (long)m->w[0];
}

/* Moves n bytes at byte offset off between the device and p, sector-aligned pieces through
 * the shared buffer (partial sectors read first). */
static int blk_io(struct blkdev *d, uint64_t off, uint8_t *p, const uint8_t *q, size_t n)
{
    struct ipc_msg m;
    while (n) {
        uint64_t sec = off / BLK_SECTOR, in = off % BLK_SECTOR;
        uint64_t max = BLK_BUF_PAGES * 4096 / BLK_SECTOR;
        if (d->max_sectors && max > d->max_sectors)
            max = d->max_sectors;
        uint64_t cnt = (in + n + BLK_SECTOR - 1) / BLK_SECTOR;
        if (cnt > max)
            cnt = max;
        size_t k = cnt * BLK_SECTOR - in;
        if (k > n)
            k = n;
        bool partial = in || (k % BLK_SECTOR);
        if ((p || partial) && blk_call(d, BLK_READ, sec, cnt, 0, &m) < 0)
            return -EIO;
        if (p) {
            memcpy(p, d->buf + in, k);
            p += k;
        } else {
            memcpy(d->buf + in, q, k);
            q += k;
            if (blk_call(d, BLK_WRITE, sec, cnt, 0, &m) < 0)
                return -EIO;
        }
        off += k;
        n -= k;
    }
    return 0;
}

static int dev_read_cb(void *ctx, uint64_t off, void *buf, size_t n)
{
    return blk_io(ctx, off, buf, NULL, n);
}

static int dev_write_cb(void *ctx, uint64_t off, const void *buf, size_t n)
{
    return blk_io(ctx, off, NULL, buf, n);
}

static void *alloc_cb(void *ctx, size_t n)
{
    (void)ctx;
    return vmalloc(n);
}

static void free_cb(void *ctx, void *p)
{
    (void)ctx;
    vfree(p);
}

static uint32_t now_cb(void *ctx)
{
    (void)ctx;
    return (uint32_t)(now_ns() / 1000000000ull);
}

static void log_cb(void *ctx, const char *why)
{
    (void)ctx;
    dprintf_k("vfs: ext2: mount refused: %s\n", why);
}

static struct blkdev *dev_of(struct vnode *v)
{
    return v->fs->priv;
}

/* Logs what a corrupted or failing disk did to a request on inode ino (the first few times). */
static long report(uint64_t ino, long e)
{
    static unsigned reports;
    if (e != -EUCLEAN && e != -EIO)
        return e;
    if (reports < 20)
        dprintf_k("vfs: ext2: %s at inode %lu (error %ld)\n",
                  e == -EIO ? "device error" : "corrupted metadata", (unsigned long)ino, e);
    else if (reports == 20)
        dprintf_k("vfs: ext2: more errors; not logged\n");
    reports++;
    return e;
}

static long refresh(struct vnode *v)
{
    struct ext2_stat st;
    int e = ext2_stat(dev_of(v)->fs, (uint32_t)v->ino, &st);
    if (e < 0)
        return e;
    v->mode = st.mode;
    v->nlink = v->orphan ? 0 : st.links;
    v->uid = st.uid;
    v->gid = st.gid;
    v->size = st.size;
    v->atime = st.atime * 1000000000ull;
    v->mtime = st.mtime * 1000000000ull;
    v->ctime = st.ctime * 1000000000ull;
    return 0;
}

static long get_vnode(struct fs *fs, uint32_t ino, struct vnode **out)
{
    struct blkdev *d = fs->priv;
    for (struct vnode *v = d->vnodes; v; v = v->hash_next)
        if (v->ino == ino) {
            vnode_ref(v);
            refresh(v);
            *out = v;
            return 0;
        }
    struct vnode *v = vcalloc(1, sizeof *v);
    if (!v)
        return -ENOMEM;
    v->fs = fs;
    v->ino = ino;
    long e = refresh(v);
    if (e < 0) {
        vfree(v);
        return e;
    }
    v->refs = 1;
    v->hash_next = d->vnodes;
    d->vnodes = v;
    *out = v;
    return 0;
}

static long x_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    if (!dev_of(dir)->fs)
        return -EIO; /* unmounted */
    uint32_t ino;
    int e = ext2_lookup(dev_of(dir)->fs, (uint32_t)dir->ino, name, &ino);
    return e < 0 ? report(dir->ino, e) : report(ino, get_vnode(dir->fs, ino, out));
}

static long x_create(struct vnode *dir, const char *name, uint32_t mode, uint32_t uid,
                     uint32_t gid, const char *target, struct vnode **out)
{
    if (!dev_of(dir)->fs)
        return -EIO; /* unmounted */
    struct ext2_fs *fs = dev_of(dir)->fs;
    uint32_t ino, d = (uint32_t)dir->ino;
    int e;
    switch (mode & S_IFMT) {
    case S_IFREG: e = ext2_create(fs, d, name, mode & 07777, uid, gid, &ino); break;
    case S_IFDIR: e = ext2_mkdir(fs, d, name, mode & 07777, uid, gid, &ino); break;
    case S_IFLNK: e = ext2_symlink(fs, d, name, target, uid, gid, &ino); break;
    default: return -EPERM;
    }
    refresh(dir);
    return e < 0 ? report(dir->ino, e) : report(ino, get_vnode(dir->fs, ino, out));
}

static long x_link(struct vnode *dir, const char *name, struct vnode *v)
{
    if (!dev_of(dir)->fs)
        return -EIO; /* unmounted */
    int e = ext2_link(dev_of(dir)->fs, (uint32_t)v->ino, (uint32_t)dir->ino, name);
    refresh(v);
    return report(v->ino, e);
}

static void orphan_name(struct vnode *v, char *buf, size_t n)
{
    ksnprintf(buf, n, "%lu", (unsigned long)v->ino);
}

/* The last link of an open file goes: the entry moves to the orphan directory instead. */
static long orphan(struct vnode *dir, const char *name, struct vnode *v)
{
    struct blkdev *d = dev_of(dir);
    int e = 0;
    if (!d->orphans && ext2_lookup(d->fs, EXT2_ROOT_INO, ORPHANS, &d->orphans) < 0)
        e = ext2_mkdir(d->fs, EXT2_ROOT_INO, ORPHANS, 0700, 0, 0, &d->orphans);
    if (e < 0)
        return e;
    char oname[24];
    orphan_name(v, oname, sizeof oname);
    e = ext2_rename(d->fs, (uint32_t)dir->ino, name, d->orphans, oname);
    if (e == 0) {
        v->orphan = true;
        v->nlink = 0;
    }
    return e;
}

/* Removes what an earlier run left in the orphan directory. */
static void orphans_clean(struct blkdev *d)
{
    if (ext2_lookup(d->fs, EXT2_ROOT_INO, ORPHANS, &d->orphans) < 0) {
        d->orphans = 0;
        return;
    }
    uint64_t pos = 0;
    static struct ext2_dirent de;
    while (ext2_readdir(d->fs, d->orphans, &pos, &de) == 1)
        if (strcmp(de.name, ".") && strcmp(de.name, "..") &&
            ext2_unlink(d->fs, d->orphans, de.name) == 0)
            pos = 0;
}

static long x_remove(struct vnode *dir, const char *name, bool isdir)
{
    if (!dev_of(dir)->fs)
        return -EIO; /* unmounted */
    struct vnode *v;
    long e = x_lookup(dir, name, &v);
    if (e < 0)
        return e;
    if (isdir && !S_ISDIR(v->mode))
        e = -ENOTDIR;
    else if (!isdir && S_ISDIR(v->mode))
        e = -EISDIR;
    else if (v->mounted)
        e = -EBUSY;
    else if (isdir)
        e = ext2_rmdir(dev_of(dir)->fs, (uint32_t)dir->ino, name);
    else if (v->refs > 1 && v->nlink == 1)
        e = orphan(dir, name, v);
    else
        e = ext2_unlink(dev_of(dir)->fs, (uint32_t)dir->ino, name);
    if (e == 0 && refresh(v) < 0)
        v->nlink = 0;
    vnode_put(v);
    return report(dir->ino, e);
}

static long x_rename(struct vnode *sdir, const char *sname, struct vnode *ddir, const char *dname)
{
    if (!dev_of(sdir)->fs)
        return -EIO; /* unmounted */
    return report(sdir->ino, ext2_rename(dev_of(sdir)->fs, (uint32_t)sdir->ino, sname,
                                         (uint32_t)ddir->ino, dname));
}

static long x_read(struct vnode *v, uint64_t off, void *buf, size_t n)
{
    if (!dev_of(v)->fs)
        return -EIO; /* unmounted */
    size_t got = 0;
    int e = ext2_read(dev_of(v)->fs, (uint32_t)v->ino, off, buf, n, &got);
    return e < 0 ? report(v->ino, e) : (long)got;
}

static long x_write(struct vnode *v, uint64_t off, const void *buf, size_t n)
{
    if (!dev_of(v)->fs)
        return -EIO; /* unmounted */
    size_t put = 0;
    int e = ext2_write(dev_of(v)->fs, (uint32_t)v->ino, off, buf, n, &put);
    refresh(v);
    return e < 0 && !put ? report(v->ino, e) : (long)put;
}

static long x_truncate(struct vnode *v, uint64_t size)
{
    if (!dev_of(v)->fs)
        return -EIO; /* unmounted */
    int e = ext2_truncate(dev_of(v)->fs, (uint32_t)v->ino, size);
    refresh(v);
    return report(v->ino, e);
}

static long x_readdir(struct vnode *dir, uint64_t *pos, struct vdirent *de)
{
    if (!dev_of(dir)->fs)
        return -EIO; /* unmounted */
    static struct ext2_dirent e2;
    static const uint8_t types[] = {DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR, 6, DT_FIFO, 12, DT_LNK};
    int e = ext2_readdir(dev_of(dir)->fs, (uint32_t)dir->ino, pos, &e2);
    if (e <= 0)
        return report(dir->ino, e);
    de->ino = e2.ino;
    de->type = e2.type < sizeof types ? types[e2.type] : DT_UNKNOWN;
    memcpy(de->name, e2.name, (size_t)e2.name_len + 1);
    return 1;
}

static long x_readlink(struct vnode *v, char *buf, size_t cap)
{
    if (!dev_of(v)->fs)
        return -EIO; /* unmounted */
    size_t len = 0;
    int e = ext2_readlink(dev_of(v)->fs, (uint32_t)v->ino, buf, cap, &len);
    return e < 0 ? report(v->ino, e) : (long)(len < cap ? len : cap);
}

static long x_setattr(struct vnode *v)
{
    if (!dev_of(v)->fs)
        return -EIO; /* unmounted */
    struct ext2_fs *fs = dev_of(v)->fs;
    uint32_t ino = (uint32_t)v->ino;
    int e = ext2_chmod(fs, ino, v->mode & 07777);
    if (e == 0)
        e = ext2_chown(fs, ino, v->uid, v->gid);
    if (e == 0)
        e = ext2_utimes(fs, ino, (uint32_t)(v->atime / 1000000000ull),
                        (uint32_t)(v->mtime / 1000000000ull));
    return report(ino, e);
}

static void x_release(struct vnode *v)
{
    struct blkdev *d = dev_of(v);
    if (v->orphan && d->fs) {
        char oname[24];
        orphan_name(v, oname, sizeof oname);
        ext2_unlink(d->fs, d->orphans, oname);
    }
    for (struct vnode **p = &d->vnodes; *p; p = &(*p)->hash_next)
        if (*p == v) {
            *p = v->hash_next;
            break;
        }
    vfree(v);
}

static long x_sync(struct fs *fs)
{
    struct blkdev *d = fs->priv;
    if (!d->fs)
        return 0;
    int e = ext2_sync(d->fs);
    struct ipc_msg m;
    if (e == 0 && blk_call(d, BLK_FLUSH, 0, 0, 0, &m) < 0)
        e = -EIO;
    return e;
}

static long x_statfs(struct fs *fs, uint64_t out[5])
{
    if (!((struct blkdev *)fs->priv)->fs)
        return -EIO; /* unmounted */
    struct ext2_statfs st;
    int e = ext2_statfs(((struct blkdev *)fs->priv)->fs, &st);
    if (e < 0)
        return e;
    out[0] = st.block_size;
    out[1] = st.blocks;
    out[2] = st.free_blocks;
    out[3] = st.inodes;
    out[4] = st.free_inodes;
    return 0;
}

static void x_unmount(struct fs *fs)
{
    struct blkdev *d = fs->priv;
    if (!d->fs)
        return;
    ext2_unmount(d->fs);
    d->fs = NULL;
    fs->readonly = true;
    struct ipc_msg m;
    blk_call(d, BLK_FLUSH, 0, 0, 0, &m);
}

static const struct fs_ops ext2_ops = {
    .lookup = x_lookup,
    .create = x_create,
    .link = x_link,
    .remove = x_remove,
    .rename = x_rename,
    .read = x_read,
    .write = x_write,
    .truncate = x_truncate,
    .readdir = x_readdir,
    .readlink = x_readlink,
    .setattr = x_setattr,
    .release = x_release,
    .sync = x_sync,
    .statfs = x_statfs,
    .unmount = x_unmount,
};

/* Mounts the ext2 file system on block device blk (kept on success) on the directory on. */
long ext2_mount_blk(cap_t blk, struct vnode *on)
{
    if (!blk)
        return -ENODEV;
    struct blkdev *d = vcalloc(1, sizeof *d);
    struct fs *fs = vcalloc(1, sizeof *fs);
    long e = -ENOMEM;
    if (!d || !fs)
        goto fail;
    d->ep = blk;
    d->buf = pages_alloc(BLK_BUF_PAGES, &d->mem);
    if (!d->buf)
        goto fail;
    struct ipc_msg m = {0};
    e = blk_call(d, BLK_INFO, 0, 0, 0, &m);
    if (e < 0)
        goto fail;
    d->sectors = m.w[1];
    d->max_sectors = m.w[2];
    bool ro = m.w[3] != 0;
    ((struct ipc_buffer *)cluu_ipcbuf_va)->caps_out[0] = d->mem;
    m.w[0] = BLK_BUF_PAGES;
    e = sys_call(d->ep, IPC_INFO(BLK_SETUP, 1, 1), &m);
    if (e == 0)
        e = (long)m.w[0];
    if (e < 0)
        goto fail;
    struct ext2_dev dev = {
        .read = dev_read_cb,
        .write = ro ? NULL : dev_write_cb,
        .alloc = alloc_cb,
        .free = free_cb,
        .now = now_cb,
        .ctx = d,
        .size = d->sectors * BLK_SECTOR,
        .cache_blocks = 256,
        .log = log_cb,
    };
    int x = ext2_mount(&dev, ro ? EXT2_MOUNT_RO : 0, &d->fs);
    if (x < 0) {
        e = x;
        goto fail;
    }
    fs->ops = &ext2_ops;
    fs->priv = d;
    orphans_clean(d);
    struct ext2_statfs st;
    fs->readonly = ext2_statfs(d->fs, &st) == 0 && st.read_only;
    e = get_vnode(fs, EXT2_ROOT_INO, &fs->root);
    if (e == 0)
        e = fs_mount(fs, on);
    if (e < 0) {
        ext2_unmount(d->fs);
        goto fail;
    }
    return 0;
fail:
    if (d && d->buf)
        pages_free(d->buf, BLK_BUF_PAGES, d->mem);
    vfree(d);
    vfree(fs);
    return e;
}
