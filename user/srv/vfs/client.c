/* vfs clients: one per process, with credentials, working directory, umask and pid; the
 * control requests that make, change, drop and describe them. */
#include "vfs.h"

#define MAX_CLIENTS 256

static struct client clients[MAX_CLIENTS];
static uint32_t generation = 1;

/* Client ids: generation << 12 | slot index + 1, never 0. */
static struct client *by_id(uint64_t id)
{
    uint64_t i = (id & 0xFFF) - 1;
    if (id == 0 || i >= MAX_CLIENTS || clients[i].id != id) return NULL;
    return &clients[i];
}

struct client *client_get(uint64_t badge)
{
    if (BADGE_KIND(badge) != BADGE_CLIENT) return NULL;
    return by_id(BADGE_ID(badge));
}

long client_new(uint64_t parent, uint32_t uid, uint32_t gid, uint64_t pid, uint64_t policy,
                const char *paths, size_t paths_len, uint64_t *id)
{
    struct client *p = parent ? by_id(parent) : NULL;
    for (int i = 0; i < MAX_CLIENTS; i++) {
        struct client *c = &clients[i];
        if (c->id) continue;
        memset(c, 0, sizeof *c);
        c->uid = uid;
        c->gid = gid;
        c->pid = pid;
        if (p) {
            c->umask = p->umask;
            c->ngroups = p->ngroups;
            memcpy(c->groups, p->groups, sizeof c->groups);
        } else {
            c->umask = 022;
        }
        long e = ns_derive(c, p, policy, paths, paths_len);
        if (e < 0) {
            ns_put(c->ns);
            return e;
        }
        if (p && c->ns == p->ns) {
            c->cwd = p->cwd;
            c->cwd_ro = p->cwd_ro;
            vnode_ref(c->cwd);
            memcpy(c->cwdpath, p->cwdpath, sizeof c->cwdpath);
            c->id = ((uint64_t)generation++ << 12) | (uint64_t)(i + 1);
            *id = c->id;
            return 0;
        }
        /* A new view: the working directory carries over when the view still reaches it
         * (a private or hidden one does not), otherwise the child starts at "/". */
        const char *cwd = p ? p->cwdpath : "/";
        struct client probe = *c;
        probe.uid = 0;
        struct lookup lk;
        long r = path_resolve(&probe, cwd, LK_FOLLOW, &lk);
        if (r == -EREMOTE && !remote_hit.rest[0]) {
            /* cwd is a remote file system's root (/proc), as chdir allows */
            memset(&lk, 0, sizeof lk);
            lk.node = remote_hit.fs->root;
            vnode_ref(lk.node);
            r = 0;
        }
        if (r == 0 && S_ISDIR(lk.node->mode)) {
            c->cwd = lk.node;
            c->cwd_ro = lk.node_ro;
            lk.node = NULL;
            memcpy(c->cwdpath, cwd, strlen(cwd) + 1);
            lookup_done(&lk);
        } else {
            if (lk.node) lookup_done(&lk);
            memset(&lk, 0, sizeof lk);
            if (path_resolve(&probe, "/", LK_FOLLOW, &lk) < 0) {
                ns_put(c->ns);
                return -ENOENT; /* the view hides "/" itself */
            }
            c->cwd = lk.node;
            c->cwd_ro = lk.node_ro;
            c->cwdpath[0] = '/';
        }
        c->id = ((uint64_t)generation++ << 12) | (uint64_t)(i + 1);
        *id = c->id;
        return 0;
    }
    return -ENOSPC;
}

long client_setcred(uint64_t id, uint32_t uid, uint32_t gid, uint32_t ngroups,
                    const uint32_t *groups)
{
    struct client *c = by_id(id);
    if (!c) return -ESRCH;
    if (ngroups > 16) return -EINVAL;
    c->uid = uid;
    c->gid = gid;
    c->ngroups = ngroups;
    memcpy(c->groups, groups, ngroups * sizeof *groups);
    return 0;
}

long client_drop(uint64_t id)
{
    struct client *c = by_id(id);
    if (!c) return -ESRCH;
    vnode_put(c->cwd);
    ns_put(c->ns);
    c->ns = NULL;
    c->id = 0;
    return 0;
}

/* Control requests about clients (procmgr). */
long h_client_new(struct req *r)
{
    uint64_t id;
    long e = client_new(r->w[0], (uint32_t)r->w[1], (uint32_t)r->w[2], r->w[4], r->w[3],
                        (const char *)r->data, r->data_len, &id);
    if (e < 0)
        return e;
    r->out_caps[0] = mint_badge(BADGE_CLIENT | id);
    if (!r->out_caps[0]) {
        client_drop(id);
        return -ENOSPC;
    }
    r->out_ncaps = 1;
    return (long)id;
}

long h_client_setcred(struct req *r)
{
    uint32_t n = (uint32_t)r->w[3];
    if (n > 16 || n * 4 > r->data_len)
        return -EINVAL;
    uint32_t groups[16];
    memcpy(groups, r->data, n * 4);
    return client_setcred(r->w[0], (uint32_t)r->w[1], (uint32_t)r->w[2], n, groups);
}

long h_client_drop(struct req *r)
{
    return client_drop(r->w[0]);
}

long h_client_cwd(struct req *r)
{
    struct client *c = client_get(BADGE_CLIENT | r->w[0]);
    if (!c)
        return -ESRCH;
    size_t n = strlen(c->cwdpath) + 1;
    memcpy(reply_data(), c->cwdpath, n);
    r->out_bytes = n;
    return (long)n;
}
