#pragma once
/* Client stubs of the vfs protocol (abi/proto/vfs.h) and the open-file protocol
 * (abi/proto/file.h). Every function returns >= 0 on success or -errno; none keeps state, so
 * they are safe from any thread that has its own IPC buffer. Flags, modes, whence and ioctl
 * numbers are Linux's. */
#include "cluu.h"
#include "abi/proto/file.h"
#include "abi/proto/vfs.h"

/* Opens path; *file gets the open file's capability in a fresh slot, *type its S_IFMT bits
 * (type may be NULL). */
long vfs_open(cap_t vfs, const char *path, int flags, unsigned mode, cap_t *file,
              unsigned *type);
/* One-path and two-path requests without results beyond word 0 (VFS_MKDIR, VFS_RMDIR,
 * VFS_UNLINK, VFS_RENAME, VFS_LINK, VFS_SYMLINK, VFS_CHMOD, VFS_CHOWN, VFS_TRUNCATE,
 * VFS_UTIMENS, VFS_ACCESS, VFS_CHDIR, VFS_MKNOD); path2 is NULL for one-path requests. */
long vfs_path_call(cap_t vfs, uint64_t label, const char *path, const char *path2,
                   uint64_t w0, uint64_t w1, uint64_t w2);
long vfs_stat(cap_t vfs, const char *path, int nofollow, struct file_stat *st);
/* The link's target (not NUL-terminated), at most n bytes: the length. */
long vfs_readlink(cap_t vfs, const char *path, char *buf, size_t n);
/* The working directory, NUL-terminated: the length with the NUL, -ERANGE if n is short. */
long vfs_getcwd(cap_t vfs, char *buf, size_t n);
long vfs_umask(cap_t vfs, unsigned mask);
long vfs_pipe(cap_t vfs, int flags, cap_t *rd, cap_t *wr);
long vfs_sync(cap_t vfs);
long vfs_statfs(cap_t vfs, uint64_t out[5]);

/* Reads up to n bytes at off (FILE_OFF_CUR: the description's offset), in as many requests
 * of FILE_IO_MAX as needed; stops early at a short read. Bytes read. */
long file_read(cap_t f, void *buf, size_t n, uint64_t off);
/* Writes n bytes at off (FILE_OFF_CUR: the description's offset) in requests of
 * FILE_IO_MAX; stops early at a short write. Bytes written. */
long file_write(cap_t f, const void *buf, size_t n, uint64_t off);
long file_seek(cap_t f, int64_t off, int whence);
long file_stat(cap_t f, struct file_stat *st);
/* struct linux_dirent64 records, at most n bytes (n >= FILE_IO_MAX is best). */
long file_getdents(cap_t f, void *buf, size_t n);
/* ioctl: in_len bytes of data go with the request; up to out_len bytes come back into data. */
long file_ioctl(cap_t f, unsigned long req, unsigned long arg, void *data, size_t in_len,
                size_t out_len);
/* Requests whose result is word 0: FILE_TRUNCATE, FILE_SYNC, FILE_GETFL, FILE_SETFL,
 * FILE_DUP, FILE_CLOSE, FILE_POLL, FILE_CHMOD, FILE_CHOWN. */
long file_call(cap_t f, uint64_t label, uint64_t w0, uint64_t w1);
