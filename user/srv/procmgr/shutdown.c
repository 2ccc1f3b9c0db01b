/* Orderly shutdown: SIGTERM, a grace period, SIGKILL, sync and unmount, then ACPI S5
 * power-off or a reset. procmgr keeps serving requests throughout (exits need it). */
#include "procmgr.h"
#include "abi/proto/vfs.h"

#define GRACE_NS 3000000000ull

static int phase; /* 0 running, 1 terminating, 2 done */
static int how;
static uint64_t deadline;

bool shutdown_active(void)
{
    return phase != 0;
}

/* Boot services (drivers, vfs) stay up until the file systems are unmounted. */
static bool infrastructure(const struct proc *p)
{
    return p->pid == PM_PID_INIT || p->pid == PM_PID_SELF ||
           (p->profile & (PROFILE_HW | PROFILE_BOOT));
}

static int signal_users(int sig)
{
    int left = 0;
    for (int i = 0; i < MAX_PROCS; i++) {
        struct proc *p = &procs[i];
        if (p->state == P_FREE || p->state == P_ZOMBIE || infrastructure(p))
            continue;
        left++;
        if (sig) {
            if (sig == SIGTERM && p->state == P_STOPPED)
                sig_send(p, SIGCONT, NULL, 0, 0);
            sig_send(p, sig, NULL, 0, 0);
        }
    }
    return left;
}

/* Gives the machine a moment to act on a power or reset write before calling it a failure. */
static void settle(void)
{
    static volatile uint32_t never;
    sys_futex_wait((uint64_t)&never, 0, 1000000000ull);
}

static void out16(uint64_t port, uint64_t v)
{
    invoke3(PMSRV_CAP_IOPORT, IOPORT_OUT, port, 2, v);
}

static void finish(void)
{
    phase = 2;
    signal_users(SIGKILL);
    cap_t vfs = pm_vfs_control();
    if (vfs) {
        struct ipc_msg m = {0};
        long r = sys_call(vfs, IPC_INFO(VFS_UNMOUNT_ALL, 0, 0), &m);
        dprintf_k("procmgr: file systems synced and unmounted (%ld)\n", r < 0 ? r : (long)m.w[0]);
    }
    const struct boot_power_info *pw = &bi->power;
    if (how == PM_POWEROFF) {
        dprintf_k("procmgr: powering off\n");
        if (pw->has_s5) {
            out16(pw->pm1a_cnt, pw->s5_typa << 10 | 1u << 13);
            if (pw->pm1b_cnt)
                out16(pw->pm1b_cnt, pw->s5_typb << 10 | 1u << 13);
            settle();
        }
        dprintf_k("procmgr: ACPI power-off did not work; the system is halted\n");
        return;
    }
    dprintf_k("procmgr: rebooting\n");
    if (pw->has_reset && pw->reset_space == 1)
        invoke3(PMSRV_CAP_IOPORT, IOPORT_OUT, pw->reset_addr, 1, pw->reset_value);
    settle();
    invoke3(PMSRV_CAP_IOPORT, IOPORT_OUT, 0x64, 1, 0xFE); /* 8042 pulse reset line */
    settle();
    dprintf_k("procmgr: reset did not work; the system is halted\n");
}

long shutdown_start(struct proc *caller, int what)
{
    if (what != PM_POWEROFF && what != PM_REBOOT)
        return -EINVAL;
    if (caller->pid != PM_PID_INIT && !(caller->profile & PROFILE_ADMIN))
        return -EPERM;
    if (phase)
        return -EBUSY;
    how = what;
    phase = 1;
    deadline = sys_clock() + GRACE_NS;
    dprintf_k("procmgr: shutdown requested by pid %ld: sending SIGTERM\n", caller->pid);
    signal_users(SIGTERM);
    return 0;
}

uint64_t shutdown_poll(void)
{
    if (phase != 1)
        return TIMEOUT_FOREVER;
    uint64_t now = sys_clock();
    if (signal_users(0) == 0 || now >= deadline) {
        finish();
        return TIMEOUT_FOREVER;
    }
    return 50000000ull; /* look again in 50 ms */
}
