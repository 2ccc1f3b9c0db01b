/* libctest: the in-OS test of the C library (musl + the glue in user/lib/musl/glue). Each
 * area file holds a table of cases; a case returns NULL when it passes, SKIP when the
 * machine lacks what it needs (no vfs, a request procmgr does not implement), or a reason. */
#pragma once
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define SKIP ((const char *)1)

/* The reason of the last failed CHECK. */
extern char libctest_why[256];

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            snprintf(libctest_why, sizeof libctest_why, "line %d: %s (errno %d %s)", __LINE__,     \
                     #cond, errno, strerror(errno));                                               \
            return libctest_why;                                                                   \
        }                                                                                          \
    } while (0)

/* Whether vfs answers (cases that need files skip without it). */
extern int have_vfs;

#define NEED_VFS                                                                                   \
    do {                                                                                           \
        if (!have_vfs) return SKIP;                                                                \
    } while (0)

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);

struct test {
    const char *(*fn)(void);
    const char *name;
};

/* One table per area, each ending with {NULL, NULL}. */
extern const struct test misc_tests[], stdio_tests[], mem_tests[], thread_tests[], signal_tests[],
    proc_tests[], file_tests[], pipe_tests[], dir_tests[], errno_tests[];
