/* ramfs: files and directories in memory. initfs and devfs are ramfs trees too (initfs
 * read-only with its data inside the archive, devfs with device nodes). */
#include "vfs.h"

static struct vnode *find(struct vnode *dir, const char *name, struct dentry ***link)
{
    for (struct dentry **d = &dir->entries; *d; d = &(*d)->next)
        if (!strcmp((*d)->name, name)) {
            if (link) *link = d;
            return (*d)->node;
        }
    return NULL;
}

struct vnode *ramfs_node(struct fs *fs, uint32_t mode)
{
    struct vnode *v = vcalloc(1, sizeof *v);
    if (!v) return NULL;
    v->fs = fs;
    v->ino = fs->next_ino++;
    v->mode = mode;
    v->nlink = S_ISDIR(mode) ? 2 : 1;
    v->atime = v->mtime = v->ctime = now_ns();
    return v;
}

static void node_free(struct vnode *v)
{
    for (uint64_t i = 0; i < v->nblocks; i++)
        vfree(v->blocks[i]);
    vfree(v->blocks);
    vfree(v->target);
    vfree(v->fifo); /* no open ends: every open holds a vnode reference */
    vfree(v);
}

/* Adds v under name in dir (the caller checked the name is free). */
long ramfs_add(struct vnode *dir, const char *name, struct vnode *v)
{
    size_t n = strlen(name);
    struct dentry *d = vmalloc(sizeof *d + n + 1);
    if (!d) return -ENOMEM;
    memcpy(d->name, name, n + 1);
    d->node = v;
    d->next = dir->entries;
    dir->entries = d;
    if (S_ISDIR(v->mode)) {
        v->parent = dir;
        dir->nlink++;
    }
    dir->mtime = dir->ctime = now_ns();
    return 0;
}

struct fs *ramfs_new(bool readonly)
{
    struct fs *fs = vcalloc(1, sizeof *fs);
    if (!fs) return NULL;
    fs->ops = &ramfs_ops;
    fs->readonly = readonly;
    fs->next_ino = 1;
    fs->root = ramfs_node(fs, S_IFDIR | 0755);
    if (!fs->root) {
        vfree(fs);
        return NULL;
    }
    fs->root->refs = 1; /* the mount's */
    return fs;
}

static void drop_link(struct vnode *v);

/* Unlinks everything below dir (depth is bounded by the path length limit). */
static void destroy_tree(struct vnode *dir)
{
    while (dir->entries) {
        struct dentry *d = dir->entries;
        dir->entries = d->next;
        struct vnode *v = d->node;
        vfree(d);
        if (S_ISDIR(v->mode)) destroy_tree(v);
        drop_link(v);
    }
}

/* A file system nobody can reach any more (a container's private mount): its files go,
 * except those still open, which go at their last close. The struct fs stays, as open
 * vnodes point to it. */
void ramfs_destroy(struct fs *fs)
{
    struct vnode *root = fs->root;
    destroy_tree(root);
    root->nlink = 0;
    vnode_put(root); /* the mount's reference */
}

static long ram_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    struct vnode *v;
    if (!strcmp(name, "."))
        v = dir;
    else if (!strcmp(name, ".."))
        v = dir->parent ? dir->parent : dir;
    else
        v = find(dir, name, NULL);
    if (!v) return -ENOENT;
    vnode_ref(v);
    *out = v;
    return 0;
}

static long ram_create(struct vnode *dir, const char *name, uint32_t mode, uint32_t uid,
                       uint32_t gid, const char *target, struct vnode **out)
{
    if (dir->fs->readonly) return -EROFS;
    if (find(dir, name, NULL)) return -EEXIST;
    struct vnode *v = ramfs_node(dir->fs, mode);
    if (!v) return -ENOMEM;
    v->uid = uid;
    v->gid = gid;
    if (target) {
        size_t n = strlen(target);
        v->target = vmalloc(n + 1);
        if (!v->target) {
            node_free(v);
            return -ENOMEM;
        }
        memcpy(v->target, target, n + 1);
        v->size = n;
    }
    long r = ramfs_add(dir, name, v);
    if (r < 0) {
        node_free(v);
        return r;
    }
    vnode_ref(v);
    *out = v;
    return 0;
}

static long ram_link(struct vnode *dir, const char *name, struct vnode *v)
{
    if (dir->fs->readonly) return -EROFS;
    if (find(dir, name, NULL)) return -EEXIST;
    long r = ramfs_add(dir, name, v);
    if (r == 0) {
        v->nlink++;
        v->ctime = now_ns();
    }
    return r;
}

static void drop_link(struct vnode *v)
{
    if (S_ISDIR(v->mode))
        v->nlink = 0;
    else
        v->nlink--;
    v->ctime = now_ns();
    if (v->nlink == 0 && v->refs == 0) node_free(v);
}

static long ram_remove(struct vnode *dir, const char *name, bool isdir)
{
    if (dir->fs->readonly) return -EROFS;
    struct dentry **link;
    struct vnode *v = find(dir, name, &link);
    if (!v) return -ENOENT;
    if (isdir && !S_ISDIR(v->mode)) return -ENOTDIR;
    if (!isdir && S_ISDIR(v->mode)) return -EISDIR;
    if (isdir && v->entries) return -ENOTEMPTY;
    if (v->mounted) return -EBUSY;
    struct dentry *d = *link;
    *link = d->next;
    vfree(d);
    if (isdir) dir->nlink--;
    dir->mtime = dir->ctime = now_ns();
    drop_link(v);
    return 0;
}

static long ram_rename(struct vnode *sdir, const char *sname, struct vnode *ddir, const char *dname)
{
    if (sdir->fs->readonly) return -EROFS;
    struct dentry **slink, **dlink;
    struct vnode *v = find(sdir, sname, &slink);
    if (!v) return -ENOENT;
    struct vnode *old = find(ddir, dname, &dlink);
    if (old == v) return 0;
    if (S_ISDIR(v->mode))
        for (struct vnode *p = ddir; p; p = p->parent == p ? NULL : p->parent)
            if (p == v) return -EINVAL;
    if (old) {
        if (S_ISDIR(v->mode) && !S_ISDIR(old->mode)) return -ENOTDIR;
        if (!S_ISDIR(v->mode) && S_ISDIR(old->mode)) return -EISDIR;
        if (S_ISDIR(old->mode) && old->entries) return -ENOTEMPTY;
        if (old->mounted || v->mounted) return -EBUSY;
    }
    size_t n = strlen(dname);
    struct dentry *nd = vmalloc(sizeof *nd + n + 1);
    if (!nd) return -ENOMEM;
    if (old) {
        struct dentry *d = *dlink;
        *dlink = d->next;
        vfree(d);
        if (S_ISDIR(old->mode)) ddir->nlink--;
        drop_link(old);
    }
    find(sdir, sname, &slink); /* removing old may have moved the link */
    struct dentry *d = *slink;
    *slink = d->next;
    vfree(d);
    if (S_ISDIR(v->mode)) sdir->nlink--;
    memcpy(nd->name, dname, n + 1);
    nd->node = v;
    nd->next = ddir->entries;
    ddir->entries = nd;
    if (S_ISDIR(v->mode)) {
        v->parent = ddir;
        ddir->nlink++;
    }
    sdir->mtime = ddir->mtime = v->ctime = now_ns();
    return 0;
}

static long ram_read(struct vnode *v, uint64_t off, void *buf, size_t n)
{
    if (off >= v->size) return 0;
    if (n > v->size - off) n = (size_t)(v->size - off);
    if (v->rodata) {
        memcpy(buf, v->rodata + off, n);
        return (long)n;
    }
    for (size_t done = 0; done < n;) {
        uint64_t b = (off + done) / RAMFS_BLOCK, in = (off + done) % RAMFS_BLOCK;
        size_t k = RAMFS_BLOCK - in < n - done ? RAMFS_BLOCK - in : n - done;
        if (b < v->nblocks && v->blocks[b])
            memcpy((char *)buf + done, v->blocks[b] + in, k);
        else
            memset((char *)buf + done, 0, k);
        done += k;
    }
    v->atime = now_ns();
    return (long)n;
}

static long grow_blocks(struct vnode *v, uint64_t nb)
{
    if (nb <= v->nblocks) return 0;
    uint8_t **nbk = vcalloc(nb, sizeof *nbk);
    if (!nbk) return -ENOSPC;
    if (v->nblocks) memcpy(nbk, v->blocks, v->nblocks * sizeof *nbk);
    vfree(v->blocks);
    v->blocks = nbk;
    v->nblocks = nb;
    return 0;
}

static long ram_write(struct vnode *v, uint64_t off, const void *buf, size_t n)
{
    if (v->fs->readonly || v->rodata) return -EROFS;
    if (off + n > (1ull << 32)) return -EFBIG;
    uint64_t end = off + n;
    uint64_t want = (end + RAMFS_BLOCK - 1) / RAMFS_BLOCK;
    if (want > v->nblocks && grow_blocks(v, want < 2 * v->nblocks ? 2 * v->nblocks : want) < 0)
        return -ENOSPC;
    for (size_t done = 0; done < n;) {
        uint64_t b = (off + done) / RAMFS_BLOCK, in = (off + done) % RAMFS_BLOCK;
        size_t k = RAMFS_BLOCK - in < n - done ? RAMFS_BLOCK - in : n - done;
        if (!v->blocks[b] && !(v->blocks[b] = vcalloc(1, RAMFS_BLOCK)))
            return done ? (long)done : -ENOSPC;
        memcpy(v->blocks[b] + in, (const char *)buf + done, k);
        done += k;
        if (off + done > v->size) v->size = off + done;
    }
    v->mtime = v->ctime = now_ns();
    return (long)n;
}

static long ram_truncate(struct vnode *v, uint64_t size)
{
    if (v->fs->readonly || v->rodata) return -EROFS;
    if (size > (1ull << 32)) return -EFBIG;
    if (size < v->size) {
        uint64_t keep = (size + RAMFS_BLOCK - 1) / RAMFS_BLOCK;
        for (uint64_t i = keep; i < v->nblocks; i++) {
            vfree(v->blocks[i]);
            v->blocks[i] = NULL;
        }
        if (size % RAMFS_BLOCK && keep - 1 < v->nblocks && v->blocks[keep - 1])
            memset(v->blocks[keep - 1] + size % RAMFS_BLOCK, 0, RAMFS_BLOCK - size % RAMFS_BLOCK);
    }
    v->size = size;
    v->mtime = v->ctime = now_ns();
    return 0;
}

static uint8_t dtype(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR:
        return DT_DIR;
    case S_IFREG:
        return DT_REG;
    case S_IFLNK:
        return DT_LNK;
    case S_IFCHR:
        return DT_CHR;
    case S_IFIFO:
        return DT_FIFO;
    }
    return DT_UNKNOWN;
}

static long ram_readdir(struct vnode *dir, uint64_t *pos, struct vdirent *de)
{
    if (*pos < 2) {
        struct vnode *v = *pos == 0 ? dir : (dir->parent ? dir->parent : dir);
        de->ino = v->ino;
        de->type = DT_DIR;
        memcpy(de->name, "..", *pos + 1);
        de->name[*pos + 1] = 0;
        (*pos)++;
        return 1;
    }
    uint64_t i = 2;
    for (struct dentry *d = dir->entries; d; d = d->next, i++)
        if (i == *pos) {
            de->ino = d->node->ino;
            de->type = dtype(d->node->mode);
            memcpy(de->name, d->name, strlen(d->name) + 1);
            (*pos)++;
            return 1;
        }
    return 0;
}

static long ram_readlink(struct vnode *v, char *buf, size_t cap)
{
    if (!S_ISLNK(v->mode)) return -EINVAL;
    const char *t = v->target ? v->target : (const char *)v->rodata;
    size_t n = v->size < cap ? (size_t)v->size : cap;
    memcpy(buf, t, n);
    if (n < cap) buf[n] = 0;
    return (long)n;
}

static long ram_setattr(struct vnode *v)
{
    return v->fs->readonly ? -EROFS : 0;
}

static void ram_release(struct vnode *v)
{
    if (v->nlink == 0) node_free(v);
}

static long ram_sync(struct fs *fs)
{
    (void)fs;
    return 0;
}

static long ram_statfs(struct fs *fs, uint64_t out[5])
{
    out[0] = RAMFS_BLOCK;
    out[1] = (64ull << 20) / RAMFS_BLOCK;
    out[2] = fs->readonly ? 0 : out[1] / 2;
    out[3] = fs->next_ino;
    out[4] = fs->readonly ? 0 : 65536;
    return 0;
}

const struct fs_ops ramfs_ops = {
    .lookup = ram_lookup,
    .create = ram_create,
    .link = ram_link,
    .remove = ram_remove,
    .rename = ram_rename,
    .read = ram_read,
    .write = ram_write,
    .truncate = ram_truncate,
    .readdir = ram_readdir,
    .readlink = ram_readlink,
    .setattr = ram_setattr,
    .release = ram_release,
    .sync = ram_sync,
    .statfs = ram_statfs,
};
