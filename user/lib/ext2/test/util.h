#pragma once
/* Helpers for the ext2 host tests: temporary images, e2fsprogs, file- and memory-backed devices. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ext2_int.h"

/* Path of name inside the per-process temporary directory (created on first use). */
const char *tpath(const char *name);
/* Run a shell command built from fmt; returns its exit status. */
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run a command and capture its standard output (NUL-terminated, truncated to cap). */
int sh_out(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* mke2fs -t ext2 -b bs [opts] [-d src] img size; fails the test on error. */
void mkimg(const char *img, unsigned bs, const char *size, const char *src, const char *opts);
/* e2fsck -fn img must pass with exit code 0. */
void fsck_clean(const char *img);

/* Mount an image file; returns the library's error. */
int mount_file(const char *img, unsigned flags, unsigned cache_blocks, struct ext2_fs **fs);
/* Mount that must succeed. */
struct ext2_fs *mount_ok(const char *img);
/* Unmount; checks that no cache buffer was left pinned and that unmount succeeded. */
void umount_ok(struct ext2_fs *fs);
/* Unmount without checks (for corrupted images). */
void umount_any(struct ext2_fs *fs);

/* A memory-backed device over a copy of data. */
struct ext2_dev mem_dev(uint8_t *data, size_t size);
/* A device for a file. */
struct ext2_dev file_dev(const char *img);

/* Resolve an absolute path, no symlinks; returns 0 when missing. */
uint32_t resolve(struct ext2_fs *fs, const char *path);
/* Deterministic content: byte at absolute file offset off of stream seed. */
void pattern(uint8_t *buf, size_t n, uint64_t off, uint32_t seed);
/* Read a whole host file into a malloc'ed buffer. */
uint8_t *slurp(const char *path, size_t *n);
/* Write a host file. */
void spit(const char *path, const void *data, size_t n);
/* Read and write the raw superblock of an image file. */
void sb_read(const char *img, struct ext2_super *sb);
void sb_write(const char *img, const struct ext2_super *sb);
/* Free blocks and inodes as the library counts them. */
void counts(struct ext2_fs *fs, uint32_t *blocks, uint32_t *inodes);
