#pragma once
/*
 * ext2 file system library: mount an ext2 image through a byte-addressed block device,
 * look up, read, write and change files and directories. Portable C17, freestanding: it
 * needs only memcpy/memset/memcmp and the caller's allocator hook. Not thread-safe: one
 * caller at a time per mount.
 *
 * Every function returns 0 or a negative errno (abi/errno.h values); results come back
 * through out-parameters. Corrupted metadata gives -EUCLEAN (or -EINVAL at mount), device
 * failures -EIO. Inode numbers are the on-disk ones; the root directory is EXT2_ROOT_INO.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/errno.h"

/* Codes the library returns that abi/errno.h does not define yet (Linux values). */
#ifndef EFBIG
#define EFBIG 27
#endif
#ifndef EROFS
#define EROFS 30
#endif
#ifndef EMLINK
#define EMLINK 31
#endif
#ifndef ENOTSUP
#define ENOTSUP 95
#endif
#ifndef EUCLEAN
#define EUCLEAN 117
#endif

#define EXT2_ROOT_INO 2u
#define EXT2_NAME_MAX 255u
#define EXT2_LINK_MAX 32000u

/* Mode bits as stored on disk (the same values as POSIX S_IF*). */
#define EXT2_S_IFMT 0170000u
#define EXT2_S_IFSOCK 0140000u
#define EXT2_S_IFLNK 0120000u
#define EXT2_S_IFREG 0100000u
#define EXT2_S_IFBLK 0060000u
#define EXT2_S_IFDIR 0040000u
#define EXT2_S_IFCHR 0020000u
#define EXT2_S_IFIFO 0010000u

/* Directory entry types reported by ext2_readdir. */
enum {
    EXT2_FT_UNKNOWN,
    EXT2_FT_REG,
    EXT2_FT_DIR,
    EXT2_FT_CHRDEV,
    EXT2_FT_BLKDEV,
    EXT2_FT_FIFO,
    EXT2_FT_SOCK,
    EXT2_FT_SYMLINK,
};

/*
 * The device and environment the library runs on. read/write move n bytes at byte offset
 * off and return 0 on success; write NULL mounts read-only. alloc/free provide the memory of
 * a mount (one 16-byte aligned allocation of about cache_blocks * block size). now returns
 * seconds since the epoch (NULL: times are 0). size is the device size in bytes;
 * cache_blocks 0 means the default (64), fewer than 8 means 8. log (may be NULL) hears why a
 * mount was refused, in a short phrase.
 */
struct ext2_dev {
    int (*read)(void *ctx, uint64_t off, void *buf, size_t n);
    int (*write)(void *ctx, uint64_t off, const void *buf, size_t n);
    void *(*alloc)(void *ctx, size_t n);
    void (*free)(void *ctx, void *p);
    uint32_t (*now)(void *ctx);
    void *ctx;
    uint64_t size;
    unsigned cache_blocks;
    void (*log)(void *ctx, const char *why);
};

#define EXT2_MOUNT_RO 1u

struct ext2_fs;

struct ext2_stat {
    uint32_t ino;
    uint32_t mode;
    uint32_t links;
    uint32_t uid;
    uint32_t gid;
    uint64_t size;
    uint64_t blocks; /* 512-byte units, indirect blocks included */
    uint32_t atime, mtime, ctime;
    uint32_t flags; /* i_flags */
};

struct ext2_statfs {
    uint32_t block_size;
    uint32_t blocks, free_blocks;
    uint32_t inodes, free_inodes;
    bool read_only;
};

struct ext2_dirent {
    uint32_t ino;
    uint8_t type; /* EXT2_FT_* */
    uint8_t name_len;
    char name[EXT2_NAME_MAX + 1]; /* NUL-terminated */
};

/* Mount the file system on dev (copied); read-only with EXT2_MOUNT_RO or unknown ro_compat. */
int ext2_mount(const struct ext2_dev *dev, unsigned flags, struct ext2_fs **out);
/* Write everything back, mark the file system clean and free the mount (even on error). */
int ext2_unmount(struct ext2_fs *fs);
/* Write all dirty blocks and the superblock to the device. */
int ext2_sync(struct ext2_fs *fs);
/* Sizes and free counts. */
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);

/* Find name in directory dir. */
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t *ino);
/* Attributes of inode ino. */
int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);
/* Read up to n bytes at off from a regular file; *got is short at end of file. */
int ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t n, size_t *got);
/* Write n bytes at off to a regular file, allocating blocks; *put says how much went in. */
int ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t n,
               size_t *put);
/* Set the size of a regular file; shrinking frees blocks, growing leaves a hole. */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/* Create a regular file (permission bits from mode). */
int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
                uint32_t gid, uint32_t *ino);
/* Create a directory holding "." and "..". */
int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
               uint32_t gid, uint32_t *ino);
/* Create a symbolic link to target (NUL-terminated, shorter than a block). */
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, const char *target,
                 uint32_t uid, uint32_t gid, uint32_t *ino);
/* Copy the target of a symlink into buf (NUL-terminated when it fits); *len is its length. */
int ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t cap, size_t *len);
/* Add a hard link named name in dir to the non-directory ino. */
int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name);
/* Remove a non-directory entry; the inode and its blocks go when the last link does. */
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name);
/* Remove an empty directory. */
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name);
/* Move sdir/sname to ddir/dname, replacing a file or an empty directory there. */
int ext2_rename(struct ext2_fs *fs, uint32_t sdir, const char *sname, uint32_t ddir,
                const char *dname);
/*
 * Return the entry at or after cursor *pos (start at 0) and advance *pos past it.
 * Returns 1 with an entry, 0 at the end of the directory, or a negative errno.
 */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *pos, struct ext2_dirent *de);

/* Change the permission bits (07777) of ino. */
int ext2_chmod(struct ext2_fs *fs, uint32_t ino, uint32_t mode);
/* Change the owner of ino. */
int ext2_chown(struct ext2_fs *fs, uint32_t ino, uint32_t uid, uint32_t gid);
/* Set access and modification times of ino. */
int ext2_utimes(struct ext2_fs *fs, uint32_t ino, uint32_t atime, uint32_t mtime);
