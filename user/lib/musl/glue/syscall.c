/* __cluu_syscall: every Linux-numbered request musl makes, dispatched to the area that
 * translates it. Anything not listed returns -ENOSYS (docs/POSIX.md). */
#include "cluu_hooks.h"
#include "glue.h"

#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY (~0ull)

/* prlimit64 on the calling process: reading only. */
static long prlimit(long pid, int res, const uint64_t *new, uint64_t *old)
{
    if (pid && pid != glue_getpid()) return -ENOSYS;
    if (new) return -EPERM;
    if (old) {
        uint64_t v = res == RLIMIT_NOFILE  ? PROC_FD_MAX
                     : res == RLIMIT_STACK ? PROC_STACK_PAGES * PAGE
                                           : RLIM_INFINITY;
        old[0] = old[1] = v;
    }
    return res < 0 || res > 15 ? -EINVAL : 0;
}

static long dispatch(long n, long a, long b, long c, long d, long e, long f);

/* Requests Linux restarts after a handler with SA_RESTART, or after a stop and SIGCONT. */
static int restartable(long n)
{
    switch (n) {
    case LINUX_read:
    case LINUX_write:
    case LINUX_readv:
    case LINUX_writev:
    case LINUX_pread64:
    case LINUX_pwrite64:
    case LINUX_ioctl:
    case LINUX_open:
    case LINUX_openat:
    case LINUX_wait4:
    case LINUX_getdents64:
    case LINUX_fsync:
        return 1;
    default:
        return 0;
    }
}

long __cluu_syscall(long n, long a, long b, long c, long d, long e, long f)
{
    if (!restartable(n)) return dispatch(n, a, b, c, d, e, f);
    for (;;) {
        uint64_t norestart = glue_handlers_norestart;
        long r = dispatch(n, a, b, c, d, e, f);
        /* A blocked request ends with -EINTR when procmgr stops the thread: for a handler
         * (restarted only with SA_RESTART) or a job-control stop (always restarted). */
        if (r != -EINTR || glue_handlers_norestart != norestart) return r;
    }
}

static long dispatch(long n, long a, long b, long c, long d, long e, long f)
{
    switch (n) {
    /* files and descriptors (fd.c) */
    case LINUX_read:
        return glue_read(a, (void *)b, (uint64_t)c, FILE_OFF_CUR);
    case LINUX_write:
        return glue_write(a, (const void *)b, (uint64_t)c, FILE_OFF_CUR);
    case LINUX_pread64:
        return d < 0 ? -EINVAL : glue_read(a, (void *)b, (uint64_t)c, (uint64_t)d);
    case LINUX_pwrite64:
        return d < 0 ? -EINVAL : glue_write(a, (const void *)b, (uint64_t)c, (uint64_t)d);
    case LINUX_readv:
        return glue_readv(a, (const struct l_iovec *)b, c, FILE_OFF_CUR);
    case LINUX_writev:
        return glue_writev(a, (const struct l_iovec *)b, c, FILE_OFF_CUR);
    case LINUX_close:
        return glue_close(a);
    case LINUX_lseek:
        return glue_lseek(a, b, (int)c);
    case LINUX_fstat:
        return glue_fstat(a, (struct l_stat *)b);
    case LINUX_getdents64:
        return glue_getdents64(a, (void *)b, (uint64_t)c);
    case LINUX_dup:
        return glue_dup(a, 0, 0);
    case LINUX_dup2:
        return glue_dup3(a, b, 0, 1);
    case LINUX_dup3:
        return glue_dup3(a, b, (int)c, 0);
    case LINUX_fcntl:
        return glue_fcntl(a, (int)b, c);
    case LINUX_ioctl:
        return glue_ioctl(a, (unsigned long)b, (uint64_t)c);
    case LINUX_pipe:
        return glue_pipe2((int *)a, 0);
    case LINUX_pipe2:
        return glue_pipe2((int *)a, (int)b);
    case LINUX_poll:
        return glue_poll((struct l_pollfd *)a, (uint64_t)b, c);
    case LINUX_ppoll: {
        const struct l_timespec *ts = (const struct l_timespec *)c;
        int64_t ms = ts ? ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000 : -1;
        return glue_poll((struct l_pollfd *)a, (uint64_t)b, ms);
    }
    case LINUX_select: {
        const struct l_timeval *tv = (const struct l_timeval *)e;
        int64_t ms = tv ? tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000 : -1;
        return glue_select((int)a, (uint64_t *)b, (uint64_t *)c, (uint64_t *)d, ms);
    }
    case LINUX_pselect6: {
        const struct l_timespec *ts = (const struct l_timespec *)e;
        int64_t ms = ts ? ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000 : -1;
        return glue_select((int)a, (uint64_t *)b, (uint64_t *)c, (uint64_t *)d, ms);
    }

    /* paths (path.c) */
    case LINUX_open:
    case LINUX_creat:
    case LINUX_openat:
    case LINUX_stat:
    case LINUX_lstat:
    case LINUX_newfstatat:
    case LINUX_statx:
    case LINUX_mkdir:
    case LINUX_mkdirat:
    case LINUX_rmdir:
    case LINUX_unlink:
    case LINUX_unlinkat:
    case LINUX_rename:
    case LINUX_renameat:
    case LINUX_renameat2:
    case LINUX_link:
    case LINUX_linkat:
    case LINUX_symlink:
    case LINUX_symlinkat:
    case LINUX_readlink:
    case LINUX_readlinkat:
    case LINUX_chmod:
    case LINUX_fchmod:
    case LINUX_fchmodat:
    case LINUX_chown:
    case LINUX_lchown:
    case LINUX_fchown:
    case LINUX_fchownat:
    case LINUX_truncate:
    case LINUX_ftruncate:
    case LINUX_fsync:
    case LINUX_fdatasync:
    case LINUX_sync:
    case LINUX_access:
    case LINUX_faccessat:
    case LINUX_faccessat2:
    case LINUX_utimensat:
    case LINUX_getcwd:
    case LINUX_chdir:
    case LINUX_fchdir:
    case LINUX_umask:
    case LINUX_mknod:
    case LINUX_mknodat:
    case LINUX_statfs:
    case LINUX_fstatfs:
        return glue_path_call(n, (uint64_t)a, (uint64_t)b, (uint64_t)c, (uint64_t)d, (uint64_t)e);

    /* memory (mem.c) */
    case LINUX_mmap:
        return glue_mmap((uint64_t)a, (uint64_t)b, (int)c, (int)d, (int)e, f);
    case LINUX_munmap:
        return glue_munmap((uint64_t)a, (uint64_t)b);
    case LINUX_mprotect:
        return glue_mprotect((uint64_t)a, (uint64_t)b, (int)c);
    case LINUX_brk:
        return glue_brk((uint64_t)a);
    case LINUX_madvise:
        return 0; /* advice only */

    /* threads (thread.c) */
    case LINUX_clone:
        /* The raw system call (no function to run): only __cluu_clone can start one. */
        return -ENOSYS;
    case LINUX_futex:
        return glue_futex((int *)a, (int)b, (int)c, (uint64_t)d, (int *)e, (int)f);
    case LINUX_set_tid_address:
        return glue_set_tid_address((int *)a);
    case LINUX_arch_prctl:
        return glue_arch_prctl((int)a, (uint64_t)b);
    case LINUX_exit:
        glue_exit_thread((int)a);
    case LINUX_exit_group:
        glue_exit_group((int)a);
    case LINUX_sched_yield:
        sys_yield();
        return 0;
    case LINUX_membarrier:
        return -ENOSYS;

    /* time (time.c) */
    case LINUX_clock_gettime:
        return glue_clock_gettime((int)a, (struct l_timespec *)b);
    case LINUX_clock_getres:
        return glue_clock_getres((int)a, (struct l_timespec *)b);
    case LINUX_gettimeofday:
        return glue_gettimeofday((struct l_timeval *)a, (void *)b);
    case LINUX_nanosleep:
        return glue_nanosleep(L_CLOCK_MONOTONIC, 0, (const struct l_timespec *)a,
                              (struct l_timespec *)b);
    case LINUX_clock_nanosleep: {
        long r =
            glue_nanosleep((int)a, (int)b, (const struct l_timespec *)c, (struct l_timespec *)d);
        return r;
    }
    case LINUX_time: {
        long t = (long)(glue_realtime_ns() / 1000000000ull);
        if (a) *(long *)a = t;
        return t;
    }

    /* signals (signal.c) */
    case LINUX_rt_sigaction:
    case LINUX_rt_sigprocmask:
    case LINUX_rt_sigreturn:
    case LINUX_rt_sigpending:
    case LINUX_rt_sigsuspend:
    case LINUX_pause:
    case LINUX_sigaltstack:
        return glue_signal_call(n, a, b, c, d);

    /* misc */
    case LINUX_uname:
        return glue_uname((struct l_utsname *)a);
    case LINUX_getrandom:
        return glue_getrandom((void *)a, (uint64_t)b, (unsigned)c);
    case LINUX_prlimit64:
        return prlimit(a, (int)b, (const uint64_t *)c, (uint64_t *)d);

    /* No address family exists (docs/POSIX.md): musl's getpwnam then skips nscd. */
    case LINUX_socket:
        return -LINUX_EAFNOSUPPORT;

    /* CLUU's own: run a container image by name (user/app/crun) */
    case CLUU_SYS_SPAWN_CONTAINER:
        return glue_spawn_container((const char *)a, (char *const *)b, (char *const *)c);

    /* processes (proc.c) */
    default:
        return glue_proc_call(n, a, b, c, d, e);
    }
}
