#pragma once
/* vfs server internals: vnodes, file systems, mounts, clients, open files, pipes. */
#include "cluu.h"
#include "abi/proto/file.h"
#include "abi/proto/vfs.h"
#include "lib/string.h"

/* Linux numbers the protocols carry. */
#define O_ACCMODE 03
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000
#define S_IFMT 0170000u
#define S_IFSOCK 0140000u
#define S_IFLNK 0120000u
#define S_IFREG 0100000u
#define S_IFBLK 0060000u
#define S_IFDIR 0040000u
#define S_IFCHR 0020000u
#define S_IFIFO 0010000u
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISLNK(m) (((m)&S_IFMT) == S_IFLNK)
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define AT_SYMLINK_NOFOLLOW 0x100
#define R_OK 4
#define W_OK 2
#define X_OK 1
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define UTIME_NOW ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)
#define POLLIN 0x1
#define POLLOUT 0x4
#define POLLERR 0x8
#define POLLHUP 0x10
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

#define SYMLINK_MAX_FOLLOW 40
#define EXDEV 18

struct fs;
struct pipe;

/* An in-memory object for a file of any file system. A vnode lives while it has
 * references (lookups in progress, open files, working directories, mounts) or, in ramfs,
 * links. */
struct vnode {
    struct fs *fs;
    uint64_t ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t size, rdev;
    uint64_t atime, mtime, ctime; /* ns */
    int refs;
    struct fs *mounted; /* file system mounted on this directory */
    /* ramfs, initfs, devfs */
    struct vnode *parent;
    struct dentry *entries;
    uint8_t **blocks; /* file data in RAMFS_BLOCK pieces */
    uint64_t nblocks;
    const uint8_t *rodata;   /* initfs: the data inside the archive */
    char *target;            /* symlinks */
    int dev;                 /* devfs: DEV_* */
    cap_t attached;          /* devfs: the server that answers opens of this node */
    struct pipe *fifo;       /* named pipe */
    struct vnode *hash_next; /* ext2: the mount's vnode list */
    bool orphan;             /* ext2: unlinked while open, kept in the orphan directory */
};

struct dentry {
    struct dentry *next;
    struct vnode *node;
    char name[];
};

/* An entry as readdir reports it. */
struct vdirent {
    uint64_t ino;
    uint8_t type; /* DT_* */
    char name[VFS_NAME_MAX + 1];
};

/* What a file system implements. Lookups return a referenced vnode. */
struct fs_ops {
    long (*lookup)(struct vnode *dir, const char *name, struct vnode **out);
    /* mode carries the type: S_IFREG, S_IFDIR, S_IFLNK (target), S_IFIFO. */
    long (*create)(struct vnode *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                   const char *target, struct vnode **out);
    long (*link)(struct vnode *dir, const char *name, struct vnode *node);
    long (*remove)(struct vnode *dir, const char *name, bool isdir);
    long (*rename)(struct vnode *sdir, const char *sname, struct vnode *ddir, const char *dname);
    long (*read)(struct vnode *v, uint64_t off, void *buf, size_t n);
    long (*write)(struct vnode *v, uint64_t off, const void *buf, size_t n);
    long (*truncate)(struct vnode *v, uint64_t size);
    /* 1 with an entry, 0 at the end; *pos advances. */
    long (*readdir)(struct vnode *dir, uint64_t *pos, struct vdirent *de);
    long (*readlink)(struct vnode *v, char *buf, size_t cap);
    long (*setattr)(struct vnode *v); /* mode/uid/gid/times of v to the file system */
    void (*release)(struct vnode *v); /* the last reference went */
    long (*sync)(struct fs *fs);
    long (*statfs)(struct fs *fs, uint64_t out[5]);
    void (*unmount)(struct fs *fs);
};

struct fs {
    const struct fs_ops *ops;
    bool readonly;
    uint64_t dev;
    struct vnode *root;
    struct vnode *covered; /* the directory this file system is mounted on */
    struct fs *next;       /* every mounted file system */
    void *priv;
    uint64_t next_ino;
    cap_t remote; /* a remote file system's server (remote.c); 0: served here */
    char mpath[64];              /* where it is mounted, for VFS_MOUNTS */
    const char *mtype, *msource;
};

struct client {
    uint64_t id; /* 0: free */
    uint64_t pid; /* its process (for /proc/self) */
    uint32_t uid, gid, ngroups;
    uint32_t groups[16];
    uint32_t umask;
    struct vnode *cwd;
    bool cwd_ro; /* the working directory is inside a read-only view */
    char cwdpath[VFS_PATH_MAX];
    struct ns *ns; /* the mount view (ns.c); NULL: the global tree */
};

enum ofile_kind { OF_NODE, OF_PIPE_READ, OF_PIPE_WRITE };

/* An open-file description. */
struct ofile {
    uint64_t id; /* 0: free */
    enum ofile_kind kind;
    struct vnode *v;
    struct pipe *pipe;
    uint32_t flags;
    int holders;
    uint64_t off;
    uint32_t uid; /* the opener's, for FILE_CHMOD and FILE_CHOWN */
    bool ro_view; /* opened through a read-only view: no attribute changes */
};

/* One request as received, and its answer. */
struct req {
    uint64_t label, badge, len, ncaps;
    uint64_t w[IPC_REG_WORDS];
    uint8_t data[FILE_IO_MAX + 8];
    size_t data_len;
    cap_t caps[IPC_MAX_CAPS];
    struct client *client;
    struct ofile *file;
    /* reply: words 1..5 (word 0 is the handler's result), bytes in the IPC buffer */
    uint64_t out[IPC_REG_WORDS];
    size_t out_bytes;
    cap_t out_caps[IPC_MAX_CAPS];
    uint64_t out_ncaps;
    bool deferred; /* the handler keeps the reply capability and answers later */
};

/* alloc.c */
void *vmalloc(size_t n);
void *vcalloc(size_t a, size_t b);
void vfree(void *p);

/* main.c */
long attr_chmod(uint32_t uid, struct vnode *v, bool ro, uint32_t mode);
long attr_chown(uint32_t uid, struct vnode *v, bool ro, uint32_t owner, uint32_t group);
uint8_t *reply_data(void);
void defer_later_delete(cap_t s);
cap_t mint_badge(uint64_t badge);
cap_t save_reply(struct req *r);
void reply_saved(cap_t reply, long result, size_t bytes);
uint64_t now_ns(void);

/* Badges: the kind in bits 40..47, an id below. */
#define BADGE_CLIENT (1ull << 40)
#define BADGE_FILE (2ull << 40)
#define BADGE_KIND(b) ((b) & (0xFFull << 40))
#define BADGE_ID(b) ((b) & ((1ull << 40) - 1))

/* vnode.c: references, the mount table and path resolution */
extern struct vnode *root_vnode;
extern struct fs *mounts;
void vnode_ref(struct vnode *v);
void vnode_put(struct vnode *v);
bool may_access(const struct client *c, const struct vnode *v, int want);
struct file_stat;
void vnode_stat(const struct vnode *v, struct file_stat *st);
long fs_mount(struct fs *fs, struct vnode *on);
/* Names the file system mounted last (the head of mounts), for VFS_MOUNTS. */
void mount_named(const char *path, const char *type, const char *source);
size_t mounts_text(char *out, size_t cap);

#define LK_FOLLOW 1 /* follow a symlink in the last component */
#define LK_PARENT 2 /* the last component may be missing: dir and name are set */
struct lookup {
    struct vnode *dir;  /* the last component's directory (LK_PARENT), referenced */
    struct vnode *node; /* the file, referenced, or NULL (LK_PARENT, missing) */
    char name[VFS_NAME_MAX + 1];
    bool must_dir; /* the path ended in '/' */
    char canon[VFS_PATH_MAX];
    bool canon_ok;
    bool readonly; /* dir (LK_PARENT) reached through a read-only view (MOUNT ... readonly) */
    bool node_ro;  /* node reached through a read-only view */
};
/* Whether the lookup's directory, or its node, may not change. */
static inline bool lk_dir_ro(const struct lookup *lk)
{
    return lk->readonly || lk->dir->fs->readonly;
}
static inline bool lk_node_ro(const struct lookup *lk)
{
    return lk->node_ro || lk->node->fs->readonly;
}
/* For a client, a path that enters a remote file system stops there with -EREMOTE and
 * remote_hit set (the rest of the path is the remote server's to resolve). */
long path_resolve(const struct client *c, const char *path, int flags, struct lookup *lk);
#define EREMOTE 66 /* internal: never sent to a client */
struct remote_hit {
    struct fs *fs;
    char rest[VFS_PATH_MAX];  /* the path below its root, "" for the root itself */
    char canon[VFS_PATH_MAX]; /* the absolute path of its root */
};
extern struct remote_hit remote_hit;
void lookup_done(struct lookup *lk);

/* client.c */
struct client *client_get(uint64_t badge);
long client_new(uint64_t parent, uint32_t uid, uint32_t gid, uint64_t pid, uint64_t policy,
                const char *paths, size_t paths_len, uint64_t *id);
long client_setcred(uint64_t id, uint32_t uid, uint32_t gid, uint32_t ngroups,
                    const uint32_t *groups);
long client_drop(uint64_t id);
long h_client_new(struct req *r);
long h_client_setcred(struct req *r);
long h_client_drop(struct req *r);
long h_client_cwd(struct req *r);

/* ns.c */
struct ns;
long ns_derive(struct client *c, const struct client *parent, uint64_t policy, const char *paths,
               size_t len);
struct ns *ns_ref(struct ns *ns);
void ns_put(struct ns *ns);
long ns_enter(const struct client *c, struct vnode **v, bool *ro);

/* file.c */
struct ofile *ofile_get(uint64_t badge);
struct ofile *ofile_new(enum ofile_kind kind, struct vnode *v, uint32_t flags);
cap_t ofile_cap(struct ofile *f);
void ofile_close(struct ofile *f);
long file_dispatch(struct req *r);

/* ramfs.c */
#define RAMFS_BLOCK 2032
extern const struct fs_ops ramfs_ops;
struct fs *ramfs_new(bool readonly);
void ramfs_destroy(struct fs *fs);
struct vnode *ramfs_node(struct fs *fs, uint32_t mode);
long ramfs_add(struct vnode *dir, const char *name, struct vnode *v);

/* initfs.c */
long initfs_mount_boot(struct vnode *on);

/* devfs.c */
enum { DEV_NONE, DEV_NULL, DEV_ZERO, DEV_RANDOM, DEV_ATTACHED };
struct fs *devfs_new(void);
long devfs_attach(struct fs *devfs, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                  cap_t ep);
long devfs_open(struct req *r, struct vnode *v, int flags);
long dev_read(struct vnode *v, void *buf, size_t n);
long dev_write(struct vnode *v, const void *buf, size_t n);

/* pipe.c */
struct pipe *pipe_new(bool named);
void pipe_open_end(struct pipe *p, bool writer);
void pipe_close_end(struct pipe *p, bool writer);
long pipe_read(struct req *r, struct ofile *f, size_t n);
long pipe_write(struct req *r, struct ofile *f, const void *buf, size_t n);
long pipe_poll(struct pipe *p, bool writer);
uint64_t pipe_bytes(struct pipe *p);

/* remote.c: remote file systems (/proc), served by another server without vfs waiting */
long remote_mount(cap_t ep, struct vnode *on); /* 0 mounted, 1 a new server, -errno */
/* What a request that ran into a remote file system (-EREMOTE) gets: forwarded with the
 * client's reply (0, r->deferred set) or an error. */
long remote_request(struct req *r);

/* ext2glue.c */
long ext2_mount_blk(cap_t blk, struct vnode *on);
