/* The data behind /proc and ps: PM_PS (one process per call, for everyone) and PM_PROCINFO
 * (environment, working directory, open descriptors: the process's owner or root). */
#include "procmgr.h"
#include "abi/proto/vfs.h"
#include "lib/string.h"

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

/* p's PM_PS reply: words 1..5 in out, struct pm_psinfo in the IPC buffer. */
static void ps_fill(struct proc *p, struct ipc_msg *out)
{
    struct pm_psinfo info;
    memset(&info, 0, sizeof info);
    memcpy(info.name, p->name, sizeof info.name);
    memcpy(info.cmdline, p->cmdline, sizeof info.cmdline);
    info.start_ns = p->start_ns;
    info.sid = (uint32_t)p->sid;
    info.gid = p->gid;
    info.euid = p->euid;
    info.egid = p->egid;
    info.nthreads = 1;
    char state = p->state == P_ZOMBIE ? 'Z' : p->state == P_STOPPED ? 'T' : 'S';
    if (p->state != P_ZOMBIE && p->caps.thread) {
        uint64_t st[4] = {0};
        long ns = sys_invoke(p->caps.thread, THREAD_STATS, 0, 0, 0, 0, 0, 0, st);
        info.cpu_ns = ns > 0 ? (uint64_t)ns : 0;
        if (ns >= 0 && state == 'S' && (st[0] == TS_READY || st[0] == TS_RUNNING)) state = 'R';
        long q = invoke0(p->caps.untyped, UNTYPED_INFO);
        uint64_t quota = PROC_QUOTA(p->profile);
        info.mem_bytes = q >= 0 && (uint64_t)q < quota ? quota - (uint64_t)q : 0;
    }
    memcpy(&ib()->w[IPC_REG_WORDS], &info, sizeof info);
    out->w[1] = (uint64_t)p->pid;
    out->w[2] = (uint64_t)p->ppid;
    out->w[3] = (uint64_t)p->pgid;
    out->w[4] = p->uid;
    out->w[5] = (uint64_t)state;
}

long info_ps(long index, struct ipc_msg *out)
{
    for (long i = index; i >= 0 && i < MAX_PROCS; i++) {
        if (procs[i].state == P_FREE) continue;
        ps_fill(&procs[i], out);
        return i + 1;
    }
    return 0;
}

/* The working directory of vfs client id, asked of vfs (which answers at once). */
static long cwd_of(uint64_t id, uint64_t *out_len)
{
    cap_t vfs = pm_vfs_control();
    if (!id || !vfs) return -ENOENT;
    struct ipc_msg m = {0};
    m.w[0] = id;
    long r = sys_call(vfs, IPC_INFO(VFS_CLIENT_CWD, 1, 0), &m);
    if (r == 0) r = (long)m.w[0];
    if (r > 0) *out_len = IPC_REG_WORDS + ((uint64_t)r + 7) / 8;
    return r;
}

static long system_info(struct ipc_msg *out)
{
    uint64_t k[4] = {0};
    long left = sys_invoke(PMSRV_CAP_POOL, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, k);
    (void)left;
    uint64_t nprocs = 0, running = 0;
    for (int i = 0; i < MAX_PROCS; i++) {
        struct proc *p = &procs[i];
        if (p->state == P_FREE) continue;
        nprocs++;
        uint64_t st[4] = {0};
        if (p->state == P_ALIVE && p->caps.thread &&
            sys_invoke(p->caps.thread, THREAD_STATS, 0, 0, 0, 0, 0, 0, st) >= 0 &&
            (st[0] == TS_READY || st[0] == TS_RUNNING))
            running++;
    }
    out->w[1] = bi->untyped_bytes;
    out->w[2] = k[0] * 4096; /* the kernel's free pages */
    out->w[3] = nprocs;
    out->w[4] = running;
    return 0;
}

long info_procinfo(struct proc *caller, const struct ipc_msg *m, struct ipc_msg *out,
                   uint64_t *out_len)
{
    uint64_t what = m->w[1];
    *out_len = 6;
    if (what == PM_INFO_SYSTEM) return system_info(out);
    if (what < PM_INFO_PS || what > PM_INFO_FDS) return -EINVAL;
    struct proc *p = proc_find((long)m->w[0]);
    if (!p) return -ESRCH;
    if (what == PM_INFO_PS) {
        ps_fill(p, out);
        *out_len = IPC_REG_WORDS + (sizeof(struct pm_psinfo) + 7) / 8;
        return 0;
    }
    if (caller->euid != 0 && caller->uid != p->uid && caller->euid != p->uid) return -EPERM;
    switch (what) {
    case PM_INFO_ENVIRON:
        memcpy(&ib()->w[IPC_REG_WORDS], p->environ, p->environ_len);
        *out_len = IPC_REG_WORDS + (p->environ_len + 7) / 8;
        return (long)p->environ_len;
    case PM_INFO_CWD:
        return p->state == P_ZOMBIE ? -ENOENT : cwd_of(p->vfs_id, out_len);
    default: /* PM_INFO_FDS */
        for (int i = 0; p->state != P_ZOMBIE && p->caps.cspace && i < PROC_FD_MAX; i++)
            if (invoke1(p->caps.cspace, CSPACE_INFO, PROC_CAP_FD0 + (uint64_t)i) == OBJ_ENDPOINT)
                out->w[1 + i / 64] |= 1ull << (i % 64);
        return 0;
    }
}
