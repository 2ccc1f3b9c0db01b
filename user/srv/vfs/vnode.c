/* Vnode references, the mount table and path resolution. */
#include "vfs.h"
#include "lib/fmt.h"

struct vnode *root_vnode;
struct fs *mounts;
struct remote_hit remote_hit;

/* A client's path reached the remote file system whose root is dir; rest is what remains. */
static long remote_stop(struct vnode *dir, const char *rest, const struct lookup *lk)
{
    remote_hit.fs = dir->fs;
    size_t n = strlen(rest);
    if (n >= sizeof remote_hit.rest)
        return -ENAMETOOLONG;
    memcpy(remote_hit.rest, rest, n + 1);
    memcpy(remote_hit.canon, lk->canon, sizeof remote_hit.canon);
    return -EREMOTE;
}

void vnode_ref(struct vnode *v)
{
    v->refs++;
}

void vnode_put(struct vnode *v)
{
    if (v && --v->refs == 0 && v->fs->ops->release) v->fs->ops->release(v);
}

static bool in_group(const struct client *c, uint32_t gid)
{
    if (c->gid == gid) return true;
    for (uint32_t i = 0; i < c->ngroups; i++)
        if (c->groups[i] == gid) return true;
    return false;
}

/* want: R_OK|W_OK|X_OK. root passes, except execution of a file nobody may execute. */
bool may_access(const struct client *c, const struct vnode *v, int want)
{
    if (!c) return true;
    if (c->uid == 0) return !(want & X_OK) || S_ISDIR(v->mode) || (v->mode & 0111);
    uint32_t bits = v->mode;
    if (c->uid == v->uid)
        bits >>= 6;
    else if (in_group(c, v->gid))
        bits >>= 3;
    return ((int)bits & want) == want;
}

void vnode_stat(const struct vnode *v, struct file_stat *st)
{
    memset(st, 0, sizeof *st);
    st->dev = v->fs->dev;
    st->ino = v->ino;
    st->mode = v->mode;
    st->nlink = v->nlink;
    st->uid = v->uid;
    st->gid = v->gid;
    st->rdev = v->rdev;
    st->size = v->size;
    st->blocks = (v->size + 511) / 512;
    st->atime_ns = v->atime;
    st->mtime_ns = v->mtime;
    st->ctime_ns = v->ctime;
}

/* Mounts fs on the directory on (NULL: fs becomes the root). */
long fs_mount(struct fs *fs, struct vnode *on)
{
    if (on) {
        if (!S_ISDIR(on->mode)) return -ENOTDIR;
        if (on->mounted) return -EBUSY;
        vnode_ref(on);
        on->mounted = fs;
        fs->covered = on;
    } else {
        root_vnode = fs->root;
    }
    static uint64_t next_dev = 1;
    fs->dev = next_dev++;
    fs->next = mounts;
    mounts = fs;
    return 0;
}

/* Names the file system mounted last (the head of the mount list) for VFS_MOUNTS. */
void mount_named(const char *path, const char *type, const char *source)
{
    size_t n = strlen(path);
    if (n >= sizeof mounts->mpath)
        n = sizeof mounts->mpath - 1;
    memcpy(mounts->mpath, path, n);
    mounts->mpath[n] = 0;
    mounts->mtype = type;
    mounts->msource = source;
}

/* The mount table as Linux's /proc/mounts, in mount order: the bytes (at most cap). */
size_t mounts_text(char *out, size_t cap)
{
    struct fs *order[32];
    int n = 0;
    for (struct fs *fs = mounts; fs && n < 32; fs = fs->next)
        if (fs->mtype)
            order[n++] = fs;
    size_t len = 0;
    for (int i = n - 1; i >= 0; i--) {
        const struct fs *fs = order[i];
        size_t need = strlen(fs->msource) + strlen(fs->mpath) + strlen(fs->mtype) + 12;
        if (len + need > cap)
            break;
        len += (size_t)ksnprintf(out + len, cap - len, "%s %s %s %s 0 0\n", fs->msource,
                                 fs->mpath, fs->mtype, fs->readonly ? "ro" : "rw");
    }
    return len;
}

/* The root of whatever is mounted on v (v itself when nothing is); v's reference moves. */
static struct vnode *cross_mounts(struct vnode *v)
{
    while (v->mounted) {
        struct vnode *r = v->mounted->root;
        vnode_ref(r);
        vnode_put(v);
        v = r;
    }
    return v;
}

/* The parent directory of dir, referenced; dir's reference is kept. */
static long parent_of(struct vnode *dir, struct vnode **out)
{
    struct vnode *d = dir;
    while (d == d->fs->root && d->fs->covered)
        d = d->fs->covered;
    if (d == root_vnode || d == d->fs->root) {
        vnode_ref(d);
        *out = d;
        return 0;
    }
    long r = d->fs->ops->lookup(d, "..", out);
    if (r == 0) *out = cross_mounts(*out);
    return r;
}

static void canon_push(struct lookup *lk, const char *name, size_t n)
{
    size_t len = strlen(lk->canon);
    if (len + 1 + n + 1 > sizeof lk->canon) {
        lk->canon_ok = false;
        return;
    }
    if (len > 1) lk->canon[len++] = '/';
    memcpy(lk->canon + len, name, n);
    lk->canon[len + n] = 0;
}

static void canon_pop(struct lookup *lk)
{
    size_t len = strlen(lk->canon);
    while (len > 1 && lk->canon[len - 1] != '/')
        len--;
    if (len > 1) len--;
    lk->canon[len] = 0;
}

void lookup_done(struct lookup *lk)
{
    vnode_put(lk->dir);
    vnode_put(lk->node);
    lk->dir = lk->node = NULL;
}

/* Resolves path for client c. Without LK_PARENT the file must exist; with it, a missing last
 * component leaves lk->node NULL and lk->dir, lk->name set. */
long path_resolve(const struct client *c, const char *path, int flags, struct lookup *lk)
{
    static char rest[2 * VFS_PATH_MAX + 2];
    memset(lk, 0, sizeof *lk);
    size_t plen = strlen(path);
    if (plen >= VFS_PATH_MAX) return -ENAMETOOLONG;
    if (plen == 0) return -ENOENT;
    memcpy(rest, path, plen + 1);
    struct vnode *cur;
    lk->canon_ok = true;
    long r = 0;
    if (path[0] == '/' || !c || !c->cwd) {
        cur = root_vnode;
        lk->canon[0] = '/';
        lk->canon[1] = 0;
        vnode_ref(cur);
        if ((r = ns_enter(c, &cur, &lk->readonly)) < 0) goto fail;
    } else {
        cur = c->cwd;
        lk->readonly = c->cwd_ro;
        memcpy(lk->canon, c->cwdpath, sizeof lk->canon);
        vnode_ref(cur);
    }
    lk->must_dir = path[plen - 1] == '/';
    int follows = 0;
    size_t pos = 0;
    for (;;) {
        while (rest[pos] == '/')
            pos++;
        if (!rest[pos]) break;
        const char *comp = rest + pos;
        size_t n = 0;
        while (comp[n] && comp[n] != '/')
            n++;
        if (c && cur->fs->remote && !(n == 2 && comp[0] == '.' && comp[1] == '.')) {
            r = remote_stop(cur, comp, lk);
            goto fail;
        }
        if (n > VFS_NAME_MAX) {
            r = -ENAMETOOLONG;
            goto fail;
        }
        pos += n;
        size_t after = pos;
        while (rest[after] == '/')
            after++;
        bool last = !rest[after];
        if (!S_ISDIR(cur->mode)) {
            r = -ENOTDIR;
            goto fail;
        }
        if (!may_access(c, cur, X_OK)) {
            r = -EACCES;
            goto fail;
        }
        char name[VFS_NAME_MAX + 1];
        memcpy(name, comp, n);
        name[n] = 0;
        if (!strcmp(name, ".")) {
            continue;
        }
        if (!strcmp(name, "..")) {
            struct vnode *p;
            r = parent_of(cur, &p);
            if (r < 0) goto fail;
            vnode_put(cur);
            cur = p;
            canon_pop(lk);
            if ((r = ns_enter(c, &cur, &lk->readonly)) < 0) goto fail;
            continue;
        }
        struct vnode *child = NULL;
        r = cur->fs->ops->lookup(cur, name, &child);
        if (r == -ENOENT && last && (flags & LK_PARENT)) {
            lk->dir = cur;
            memcpy(lk->name, name, n + 1);
            return 0;
        }
        if (r < 0) goto fail;
        child = cross_mounts(child);
        bool child_ro = lk->readonly;
        if ((r = ns_enter(c, &child, &child_ro)) < 0) {
            vnode_put(child);
            goto fail;
        }
        bool follow = !last || (flags & LK_FOLLOW) || lk->must_dir;
        if (S_ISLNK(child->mode) && follow) {
            if (++follows > SYMLINK_MAX_FOLLOW) {
                vnode_put(child);
                r = -ELOOP;
                goto fail;
            }
            char target[VFS_PATH_MAX];
            long tl = child->fs->ops->readlink(child, target, sizeof target);
            vnode_put(child);
            if (tl < 0) {
                r = tl;
                goto fail;
            }
            if (tl == 0) {
                r = -ENOENT;
                goto fail;
            }
            size_t remain = strlen(rest + pos);
            if ((size_t)tl + remain + 1 > sizeof rest) {
                r = -ENAMETOOLONG;
                goto fail;
            }
            memmove(rest + tl, rest + pos, remain + 1);
            memcpy(rest, target, (size_t)tl);
            pos = 0;
            if (target[0] == '/') {
                vnode_put(cur);
                cur = root_vnode;
                vnode_ref(cur);
                lk->canon[0] = '/';
                lk->canon[1] = 0;
                lk->readonly = false;
                if ((r = ns_enter(c, &cur, &lk->readonly)) < 0) goto fail;
            }
            continue;
        }
        if (last && (flags & LK_PARENT)) {
            /* The entry belongs to the directory: it is as writable as the directory is,
             * but the node itself may be a read-only view's root (its attributes). */
            lk->dir = cur;
            lk->node = child;
            lk->node_ro = child_ro;
            memcpy(lk->name, name, n + 1);
            return 0;
        }
        canon_push(lk, name, n);
        vnode_put(cur);
        cur = child;
        lk->readonly = child_ro;
    }
    /* The path ended at a directory reached by ".", ".." or the root itself. */
    if (c && cur->fs->remote) {
        r = remote_stop(cur, "", lk);
        goto fail;
    }
    lk->node = cur;
    lk->node_ro = lk->readonly;
    lk->name[0] = '.';
    lk->name[1] = 0;
    if (lk->must_dir && !S_ISDIR(cur->mode)) {
        lookup_done(lk);
        return -ENOTDIR;
    }
    return 0;
fail:
    vnode_put(cur);
    return r;
}
