/* procmgr: processes on top of kernel threads, vspaces and cspaces. Spawns programs from
 * boot images, reaps them on exit or fault; wait, kill and signals, process groups and
 * sessions, credentials, fork and exec. The receive loop and process table are here;
 * signals are in signal.c, fork and exec in fork.c. */
#include "procmgr.h"
#include "abi/proto/fb.h"
#include "abi/auxv.h"
#include "abi/proto/file.h"
#include "abi/proto/vfs.h"
#include "abi/proto/registry.h"
#include "fsclient.h"
#include "lib/string.h"

struct proc procs[MAX_PROCS];
static long next_pid = 3;
const struct boot_user_info *bi;

struct proc *proc_find(long pid)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state != P_FREE && procs[i].pid == pid)
            return &procs[i];
    return NULL;
}

struct proc *proc_alloc(void)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state == P_FREE && !procs[i].sig) {
            memset(&procs[i], 0, sizeof procs[i]);
            return &procs[i];
        }
    return NULL;
}

/* A child of parent that matches a wait for pid (-1: any, < -1: group -pid, 0: the
 * caller's group) and has something to report. */
static bool wait_matches(const struct proc *parent, const struct proc *c, long pid)
{
    if (c->state == P_FREE || c->ppid != parent->pid)
        return false;
    if (pid == -1)
        return true;
    if (pid == 0)
        return c->pgid == parent->pgid;
    if (pid < -1)
        return c->pgid == -pid;
    return c->pid == pid;
}

static struct proc *reportable(struct proc *parent, long pid, int options, int *status)
{
    for (int i = 0; i < MAX_PROCS; i++) {
        struct proc *c = &procs[i];
        if (!wait_matches(parent, c, pid))
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
        if (wait_matches(parent, &procs[i], pid))
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

void proc_wake_waiter(struct proc *parent)
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
    slot_delete(parent->wait_reply);
    parent->wait_reply = 0;
}

/* vfs's control endpoint, looked up once vfs has registered it (0 before). */
static cap_t vfs_ctl;

cap_t pm_vfs_control(void)
{
    return vfs_ctl;
}

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
long vfs_client_new(uint64_t parent_id, uint32_t uid, uint32_t gid, long pid, cap_t *ep)
{
    return vfs_client_new_policy(parent_id, uid, gid, pid, 0, NULL, 0, ep);
}

long vfs_client_new_policy(uint64_t parent_id, uint32_t uid, uint32_t gid, long pid,
                           uint64_t policy, const char *paths, size_t paths_len, cap_t *ep)
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
    m.w[3] = policy;
    m.w[4] = (uint64_t)pid;
    if (paths_len > VFS_PATH_MAX)
        paths_len = VFS_PATH_MAX;
    if (paths_len) {
        ib->w[IPC_REG_WORDS + (paths_len - 1) / 8] = 0; /* the last word's padding */
        memcpy(&ib->w[IPC_REG_WORDS], paths, paths_len);
    }
    ib->recv_slots[0] = s;
    long r = sys_call(vfs_ctl,
                      IPC_INFO(VFS_CLIENT_NEW, paths_len ? IPC_REG_WORDS + (paths_len + 7) / 8 : 5, 0),
                      &m);
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

void vfs_client_drop(uint64_t id)
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

/* Profile DEVICE: the console's framebuffer endpoint, when the console is up (looked up each
 * time: the terminal server may have been restarted). */
long proc_give_device(cap_t cs)
{
    cap_t c;
    if (registry_lookup(PMSRV_CAP_REGISTRY, FB_REGISTRY_NAME, &c) < 0)
        return 0;
    long r = invoke3(cs, CSPACE_COPY, PROC_CAP_FB, c, RIGHT_WRITE | RIGHT_GRANT);
    slot_delete(c);
    return r;
}

/* Gives the child the profile's capabilities and its file descriptors 0..2. */
static long give_profile(struct proc *parent, struct proc *p, uint32_t profile,
                         const cap_t fds[3], const char *stdio,
                         const struct container_launch *l)
{
    cap_t cs = p->caps.cspace;
    long r = 0;
    /* Boot services (init's children) may reach control names; everyone else's registry
     * capability is badged so the registry can refuse them (abi/proto/registry.h). */
    if ((profile & PROFILE_REGISTRY) && parent->pid == PM_PID_INIT)
        r = invoke3(cs, CSPACE_COPY, PROC_CAP_REGISTRY, PMSRV_CAP_REGISTRY,
                    RIGHT_WRITE | RIGHT_GRANT);
    else if (profile & PROFILE_REGISTRY)
        r = invoke4(cs, CSPACE_MINT, PROC_CAP_REGISTRY, PMSRV_CAP_REGISTRY,
                    RIGHT_WRITE | RIGHT_GRANT, REGISTRY_BADGE_USER);
    if (r == 0 && (profile & PROFILE_HW)) {
        r = invoke3(cs, CSPACE_COPY, PROC_CAP_IRQ_CONTROL, PMSRV_CAP_IRQ_CONTROL, RIGHT_ALL);
        if (r == 0)
            r = invoke3(cs, CSPACE_COPY, PROC_CAP_IOPORT, PMSRV_CAP_IOPORT, RIGHT_ALL);
        if (r == 0)
            r = invoke3(cs, CSPACE_COPY, PROC_CAP_FRAMEBUFFER, PMSRV_CAP_FRAMEBUFFER, RIGHT_ALL);
    }
    if (r == 0 && (profile & PROFILE_DEVICE))
        r = proc_give_device(cs);
    if (r == 0 && (profile & PROFILE_BOOT)) {
        r = invoke5(p->caps.vspace, VSPACE_MAP, PMSRV_CAP_BOOTINFO, BOOT_INFO_VA, 0, 1, PROT_R);
        for (unsigned long i = 0; r == 0 && i < bi->nmodules; i++)
            r = invoke3(cs, CSPACE_COPY, PROC_CAP_MODULE0 + i, BOOT_CAP_MODULE0 + i, RIGHT_READ);
    }
    if (r < 0)
        return r;
    cap_t vfs = 0;
    if (profile & PROFILE_VFS) {
        long id = l ? vfs_client_new_policy(parent->vfs_id, p->euid, p->egid, p->pid,
                                            l->policy, l->paths, l->paths_len, &vfs)
                    : vfs_client_new(parent->vfs_id, p->euid, p->egid, p->pid, &vfs);
        if (id > 0)
            p->vfs_id = (uint64_t)id;
        else
            dprintf_k("procmgr: %s gets no file system: vfs error %ld\n", p->name, id);
    }
    cap_t file = 0;
    if (stdio && !vfs)
        dprintf_k("procmgr: %s: no file system for stdio=%s\n", p->name, stdio);
    if (stdio && vfs) {
        r = vfs_open_as(vfs, stdio, &file);
        if (r < 0)
            dprintf_k("procmgr: %s: cannot open %s: error %ld\n", p->name, stdio, r);
        r = 0;
    }
    if (vfs) {
        r = invoke2(cs, CSPACE_MOVE, PROC_CAP_VFS, vfs);
        if (r < 0)
            slot_delete(vfs);
        else
            slot_free(vfs);
    }
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

void proc_terminate(struct proc *p, int status)
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
    sig_page_free(p);
    proc_destroy(&p->caps);
    if (p->wait_reply) {
        slot_delete(p->wait_reply);
        p->wait_reply = 0;
    }
    p->state = P_ZOMBIE;
    p->status = status;
    struct proc *init = proc_find(PM_PID_INIT);
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state != P_FREE && procs[i].ppid == p->pid) {
            procs[i].ppid = PM_PID_INIT;
            if (procs[i].state == P_ZOMBIE)
                proc_wake_waiter(init);
        }
    struct proc *parent = proc_find(p->ppid);
    if (!parent) {
        p->state = P_FREE;
        return;
    }
    int code = (status & 0x7F) == 0 ? 1 /* CLD_EXITED */ : 2 /* CLD_KILLED */;
    sig_send(parent, SIGCHLD, p, code, status);
    proc_wake_waiter(parent);
}

/* The last component of a path: images are looked up by program name. */
static const char *basename_of(const char *path)
{
    const char *base = path;
    for (const char *c = path; *c; c++)
        if (*c == '/')
            base = c + 1;
    return base;
}

static const uint8_t *module_image[BOOT_MAX_MODULES];

const uint8_t *image_find(const char *path, uint64_t *size)
{
    const char *name = basename_of(path);
    int i = -1;
    for (unsigned long k = 0; k < bi->nmodules; k++)
        if (!strcmp(bi->modules[k].name, name))
            i = (int)k;
    if (i < 0)
        return NULL;
    *size = bi->modules[i].size;
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

/* Reads the executable at path through caller's own vfs client, so its working directory,
 * mount view and permissions apply (execute permission, a regular file). *img is a fresh
 * buffer of *pages pages (memory *mem) to free with pages_free. */
static long image_from_vfs(struct proc *caller, const char *path, uint8_t **img, uint64_t *size,
                           uint64_t *pages, cap_t *mem)
{
    return read_as(caller, path, true, 32ull << 20, img, size, pages, mem);
}

long read_as(struct proc *caller, const char *path, bool exec, uint64_t max, uint8_t **img,
             uint64_t *size, uint64_t *pages, cap_t *mem)
{
    cap_t vfs = slot_alloc(), file = 0;
    if (!vfs)
        return -ENOSPC;
    long r;
    if (caller->pid == PM_PID_INIT) {
        /* init has no file system of its own: its services load as root. */
        static cap_t root_client;
        if (!root_client && vfs_client_new(0, 0, 0, PM_PID_INIT, &root_client) < 0)
            root_client = 0;
        r = root_client ? invoke3(CAP_SELF_CSPACE, CSPACE_COPY, vfs, root_client, RIGHT_ALL)
                        : -ENOENT;
    } else {
        r = invoke3(CAP_SELF_CSPACE, CSPACE_COPY_FROM, vfs, caller->caps.cspace, PROC_CAP_VFS);
    }
    if (r < 0) {
        slot_free(vfs);
        return -ENOENT; /* no file system: only boot images */
    }
    unsigned type = 0;
    struct file_stat st;
    r = exec ? vfs_path_call(vfs, VFS_ACCESS, path, NULL, 1 /* X_OK */, 0, 0) : 0;
    if (r == 0)
        r = vfs_open(vfs, path, 0 /* O_RDONLY */, 0, &file, &type);
    if (r == 0 && (type & 0170000) != 0100000)
        r = -EACCES; /* only regular files (whose reads never block) */
    if (r == 0)
        r = file_stat(file, &st);
    if (r == 0 && exec && (st.size < 64 || st.size > max))
        r = -ENOEXEC;
    if (r == 0 && !exec && (st.size == 0 || st.size > max))
        r = -EFBIG;
    if (r == 0) {
        *pages = (st.size + 4095) / 4096;
        *img = pages_alloc(*pages, mem);
        if (!*img)
            r = -ENOMEM;
    }
    if (r == 0) {
        long n = file_read(file, *img, st.size, 0);
        if (n != (long)st.size) {
            pages_free(*img, *pages, *mem);
            r = n < 0 ? n : -EIO;
        } else {
            *size = st.size;
        }
    }
    if (file) {
        file_call(file, FILE_CLOSE, 0, 0);
        slot_delete(file);
    }
    slot_delete(vfs);
    return r;
}

long image_load(struct proc *caller, const char *path, struct image *im)
{
    memset(im, 0, sizeof *im);
    bool has_slash = false;
    for (const char *c = path; *c; c++)
        has_slash |= *c == '/';
    if (has_slash && (caller->vfs_id || caller->pid == PM_PID_INIT)) {
        long r = image_from_vfs(caller, path, &im->buf, &im->size, &im->pages, &im->mem);
        if (r == 0) {
            im->data = im->buf;
            return 0;
        }
        if (r != -ENOENT)
            return r;
    }
    /* Boot images by program name (the disk's /bin is not always there yet). */
    im->data = image_find(path, &im->size);
    return im->data ? 0 : -ENOENT;
}

void image_free(struct image *im)
{
    if (im->buf)
        pages_free(im->buf, im->pages, im->mem);
    memset(im, 0, sizeof *im);
}

/* Splits PM_SPAWN/PM_EXEC strings: image, argv, envp (and one more when extra). */
long proc_parse_strings(const struct ipc_msg *m, bool extra, char *buf, char **image,
                          char **argv, char **envp, char **last)
{
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    uint64_t argc = m->w[1], envc = m->w[2], bytes = m->w[3];
    if (bytes == 0 || bytes > PM_SPAWN_BYTES || argc > 64 || envc > 64 ||
        IPC_LEN(m->info) < IPC_REG_WORDS + (bytes + 7) / 8)
        return -EINVAL;
    memcpy(buf, &ib->w[IPC_REG_WORDS], bytes);
    buf[bytes] = 0;
    char *strs[131];
    size_t n = 0, off = 0, want = 1 + argc + envc + (extra ? 1 : 0);
    while (off < bytes && n < want) {
        strs[n++] = buf + off;
        off += strlen(buf + off) + 1;
    }
    if (n != want)
        return -EINVAL;
    *image = strs[0];
    for (size_t i = 0; i < argc; i++)
        argv[i] = strs[1 + i];
    argv[argc] = NULL;
    for (size_t i = 0; i < envc; i++)
        envp[i] = strs[1 + argc + i];
    envp[envc] = NULL;
    if (last)
        *last = extra ? strs[want - 1] : NULL;
    return 0;
}

void proc_set_env(struct proc *p, char *const envp[])
{
    size_t off = 0;
    for (int i = 0; envp[i]; i++) {
        size_t n = strlen(envp[i]) + 1;
        if (off + n > sizeof p->environ)
            break;
        memcpy(p->environ + off, envp[i], n);
        off += n;
    }
    p->environ_len = (uint32_t)off;
}

void proc_set_names(struct proc *p, const char *image, char *const argv[])
{
    const char *base = basename_of(image);
    size_t nl = strlen(base);
    memset(p->name, 0, sizeof p->name);
    memcpy(p->name, base, nl < sizeof p->name - 1 ? nl : sizeof p->name - 1);
    memset(p->cmdline, 0, sizeof p->cmdline);
    size_t off = 0;
    for (int i = 0; argv[i]; i++) {
        size_t n = strlen(argv[i]) + 1;
        if (off + n > sizeof p->cmdline)
            break;
        memcpy(p->cmdline + off, argv[i], n);
        off += n;
    }
}

long proc_wire(struct proc *p, long pid)
{
    long r = invoke4(p->caps.cspace, CSPACE_MINT, PROC_CAP_PROCMGR, PMSRV_CAP_EP,
                     RIGHT_WRITE | RIGHT_GRANT, (uint64_t)pid);
    if (r == 0)
        r = invoke2(p->caps.thread, THREAD_SET_FAULT, PMSRV_CAP_EP, (uint64_t)pid | PM_FAULT_BADGE);
    return r;
}

static long do_spawn(struct proc *parent, struct ipc_msg *m, const cap_t *recv,
                     struct ipc_msg *out)
{
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    uint64_t profile = m->w[0], mask = m->w[4], ncaps = IPC_NCAPS(m->info);
    bool stdio = mask & PM_SPAWN_STDIO_PATH;
    if ((mask & ~(uint64_t)(PM_SPAWN_FD_MASK | PM_SPAWN_STDIO_PATH | PM_SPAWN_CONTAINER)) ||
        (unsigned)__builtin_popcountll(mask & PM_SPAWN_FD_MASK) != ncaps ||
        ib->caps_in != ncaps || (profile >> 8))
        return -EINVAL;
    /* Only boot services (started by init) get hardware and boot-module access. */
    if ((profile & (PROFILE_HW | PROFILE_BOOT)) && parent->pid != PM_PID_INIT)
        return -EPERM;
    char buf[PM_SPAWN_BYTES + 1], *image, *argv[65], *envp[65], *stdio_path;
    long r = proc_parse_strings(m, stdio, buf, &image, argv, envp, &stdio_path);
    if (r < 0)
        return r;
    static struct container_launch launch;
    struct container_launch *l = NULL;
    if (mask & PM_SPAWN_CONTAINER) {
        if (!parent->vfs_id && parent->pid != PM_PID_INIT)
            return -ENOSYS; /* images live in the file system (init reads them as root) */
        if ((r = container_prepare(parent, image, argv, envp, &launch)) < 0) {
            dprintf_k("procmgr: container '%s': error %ld\n", image, r);
            return r;
        }
        l = &launch;
        profile = l->profile;
        image = (char *)l->image;
        for (int i = 0; i < 65; i++) {
            argv[i] = l->argv[i];
            envp[i] = l->envp[i];
        }
    }
    struct image im;
    r = image_load(parent, image, &im);
    if (r < 0) {
        dprintf_k("procmgr: cannot load '%s': error %ld\n", image, r);
        /* A container whose entrypoint is missing is a broken image, not a missing one. */
        return l && r == -ENOENT ? -ENOEXEC : r;
    }
    struct proc *p = proc_alloc();
    if (!p) {
        image_free(&im);
        return -EAGAIN;
    }
    uint64_t aux[8];
    proc_auxv(aux, profile);
    r = proc_build(PMSRV_CAP_POOL, PROC_QUOTA(profile), im.data, im.size, argv, envp, aux,
                   &p->caps);
    image_free(&im);
    if (r < 0)
        return r;
    long pid = next_pid;
    proc_set_names(p, image, argv);
    proc_set_env(p, envp);
    p->pid = pid; /* for its vfs client (/proc/self); p stays free until it runs */
    p->uid = parent->uid;
    p->euid = parent->euid;
    p->gid = parent->gid;
    p->egid = parent->egid;
    p->profile = (uint32_t)profile;
    cap_t fds[3] = {0, 0, 0};
    for (int i = 0, k = 0; i < 3; i++)
        if (mask & (1u << i))
            fds[i] = recv[k++];
    r = proc_wire(p, pid);
    if (r == 0)
        r = sig_page_setup(p, NULL);
    if (r == 0)
        r = give_profile(parent, p, (uint32_t)profile, fds, stdio_path, l);
    if (r == 0)
        r = invoke0(p->caps.thread, THREAD_RESUME);
    if (r < 0) {
        vfs_client_drop(p->vfs_id);
        sig_page_free(p);
        proc_destroy(&p->caps);
        return r;
    }
    next_pid++;
    if (l)
        memcpy(p->name, l->name, sizeof p->name);
    p->state = P_ALIVE;
    p->pid = pid;
    p->ppid = parent->pid;
    p->pgid = parent->pgid;
    p->sid = parent->sid;
    p->start_ns = sys_clock();
    if (l) {
        out->w[1] = l->restart;
        out->w[2] = l->restart_max;
        out->w[3] = l->restart_backoff_ms;
    }
    return pid;
}

void proc_auxv(uint64_t aux[8], uint32_t profile)
{
    int n = 0;
    aux[n++] = AT_CLUU_EPOCH;
    aux[n++] = bi->rtc_epoch_s;
    aux[n++] = AT_CLUU_EPOCH_NS;
    aux[n++] = bi->rtc_boot_ns;
    if (profile & PROFILE_BOOT) {
        aux[n++] = AT_CLUU_BOOTINFO;
        aux[n++] = BOOT_INFO_VA;
    }
    aux[n++] = AT_NULL;
    aux[n] = 0;
}

long proc_new_pid(void)
{
    return next_pid++;
}

static bool may_signal(const struct proc *from, const struct proc *to)
{
    return from->euid == 0 || from->pid == PM_PID_INIT || from->uid == to->uid ||
           from->euid == to->uid;
}

static long do_kill(struct proc *caller, long pid, long sig)
{
    if (sig < 0 || sig >= PM_NSIG)
        return -EINVAL;
    if (pid > 0) {
        struct proc *p = proc_find(pid);
        if (!p || p->state == P_ZOMBIE)
            return -ESRCH;
        if (pid == PM_PID_INIT || pid == PM_PID_SELF)
            return -EPERM;
        if (!may_signal(caller, p))
            return -EPERM;
        return sig ? sig_send(p, (int)sig, caller, 0, 0) : 0;
    }
    /* A group (pid < -1), the caller's group (0) or everyone it may signal (-1). */
    long pgid = pid == 0 ? caller->pgid : -pid;
    int found = 0, sent = 0;
    for (int i = 0; i < MAX_PROCS; i++) {
        struct proc *p = &procs[i];
        if (p->state == P_FREE || p->state == P_ZOMBIE || p->pid == PM_PID_INIT ||
            p->pid == PM_PID_SELF)
            continue;
        if (pid == -1 ? p == caller : p->pgid != pgid)
            continue;
        found++;
        if (!may_signal(caller, p))
            continue;
        sent++;
        if (sig)
            sig_send(p, (int)sig, caller, 0, 0);
    }
    return !found ? -ESRCH : !sent ? -EPERM : 0;
}

static long do_setpgid(struct proc *caller, long pid, long pgid)
{
    if (pgid < 0)
        return -EINVAL;
    struct proc *p = pid == 0 ? caller : proc_find(pid);
    if (!p || p->state == P_ZOMBIE || (p != caller && p->ppid != caller->pid))
        return -ESRCH;
    if (p->sid != caller->sid || p->sid == p->pid)
        return -EPERM;
    if (pgid == 0)
        pgid = p->pid;
    if (pgid != p->pid) {
        bool exists = false;
        for (int i = 0; i < MAX_PROCS; i++)
            if (procs[i].state != P_FREE && procs[i].state != P_ZOMBIE &&
                procs[i].pgid == pgid && procs[i].sid == caller->sid)
                exists = true;
        if (!exists)
            return -EPERM;
    }
    p->pgid = pgid;
    return 0;
}

static long do_setsid(struct proc *caller)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (procs[i].state != P_FREE && procs[i].pgid == caller->pid)
            return -EPERM;
    caller->sid = caller->pgid = caller->pid;
    return caller->sid;
}

static long do_setcred(struct proc *p, const struct ipc_msg *m)
{
    uint32_t want[4] = {(uint32_t)m->w[0], (uint32_t)m->w[1], (uint32_t)m->w[2],
                        (uint32_t)m->w[3]};
    uint32_t *cur[4] = {&p->uid, &p->euid, &p->gid, &p->egid};
    /* SUPERVISOR is what login, su and sudo are given (by their images): they check
     * passwords and then change the credentials. */
    bool privileged = p->profile & PROFILE_SUPERVISOR;
    for (int i = 0; i < 4; i++) {
        if (want[i] == (uint32_t)-1)
            continue;
        /* Unprivileged: only the real and effective ids may be swapped or reset. */
        uint32_t real = i < 2 ? p->uid : p->gid, eff = i < 2 ? p->euid : p->egid;
        if (!privileged && want[i] != real && want[i] != eff)
            return -EPERM;
    }
    for (int i = 0; i < 4; i++)
        if (want[i] != (uint32_t)-1)
            *cur[i] = want[i];
    if (p->vfs_id && vfs_ctl) {
        struct ipc_msg v = {0};
        v.w[0] = p->vfs_id;
        v.w[1] = p->euid;
        v.w[2] = p->egid;
        v.w[3] = 0;
        sys_call(vfs_ctl, IPC_INFO(VFS_CLIENT_SETCRED, 4, 0), &v);
    }
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
    if (vec == 17)
        return SIGBUS;
    return SIGSEGV;
}

int main(const struct boot_user_info *info)
{
    bi = info;
    if (!bi) {
        dprintf_k("procmgr: no boot information\n");
        return 1;
    }
    struct proc *init = proc_alloc();
    init->state = P_ALIVE;
    init->pid = init->pgid = init->sid = PM_PID_INIT;
    init->profile = 0xFF;
    memcpy(init->name, "init", 5);
    struct proc *self = proc_alloc();
    self->state = P_ALIVE;
    self->pid = self->pgid = self->sid = PM_PID_SELF;
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
        bool reply = true, deliver = false;
        long result = -ENOSYS;
        struct ipc_msg out = {0};
        uint64_t out_len = 2;
        struct proc *caller = NULL;
        if (badge & PM_FAULT_BADGE) {
            struct proc *p = proc_find((long)(badge & ~PM_FAULT_BADGE));
            if (p && p->state != P_ZOMBIE)
                sig_fault(p, fault_signal(m.w[1]), m.w[0], m.w[1], m.w[2]);
            reply = false;
        } else {
            caller = proc_find((long)badge);
            sig_current_caller = caller;
            if (!caller || caller->state == P_ZOMBIE) {
                result = -ESRCH;
                caller = NULL;
            } else {
                switch (IPC_LABEL(m.info)) {
                case PM_SPAWN:
                    result = shutdown_active() ? -EBUSY : do_spawn(caller, &m, recv, &out);
                    break;
                case PM_SHUTDOWN:
                    result = shutdown_start(caller, (int)m.w[0]);
                    break;
                case PM_GETPID:
                    result = caller->pid;
                    out.w[1] = (uint64_t)caller->ppid;
                    break;
                case PM_KILL:
                    result = do_kill(caller, (long)m.w[0], (long)m.w[1]);
                    deliver = true;
                    break;
                case PM_EXIT:
                    proc_terminate(caller, PM_STATUS_EXITED((int)m.w[0]));
                    break;
                case PM_WAIT: {
                    long pid = (long)m.w[0];
                    int options = (int)m.w[1], status = 0;
                    struct proc *c = reportable(caller, pid, options, &status);
                    if (c) {
                        result = c->pid;
                        out.w[1] = (uint64_t)status;
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
                case PM_SETPGID:
                    result = do_setpgid(caller, (long)m.w[0], (long)m.w[1]);
                    break;
                case PM_GETPGID:
                case PM_GETSID: {
                    struct proc *p = m.w[0] ? proc_find((long)m.w[0]) : caller;
                    result = !p ? -ESRCH : IPC_LABEL(m.info) == PM_GETPGID ? p->pgid : p->sid;
                    break;
                }
                case PM_SETSID:
                    result = do_setsid(caller);
                    break;
                case PM_SIGACTION: {
                    struct pm_sigaction act = {m.w[2], m.w[3], m.w[4], m.w[5]}, old;
                    result = sig_action(caller, (int)m.w[0], m.w[1] != 0, &act, &old);
                    out.w[1] = old.handler;
                    out.w[2] = old.flags;
                    out.w[3] = old.mask;
                    out.w[4] = old.restorer;
                    out_len = 5;
                    deliver = true;
                    break;
                }
                case PM_SIGRETURN:
                    result = 0;
                    deliver = true;
                    if (m.w[0] == 1 && sig_return(caller))
                        reply = false; /* resumed at its saved registers */
                    break;
                case PM_GETCRED:
                    result = 0;
                    out.w[1] = caller->uid;
                    out.w[2] = caller->euid;
                    out.w[3] = caller->gid;
                    out.w[4] = caller->egid;
                    out_len = 5;
                    break;
                case PM_SETCRED:
                    result = do_setcred(caller, &m);
                    break;
                case PM_FORK: {
                    /* The parent's reply is sent by proc_fork before the child runs. */
                    cap_t s = slot_alloc();
                    if (s && invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) == 0) {
                        result = proc_fork(caller, s);
                        if (result < 0)
                            dprintf_k("procmgr: pid %ld (%s): fork failed: error %ld\n",
                                      caller->pid, caller->name, result);
                        if (result >= 0) {
                            out.w[0] = (uint64_t)result;
                            sys_send(s, IPC_INFO(0, 1, 0), &out);
                            reply = false;
                        } else {
                            m.w[0] = (uint64_t)result;
                            sys_send(s, IPC_INFO(0, 1, 0), &m);
                            reply = false;
                        }
                    } else {
                        result = -ENOMEM;
                    }
                    if (s)
                        slot_delete(s);
                    break;
                }
                case PM_EXEC:
                    result = proc_exec(caller, &m);
                    if (result < 0)
                        dprintf_k("procmgr: pid %ld (%s): exec failed: error %ld\n", caller->pid,
                                  caller->name, result);
                    if (result == 0)
                        reply = false; /* the caller's old image is gone */
                    break;
                case PM_PS:
                    result = info_ps((long)m.w[0], &out);
                    out_len = IPC_REG_WORDS + (sizeof(struct pm_psinfo) + 7) / 8;
                    break;
                case PM_PROCINFO:
                    result = info_procinfo(caller, &m, &out, &out_len);
                    break;
                default:
                    result = -ENOSYS;
                }
                if (IPC_LABEL(m.info) == PM_EXIT || caller->state == P_ZOMBIE ||
                    caller->state == P_FREE)
                    reply = false; /* it is gone */
            }
        }
        sig_current_caller = NULL;
        for (int i = 0; i < IPC_MAX_CAPS; i++) {
            invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, recv[i]);
            ib->recv_slots[i] = recv[i];
        }
        if (reply && deliver && caller && caller->sig &&
            (caller->sig->pending & ~caller->sig->mask)) {
            /* Answer first, then divert the caller to its handler. */
            cap_t s = slot_alloc();
            if (s && invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) == 0) {
                out.w[0] = (uint64_t)result;
                sys_send(s, IPC_INFO(0, out_len, 0), &out);
                reply = false;
                sig_deliver_pending(caller);
            }
            if (s)
                slot_delete(s);
        }
        uint64_t timeout = shutdown_poll();
        long rr;
        if (reply) {
            out.w[0] = (uint64_t)result;
            m = out;
            if (timeout == TIMEOUT_FOREVER) {
                sys_reply_recv(PMSRV_CAP_EP, IPC_INFO(0, out_len, 0), &m);
                continue;
            }
            /* Shutting down: answer, then wait with a timeout to look again. */
            cap_t s = slot_alloc();
            if (s && invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) == 0)
                sys_send(s, IPC_INFO(0, out_len, 0), &m);
            if (s)
                slot_delete(s);
        }
        while ((rr = sys_recv(PMSRV_CAP_EP, timeout, &m)) == -ETIMEDOUT)
            timeout = shutdown_poll();
    }
}
