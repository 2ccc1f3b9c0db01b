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
    dprintf_k("pmtest: %d passed, %d failed\n", passed, failed);
    pm_exit(PM, failed ? 1 : 0);
}
