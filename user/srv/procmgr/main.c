/* procmgr: processes on top of kernel threads, vspaces and cspaces. Spawns programs from
 * boot images, reaps them on exit or fault, implements wait/kill/getpid. */
#include "cluu.h"
#include "procmgr.h"
#include "proc.h"
#include "abi/auxv.h"
#include "abi/proto/file.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/vfs.h"
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
    uint64_t vfs_id; /* its vfs client (0: none) */
    uint32_t uid, gid;
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

/* vfs's control endpoint, looked up once vfs has registered it (0 before). */
static cap_t vfs_ctl;

static bool vfs_available(void)
{
    if (vfs_ctl)
        return true;
    cap_t c;
    if (registry_lookup(PMSRV_CAP_REGISTRY, PMSRV_VFS_CONTROL_NAME, &c) < 0)
        return false;
    vfs_ctl = c;
    return true;
}

/* A new vfs client for a process, inheriting from the client parent_id; *ep gets its
 * badged endpoint. The id or -errno. */
static long vfs_client_new(uint64_t parent_id, uint32_t uid, uint32_t gid, cap_t *ep)
{
    if (!vfs_available())
        return -ENOSYS;
    cap_t s = slot_alloc();
    if (!s)
        return -ENOSPC;
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    struct ipc_msg m = {0};
    m.w[0] = parent_id;
    m.w[1] = uid;
    m.w[2] = gid;
    m.w[3] = 0;
    ib->recv_slots[0] = s;
    long r = sys_call(vfs_ctl, IPC_INFO(VFS_CLIENT_NEW, 4, 0), &m);
    if (r >= 0)
        r = (long)m.w[0];
    if (r >= 0 && ib->caps_in != 1)
        r = -EIO;
    if (r <= 0) {
        slot_delete(s);
        return r < 0 ? r : -EIO;
    }
    *ep = s;
    return r;
}

static void vfs_client_drop(uint64_t id)
{
    if (!id || !vfs_ctl)
        return;
    struct ipc_msg m = {0};
    m.w[0] = id;
    sys_call(vfs_ctl, IPC_INFO(VFS_CLIENT_DROP, 1, 0), &m);
}

/* Opens path read-write through a process's vfs endpoint; *file gets the open file. */
static long vfs_open_as(cap_t vfs, const char *path, cap_t *file)
{
    size_t n = strlen(path) + 1;
    if (n > VFS_PATH_MAX)
        return -ENAMETOOLONG;
    cap_t s = slot_alloc();
    if (!s)
        return -ENOSPC;
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    memcpy(&ib->w[IPC_REG_WORDS], path, n);
    struct ipc_msg m = {0};
    m.w[0] = 2; /* O_RDWR */
    ib->recv_slots[0] = s;
    long r = sys_call(vfs, IPC_INFO(VFS_OPEN, IPC_REG_WORDS + (n + 7) / 8, 0), &m);
    if (r >= 0)
        r = (long)m.w[0];
    if (r >= 0 && ib->caps_in != 1)
        r = -EIO;
    if (r < 0) {
        slot_delete(s);
        return r;
    }
    *file = s;
    return 0;
}

static void file_notify(cap_t f, uint64_t label)
{
    struct ipc_msg m = {0};
    sys_call(f, IPC_INFO(label, 0, 0), &m);
}

/* Gives the child the profile's capabilities and its file descriptors 0..2. */
static long give_profile(struct proc *parent, struct proc *p, uint32_t profile,
                         const cap_t fds[3], const char *stdio)
{
    cap_t cs = p->caps.cspace;
    long r = 0;
    if (profile & PROFILE_REGISTRY)
        r = invoke3(cs, CSPACE_COPY, PROC_CAP_REGISTRY, PMSRV_CAP_REGISTRY,
                    RIGHT_WRITE | RIGHT_GRANT);
    if (r == 0 && (profile & PROFILE_HW)) {
        r = invoke3(cs, CSPACE_COPY, PROC_CAP_IRQ_CONTROL, PMSRV_CAP_IRQ_CONTROL, RIGHT_ALL);
        if (r == 0)
            r = invoke3(cs, CSPACE_COPY, PROC_CAP_IOPORT, PMSRV_CAP_IOPORT, RIGHT_ALL);
        if (r == 0)
            r = invoke3(cs, CSPACE_COPY, PROC_CAP_FRAMEBUFFER, PMSRV_CAP_FRAMEBUFFER, RIGHT_ALL);
    }
    if (r == 0 && (profile & PROFILE_BOOT)) {
        r = invoke5(p->caps.vspace, VSPACE_MAP, PMSRV_CAP_BOOTINFO, BOOT_INFO_VA, 0, 1, PROT_R);
        for (unsigned long i = 0; r == 0 && i < bi->nmodules; i++)
            r = invoke3(cs, CSPACE_COPY, PROC_CAP_MODULE0 + i, BOOT_CAP_MODULE0 + i, RIGHT_READ);
    }
    if (r < 0)
        return r;
    cap_t vfs = 0;
    if (profile & PROFILE_VFS) {
        long id = vfs_client_new(parent->vfs_id, p->uid, p->gid, &vfs);
        if (id > 0)
            p->vfs_id = (uint64_t)id;
        else
            dprintf_k("procmgr: %s gets no file system: vfs error %ld\n", p->name, id);
    }
    cap_t file = 0;
    if (stdio && vfs) {
        r = vfs_open_as(vfs, stdio, &file);
        if (r < 0)
            dprintf_k("procmgr: %s: cannot open %s: error %ld\n", p->name, stdio, r);
        r = 0;
    }
    if (vfs)
        r = invoke2(cs, CSPACE_MOVE, PROC_CAP_VFS, vfs);
    if (vfs && r < 0)
        slot_delete(vfs);
    for (int i = 0; i < 3 && r == 0; i++) {
        if (fds && fds[i])
            r = invoke2(cs, CSPACE_MOVE, PROC_CAP_FD0 + (uint64_t)i, fds[i]);
        else if (file && (r = invoke3(cs, CSPACE_COPY, PROC_CAP_FD0 + (uint64_t)i, file,
                                      RIGHT_ALL)) == 0 && i > 0)
            file_notify(file, FILE_DUP);
    }
    if (file)
        slot_delete(file);
    return r;
}

static void terminate(struct proc *p, int status)
{
    if (p->state == P_ZOMBIE || p->state == P_FREE)
        return;
    /* Open files the process still held: their servers learn they are closed. The message
     * is sent only to a server ready for it, so a process cannot stall procmgr by leaving
     * an endpoint of its own in its file table (a close missed that way leaks an open
     * file description in the server, not procmgr's time). */
    invoke0(p->caps.thread, THREAD_SUSPEND);
    cap_t s = slot_alloc();
    for (int i = 0; s && i < PROC_FD_MAX; i++) {
        uint64_t slot = PROC_CAP_FD0 + (uint64_t)i;
        if (invoke1(p->caps.cspace, CSPACE_INFO, slot) != OBJ_ENDPOINT ||
            invoke3(CAP_SELF_CSPACE, CSPACE_MOVE_FROM, s, p->caps.cspace, slot) < 0)
            continue;
        struct ipc_msg m = {0};
        sys_send(s, IPC_INFO(FILE_CLOSE, 0, 0) | IPC_NONBLOCK, &m);
        invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, s);
    }
    if (s)
        slot_free(s);
    vfs_client_drop(p->vfs_id);
    p->vfs_id = 0;
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

static const uint8_t *module_image[BOOT_MAX_MODULES];

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

static long do_spawn(struct proc *parent, struct ipc_msg *m, const cap_t *recv)
{
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    uint64_t profile = m->w[0], argc = m->w[1], envc = m->w[2], bytes = m->w[3];
    uint64_t mask = m->w[4], ncaps = IPC_NCAPS(m->info);
    bool stdio = mask & PM_SPAWN_STDIO_PATH;
    if (bytes == 0 || bytes > PM_SPAWN_BYTES || argc > 64 || envc > 64 ||
        IPC_LEN(m->info) < IPC_REG_WORDS + (bytes + 7) / 8 ||
        (mask & ~(uint64_t)(PM_SPAWN_FD_MASK | PM_SPAWN_STDIO_PATH)) ||
        (unsigned)__builtin_popcountll(mask & PM_SPAWN_FD_MASK) != ncaps ||
        ib->caps_in != ncaps)
        return -EINVAL;
    /* Only boot services (started by init) get hardware and boot-module access. */
    if ((profile & (PROFILE_HW | PROFILE_BOOT)) && parent->pid != PM_PID_INIT)
        return -EPERM;
    char buf[PM_SPAWN_BYTES + 1];
    memcpy(buf, &ib->w[IPC_REG_WORDS], bytes);
    buf[bytes] = 0;
    char *strs[131];
    size_t n = 0, off = 0, want = 1 + argc + envc + (stdio ? 1 : 0);
    while (off < bytes && n < want) {
        strs[n++] = buf + off;
        off += strlen(buf + off) + 1;
    }
    if (n != want)
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
    uint64_t boot_aux[] = {AT_CLUU_BOOTINFO, BOOT_INFO_VA, AT_NULL, 0};
    long r = proc_build(PMSRV_CAP_POOL, PROC_MEMORY_QUOTA, img, bi->modules[mi].size, argv,
                        envp, (profile & PROFILE_BOOT) ? boot_aux : NULL, &p->caps);
    if (r < 0)
        return r;
    long pid = next_pid;
    size_t nl = strlen(base);
    memcpy(p->name, base, nl < sizeof p->name - 1 ? nl : sizeof p->name - 1);
    p->uid = parent->uid;
    p->gid = parent->gid;
    cap_t fds[3] = {0, 0, 0};
    for (int i = 0, k = 0; i < 3; i++)
        if (mask & (1u << i))
            fds[i] = recv[k++];
    r = invoke4(p->caps.cspace, CSPACE_MINT, PROC_CAP_PROCMGR, PMSRV_CAP_EP,
                RIGHT_WRITE | RIGHT_GRANT, (uint64_t)pid);
    if (r == 0)
        r = give_profile(parent, p, (uint32_t)profile, fds, stdio ? strs[want - 1] : NULL);
    if (r == 0)
        r = invoke2(p->caps.thread, THREAD_SET_FAULT, PMSRV_CAP_EP, (uint64_t)pid | PM_FAULT_BADGE);
    if (r == 0)
        r = invoke0(p->caps.thread, THREAD_RESUME);
    if (r < 0) {
        vfs_client_drop(p->vfs_id);
        proc_destroy(&p->caps);
        return r;
    }
    next_pid++;
    p->state = P_ALIVE;
    p->pid = pid;
    p->ppid = parent->pid;
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
    /* Slots for capabilities that arrive with requests (file descriptors of PM_SPAWN);
     * emptied again after every request. */
    cap_t recv[IPC_MAX_CAPS];
    for (int i = 0; i < IPC_MAX_CAPS; i++)
        recv[i] = slot_alloc();
    for (int i = 0; i < IPC_MAX_CAPS; i++)
        ib->recv_slots[i] = recv[i];
    sys_recv(PMSRV_CAP_EP, TIMEOUT_FOREVER, &m);
    for (;;) {
        uint64_t badge = m.badge;
        bool reply = true;
        long result = -ENOSYS;
        uint64_t w1 = 0;
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
                    result = do_spawn(caller, &m, recv);
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
        for (int i = 0; i < IPC_MAX_CAPS; i++) {
            invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, recv[i]);
            ib->recv_slots[i] = recv[i];
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
