/* ipcbench: IPC call/reply round trip between two address spaces, and the null system call.
 * Run as the first process (init=ipcbench); prints BENCH lines, then ends QEMU. */
#include "cluu.h"
#include "abi/proto/procmgr.h"

#define SLOT_EP 100
#define SLOT_VS 101
#define SLOT_STACK 102
#define SLOT_THREAD 103
#define SERVER_STACK 0x60000000ull
#define ROUNDS 100000
#define SPAWNS 200

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static void server(cap_t ep)
{
    struct ipc_msg m = {0};
    sys_recv(ep, TIMEOUT_FOREVER, &m);
    for (;;) {
        m.w[0]++;
        sys_reply_recv(ep, IPC_INFO(0, 1, 0), &m);
    }
}

static void report(const char *name, uint64_t t0, uint64_t t1, uint64_t ns0, uint64_t ns1,
                   uint64_t n)
{
    uint64_t per = (t1 - t0) / n, ns_x100 = (ns1 - ns0) * 100 / n;
    dprintf_k("BENCH %s %lu %lu.%02lu\n", name, per, ns_x100 / 100, ns_x100 % 100);
}

static long check(long r, const char *what)
{
    if (r < 0)
        dprintf_k("ipcbench: %s failed: %ld\n", what, r);
    return r;
}

int main(const struct boot_user_info *bi)
{
    check(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, SLOT_EP), "endpoint");
    check(invoke1(BOOT_CAP_VSPACE, VSPACE_CLONE, SLOT_VS), "clone");
    check(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, 4, SLOT_STACK), "stack");
    check(invoke5(SLOT_VS, VSPACE_MAP, SLOT_STACK, SERVER_STACK, 0, 4, PROT_R | PROT_W), "map");
    check(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, SLOT_THREAD), "thread");
    check(sys_invoke(SLOT_THREAD, THREAD_CONFIGURE, BOOT_CAP_CSPACE, SLOT_VS, 0, 0, 0, 0, 0),
          "configure");
    struct user_regs r = {0};
    r.rip = (unsigned long)server;
    r.rsp = SERVER_STACK + 4 * 4096 - 8;
    r.rdi = SLOT_EP;
    check(invoke1(SLOT_THREAD, THREAD_WRITE_REGS, (uint64_t)&r), "regs");
    check(invoke0(SLOT_THREAD, THREAD_RESUME), "resume");

    struct ipc_msg m = {0};
    for (int i = 0; i < 1000; i++)
        check(sys_call(SLOT_EP, IPC_INFO(1, 1, 0), &m), "call");
    uint64_t expect = m.w[0];
    uint64_t ns0 = (uint64_t)sys_clock(), t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        sys_call(SLOT_EP, IPC_INFO(1, 1, 0), &m);
    uint64_t t1 = rdtsc(), ns1 = (uint64_t)sys_clock();
    if (m.w[0] != expect + ROUNDS)
        dprintf_k("ipcbench: server answered %lu, expected %lu\n", m.w[0], expect + ROUNDS);
    report("ipc_roundtrip", t0, t1, ns0, ns1, ROUNDS);

    ns0 = (uint64_t)sys_clock();
    t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        sys_debug_write(0, 0);
    t1 = rdtsc();
    ns1 = (uint64_t)sys_clock();
    report("null_syscall", t0, t1, ns0, ns1, ROUNDS);

    /* Spawn of a small static program to its exit and our wait (run as a service). */
    if (!bi) {
        char *argv[] = {"pmchild", "exit", "0", NULL};
        int st;
        long pid = pm_spawn(PROC_CAP_PROCMGR, PROFILE_IPC, "pmchild", argv, NULL);
        pm_wait(PROC_CAP_PROCMGR, pid, 0, &st);
        ns0 = (uint64_t)sys_clock();
        t0 = rdtsc();
        for (int i = 0; i < SPAWNS; i++) {
            pid = pm_spawn(PROC_CAP_PROCMGR, PROFILE_IPC, "pmchild", argv, NULL);
            if (pid < 0 || pm_wait(PROC_CAP_PROCMGR, pid, 0, &st) != pid || st != 0)
                dprintf_k("ipcbench: spawn %d failed (%ld)\n", i, pid);
        }
        t1 = rdtsc();
        ns1 = (uint64_t)sys_clock();
        report("spawn_wait", t0, t1, ns0, ns1, SPAWNS);
    }
    dprintf_k("BENCH done\n");
    if (bi)
        sys_invoke(BOOT_CAP_IOPORT, IOPORT_OUT, 0xF4, 4, 0, 0, 0, 0, 0);
    return 0;
}
