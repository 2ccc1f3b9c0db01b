/* procmgr: processes on top of kernel threads, vspaces and cspaces. Spawns programs from
 * boot images, reaps them on exit or fault, implements wait/kill/getpid. */
#include "cluu.h"
#include "procmgr.h"
#include "proc.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

#define MAX_PROCS 256

enum { P_FREE, P_ALIVE, P_STOPPED, P_ZOMBIE };

struct proc {
    int state;
    long pid, ppid;
    int status;
    bool report_stop, report_cont;
    struct proc_caps caps;
    cap_t wait_reply; /* saved reply of a blocked PM_WAIT */
    long wait_pid;
    int wait_options;
    char name[32];
};

static struct proc procs[MAX_PROCS];
static long next_pid = 3;
static const struct boot_user_info *bi;

static struct proc *find(long pid)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state != P_FREE && procs[i].pid == pid)
            return &procs[i];
    return NULL;
}

static struct proc *alloc_proc(void)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state == P_FREE) {
            memset(&procs[i], 0, sizeof procs[i]);
            return &procs[i];
        }
    return NULL;
}

/* A child of parent that matches a wait for pid (-1: any) and has something to report. */
static struct proc *reportable(struct proc *parent, long pid, int options, int *status)
{
    for (int i = 0; i < MAX_PROCS; i++) {
        struct proc *c = &procs[i];
        if (c->state == P_FREE || c->ppid != parent->pid || (pid != -1 && c->pid != pid))
            continue;
        if (c->state == P_ZOMBIE) {
            *status = c->status;
            return c;
        }
        if ((options & PM_WUNTRACED) && c->report_stop) {
            *status = c->status;
            return c;
        }
        if ((options & PM_WCONTINUED) && c->report_cont) {
            *status = PM_STATUS_CONTINUED;
            return c;
        }
    }
    return NULL;
}

static bool has_child(struct proc *parent, long pid)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state != P_FREE && procs[i].ppid == parent->pid &&
            (pid == -1 || procs[i].pid == pid))
            return true;
    return false;
}

/* Consumes what c reported to a waiter; zombies are freed. */
static void consume(struct proc *c)
{
    if (c->state == P_ZOMBIE)
        c->state = P_FREE;
    c->report_stop = c->report_cont = false;
}

/* If parent is blocked in wait and now has something to collect, answer it. */
static void try_wake_waiter(struct proc *parent)
{
    if (!parent || !parent->wait_reply)
        return;
    int status = 0;
    struct proc *c = reportable(parent, parent->wait_pid, parent->wait_options, &status);
    if (!c)
        return;
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)c->pid;
    m.w[1] = (uint64_t)status;
    consume(c);
    sys_send(parent->wait_reply, IPC_INFO(0, 2, 0), &m);
    slot_free(parent->wait_reply);
    parent->wait_reply = 0;
}

static void terminate(struct proc *p, int status)
{
    if (p->state == P_ZOMBIE || p->state == P_FREE)
        return;
    proc_destroy(&p->caps);
    if (p->wait_reply) {
        slot_delete(p->wait_reply);
        p->wait_reply = 0;
    }
    p->state = P_ZOMBIE;
    p->status = status;
    struct proc *init = find(PM_PID_INIT);
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state != P_FREE && procs[i].ppid == p->pid)
            procs[i].ppid = PM_PID_INIT;
    try_wake_waiter(init);
    struct proc *parent = find(p->ppid);
    if (!parent) {
        p->state = P_FREE;
        return;
    }
    try_wake_waiter(parent);
}

/* The last component of a path: images are looked up by program name. */
static const char *strrchr_simple(const char *path)
{
    const char *base = path;
    for (const char *c = path; *c; c++)
        if (*c == '/')
            base = c + 1;
    return base;
}

static int find_module(const char *name)
{
    for (unsigned long i = 0; i < bi->nmodules; i++)
        if (!strcmp(bi->modules[i].name, name))
            return (int)i;
    return -1;
}

static const uint8_t *module_image[16];

static const uint8_t *map_module(int i)
{
    if (module_image[i])
        return module_image[i];
    static uint64_t va = 0x500000000ull;
    uint64_t pages = (bi->modules[i].size + 4095) / 4096;
    if (invoke5(CAP_SELF_VSPACE, VSPACE_MAP, BOOT_CAP_MODULE0 + (uint64_t)i, va, 0, pages, PROT_R) < 0)
        return NULL;
    module_image[i] = (const uint8_t *)va;
    va += (pages + 1) * 4096;
    return module_image[i];
}

static long do_spawn(struct proc *parent, struct ipc_msg *m)
{
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    uint64_t profile = m->w[0], argc = m->w[1], envc = m->w[2], bytes = m->w[3];
    if (bytes == 0 || bytes > PM_SPAWN_BYTES || argc > 64 || envc > 64 ||
        IPC_LEN(m->info) < IPC_REG_WORDS + (bytes + 7) / 8)
        return -EINVAL;
    char buf[PM_SPAWN_BYTES + 1];
    memcpy(buf, &ib->w[IPC_REG_WORDS], bytes);
    buf[bytes] = 0;
    char *strs[130];
    size_t n = 0, off = 0;
    while (off < bytes && n < 1 + argc + envc) {
        strs[n++] = buf + off;
        off += strlen(buf + off) + 1;
    }
    if (n != 1 + argc + envc)
        return -EINVAL;
    char *argv[65], *envp[65];
    for (size_t i = 0; i < argc; i++)
        argv[i] = strs[1 + i];
    argv[argc] = NULL;
    for (size_t i = 0; i < envc; i++)
        envp[i] = strs[1 + argc + i];
    envp[envc] = NULL;
    const char *image = strs[0];
    const char *base = strrchr_simple(image);
    int mi = find_module(base);
    if (mi < 0) {
        dprintf_k("procmgr: no image '%s'\n", base);
        return -ENOENT;
    }
    const uint8_t *img = map_module(mi);
    if (!img)
        return -ENOMEM;
    struct proc *p = alloc_proc();
    if (!p)
        return -EAGAIN;
    long r = proc_build(PMSRV_CAP_POOL, PROC_MEMORY_QUOTA, img, bi->modules[mi].size, argv,
                        envp, NULL, &p->caps);
    if (r < 0)
        return r;
    long pid = next_pid++;
    r = invoke4(p->caps.cspace, CSPACE_MINT, PROC_CAP_PROCMGR, PMSRV_CAP_EP,
                RIGHT_WRITE | RIGHT_GRANT, (uint64_t)pid);
    if (r == 0 && (profile & PROFILE_REGISTRY))
        r = invoke3(p->caps.cspace, CSPACE_COPY, PROC_CAP_REGISTRY, PMSRV_CAP_REGISTRY,
                    RIGHT_WRITE | RIGHT_GRANT);
    if (r == 0)
        r = invoke2(p->caps.thread, THREAD_SET_FAULT, PMSRV_CAP_EP, (uint64_t)pid | PM_FAULT_BADGE);
    if (r == 0)
        r = invoke0(p->caps.thread, THREAD_RESUME);
    if (r < 0) {
        proc_destroy(&p->caps);
        return r;
    }
    p->state = P_ALIVE;
    p->pid = pid;
    p->ppid = parent->pid;
    size_t nl = strlen(base);
    memcpy(p->name, base, nl < sizeof p->name - 1 ? nl : sizeof p->name - 1);
    return pid;
}

static long do_kill(struct proc *caller, long pid, long sig)
{
    (void)caller;
    if (sig < 0 || sig >= PM_NSIG)
        return -EINVAL;
    struct proc *p = find(pid);
    if (!p || p->state == P_ZOMBIE)
        return -ESRCH;
    if (pid == PM_PID_INIT || pid == PM_PID_SELF)
        return -EPERM;
    switch (sig) {
    case 0:
    case SIGCHLD:
        return 0;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        if (p->state == P_ALIVE) {
            invoke0(p->caps.thread, THREAD_SUSPEND);
            p->state = P_STOPPED;
            p->status = PM_STATUS_STOPPED(sig);
            p->report_stop = true;
            p->report_cont = false;
            try_wake_waiter(find(p->ppid));
        }
        return 0;
    case SIGCONT:
        if (p->state == P_STOPPED) {
            invoke0(p->caps.thread, THREAD_RESUME);
            p->state = P_ALIVE;
            p->report_stop = false;
            p->report_cont = true;
            try_wake_waiter(find(p->ppid));
        }
        return 0;
    }
    /* Handlers come with the C library; every other signal terminates for now. */
    terminate(p, PM_STATUS_SIGNALED((int)sig));
    return 0;
}

static int fault_signal(uint64_t err)
{
    uint64_t vec = err >> 32;
    if (vec == 0 || vec == 16 || vec == 19)
        return SIGFPE;
    if (vec == 6)
        return SIGILL;
    if (vec == 3 || vec == 1)
        return SIGTRAP;
    return SIGSEGV;
}

int main(const struct boot_user_info *info)
{
    bi = info;
    if (!bi) {
        dprintf_k("procmgr: no boot information\n");
        return 1;
    }
    struct proc *init = alloc_proc();
    init->state = P_ALIVE;
    init->pid = PM_PID_INIT;
    memcpy(init->name, "init", 5);
    struct proc *self = alloc_proc();
    self->state = P_ALIVE;
    self->pid = PM_PID_SELF;
    self->ppid = PM_PID_INIT;
    memcpy(self->name, "procmgr", 8);
    dprintf_k("procmgr: ready\n");

    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    struct ipc_msg m = {0};
    sys_recv(PMSRV_CAP_EP, TIMEOUT_FOREVER, &m);
    for (;;) {
        uint64_t badge = m.badge;
        bool reply = true;
        long result = -ENOSYS;
        uint64_t w1 = 0;
        ib->caps_in = 0;
        if (badge & PM_FAULT_BADGE) {
            struct proc *p = find((long)(badge & ~PM_FAULT_BADGE));
            if (p) {
                dprintf_k("procmgr: pid %ld (%s) fault at %lx (rip %lx): killed\n", p->pid,
                          p->name, m.w[0], m.w[2]);
                terminate(p, PM_STATUS_SIGNALED(fault_signal(m.w[1])));
            }
            reply = false;
        } else {
            struct proc *caller = find((long)badge);
            if (!caller || caller->state == P_ZOMBIE) {
                result = -ESRCH;
            } else {
                switch (IPC_LABEL(m.info)) {
                case PM_SPAWN:
                    result = do_spawn(caller, &m);
                    break;
                case PM_GETPID:
                    result = caller->pid;
                    w1 = (uint64_t)caller->ppid;
                    break;
                case PM_KILL:
                    result = do_kill(caller, (long)m.w[0], (long)m.w[1]);
                    if (find((long)badge) == NULL || caller->state == P_ZOMBIE)
                        reply = false; /* it killed itself */
                    break;
                case PM_EXIT:
                    terminate(caller, PM_STATUS_EXITED((int)m.w[0]));
                    reply = false;
                    break;
                case PM_WAIT: {
                    long pid = (long)m.w[0];
                    int options = (int)m.w[1], status = 0;
                    struct proc *c = reportable(caller, pid, options, &status);
                    if (c) {
                        result = c->pid;
                        w1 = (uint64_t)status;
                        consume(c);
                    } else if (!has_child(caller, pid)) {
                        result = -ECHILD;
                    } else if (options & PM_WNOHANG) {
                        result = 0;
                    } else if (caller->wait_reply) {
                        result = -EBUSY;
                    } else {
                        cap_t s = slot_alloc();
                        if (s && invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) == 0) {
                            caller->wait_reply = s;
                            caller->wait_pid = pid;
                            caller->wait_options = options;
                            reply = false;
                        } else {
                            result = -ENOMEM;
                        }
                    }
                    break;
                }
                default:
                    result = -ENOSYS;
                }
            }
        }
        if (reply) {
            m.w[0] = (uint64_t)result;
            m.w[1] = w1;
            sys_reply_recv(PMSRV_CAP_EP, IPC_INFO(0, 2, 0), &m);
        } else {
            sys_recv(PMSRV_CAP_EP, TIMEOUT_FOREVER, &m);
        }
    }
}
