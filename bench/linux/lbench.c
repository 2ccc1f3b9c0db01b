/*
 * lbench: Linux baseline micro-benchmarks for CLUU's `make bench`.
 *
 * Built on the host with `gcc -O2 -static`, packed as /init into an
 * initramfs and booted under the same QEMU as CLUU (see build.sh/run.py).
 * It can also be run as an ordinary program on any x86-64 Linux.
 *
 * Every benchmark prints one line:
 *     LBENCH <name> <rdtsc_delta_per_op> <ns_per_op>
 * and the run ends with "LBENCH done".  Under `qemu -icount shift=0` the
 * TSC advances by exactly one per guest instruction, so the first number
 * is then an instruction count per operation.
 *
 * Options (also accepted from the kernel command line after "--" when
 * this program is init):
 *     --pipe N      pipe ping-pong round trips       (default 20000)
 *     --futex N     futex ping-pong round trips      (default 20000)
 *     --getppid N   null system calls                (default 100000)
 *     --spawn N     posix_spawn + waitpid iterations (default 200)
 *     --self PATH   program to spawn (default: /init when PID 1,
 *                   else /proc/self/exe)
 *     --exit        exit(0) at once (the spawned trivial program)
 * A count of 0 skips that benchmark.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lbench.h"

extern char **environ;

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct stamp stamp_now(void)
{
    struct stamp s;
    s.ns = now_ns();
    s.tsc = rdtsc();
    return s;
}

void die(const char *what)
{
    fprintf(stdout, "LBENCH error %s: %s\n", what, strerror(errno));
    fflush(stdout);
    if (getpid() == 1) {
        sync();
        reboot(RB_POWER_OFF);
    }
    _exit(1);
}

void report(const char *name, struct stamp a, struct stamp b, long n)
{
    double tsc = (double)(b.tsc - a.tsc) / (double)n;
    double ns = (double)(b.ns - a.ns) / (double)n;
    printf("LBENCH %s %.1f %.1f\n", name, tsc, ns);
    fflush(stdout);
}

static long warmup_of(long n)
{
    long w = n / 10;
    return w > 100 ? 100 : w;
}

static void reap(pid_t pid, const char *what)
{
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            die(what);
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        errno = ECHILD;
        die(what);
    }
}

/* ---- pipe_roundtrip -------------------------------------------------- */

static void xwrite1(int fd)
{
    char c = 'x';
    while (write(fd, &c, 1) != 1) {
        if (errno != EINTR)
            die("pipe write");
    }
}

static void xread1(int fd)
{
    char c;
    ssize_t r;
    while ((r = read(fd, &c, 1)) != 1) {
        if (r == 0) {
            errno = EPIPE;
            die("pipe read eof");
        }
        if (errno != EINTR)
            die("pipe read");
    }
}

static void bench_pipe(long n)
{
    int to_child[2], to_parent[2];
    long total = n + warmup_of(n);

    if (pipe(to_child) < 0 || pipe(to_parent) < 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        for (long i = 0; i < total; i++) {
            xread1(to_child[0]);
            xwrite1(to_parent[1]);
        }
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);

    for (long i = 0; i < total - n; i++) {
        xwrite1(to_child[1]);
        xread1(to_parent[0]);
    }
    struct stamp a = stamp_now();
    for (long i = 0; i < n; i++) {
        xwrite1(to_child[1]);
        xread1(to_parent[0]);
    }
    struct stamp b = stamp_now();

    close(to_child[1]);
    close(to_parent[0]);
    reap(pid, "pipe child");
    report("pipe_roundtrip", a, b, n);
}

/* ---- futex_roundtrip ------------------------------------------------- */

/*
 * One shared word holds a sequence number.  The parent publishes odd
 * values (2i+1), the child answers with even values (2i+2).  Each side
 * wakes the other after every store and sleeps in FUTEX_WAIT (non-private,
 * since the word lives in a MAP_SHARED mapping between two processes)
 * until the value it waits for appears.
 */
static long futex_op(uint32_t *addr, int op, uint32_t val)
{
    return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

static void futex_wait_for(uint32_t *w, uint32_t want)
{
    for (;;) {
        uint32_t cur = __atomic_load_n(w, __ATOMIC_ACQUIRE);
        if (cur == want)
            return;
        if (futex_op(w, FUTEX_WAIT, cur) < 0 && errno != EAGAIN &&
            errno != EINTR)
            die("futex wait");
    }
}

static void futex_post(uint32_t *w, uint32_t val)
{
    __atomic_store_n(w, val, __ATOMIC_RELEASE);
    if (futex_op(w, FUTEX_WAKE, 1) < 0)
        die("futex wake");
}

static void bench_futex(long n)
{
    long total = n + warmup_of(n);
    uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == MAP_FAILED)
        die("mmap");
    *w = 0;

    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        for (long i = 0; i < total; i++) {
            futex_wait_for(w, (uint32_t)(2 * i + 1));
            futex_post(w, (uint32_t)(2 * i + 2));
        }
        _exit(0);
    }

    long i = 0;
    for (; i < total - n; i++) {
        futex_post(w, (uint32_t)(2 * i + 1));
        futex_wait_for(w, (uint32_t)(2 * i + 2));
    }
    struct stamp a = stamp_now();
    for (; i < total; i++) {
        futex_post(w, (uint32_t)(2 * i + 1));
        futex_wait_for(w, (uint32_t)(2 * i + 2));
    }
    struct stamp b = stamp_now();

    reap(pid, "futex child");
    munmap(w, 4096);
    report("futex_roundtrip", a, b, n);
}

/* ---- getppid --------------------------------------------------------- */

static void bench_getppid(long n)
{
    for (long i = 0; i < warmup_of(n); i++)
        syscall(SYS_getppid);
    struct stamp a = stamp_now();
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    struct stamp b = stamp_now();
    report("getppid", a, b, n);
}

/* ---- spawn_wait ------------------------------------------------------ */

static void spawn_once(const char *self)
{
    char *argv[] = {"lbench", "--exit", NULL};
    pid_t pid;
    int err = posix_spawn(&pid, self, NULL, NULL, argv, environ);
    if (err) {
        errno = err;
        die("posix_spawn");
    }
    reap(pid, "spawned child");
}

static void bench_spawn(long n, const char *self)
{
    long w = n / 10 < 5 ? n / 10 : 5;
    for (long i = 0; i < w; i++)
        spawn_once(self);
    struct stamp a = stamp_now();
    for (long i = 0; i < n; i++)
        spawn_once(self);
    struct stamp b = stamp_now();
    report("spawn_wait", a, b, n);
}

/* ---- init duties ----------------------------------------------------- */

/* Make sure fds 0-2 are the console when we are init. */
static void init_console(void)
{
    if (fcntl(1, F_GETFD) >= 0)
        return;
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0)
        fd = open("/dev/ttyS0", O_RDWR);
    if (fd < 0)
        return;
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
}

static void power_off(void)
{
    sync();
    reboot(RB_POWER_OFF);
    /* With -no-reboot QEMU also exits on a reset or on panic=-1. */
    reboot(RB_AUTOBOOT);
    for (;;)
        pause();
}

static long parse_count(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s ? s : "", &end, 10);
    if (!s || errno || *end || v < 0) {
        printf("LBENCH error bad value for %s\n", opt);
        fflush(stdout);
        if (getpid() == 1)
            power_off();
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    long n_pipe = 20000, n_futex = 20000, n_getppid = 100000, n_spawn = 200;
    long fs_write_mib = 0, fs_files = 0;
    int is_init = getpid() == 1;
    const char *self = is_init ? "/init" : "/proc/self/exe";

    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        _exit(0);

    if (is_init)
        init_console();

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0)
            continue;
        if (strcmp(a, "--pipe") == 0)
            n_pipe = parse_count(a, v), i++;
        else if (strcmp(a, "--futex") == 0)
            n_futex = parse_count(a, v), i++;
        else if (strcmp(a, "--getppid") == 0)
            n_getppid = parse_count(a, v), i++;
        else if (strcmp(a, "--spawn") == 0)
            n_spawn = parse_count(a, v), i++;
        else if (strcmp(a, "--fswrite") == 0)
            fs_write_mib = parse_count(a, v), i++;
        else if (strcmp(a, "--fsfiles") == 0)
            fs_files = parse_count(a, v), i++;
        else if (strcmp(a, "--self") == 0 && v)
            self = v, i++;
        else if (strcmp(a, "--exit") == 0)
            _exit(0);
        else {
            printf("LBENCH error unknown option %s\n", a);
            fflush(stdout);
            if (is_init)
                power_off();
            return 2;
        }
    }

    /* A SIGPIPE would kill us silently; report EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);

    printf("LBENCH start pipe=%ld futex=%ld getppid=%ld spawn=%ld\n", n_pipe,
           n_futex, n_getppid, n_spawn);
    fflush(stdout);

    if (n_pipe)
        bench_pipe(n_pipe);
    if (n_futex)
        bench_futex(n_futex);
    if (n_getppid)
        bench_getppid(n_getppid);
    if (n_spawn)
        bench_spawn(n_spawn, self);
    if (fs_write_mib || fs_files)
        bench_fs(fs_write_mib, fs_files);

    printf("LBENCH done\n");
    fflush(stdout);

    if (is_init)
        power_off();
    return 0;
}
