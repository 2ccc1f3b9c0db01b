/* Mount namespaces: a container's view of the tree (its Cluufile's MOUNT lines).
 *
 * A client's view is the global mount table plus an ordered list of entries, each naming a
 * directory vnode (as the parent's view resolved the entry's path when the client was made)
 * and a policy: `private` puts a fresh ramfs in its place, `readonly` refuses every change
 * at and below it, `none` hides it (ENOENT). `inherit` adds no entry: the parent's view goes
 * on. A child made without entries shares its parent's list; with entries it gets a copy of
 * the parent's list followed by its own, so a grandchild sees what its parent saw. Path
 * resolution calls ns_enter for every directory it steps into, and applies the entries in
 * list order (a child's entry may name a parent's private root). */
#include "vfs.h"

#define NS_MAX 32

/* A private ramfs, shared by the views that inherit it. */
struct priv_fs {
    int refs;
    struct fs *fs;
};

struct ns_entry {
    struct vnode *at; /* referenced */
    uint8_t policy;   /* VFS_POLICY_* (never INHERIT) */
    struct priv_fs *priv;
};

struct ns {
    int refs;
    int n;
    struct ns_entry e[NS_MAX];
};

static uint64_t next_priv_dev = 1ull << 32;

static void priv_put(struct priv_fs *p)
{
    if (!p || --p->refs > 0) return;
    /* Files still open in it keep their vnodes; the tree itself goes with the last view. */
    ramfs_destroy(p->fs);
    vfree(p);
}

void ns_put(struct ns *ns)
{
    if (!ns || --ns->refs > 0) return;
    for (int i = 0; i < ns->n; i++) {
        vnode_put(ns->e[i].at);
        priv_put(ns->e[i].priv);
    }
    vfree(ns);
}

struct ns *ns_ref(struct ns *ns)
{
    if (ns) ns->refs++;
    return ns;
}

long ns_enter(const struct client *c, struct vnode **v, bool *ro)
{
    const struct ns *ns = c ? c->ns : NULL;
    if (!ns) return 0;
    for (int i = 0; i < ns->n; i++) {
        const struct ns_entry *e = &ns->e[i];
        if (e->at != *v) continue;
        switch (e->policy) {
        case VFS_POLICY_NONE:
            return -ENOENT;
        case VFS_POLICY_READONLY:
            *ro = true;
            break;
        case VFS_POLICY_PRIVATE: {
            struct vnode *r = e->priv->fs->root;
            vnode_ref(r);
            vnode_put(*v);
            *v = r;
            break;
        }
        }
    }
    return 0;
}

static long add_entry(struct ns *ns, struct client *probe, const char *path, uint8_t policy)
{
    if (path[0] != '/') return -EINVAL;
    struct lookup lk;
    long e = path_resolve(probe, path, LK_FOLLOW, &lk);
    if (e == -EREMOTE && !remote_hit.rest[0]) {
        /* The root of a remote file system (/proc): the walk enters that vnode too. */
        memset(&lk, 0, sizeof lk);
        lk.node = remote_hit.fs->root;
        vnode_ref(lk.node);
        e = 0;
    } else if (e == -EREMOTE) {
        return policy == VFS_POLICY_PRIVATE ? -EXDEV : 0; /* inside one: not supported */
    }
    if (e == -ENOENT && policy != VFS_POLICY_PRIVATE)
        return 0; /* nothing there to hide or protect */
    if (e < 0) return e;
    if (!S_ISDIR(lk.node->mode)) {
        lookup_done(&lk);
        return -ENOTDIR;
    }
    if (ns->n == NS_MAX) {
        lookup_done(&lk);
        return -E2BIG;
    }
    struct ns_entry *en = &ns->e[ns->n];
    memset(en, 0, sizeof *en);
    if (policy == VFS_POLICY_PRIVATE) {
        en->priv = vcalloc(1, sizeof *en->priv);
        struct fs *fs = en->priv ? ramfs_new(false) : NULL;
        if (!fs) {
            vfree(en->priv);
            lookup_done(&lk);
            return -ENOMEM;
        }
        /* Not in the global mount table: only views holding this entry reach it. ".." from
         * its root goes to the parent of the directory it stands in for. */
        fs->covered = lk.node;
        fs->root->mode = lk.node->mode; /* a private /tmp is still 1777 */
        fs->root->uid = lk.node->uid;
        fs->root->gid = lk.node->gid;
        fs->dev = next_priv_dev++;
        en->priv->fs = fs;
        en->priv->refs = 1;
    }
    en->at = lk.node; /* the lookup's reference moves to the entry */
    lk.node = NULL;
    en->policy = policy;
    ns->n++;
    lookup_done(&lk);
    return 0;
}

long ns_derive(struct client *c, const struct client *parent, uint64_t policy, const char *paths,
               size_t len)
{
    c->ns = parent ? ns_ref(parent->ns) : NULL;
    if (!len) return 0;
    struct ns *ns = vcalloc(1, sizeof *ns);
    if (!ns) return -ENOMEM;
    ns->refs = 1;
    const struct ns *old = c->ns;
    for (int i = 0; old && i < old->n; i++) {
        ns->e[i] = old->e[i];
        vnode_ref(ns->e[i].at);
        if (ns->e[i].priv) ns->e[i].priv->refs++;
    }
    ns->n = old ? old->n : 0;
    /* Each path is resolved in the parent's view, with root's search rights: the policy is
     * the container's declaration, not a file access of the process. */
    struct client probe = *c;
    probe.uid = 0;
    probe.cwd = NULL;
    size_t pos = 0;
    long e = 0;
    for (int i = 0; i < 16 && pos < len && e == 0; i++) {
        if ((policy >> (2 * i)) == 0)
            break; /* only inherit entries (and the last word's padding) remain */
        const char *p = paths + pos;
        size_t n = 0;
        while (pos + n < len && p[n])
            n++;
        if (pos + n == len) {
            e = -EINVAL; /* not NUL-terminated */
            break;
        }
        pos += n + 1;
        uint8_t pol = (uint8_t)((policy >> (2 * i)) & 3);
        if (pol != VFS_POLICY_INHERIT) e = add_entry(ns, &probe, p, pol);
    }
    ns_put(c->ns);
    c->ns = ns;
    return e;
}
