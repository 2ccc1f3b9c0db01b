/* Remote file systems (/proc): another server resolves the paths below the mount point and
 * serves the files. vfs never waits for it, since it may be waiting for procmgr, which waits
 * for vfs: a request is handed on with the client's reply capability (the kernel moves a
 * reply with a message) by a non-blocking send, and the server answers the client itself. */
#include "vfs.h"

#define SEND_TRIES 200 /* the server keeps a thread receiving: a busy one is ready soon */

/* Mounts the file system served by ep on the directory on; ep is kept on success. A new
 * server of a remote file system already mounted there (its old one ended and was
 * restarted) takes its place: 1. */
long remote_mount(cap_t ep, struct vnode *on)
{
    if (on->fs->remote && on == on->fs->root) {
        slot_delete(on->fs->remote);
        on->fs->remote = ep;
        return 1;
    }
    /* Locally it is an empty read-only directory, what requests without a client (mounts,
     * boot set-up) see; a client's path stops at it (path_resolve). */
    struct fs *fs = ramfs_new(true);
    if (!fs) return -ENOMEM;
    fs->root->mode = S_IFDIR | 0555;
    long e = fs_mount(fs, on);
    if (e < 0) return e;
    fs->remote = ep;
    return 0;
}

static long forward(struct req *r)
{
    struct client *c = r->client;
    struct ipc_buffer *b = (struct ipc_buffer *)cluu_ipcbuf_va;
    cap_t rep = save_reply(r);
    if (!rep) return -ENOMEM;
    size_t n = strlen(remote_hit.rest) + 1;
    long e = -EAGAIN;
    for (int i = 0; i < SEND_TRIES && e == -EAGAIN; i++) {
        struct ipc_msg m = {0};
        m.w[0] = r->w[0];
        m.w[1] = r->w[1];
        m.w[2] = c->uid;
        m.w[3] = c->gid;
        m.w[4] = c->pid;
        memcpy(&b->w[IPC_REG_WORDS], remote_hit.rest, n);
        b->caps_out[0] = rep;
        e = sys_send(remote_hit.fs->remote,
                     IPC_INFO(r->label, IPC_REG_WORDS + (n + 7) / 8, 1) | IPC_NONBLOCK, &m);
        if (e == -EAGAIN) sys_yield();
    }
    if (e == 0 && invoke1(CAP_SELF_CSPACE, CSPACE_INFO, rep) == OBJ_NULL) {
        slot_free(rep); /* it went with the message */
        return 0;
    }
    if (e == -EAGAIN) dprintf_k("vfs: the server of %s is not receiving\n", remote_hit.canon);
    reply_saved(rep, e < 0 ? e : -EIO, 0);
    return 0;
}

long remote_request(struct req *r)
{
    switch (r->label) {
    case VFS_OPEN:
    case VFS_STAT:
    case VFS_READLINK:
    case VFS_ACCESS:
        return forward(r);
    case VFS_RENAME:
    case VFS_LINK:
        return -EXDEV;
    case VFS_CHDIR:
        return -EOPNOTSUPP;
    default:
        return -EROFS;
    }
}
