/* fork (a copy-on-write clone of the caller's address space and a copy of its capability
 * table) and exec (a new image in place, keeping the process's identity and files). */
#include "procmgr.h"
#include "abi/auxv.h"
#include "lib/string.h"

#define COPY_VA 0x700000000ull /* two pages for copying an IPC buffer */

static bool strchr_any(const char *s, char c)
{
    for (; *s; s++)
        if (*s == c)
            return true;
    return false;
}

static cap_t new_slot_obj(cap_t untyped, uint64_t type, uint64_t arg, long *r)
{
    cap_t s = slot_alloc();
    if (!s) {
        *r = -ENOSPC;
        return 0;
    }
    *r = invoke3(untyped, UNTYPED_RETYPE, type, arg, s);
    if (*r < 0) {
        slot_free(s);
        return 0;
    }
    return s;
}

/* Is the capability in slot of cs one a child may inherit? Kernel objects that would give
 * it control over the parent (its threads, address space, capability table, quota) and
 * one-shot replies are not copied. */
static bool inheritable(cap_t cs, uint64_t slot)
{
    long t = invoke1(cs, CSPACE_INFO, slot);
    return t == OBJ_ENDPOINT || t == OBJ_NOTIFICATION || t == OBJ_MEMORY || t == OBJ_IRQ ||
           t == OBJ_IOPORT || t == OBJ_IRQ_CONTROL;
}

/* Copies slots [first, last) of from's cspace into to's, skipping what may not be inherited. */
static long copy_slots(cap_t from_cs, cap_t to_cs, uint64_t first, uint64_t last)
{
    for (uint64_t s = first; s < last; s++) {
        if (s == PROC_CAP_VFS || s == PROC_CAP_IPCBUF || s == PROC_CAP_PROCMGR)
            continue;
        if (!inheritable(from_cs, s))
            continue;
        long r = invoke3(to_cs, CSPACE_COPY_FROM, s, from_cs, s);
        if (r < 0)
            return r;
    }
    return 0;
}

/* A fresh IPC buffer for the child with the parent's contents, mapped over the clone's. */
static long child_ipcbuf(struct proc *par, struct proc_caps *k, cap_t *out)
{
    long r;
    cap_t mem = new_slot_obj(k->untyped, OBJ_MEMORY, 1, &r);
    if (!mem)
        return r;
    cap_t pbuf = slot_alloc();
    r = pbuf ? invoke3(CAP_SELF_CSPACE, CSPACE_COPY_FROM, pbuf, par->caps.cspace, PROC_CAP_IPCBUF)
             : -ENOSPC;
    if (r == 0)
        r = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, pbuf, COPY_VA, 0, 1, PROT_R);
    if (r == 0) {
        r = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, mem, COPY_VA + 4096, 0, 1, PROT_R | PROT_W);
        if (r == 0) {
            memcpy((void *)(COPY_VA + 4096), (const void *)COPY_VA, 4096);
            invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, COPY_VA + 4096, 1);
        }
        invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, COPY_VA, 1);
    }
    if (pbuf)
        slot_delete(pbuf);
    if (r == 0) {
        invoke2(k->vspace, VSPACE_UNMAP, PROC_IPCBUF_VA, 1);
        r = invoke5(k->vspace, VSPACE_MAP, mem, PROC_IPCBUF_VA, 0, 1, PROT_R | PROT_W);
    }
    if (r < 0) {
        slot_delete(mem);
        return r;
    }
    *out = mem;
    return 0;
}

long proc_fork(struct proc *par, cap_t reply)
{
    (void)reply;
    struct proc *c = proc_alloc();
    if (!c)
        return -EAGAIN;
    struct proc_caps k = {0};
    cap_t ipcbuf = 0, vfs = 0;
    int fail_line = 0;
    struct user_regs regs;
    long r = invoke1(par->caps.thread, THREAD_READ_REGS, (uint64_t)&regs);
    if (r < 0)
        return r;
    k.untyped = slot_alloc();
    if (!k.untyped)
        return -ENOSPC;
    r = invoke2(PMSRV_CAP_POOL, UNTYPED_SPLIT, PROC_QUOTA(par->profile), k.untyped);
    if (r < 0) {
        slot_free(k.untyped);
        k.untyped = 0;
        { fail_line = __LINE__; goto fail; }
    }
    if (!(k.cspace = new_slot_obj(k.untyped, OBJ_CSPACE, PROC_CSPACE_SLOTS, &r)) ||
        !(k.thread = new_slot_obj(k.untyped, OBJ_THREAD, 0, &r)))
        { fail_line = __LINE__; goto fail; }
    k.vspace = slot_alloc();
    if (!k.vspace) {
        r = -ENOSPC;
        { fail_line = __LINE__; goto fail; }
    }
    if ((r = invoke1(par->caps.vspace, VSPACE_CLONE, k.vspace)) < 0) {
        slot_free(k.vspace);
        k.vspace = 0;
        { fail_line = __LINE__; goto fail; }
    }
    /* The clone made the parent's signal page copy-on-write; it must stay the very page
     * procmgr writes, so map it again, shared. */
    if (par->sigmem) {
        invoke2(par->caps.vspace, VSPACE_UNMAP, PROC_SIGPAGE_VA, 1);
        invoke5(par->caps.vspace, VSPACE_MAP, par->sigmem, PROC_SIGPAGE_VA, 0, 1, PROT_R | PROT_W);
    }
    if ((r = child_ipcbuf(par, &k, &ipcbuf)) < 0)
        { fail_line = __LINE__; goto fail; }
    r = sys_invoke(k.thread, THREAD_CONFIGURE, k.cspace, k.vspace, PROC_IPCBUF_VA, ipcbuf, 0, 0, 0);
    if (r == 0)
        r = invoke2(k.cspace, CSPACE_MOVE, PROC_CAP_IPCBUF, ipcbuf);
    if (r < 0) {
        slot_delete(ipcbuf);
        { fail_line = __LINE__; goto fail; }
    }
    slot_free(ipcbuf);
    if ((r = invoke3(k.cspace, CSPACE_COPY, PROC_CAP_THREAD, k.thread, RIGHT_READ | RIGHT_WRITE)) < 0 ||
        (r = invoke3(k.cspace, CSPACE_COPY, PROC_CAP_CSPACE, k.cspace, RIGHT_ALL)) < 0 ||
        (r = invoke3(k.cspace, CSPACE_COPY, PROC_CAP_VSPACE, k.vspace, RIGHT_ALL)) < 0 ||
        (r = invoke3(k.cspace, CSPACE_COPY, PROC_CAP_UNTYPED, k.untyped, RIGHT_ALL)) < 0 ||
        (r = copy_slots(par->caps.cspace, k.cspace, PROC_CAP_REGISTRY, PROC_CSPACE_SLOTS)) < 0)
        { fail_line = __LINE__; goto fail; }
    c->caps = k;
    long pid = proc_new_pid();
    if ((r = proc_wire(c, pid)) < 0)
        { fail_line = __LINE__; goto fail_c; }
    /* The clone shares the parent's signal page copy-on-write; the child gets its own. */
    invoke2(k.vspace, VSPACE_UNMAP, PROC_SIGPAGE_VA, 1);
    if ((r = sig_page_setup(c, par)) < 0)
        { fail_line = __LINE__; goto fail_c; }
    if (par->vfs_id) {
        long id = vfs_client_new(par->vfs_id, par->euid, par->egid, pid, &vfs);
        if (id > 0) {
            c->vfs_id = (uint64_t)id;
            if ((r = invoke2(k.cspace, CSPACE_MOVE, PROC_CAP_VFS, vfs)) < 0) {
                slot_delete(vfs);
                { fail_line = __LINE__; goto fail_c; }
            }
            slot_free(vfs);
        }
    }
    /* The child returns from its PM_FORK call with word 0 = 0. */
    regs.rax = 0;
    regs.rdx = 0;
    regs.rsi = IPC_INFO(0, 1, 0);
    if ((r = invoke1(k.thread, THREAD_WRITE_REGS, (uint64_t)&regs)) < 0)
        { fail_line = __LINE__; goto fail_c; }
    memcpy(c->name, par->name, sizeof c->name);
    memcpy(c->cmdline, par->cmdline, sizeof c->cmdline);
    memcpy(c->environ, par->environ, sizeof c->environ);
    c->environ_len = par->environ_len;
    memcpy(c->act, par->act, sizeof c->act);
    c->uid = par->uid;
    c->euid = par->euid;
    c->gid = par->gid;
    c->egid = par->egid;
    c->profile = par->profile;
    c->pid = pid;
    c->ppid = par->pid;
    c->pgid = par->pgid;
    c->sid = par->sid;
    c->start_ns = sys_clock();
    c->state = P_ALIVE;
    if ((r = invoke0(k.thread, THREAD_RESUME)) < 0) {
        proc_terminate(c, PM_STATUS_SIGNALED(SIGKILL));
        c->state = P_FREE;
        return r;
    }
    return pid;
fail_c:
    dprintf_k("procmgr: fork: child setup failed at line %d: %ld\n", fail_line, r);
    vfs_client_drop(c->vfs_id);
    sig_page_free(c);
    c->vfs_id = 0;
fail:
    dprintf_k("procmgr: fork: failed at line %d: %ld\n", fail_line, r);
    proc_destroy(&k);
    return r;
}

long proc_exec(struct proc *p, struct ipc_msg *m)
{
    char buf[PM_SPAWN_BYTES + 1], *image, *argv[65], *envp[65];
    long r = proc_parse_strings(m, false, buf, &image, argv, envp, NULL);
    if (r < 0)
        return r;
    struct image im;
    if ((r = image_load(p, image, &im)) < 0)
        return r;
    struct proc_caps k, old = p->caps;
    uint64_t aux[8];
    proc_auxv(aux, p->profile);
    r = proc_build(PMSRV_CAP_POOL, PROC_QUOTA(p->profile), im.data, im.size, argv, envp, aux, &k);
    image_free(&im);
    if (r < 0)
        return r;
    /* An installed container program brings its own profile and mounts. */
    static struct container_launch launch;
    uint32_t profile = p->profile;
    bool contained = false;
    const char *base = image;
    for (const char *c = image; *c; c++)
        if (*c == '/')
            base = c + 1;
    if (!strncmp(image, "/bin/", 5) && p->vfs_id && !strchr_any(base, '/') &&
        container_prepare(p, base, argv, envp, &launch) == 0 && !strcmp(launch.image, image)) {
        contained = true;
        profile = launch.profile;
    }
    /* What survives exec, as the profile allows: registry, hardware, modules, the vfs
     * client (a new one under a container's mount policy), file descriptors. */
    uint64_t new_vfs_id = 0;
    if (profile & PROFILE_REGISTRY)
        r = copy_slots(old.cspace, k.cspace, PROC_CAP_REGISTRY, PROC_CAP_REGISTRY + 1);
    if (r == 0 && (profile & PROFILE_HW))
        r = copy_slots(old.cspace, k.cspace, PROC_CAP_IRQ_CONTROL, PROC_CAP_FRAMEBUFFER + 1);
    if (r == 0 && (profile & PROFILE_BOOT))
        r = copy_slots(old.cspace, k.cspace, PROC_CAP_MODULE0, PROC_CAP_IMAGE0);
    if (r == 0 && (profile & PROFILE_DEVICE))
        r = proc_give_device(k.cspace);
    if (r == 0 && (profile & PROFILE_VFS) && p->vfs_id) {
        if (contained) {
            cap_t vfs;
            long id = vfs_client_new_policy(p->vfs_id, p->euid, p->egid, p->pid, launch.policy,
                                            launch.paths, launch.paths_len, &vfs);
            if (id > 0) {
                new_vfs_id = (uint64_t)id;
                r = invoke2(k.cspace, CSPACE_MOVE, PROC_CAP_VFS, vfs);
                if (r < 0)
                    slot_delete(vfs);
                else
                    slot_free(vfs);
            } else {
                /* No silent exec without files: the old image goes on and learns why. */
                dprintf_k("procmgr: exec %s: its mount policy cannot be applied (vfs error %ld)\n",
                          image, id);
                r = id < 0 ? id : -EIO;
            }
        } else if (invoke1(old.cspace, CSPACE_INFO, PROC_CAP_VFS) == OBJ_ENDPOINT) {
            r = invoke3(k.cspace, CSPACE_COPY_FROM, PROC_CAP_VFS, old.cspace, PROC_CAP_VFS);
        }
    }
    for (uint64_t s = PROC_CAP_FD0; r == 0 && s < PROC_CAP_FD0 + PROC_FD_MAX; s++)
        if (invoke1(old.cspace, CSPACE_INFO, s) == OBJ_ENDPOINT)
            r = invoke3(k.cspace, CSPACE_COPY_FROM, s, old.cspace, s);
    if (r < 0) {
        vfs_client_drop(new_vfs_id);
        proc_destroy(&k);
        return r;
    }
    if (contained || !(profile & PROFILE_VFS)) {
        if (new_vfs_id || !(profile & PROFILE_VFS)) {
            vfs_client_drop(p->vfs_id);
            p->vfs_id = new_vfs_id;
        }
    }
    p->profile = profile;
    uint64_t mask = p->sig ? p->sig->mask : 0, pending = p->sig ? p->sig->pending : 0;
    invoke0(old.thread, THREAD_SUSPEND);
    sig_page_free(p);
    p->caps = k;
    if ((r = proc_wire(p, p->pid)) < 0 || (r = sig_page_setup(p, NULL)) < 0) {
        /* The old image is stopped and the new one cannot run: the process ends. */
        proc_destroy(&old);
        p->caps = k;
        proc_terminate(p, PM_STATUS_SIGNALED(SIGKILL));
        return 0;
    }
    p->sig->mask = mask;
    p->sig->pending = pending;
    /* Caught signals return to their default action; ignored ones stay ignored. */
    for (int i = 0; i < PM_NSIG; i++)
        if (p->act[i].handler != 1)
            memset(&p->act[i], 0, sizeof p->act[i]);
    proc_destroy(&old);
    proc_set_names(p, image, argv);
    proc_set_env(p, envp);
    invoke0(p->caps.thread, THREAD_RESUME);
    return 0;
}
