/* Processes: ids, credentials, process groups and sessions, kill, wait4, execve, fork and
 * exit_group, as procmgr requests (abi/proto/procmgr.h) through libcluu's pm_* stubs on the
 * process's procmgr endpoint (PROC_CAP_PROCMGR, badged with its pid). A program that
 * procmgr did not start (no endpoint) is pid 1 with root credentials and no relatives. */
#include "glue.h"

#define PM PROC_CAP_PROCMGR
#define NOCHANGE 0xFFFFFFFFu

static int have_pm(void)
{
    static int known, have;
    if (!known) {
        have = invoke1(PROC_CAP_CSPACE, CSPACE_INFO, PM) == OBJ_ENDPOINT;
        known = 1;
    }
    return have;
}

static long cached_pid;

long glue_getpid(void)
{
    if (!have_pm()) return 1;
    if (!cached_pid) {
        long r = pm_getpid(PM, NULL);
        if (r < 0) return r;
        cached_pid = r;
    }
    return cached_pid;
}

static long getcred(int which)
{
    if (!have_pm()) return 0;
    uint32_t ids[4];
    long r = pm_getcred(PM, ids);
    return r < 0 ? r : (long)ids[which];
}

/* setuid/setgid: everything when privileged, else only the effective id (to the real
 * one, which procmgr allows). */
static long set_one(int gid, uint32_t id)
{
    long r = gid ? pm_setcred(PM, NOCHANGE, NOCHANGE, id, id)
                 : pm_setcred(PM, id, id, NOCHANGE, NOCHANGE);
    if (r == -EPERM)
        r = gid ? pm_setcred(PM, NOCHANGE, NOCHANGE, NOCHANGE, id)
                : pm_setcred(PM, NOCHANGE, id, NOCHANGE, NOCHANGE);
    return r;
}

static long getres(int gid, uint32_t *r, uint32_t *e, uint32_t *s)
{
    uint32_t ids[4] = {0, 0, 0, 0};
    if (have_pm()) {
        long res = pm_getcred(PM, ids);
        if (res < 0) return res;
    }
    *r = ids[gid ? 2 : 0];
    *e = *s = ids[gid ? 3 : 1];
    return 0;
}

long glue_fork(void)
{
    if (!have_pm()) return -ENOSYS;
    /* procmgr copies the calling process's main thread; from another thread the child
     * would resume in the main thread's code. */
    if (!glue_is_main_thread()) return -ENOSYS;
    /* The kernel's copy-on-write clone would also make the signal page, shared with
     * procmgr, copy-on-write in this process: the next write (a sigprocmask) would give
     * the parent a private copy procmgr never sees. A read-only page is not made
     * copy-on-write, so it stays shared; the child gets a fresh page from procmgr. Every
     * signal is blocked here (musl's fork), so nothing writes the page meanwhile. */
    invoke3(PROC_CAP_VSPACE, VSPACE_PROTECT, PROC_SIGPAGE_VA, 1, PROT_R);
    struct glue_lock *locks[] = {&fd_lock, &mem_lock, &thread_lock, &slot_lock};
    for (int i = 0; i < 4; i++)
        glue_lock(locks[i]);
    glue_fds_dup_all(); /* one more holder of each description: the child */
    long r = pm_fork(PM);
    for (int i = 3; i >= 0; i--)
        glue_unlock(locks[i]);
    if (r != 0) invoke3(PROC_CAP_VSPACE, VSPACE_PROTECT, PROC_SIGPAGE_VA, 1, PROT_R | PROT_W);
    if (r < 0) {
        glue_fds_undup_all();
        return r;
    }
    if (r == 0) {
        cached_pid = 0;
        glue_threads_after_fork();
    }
    return r;
}

static long execve(const char *path, char *const argv[], char *const envp[])
{
    if (!have_pm()) return -ENOSYS;
    if (!path || !argv) return -EFAULT;
    /* Close-on-exec is the glue's to apply: procmgr keeps every fd slot. A failed exec has
     * already closed them (unlike Linux). */
    glue_fds_close_cloexec();
    /* libcluu's pm_exec packs the strings into the IPC buffer it knows by this variable. */
    cluu_ipcbuf_va = glue_ipcbuf_va();
    return pm_exec(PM, path, argv, envp);
}

_Noreturn void glue_exit_group(int code)
{
    glue_fds_close_all();
    if (have_pm()) pm_exit(PM, code);
    for (;;)
        sys_exit_thread((uint64_t)code);
}

/* libcluu's pm_exit ends the thread with this if procmgr ever replies. */
_Noreturn void thread_exit(long code)
{
    for (;;)
        sys_exit_thread((uint64_t)code);
}

static long kill_tid(long tgid, long tid, int sig)
{
    if (tgid != -1 && tgid != glue_getpid()) return -ESRCH;
    if (!glue_tid_is_ours(tid)) return -ESRCH;
    /* Signals go to the process (procmgr delivers them to the main thread). */
    return have_pm() ? pm_kill(PM, glue_getpid(), sig) : -ENOSYS;
}

long glue_spawn_container(const char *name, char *const argv[], char *const envp[])
{
    if (!have_pm()) return -ENOSYS;
    if (!name || !argv) return -EFAULT;
    cap_t fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = glue_fd_cap(i);
        if (fds[i] && file_call(fds[i], FILE_DUP, 0, 0) < 0) fds[i] = 0;
    }
    cluu_ipcbuf_va = glue_ipcbuf_va();
    long r = pm_spawn_container(PM, name, argv, envp, fds);
    if (r < 0) /* the child's holders were not taken */
        for (int i = 0; i < 3; i++)
            if (fds[i]) file_call(fds[i], FILE_CLOSE, 0, 0);
    return r;
}

long glue_proc_call(long n, long a, long b, long c, long d, long e)
{
    (void)e;
    switch (n) {
    case LINUX_getpid:
        return glue_getpid();
    case LINUX_getppid: {
        long ppid = 0;
        if (have_pm()) {
            long r = pm_getpid(PM, &ppid);
            if (r < 0) return r;
        }
        return ppid;
    }
    case LINUX_gettid:
        return glue_gettid();
    case LINUX_getuid:
        return getcred(0);
    case LINUX_geteuid:
        return getcred(1);
    case LINUX_getgid:
        return getcred(2);
    case LINUX_getegid:
        return getcred(3);
    case LINUX_setuid:
        return have_pm() ? set_one(0, (uint32_t)a) : -EPERM;
    case LINUX_setgid:
        return have_pm() ? set_one(1, (uint32_t)a) : -EPERM;
    case LINUX_setreuid:
    case LINUX_setresuid:
        return have_pm() ? pm_setcred(PM, (uint32_t)a, (uint32_t)b, NOCHANGE, NOCHANGE) : -EPERM;
    case LINUX_setregid:
    case LINUX_setresgid:
        return have_pm() ? pm_setcred(PM, NOCHANGE, NOCHANGE, (uint32_t)a, (uint32_t)b) : -EPERM;
    case LINUX_getresuid:
        return getres(0, (uint32_t *)a, (uint32_t *)b, (uint32_t *)c);
    case LINUX_getresgid:
        return getres(1, (uint32_t *)a, (uint32_t *)b, (uint32_t *)c);
    case LINUX_getgroups:
        return a < 0 ? -EINVAL : 0; /* no supplementary groups known to the process */
    case LINUX_setpgid:
        return have_pm() ? pm_setpgid(PM, a, b) : -ENOSYS;
    case LINUX_getpgid:
        return have_pm() ? pm_getpgid(PM, a) : -ENOSYS;
    case LINUX_getpgrp:
        return have_pm() ? pm_getpgid(PM, 0) : -ENOSYS;
    case LINUX_setsid:
        return have_pm() ? pm_setsid(PM) : -ENOSYS;
    case LINUX_getsid:
        return have_pm() ? pm_getsid(PM, a) : -ENOSYS;
    case LINUX_kill:
        return have_pm() ? pm_kill(PM, a, (int)b) : -ENOSYS;
    case LINUX_tkill:
        return kill_tid(-1, a, (int)b);
    case LINUX_tgkill:
        return kill_tid(a, b, (int)c);
    case LINUX_wait4: {
        /* WNOHANG, WUNTRACED, WCONTINUED and Linux's __WNOTHREAD, __WALL, __WCLONE. */
        if ((unsigned)c & ~(1u | 2u | 8u | 0xE0000000u)) return -EINVAL;
        if (!have_pm()) return -ECHILD;
        int st = 0;
        long r = pm_wait(PM, a, (int)c, &st);
        if (r > 0 && b) *(int *)b = st;
        if (r >= 0 && d) __builtin_memset((void *)d, 0, 144); /* struct rusage: not measured */
        return r;
    }
    case LINUX_fork:
    case LINUX_vfork:
        return glue_fork();
    case LINUX_execve:
        return execve((const char *)a, (char *const *)b, (char *const *)c);
    default:
        return -ENOSYS;
    }
}
