/*
 * lbench file-system benchmarks, beside CLUU's fsbench (user/bench/fsbench.c): ext2 on the
 * virtio disk /dev/vda, mounted by the ext4 driver after the modules in /lib/modules (listed
 * in load order in /lib/modules/order) are loaded.
 *   fs_write   write write_mib MiB sequentially in 64 KiB write() calls, then fsync
 *   fs_read    read the file back in 64 KiB read() calls, after dropping the page cache
 *   fs_create  create files small files (256 bytes each) in one directory, then sync
 * Each reports one operation: the whole run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lbench.h"

#define CHUNK (64 * 1024)
#define SMALL 256

static char buf[CHUNK];

static void load_modules(void)
{
    FILE *order = fopen("/lib/modules/order", "r");
    if (!order) die("/lib/modules/order");
    char name[128], path[256];
    while (fscanf(order, "%127s", name) == 1) {
        snprintf(path, sizeof path, "/lib/modules/%s", name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) die(path);
        if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST) die(path);
        close(fd);
    }
    fclose(order);
}

static void mount_disk(void)
{
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL); /* EBUSY when already there */
    mkdir("/proc", 0755);
    mount("proc", "/proc", "proc", 0, NULL);
    /* The driver probes asynchronously: wait up to 10 s for the disk. */
    struct stat st;
    for (int i = 0; i < 1000 && stat("/dev/vda", &st) < 0; i++)
        usleep(10000);
    mkdir("/mnt", 0755);
    if (mount("/dev/vda", "/mnt", "ext2", 0, NULL) < 0) die("mount /dev/vda as ext2");
}

static void drop_caches(void)
{
    sync();
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0 || write(fd, "3\n", 2) != 2) die("drop_caches");
    close(fd);
}

static void fs_write(long mib)
{
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 7 + 3);
    struct stamp a = stamp_now();
    int fd = open("/mnt/big", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) die("create /mnt/big");
    for (long i = 0; i < mib * (1024 * 1024 / CHUNK); i++)
        if (write(fd, buf, CHUNK) != CHUNK) die("write /mnt/big");
    if (fsync(fd) < 0 || close(fd) < 0) die("fsync /mnt/big");
    struct stamp b = stamp_now();
    report("fs_write", a, b, 1);
}

static void fs_read(long mib)
{
    drop_caches();
    struct stamp a = stamp_now();
    int fd = open("/mnt/big", O_RDONLY);
    if (fd < 0) die("open /mnt/big");
    long total = 0;
    ssize_t n;
    while ((n = read(fd, buf, CHUNK)) > 0)
        total += n;
    close(fd);
    struct stamp b = stamp_now();
    if (n < 0 || total != mib * 1024 * 1024) {
        errno = n < 0 ? errno : EIO;
        die("read /mnt/big");
    }
    report("fs_read", a, b, 1);
}

static void fs_create(long files)
{
    char path[64];
    memset(buf, 'f', SMALL);
    struct stamp a = stamp_now();
    if (mkdir("/mnt/files", 0755) < 0) die("mkdir /mnt/files");
    for (long i = 0; i < files; i++) {
        snprintf(path, sizeof path, "/mnt/files/f%05ld", i);
        int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (fd < 0 || write(fd, buf, SMALL) != SMALL || close(fd) < 0) die(path);
    }
    sync();
    struct stamp b = stamp_now();
    report("fs_create", a, b, 1);
}

void bench_fs(long write_mib, long files)
{
    load_modules();
    mount_disk();
    if (write_mib) {
        fs_write(write_mib);
        fs_read(write_mib);
    }
    if (files) fs_create(files);
    if (umount("/mnt") < 0) die("umount /mnt");
}
