#pragma once
#include <stdint.h>

/* The open-file protocol. Every server that hands out open files (vfs for ramfs, initfs,
 * ext2, devfs, procfs and pipes; the tty server for terminals) speaks it. An open file is an
 * endpoint capability badged by the server with the open-file description's id; copies of
 * the capability (dup, fork) share the description and its offset, exactly as POSIX file
 * descriptors do. Reads and writes go straight to the server that owns the file.
 *
 * Requests are calls with the labels below. The reply's word 0 is the result (>= 0) or
 * -errno. Bulk data travels in the IPC buffer, words 6..63 (FILE_IO_MAX bytes): a request
 * carries written bytes there, a reply carries read bytes there. Numbers (open flags, modes,
 * ioctl commands, whence, dirent layout) are Linux's so the C library passes them through.
 *
 * Blocking requests (reading an empty pipe or tty) are answered later by the server; a
 * signal interrupts the caller's call with -EINTR (the server's late reply is dropped by the
 * kernel). */
#define FILE_IO_MAX (58 * 8) /* 464 bytes per read or write request */
#define FILE_OFF_CUR (~0ull) /* read/write at (and advance) the description's offset */

#define FILE_READ 0x100     /* w0 = max bytes (<= FILE_IO_MAX), w1 = offset or FILE_OFF_CUR
                               -> bytes (0 at end of file), data in words 6.. */
#define FILE_WRITE 0x101    /* w0 = bytes, w1 = offset or FILE_OFF_CUR, data in words 6..
                               -> bytes written (O_APPEND writes at the end) */
#define FILE_SEEK 0x102     /* w0 = offset (signed), w1 = whence (SEEK_SET/CUR/END) -> offset */
#define FILE_STAT 0x103     /* -> 0, struct file_stat in words 6..15 */
#define FILE_TRUNCATE 0x104 /* w0 = length -> 0 */
#define FILE_SYNC 0x105     /* -> 0 once the file's data and metadata are on the device */
#define FILE_GETDENTS 0x106 /* w0 = max bytes -> bytes of struct linux_dirent64 records in
                               words 6.. (0 at the end of the directory) */
#define FILE_IOCTL 0x107    /* w0 = request, w1 = integer argument, w2 = bytes of the argument
                               structure in words 6.. (in and out) -> result; the reply's
                               words 6.. hold the structure when the request returns one */
#define FILE_GETFL 0x108    /* -> the description's status flags (O_ACCMODE|O_APPEND|...) */
#define FILE_SETFL 0x109    /* w0 = O_APPEND|O_NONBLOCK bits -> 0 */
#define FILE_DUP 0x10A      /* one more holder of this description (dup, fork) -> 0 */
#define FILE_CLOSE 0x10B    /* one holder fewer; the last close frees the description -> 0.
                               procmgr sends it one-way (no reply) for the files a dead
                               process still held */
#define FILE_POLL 0x10C     /* w0 = POLLIN|POLLOUT bits of interest -> ready bits now
                               (never blocks) */
#define FILE_CHMOD 0x10D    /* fchmod: w0 = mode -> 0 */
#define FILE_CHOWN 0x10E    /* fchown: w0 = uid, w1 = gid (-1: unchanged) -> 0 */

/* What FILE_STAT and VFS_STAT return (fixed-size, word aligned; the C library converts it
 * to struct stat). */
struct file_stat {
    uint64_t dev, ino;
    uint32_t mode, nlink; /* mode: S_IFMT type bits and permission bits, Linux values */
    uint32_t uid, gid;
    uint64_t rdev, size, blocks; /* blocks: 512-byte units */
    uint64_t atime_ns, mtime_ns, ctime_ns; /* nanoseconds since the epoch */
};
_Static_assert(sizeof(struct file_stat) == 10 * 8, "file_stat is 10 words");
