/* pmchild MODE [ARG]: a child for pmtest. Modes: exit N, fault, forever, orphan, reparent,
 * getppid, setsid, sigwait, exec N, setuid, segvh. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

static volatile int got_sig;

static void on_signal(int sig)
{
    got_sig = sig;
}

static void on_segv(int sig)
{
    pm_exit(PROC_CAP_PROCMGR, 50 + (sig == SIGSEGV));
}

static int num(const char *s)
{
    int v = 0;
    while (s && *s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

static long procinfo(long pid, uint64_t what)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)pid;
    m.w[1] = what;
    long r = sys_call(PROC_CAP_PROCMGR, IPC_INFO(PM_PROCINFO, 2, 0), &m);
    return r < 0 ? r : (long)m.w[0];
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    const char *mode = cluu_argc > 1 ? cluu_argv[1] : "exit";
    if (!strcmp(mode, "exit"))
        pm_exit(PROC_CAP_PROCMGR, num(cluu_argc > 2 ? cluu_argv[2] : "0"));
    if (!strcmp(mode, "fault")) {
        volatile int *p = (volatile int *)16;
        *p = 1;
    }
    if (!strcmp(mode, "forever")) {
        static volatile uint32_t never;
        for (;;)
            sys_futex_wait((uint64_t)&never, 0, TIMEOUT_FOREVER);
    }
    if (!strcmp(mode, "regctl")) {
        /* exits 0 when control names are refused and ordinary ones still work */
        cap_t got = 0, ep = slot_alloc();
        int bad = registry_lookup(PROC_CAP_REGISTRY, "pmtest.control", &got) != -EPERM;
        bad |= (registry_lookup(PROC_CAP_REGISTRY, "vfs.control", &got) != -EPERM) << 1;
        bad |= (registry_lookup(PROC_CAP_REGISTRY, "pmtest.service", &got) != 0) << 2;
        invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep);
        bad |= (registry_register(PROC_CAP_REGISTRY, "evil.control", ep) != -EPERM) << 3;
        pm_exit(PROC_CAP_PROCMGR, bad);
    }
    if (!strcmp(mode, "getppid")) {
        long ppid = 0;
        pm_getpid(PROC_CAP_PROCMGR, &ppid);
        pm_exit(PROC_CAP_PROCMGR, (int)(ppid & 0xFF));
    }
    if (!strcmp(mode, "orphan")) {
        char *argv[] = {"pmchild", "reparent", NULL};
        long pid = pm_spawn(PROC_CAP_PROCMGR, PROFILE_IPC, "pmchild", argv, NULL);
        dprintf_k("pmchild: spawned grandchild %ld, exiting\n", pid);
        pm_exit(PROC_CAP_PROCMGR, pid > 0 ? 0 : 1);
    }
    if (!strcmp(mode, "reparent")) {
        for (int i = 0; i < 2000; i++) {
            long ppid = 0;
            pm_getpid(PROC_CAP_PROCMGR, &ppid);
            if (ppid == 1) {
                dprintf_k("pmchild: reparented to init\n");
                pm_exit(PROC_CAP_PROCMGR, 0);
            }
            sys_yield();
        }
        pm_exit(PROC_CAP_PROCMGR, 1);
    }
    if (!strcmp(mode, "setsid")) {
        long me = pm_getpid(PROC_CAP_PROCMGR, NULL);
        long sid = pm_setsid(PROC_CAP_PROCMGR);
        bool good = sid == me && pm_getsid(PROC_CAP_PROCMGR, 0) == me &&
                    pm_getpgid(PROC_CAP_PROCMGR, 0) == me &&
                    pm_setsid(PROC_CAP_PROCMGR) == -EPERM;
        pm_exit(PROC_CAP_PROCMGR, good ? 0 : 1);
    }
    if (!strcmp(mode, "sigwait")) {
        /* A handler runs while we wait, and the wait ends with -EINTR. */
        cluu_signal(SIGUSR2, on_signal, 0, 0);
        static volatile uint32_t never;
        long r = sys_futex_wait((uint64_t)&never, 0, TIMEOUT_FOREVER);
        pm_exit(PROC_CAP_PROCMGR, (r == -EINTR ? 40 : 0) + (got_sig == SIGUSR2 ? 2 : 0));
    }
    if (!strcmp(mode, "exec")) {
        char *argv[] = {"pmchild", "exit", cluu_argc > 2 ? cluu_argv[2] : "0", NULL};
        long r = pm_exec(PROC_CAP_PROCMGR, "pmchild", argv, NULL);
        pm_exit(PROC_CAP_PROCMGR, r == -ENOENT ? 98 : 97);
    }
    if (!strcmp(mode, "setuid")) {
        /* Profile SUPERVISOR may change credentials; its child (a plain user process)
         * inherits them and may neither change them back nor signal root's processes. */
        uint32_t ids[4];
        bool good = pm_setcred(PROC_CAP_PROCMGR, 1000, 1000, 100, 100) == 0 &&
                    pm_getcred(PROC_CAP_PROCMGR, ids) == 0 && ids[0] == 1000 &&
                    ids[1] == 1000 && ids[2] == 100 && ids[3] == 100;
        long ppid = 0;
        pm_getpid(PROC_CAP_PROCMGR, &ppid);
        char pid_s[24];
        int n = 0;
        for (long v = ppid; v > 0 && n < 20; v /= 10)
            n++;
        pid_s[n] = 0;
        for (long v = ppid, i = n - 1; i >= 0; v /= 10, i--)
            pid_s[i] = (char)('0' + v % 10);
        char *argv[] = {"pmchild", "user", pid_s, NULL};
        long pid = pm_spawn(PROC_CAP_PROCMGR, PROFILE_IPC, "pmchild", argv, NULL);
        int st = -1;
        good = good && pid > 0 && pm_wait(PROC_CAP_PROCMGR, pid, 0, &st) == pid &&
               st == PM_STATUS_EXITED(0);
        pm_exit(PROC_CAP_PROCMGR, good ? 0 : 1);
    }
    if (!strcmp(mode, "user")) {
        uint32_t ids[4];
        long root_pid = num(cluu_argv[2]), me = pm_getpid(PROC_CAP_PROCMGR, NULL);
        bool good = pm_getcred(PROC_CAP_PROCMGR, ids) == 0 && ids[0] == 1000 &&
                    pm_setcred(PROC_CAP_PROCMGR, 0, 0, 0, 0) == -EPERM &&
                    pm_setcred(PROC_CAP_PROCMGR, 1000, 1000, 100, 100) == 0 &&
                    pm_kill(PROC_CAP_PROCMGR, root_pid, SIGTERM) == -EPERM;
        /* /proc's data: what ps shows is public, a root process's environment is not. */
        good = good && procinfo(root_pid, PM_INFO_PS) == 0 &&
               procinfo(root_pid, PM_INFO_ENVIRON) == -EPERM &&
               procinfo(root_pid, PM_INFO_FDS) == -EPERM && procinfo(me, PM_INFO_ENVIRON) >= 0 &&
               procinfo(me, PM_INFO_FDS) == 0 && procinfo(999999, PM_INFO_PS) == -ESRCH &&
               procinfo(me, 99) == -EINVAL;
        pm_exit(PROC_CAP_PROCMGR, good ? 0 : 1);
    }
    if (!strcmp(mode, "segvh")) {
        cluu_signal(SIGSEGV, on_segv, 0, 0);
        volatile int *p = (volatile int *)16;
        *p = 1;
        pm_exit(PROC_CAP_PROCMGR, 1);
    }
    pm_exit(PROC_CAP_PROCMGR, 99);
}
