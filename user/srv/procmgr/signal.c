/* POSIX signals: dispositions, default actions, the shared signal page, and diverting a
 * process's main thread to its C library's trampoline (abi/proto/procmgr.h). */
#include "procmgr.h"
#include "lib/string.h"

#define SIGPAGES_VA 0x600000000ull /* procmgr's mappings of the signal pages, one per slot */
#define SA_NOCLDSTOP 1u
#define SA_NODEFER 0x40000000u
#define SA_RESETHAND 0x80000000u
#define SIG_BIT(s) (1ull << ((s)-1))
#define UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

struct proc *sig_current_caller; /* set by the receive loop: its thread awaits our reply */

enum dfl { D_TERM, D_CORE, D_IGN, D_STOP, D_CONT };

static enum dfl default_action(int sig)
{
    switch (sig) {
    case SIGCHLD:
    case 23: /* SIGURG */
    case 28: /* SIGWINCH */
        return D_IGN;
    case SIGCONT:
        return D_CONT;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        return D_STOP;
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case 24: /* SIGXCPU */
    case 25: /* SIGXFSZ */
    case 31: /* SIGSYS */
        return D_CORE;
    default:
        return D_TERM;
    }
}

long sig_page_setup(struct proc *p, const struct proc *from)
{
    long idx = p - procs;
    uint64_t va = SIGPAGES_VA + (uint64_t)idx * 2 * 4096;
    cap_t m = slot_alloc();
    if (!m)
        return -ENOSPC;
    long r = invoke3(p->caps.untyped, UNTYPED_RETYPE, OBJ_MEMORY, 1, m);
    if (r == 0)
        r = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, m, va, 0, 1, PROT_R | PROT_W);
    if (r == 0) {
        r = invoke5(p->caps.vspace, VSPACE_MAP, m, PROC_SIGPAGE_VA, 0, 1, PROT_R | PROT_W);
        if (r < 0)
            invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, va, 1);
    }
    if (r < 0) {
        slot_delete(m);
        return r;
    }
    p->sigmem = m;
    p->sig = (struct pm_sigpage *)va;
    if (from && from->sig) {
        p->sig->mask = from->sig->mask;
        p->sig->entry = from->sig->entry;
    }
    return 0;
}

void sig_page_free(struct proc *p)
{
    if (!p->sig)
        return;
    invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, (uint64_t)p->sig, 1);
    slot_delete(p->sigmem);
    p->sig = NULL;
    p->sigmem = 0;
}

static void stop(struct proc *p, int sig)
{
    if (p->state != P_ALIVE)
        return;
    invoke0(p->caps.thread, THREAD_SUSPEND);
    p->state = P_STOPPED;
    p->status = PM_STATUS_STOPPED(sig);
    p->report_stop = true;
    p->report_cont = false;
    struct proc *parent = proc_find(p->ppid);
    if (parent && !(parent->act[SIGCHLD].flags & SA_NOCLDSTOP))
        sig_send(parent, SIGCHLD, p, 5 /* CLD_STOPPED */, sig);
    proc_wake_waiter(parent);
}

static void cont(struct proc *p)
{
    if (p->state != P_STOPPED)
        return;
    invoke0(p->caps.thread, THREAD_RESUME);
    p->state = P_ALIVE;
    p->report_stop = false;
    p->report_cont = true;
    struct proc *parent = proc_find(p->ppid);
    if (parent && !(parent->act[SIGCHLD].flags & SA_NOCLDSTOP))
        sig_send(parent, SIGCHLD, p, 6 /* CLD_CONTINUED */, SIGCONT);
    proc_wake_waiter(parent);
}

/* Diverts p's main thread into its handler for sig. */
static void divert(struct proc *p, int sig, const struct user_regs *fault_regs)
{
    struct pm_sigpage *sp = p->sig;
    struct pm_sigaction *a = &p->act[sig];
    struct user_regs regs;
    if (fault_regs) {
        regs = *fault_regs;
        invoke0(p->caps.thread, THREAD_SUSPEND);
    } else {
        /* Suspending ends a blocked call with -EINTR (and procmgr's own saved reply). */
        invoke0(p->caps.thread, THREAD_SUSPEND);
        if (p->wait_reply) {
            slot_delete(p->wait_reply);
            p->wait_reply = 0;
        }
        if (invoke1(p->caps.thread, THREAD_READ_REGS, (uint64_t)&regs) < 0)
            return;
    }
    _Static_assert(sizeof regs <= sizeof sp->saved, "registers fit the signal page");
    memcpy(sp->saved, &regs, sizeof regs);
    sp->saved_mask = sp->mask;
    sp->handler_mask = sp->mask | a->mask | ((a->flags & SA_NODEFER) ? 0 : SIG_BIT(sig));
    sp->handler_mask &= ~UNBLOCKABLE;
    sp->handler = a->handler;
    sp->flags = a->flags;
    sp->mask = ~0ull;
    sp->pending &= ~SIG_BIT(sig);
    if (a->flags & SA_RESETHAND)
        memset(a, 0, sizeof *a);
    regs.rip = sp->entry;
    regs.rdi = (uint64_t)sig;
    regs.rsp = ((regs.rsp - 128) & ~15ull) - 8; /* as after a call: rsp + 8 aligned */
    invoke1(p->caps.thread, THREAD_WRITE_REGS, (uint64_t)&regs);
    if (p->state == P_ALIVE)
        invoke0(p->caps.thread, THREAD_RESUME);
}

static void fill_info(struct proc *p, int sig, const struct proc *sender, int code, int status,
                      uint64_t addr)
{
    memset(&p->sig->info, 0, sizeof p->sig->info);
    p->sig->info.signo = sig;
    p->sig->info.code = code;
    p->sig->info.pid = sender ? (int32_t)sender->pid : 0;
    p->sig->info.uid = sender ? (int32_t)sender->uid : 0;
    p->sig->info.status = status;
    p->sig->info.addr = addr;
}

static bool has_handler(const struct proc *p, int sig)
{
    return p->sig && p->sig->entry && p->act[sig].handler > 1 && sig != SIGKILL &&
           sig != SIGSTOP;
}

long sig_send(struct proc *p, int sig, const struct proc *sender, int code, int status)
{
    if (sig <= 0 || sig >= PM_NSIG)
        return -EINVAL;
    if (p->state == P_ZOMBIE || p->state == P_FREE)
        return -ESRCH;
    if (p->pid == PM_PID_INIT || p->pid == PM_PID_SELF) {
        /* init and procmgr take no signals but SIGCHLD (init reaps by waiting). */
        return 0;
    }
    if (sig == SIGKILL) {
        proc_terminate(p, PM_STATUS_SIGNALED(SIGKILL));
        return 0;
    }
    if (sig == SIGCONT)
        cont(p);
    if (sig == SIGSTOP) {
        stop(p, sig);
        return 0;
    }
    struct pm_sigaction *a = &p->act[sig];
    if (a->handler == 1 || (a->handler == 0 && (default_action(sig) == D_IGN ||
                                                default_action(sig) == D_CONT)))
        return 0;
    if (!has_handler(p, sig)) {
        if (default_action(sig) == D_STOP) {
            /* Job-control stops of an orphaned group are dropped (POSIX); here: always stop. */
            stop(p, sig);
            return 0;
        }
        proc_terminate(p, PM_STATUS_SIGNALED(sig));
        return 0;
    }
    if (sig != SIGCHLD || !(p->sig->pending & SIG_BIT(sig)))
        fill_info(p, sig, sender, code, status, 0);
    p->sig->pending |= SIG_BIT(sig);
    if (p != sig_current_caller)
        sig_deliver_pending(p);
    return 0;
}

bool sig_return(struct proc *p)
{
    struct pm_sigpage *sp = p->sig;
    if (!sp)
        return false;
    struct user_regs regs;
    memcpy(&regs, sp->saved, sizeof regs);
    /* The kernel refuses kernel addresses and privileged flags in user registers. */
    invoke0(p->caps.thread, THREAD_SUSPEND);
    if (invoke1(p->caps.thread, THREAD_WRITE_REGS, (uint64_t)&regs) < 0) {
        proc_terminate(p, PM_STATUS_SIGNALED(SIGSEGV));
        return true;
    }
    sp->mask = sp->saved_mask & ~UNBLOCKABLE;
    if (sp->pending & ~sp->mask) {
        sig_deliver_pending(p);
        return true;
    }
    if (p->state == P_ALIVE)
        invoke0(p->caps.thread, THREAD_RESUME);
    return true;
}

void sig_deliver_pending(struct proc *p)
{
    if (!p->sig || p->state != P_ALIVE)
        return;
    uint64_t ready = p->sig->pending & ~p->sig->mask;
    for (int sig = 1; ready && sig < PM_NSIG; sig++) {
        if (!(ready & SIG_BIT(sig)))
            continue;
        if (!has_handler(p, sig)) {
            /* The disposition changed while it was blocked. */
            p->sig->pending &= ~SIG_BIT(sig);
            sig_send(p, sig, NULL, 0, 0);
            return;
        }
        divert(p, sig, NULL);
        return;
    }
}

void sig_fault(struct proc *p, int sig, uint64_t addr, uint64_t err, uint64_t rip)
{
    struct user_regs regs;
    bool blocked = p->sig && (p->sig->mask & SIG_BIT(sig));
    if (!has_handler(p, sig) || blocked ||
        invoke1(p->caps.thread, THREAD_READ_REGS, (uint64_t)&regs) < 0) {
        dprintf_k("procmgr: pid %ld (%s) fault (vector %lu, error %lx) at %lx, rip %lx: "
                  "killed by signal %d\n", p->pid, p->name, err >> 32, err & 0xFFFFFFFF, addr,
                  rip, sig);
        proc_terminate(p, PM_STATUS_SIGNALED(sig));
        return;
    }
    fill_info(p, sig, NULL, 0x80 /* SI_KERNEL */, 0, addr);
    divert(p, sig, &regs);
}

long sig_action(struct proc *p, int sig, bool set, const struct pm_sigaction *act,
                struct pm_sigaction *old)
{
    if (sig <= 0 || sig >= PM_NSIG)
        return -EINVAL;
    *old = p->act[sig];
    if (!set)
        return 0;
    if (sig == SIGKILL || sig == SIGSTOP)
        return -EINVAL;
    p->act[sig] = *act;
    if (act->restorer && p->sig)
        p->sig->entry = act->restorer;
    /* Ignoring a pending signal discards it (POSIX). */
    if ((act->handler == 1 || (act->handler == 0 && default_action(sig) == D_IGN)) && p->sig)
        p->sig->pending &= ~SIG_BIT(sig);
    return 0;
}
