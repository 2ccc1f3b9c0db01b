#pragma once
#include <stdint.h>

/* The vfs protocol: names, not bytes. vfs owns the mount table and path resolution, and
 * serves ramfs, initfs, devfs, procfs, ext2 and pipes itself; other servers (tty) attach
 * their nodes under /dev and receive the opens for them.
 *
 * Clients. Each process holds a vfs endpoint badged with its vfs client id
 * (PROC_CAP_VFS, only with profile VFS). vfs keeps per client: credentials (uid, gid,
 * supplementary groups), the working directory, the umask and the mount namespace. Only
 * procmgr holds the unbadged control endpoint and creates clients (VFS_CLIENT_NEW) as it
 * creates processes, so credentials cannot be forged by a client.
 *
 * Paths travel NUL-terminated in the IPC buffer, words 6.. (at most VFS_PATH_MAX bytes
 * with the NUL; longer is -ENAMETOOLONG); two-path requests put the second path right after
 * the first NUL. Relative paths start at the client's working directory. Requests are calls;
 * the reply's word 0 is 0 (or a result) or -errno. Flags, modes and errors are Linux's. */
#define VFS_PATH_MAX (58 * 8)
#define VFS_NAME_MAX 255

#define VFS_OPEN 0x200     /* w0 = O_* flags, w1 = mode (with O_CREAT) -> 0, w1 = S_IFMT of
                              the file, + 1 capability: the open file (abi/proto/file.h) */
#define VFS_STAT 0x201     /* w0 = AT_SYMLINK_NOFOLLOW or 0 -> 0, struct file_stat as FILE_STAT */
#define VFS_MKDIR 0x202    /* w0 = mode -> 0 */
#define VFS_RMDIR 0x203
#define VFS_UNLINK 0x204
#define VFS_RENAME 0x205   /* two paths: old, new */
#define VFS_LINK 0x206     /* two paths: existing, new */
#define VFS_SYMLINK 0x207  /* two paths: target, new link */
#define VFS_READLINK 0x208 /* -> bytes, the target in words 6.. (not NUL-terminated) */
#define VFS_CHMOD 0x209    /* w0 = mode */
#define VFS_CHOWN 0x20A    /* w0 = uid, w1 = gid ((uint32_t)-1: unchanged), w2 = nofollow */
#define VFS_TRUNCATE 0x20B /* w0 = length */
#define VFS_UTIMENS 0x20C  /* w0 = atime ns, w1 = mtime ns (UTIME_NOW/UTIME_OMIT as Linux) */
#define VFS_ACCESS 0x20D   /* w0 = R_OK|W_OK|X_OK|F_OK (checked with the real ids) */
#define VFS_CHDIR 0x20E    /* -> 0; the client's working directory changes */
#define VFS_GETCWD 0x20F   /* -> bytes with the NUL, the absolute path in words 6.. */
#define VFS_UMASK 0x210    /* w0 = new mask -> old mask */
#define VFS_PIPE 0x211     /* w0 = O_NONBLOCK|O_CLOEXEC -> 0 + 2 capabilities: read end,
                              write end */
#define VFS_SYNC 0x212     /* every filesystem's dirty data to its device -> 0 */
#define VFS_STATFS 0x213   /* -> 0, w1 = block size, w2 = blocks, w3 = free blocks,
                              w4 = files, w5 = free files */
#define VFS_MKNOD 0x214    /* w0 = mode (S_IFIFO only) */
#define VFS_MOUNTS 0x215   /* -> bytes, the mount table as Linux's /proc/mounts ("SOURCE PATH
                              TYPE OPTIONS 0 0" lines, in mount order) in words 6.. (at
                              most VFS_PATH_MAX bytes) */

/* Control requests (unbadged endpoint: procmgr and init only). */
#define VFS_CLIENT_NEW 0x280  /* w0 = parent client id (0: none, starts at "/"), w1 = uid,
                                 w2 = gid, w3 = mount policy word (below), w4 = the
                                 process's pid (for /proc/self) -> new id, +
                                 1 capability: the endpoint badged with it. The child
                                 inherits the parent's working directory, umask, groups
                                 and mount namespace (per the policy). */
#define VFS_CLIENT_SETCRED 0x281 /* w0 = id, w1 = uid, w2 = gid, w3 = ngroups, groups in
                                    words 6.. (uint32_t each) -> 0 */
#define VFS_CLIENT_DROP 0x282    /* w0 = id: the process is gone -> 0 */
#define VFS_MOUNT 0x283          /* w0 = filesystem type (below), path, + 1 capability when
                                    the filesystem needs a device (ext2: a block device
                                    endpoint, abi/proto/blk.h) -> 0 */
#define VFS_UNMOUNT_ALL 0x284    /* shutdown: sync, unmount every filesystem (ext2 marked
                                    clean) -> 0 */
#define VFS_CLIENT_CWD 0x286     /* w0 = id -> bytes with the NUL, the client's working
                                    directory in words 6.. */
#define VFS_ATTACH 0x285         /* path under /dev, w0 = mode (S_IFCHR|perms), w1 = uid,
                                    w2 = gid, + 1 capability: the server's endpoint. Opens of
                                    the node are forwarded to it as VFS_OPEN with the client's
                                    uid in w2 and gid in w3; it answers with the open file. */

#define VFS_FS_RAMFS 1
#define VFS_FS_INITFS 2 /* the capability is the cpio archive's memory object */
#define VFS_FS_EXT2 3
#define VFS_FS_DEVFS 4
#define VFS_FS_PROCFS 5 /* a remote file system (below): the capability is its server's
                           endpoint; VFS_MOUNT of it is also accepted from a uid-0 client */

/* Remote file systems (/proc). vfs never waits for their server (which may itself wait for
 * procmgr, which waits for vfs): a VFS_OPEN, VFS_STAT, VFS_READLINK or VFS_ACCESS whose path
 * enters one is forwarded, with the client's reply capability (moved with the message, see
 * CSPACE_SAVE_REPLY), and the server answers the client directly as vfs would; the files it
 * opens are its own. The forwarded message is a send: label and w0, w1 as the client's
 * request, w2 = the client's uid, w3 = gid, w4 = pid; words 6..: the rest of the path below
 * the mount point, NUL-terminated ("" for the mount point itself), + 1 capability: the
 * reply. vfs sends without blocking, retrying a while when the server is not receiving,
 * then answers -EAGAIN itself; the server keeps a thread receiving. Other requests under a
 * remote mount fail with -EROFS (-EXDEV for rename and link); a working directory can be the
 * mount point but not below it (-EOPNOTSUPP). */

/* Mount policy word of VFS_CLIENT_NEW: for each of up to 16 policy entries, 2 bits
 * (0 inherit, 1 private, 2 readonly, 3 none) at 2 * index; the entries' mount points are set
 * by VFS_CLIENT_NEW's IPC buffer words 6..: NUL-separated paths, in index order (empty: no
 * entries, everything inherited). */
#define VFS_POLICY_INHERIT 0
#define VFS_POLICY_PRIVATE 1
#define VFS_POLICY_READONLY 2
#define VFS_POLICY_NONE 3

/* ---- vfs helper notes (how the first vfs server reads this protocol; to be folded in) ----
 * - VFS_STAT's nofollow flag is Linux's AT_SYMLINK_NOFOLLOW (0x100).
 * - VFS_STATFS carries no path: it describes the root file system.
 * - A forwarded VFS_OPEN (VFS_ATTACH) carries the node's name under /dev (e.g. "ttyS0") in
 *   words 6.., w0 = the O_* flags, w1 = 0, w2 = uid, w3 = gid; vfs waits for the answer.
 * - VFS_ATTACH is also accepted from clients with uid 0 (a driver started with profile VFS
 *   need not hold the control endpoint).
 * - VFS_CLIENT_NEW: the paths' last word is zero-padded; entries past the last
 *   non-inherit policy are not read. A private entry's path must exist (ENOENT); readonly
 *   and none entries for a missing path are ignored.
 * - vfs.control is published in the registry for procmgr; every holder of REGISTRY can look
 *   it up, so the registry must restrict that name to procmgr/init.
 * - FILE_CHMOD/FILE_CHOWN use the credentials of the client that opened the file. */
