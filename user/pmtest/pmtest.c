/* pmtest: system test of init's registry and procmgr (booted with bootconf=pmtest.conf). */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

static int passed, failed;
#define PM PROC_CAP_PROCMGR
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            dprintf_k("pmtest: %s FAIL (%s:%d: %s)\n", __func__, __FILE__, __LINE__, #c);         \
            failed++;                                                                              \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static long spawn(const char *mode, const char *arg)
{
    char *argv[] = {"pmchild", (char *)mode, (char *)arg, NULL};
    return pm_spawn(PM, PROFILE_IPC, "pmchild", argv, NULL);
}

static void ok(const char *name)
{
    dprintf_k("pmtest: %s ok\n", name);
    passed++;
}

static void t_exit_status(void)
{
    long pid = spawn("exit", "7");
    CHECK(pid > 2);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(7));
    ok(__func__);
}

static void t_parent_pid(void)
{
    long me = pm_getpid(PM, NULL);
    long pid = spawn("getppid", NULL);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(((st >> 8) & 0xFF) == (me & 0xFF));
    ok(__func__);
}

static void t_spawn_errors(void)
{
    char *argv[] = {"nope", NULL};
    CHECK(pm_spawn(PM, PROFILE_IPC, "no-such-program", argv, NULL) == -ENOENT);
    CHECK(pm_spawn(PM, PROFILE_IPC, "pmtest.conf", argv, NULL) == -ENOEXEC);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char *many[] = {"pmchild", big, big, NULL};
    CHECK(pm_spawn(PM, PROFILE_IPC, "pmchild", many, NULL) == -E2BIG);
    ok(__func__);
}

static void t_fault_is_sigsegv(void)
{
    long pid = spawn("fault", NULL);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_SIGNALED(SIGSEGV));
    ok(__func__);
}

static void t_kill_term(void)
{
    long pid = spawn("forever", NULL);
    int st = -1;
    CHECK(pm_wait(PM, pid, PM_WNOHANG, &st) == 0);
    CHECK(pm_kill(PM, pid, SIGTERM) == 0);
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_SIGNALED(SIGTERM));
    CHECK(pm_kill(PM, pid, SIGTERM) == -ESRCH);
    ok(__func__);
}

static void t_stop_continue(void)
{
    long pid = spawn("forever", NULL);
    int st = -1;
    CHECK(pm_kill(PM, pid, SIGSTOP) == 0);
    CHECK(pm_wait(PM, pid, PM_WUNTRACED, &st) == pid);
    CHECK(st == PM_STATUS_STOPPED(SIGSTOP));
    CHECK(pm_kill(PM, pid, SIGCONT) == 0);
    CHECK(pm_wait(PM, pid, PM_WCONTINUED, &st) == pid);
    CHECK(st == PM_STATUS_CONTINUED);
    CHECK(pm_kill(PM, pid, SIGKILL) == 0);
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_SIGNALED(SIGKILL));
    ok(__func__);
}

static void t_wait_any_and_echild(void)
{
    long a = spawn("exit", "1"), b = spawn("exit", "2");
    int st, seen = 0;
    for (int i = 0; i < 2; i++) {
        long pid = pm_wait(PM, -1, 0, &st);
        CHECK(pid == a || pid == b);
        seen |= pid == a ? 1 : 2;
        CHECK(st == PM_STATUS_EXITED(pid == a ? 1 : 2));
    }
    CHECK(seen == 3);
    CHECK(pm_wait(PM, -1, 0, &st) == -ECHILD);
    CHECK(pm_wait(PM, 12345, PM_WNOHANG, &st) == -ECHILD);
    ok(__func__);
}

static void t_kill_errors(void)
{
    CHECK(pm_kill(PM, 1, SIGKILL) == -EPERM);
    CHECK(pm_kill(PM, 99999, SIGKILL) == -ESRCH);
    CHECK(pm_kill(PM, 1, 200) == -EINVAL);
    ok(__func__);
}

static void t_orphan_reparented(void)
{
    long pid = spawn("orphan", NULL);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(0));
    ok(__func__);
}

static void t_registry(void)
{
    cap_t ep = slot_alloc(), got = 0;
    CHECK(invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep) == 0);
    CHECK(registry_register(PROC_CAP_REGISTRY, "pmtest.service", ep) == 0);
    CHECK(registry_register(PROC_CAP_REGISTRY, "pmtest.service", ep) == -EEXIST);
    CHECK(registry_register(PROC_CAP_REGISTRY, "a-name-that-is-far-too-long-for-it", ep) == -ENAMETOOLONG);
    CHECK(registry_lookup(PROC_CAP_REGISTRY, "no.such.service", &got) == -ENOENT);
    CHECK(registry_lookup(PROC_CAP_REGISTRY, "pmtest.service", &got) == 0);
    CHECK(invoke1(CAP_SELF_CSPACE, CSPACE_INFO, got) == OBJ_ENDPOINT);
    /* The looked-up capability reaches the same endpoint: a message sent on it arrives. */
    struct ipc_msg m = {0};
    m.w[0] = 42;
    CHECK(sys_send(got, IPC_INFO(9, 1, 0) | IPC_NONBLOCK, &m) == -EAGAIN);
    /* Control names: a boot service (pmtest, init's child) may register and look them up;
     * its own child, with the same REGISTRY profile, may do neither. */
    CHECK(registry_register(PROC_CAP_REGISTRY, "pmtest.control", ep) == 0);
    CHECK(registry_lookup(PROC_CAP_REGISTRY, "pmtest.control", &got) == 0);
    char *argv[] = {"pmchild", "regctl", NULL};
    long pid = pm_spawn(PM, PROFILE_IPC | PROFILE_REGISTRY, "pmchild", argv, NULL);
    int st = -1;
    CHECK(pid > 0 && pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(0));
    ok(__func__);
}

static void t_no_leak_across_spawns(void)
{
    uint64_t out[4];
    spawn("exit", "0");
    int st;
    pm_wait(PM, -1, 0, &st);
    sys_invoke(CAP_SELF_UNTYPED, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, out);
    uint64_t before = out[0];
    for (int i = 0; i < 30; i++) {
        long pid = spawn(i % 3 == 0 ? "fault" : "exit", "3");
        CHECK(pid > 0);
        CHECK(pm_wait(PM, pid, 0, &st) == pid);
    }
    sys_invoke(CAP_SELF_UNTYPED, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, out);
    dprintf_k("pmtest: kernel free pages %lu -> %lu\n", before, out[0]);
    CHECK(out[0] == before);
    ok(__func__);
}

static void sleep_ms(uint64_t ms)
{
    static volatile uint32_t never;
    sys_futex_wait((uint64_t)&never, 0, ms * 1000000ull);
}

static void t_process_groups(void)
{
    long me = pm_getpid(PM, NULL);
    long mine = pm_getpgid(PM, 0);
    CHECK(mine > 0);
    long a = spawn("forever", NULL), b = spawn("forever", NULL), c = spawn("forever", NULL);
    CHECK(a > 0 && b > 0 && c > 0);
    CHECK(pm_getpgid(PM, a) == mine);
    CHECK(pm_setpgid(PM, a, 0) == 0);
    CHECK(pm_setpgid(PM, b, a) == 0);
    CHECK(pm_getpgid(PM, a) == a && pm_getpgid(PM, b) == a && pm_getpgid(PM, c) == mine);
    CHECK(pm_setpgid(PM, c, 99999) == -EPERM);
    CHECK(pm_setpgid(PM, 1, 0) == -ESRCH);
    /* A signal to the group reaches both members and nobody else. */
    CHECK(pm_kill(PM, -a, SIGTERM) == 0);
    int st = -1;
    CHECK(pm_wait(PM, -a, 0, &st) > 0 && st == PM_STATUS_SIGNALED(SIGTERM));
    CHECK(pm_wait(PM, -a, 0, &st) > 0 && st == PM_STATUS_SIGNALED(SIGTERM));
    CHECK(pm_wait(PM, c, PM_WNOHANG, &st) == 0);
    CHECK(pm_kill(PM, -a, SIGTERM) == -ESRCH);
    CHECK(pm_kill(PM, c, SIGKILL) == 0 && pm_wait(PM, c, 0, &st) == c);
    long s = spawn("setsid", NULL);
    CHECK(pm_wait(PM, s, 0, &st) == s && st == PM_STATUS_EXITED(0));
    CHECK(pm_getsid(PM, 0) == pm_getsid(PM, me));
    ok(__func__);
}

static volatile int usr1_count, chld_count;

static void on_usr1(int sig)
{
    if (sig == SIGUSR1)
        usr1_count++;
}

static void on_chld(int sig)
{
    if (sig == SIGCHLD)
        chld_count++;
}

static void t_signal_handler_and_mask(void)
{
    long me = pm_getpid(PM, NULL);
    CHECK(cluu_signal(SIGUSR1, on_usr1, 0, 0) == 0);
    CHECK(pm_kill(PM, me, SIGUSR1) == 0);
    CHECK(usr1_count == 1);
    /* Blocked: pending until unblocked, then delivered once. */
    cluu_sigmask(0, 1ull << (SIGUSR1 - 1));
    CHECK(pm_kill(PM, me, SIGUSR1) == 0);
    CHECK(pm_kill(PM, me, SIGUSR1) == 0);
    CHECK(usr1_count == 1);
    cluu_sigmask(1, 1ull << (SIGUSR1 - 1));
    CHECK(usr1_count == 2);
    /* Ignored, then default again (which would end us: so only check the ignore). */
    CHECK(cluu_signal(SIGUSR1, (void (*)(int))1, 0, 0) == 0);
    CHECK(pm_kill(PM, me, SIGUSR1) == 0);
    CHECK(usr1_count == 2);
    CHECK(cluu_signal(SIGKILL, on_usr1, 0, 0) == -EINVAL);
    ok(__func__);
}

static void t_signal_interrupts_blocking_call(void)
{
    long pid = spawn("sigwait", NULL);
    CHECK(pid > 0);
    sleep_ms(50);
    CHECK(pm_kill(PM, pid, SIGUSR2) == 0);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(42));
    ok(__func__);
}

static void t_sigchld(void)
{
    CHECK(cluu_signal(SIGCHLD, on_chld, 0, 0) == 0);
    int before = chld_count, st;
    long pid = spawn("exit", "0"), r;
    /* The handler interrupts the wait (no SA_RESTART): -EINTR, then the zombie is there. */
    int interrupted = 0;
    while ((r = pm_wait(PM, pid, 0, &st)) == -EINTR)
        interrupted++;
    CHECK(r == pid);
    CHECK(chld_count == before + 1);
    CHECK(interrupted <= 1);
    CHECK(cluu_signal(SIGCHLD, NULL, 0, 0) == 0);
    ok(__func__);
}

static void t_fault_handler(void)
{
    long pid = spawn("segvh", NULL);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(51));
    ok(__func__);
}

static volatile int forked_value = 5;

static void t_fork(void)
{
    long me = pm_getpid(PM, NULL);
    long pid = pm_fork(PM);
    if (pid == 0) {
        /* The child: its own pid, our pid as parent, a private copy of our memory. */
        long ppid = 0, self = pm_getpid(PM, &ppid);
        forked_value = 77;
        pm_exit(PM, self != me && ppid == me && forked_value == 77 ? 33 : 1);
    }
    CHECK(pid > 0 && pid != me);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(33));
    CHECK(forked_value == 5);
    ok(__func__);
}

static void t_fork_1000_no_leak(void)
{
    uint64_t out[4];
    int st;
    /* One fork first, so that lazily made things (page tables, slots) exist. */
    long pid = pm_fork(PM);
    if (pid == 0)
        pm_exit(PM, 0);
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    sys_invoke(CAP_SELF_UNTYPED, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, out);
    uint64_t before = out[0], t0 = sys_clock();
    for (int i = 0; i < 1000; i++) {
        pid = pm_fork(PM);
        if (pid == 0) {
            forked_value = i; /* a copy-on-write fault in every child */
            pm_exit(PM, i & 0x7F);
        }
        if (pid <= 0)
            dprintf_k("pmtest: fork %d failed: %ld\n", i, pid);
        CHECK(pid > 0);
        CHECK(pm_wait(PM, pid, 0, &st) == pid);
        CHECK(st == PM_STATUS_EXITED(i & 0x7F));
    }
    sys_invoke(CAP_SELF_UNTYPED, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, out);
    dprintf_k("pmtest: 1000 forks in %lu ms, kernel free pages %lu -> %lu\n",
              (sys_clock() - t0) / 1000000, before, out[0]);
    CHECK(out[0] == before);
    CHECK(forked_value == 5);
    ok(__func__);
}

static void t_exec(void)
{
    long pid = spawn("exec", "9");
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(9));
    ok(__func__);
}

static void t_credentials(void)
{
    uint32_t ids[4] = {9, 9, 9, 9};
    CHECK(pm_getcred(PM, ids) == 0 && ids[0] == 0 && ids[1] == 0);
    /* No SUPERVISOR profile: even root cannot change credentials. */
    CHECK(pm_setcred(PM, 1000, 1000, 1000, 1000) == -EPERM);
    char *argv[] = {"pmchild", "setuid", NULL};
    long pid = pm_spawn(PM, PROFILE_IPC | PROFILE_SUPERVISOR, "pmchild", argv, NULL);
    int st = -1;
    CHECK(pm_wait(PM, pid, 0, &st) == pid);
    CHECK(st == PM_STATUS_EXITED(0));
    ok(__func__);
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    t_exit_status();
    t_parent_pid();
    t_spawn_errors();
    t_fault_is_sigsegv();
    t_kill_term();
    t_stop_continue();
    t_wait_any_and_echild();
    t_kill_errors();
    t_orphan_reparented();
    t_registry();
    t_no_leak_across_spawns();
    t_process_groups();
    t_signal_handler_and_mask();
    t_signal_interrupts_blocking_call();
    t_sigchld();
    t_fault_handler();
    t_fork();
    t_exec();
    t_credentials();
    t_fork_1000_no_leak();
    dprintf_k("pmtest: %d passed, %d failed\n", passed, failed);
    pm_exit(PM, failed ? 1 : 0);
}
