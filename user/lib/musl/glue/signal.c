/* Signals: rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, pause, and the
 * user-mode trampoline of the signal page protocol (abi/proto/procmgr.h).
 *
 * The mask lives in the signal page, shared with procmgr, so it is the process's (CLUU
 * delivers signals to the main thread only). Every handler is registered with the glue's
 * trampoline as its entry: procmgr stops the main thread, saves its registers and mask in
 * the page and resumes it at glue_sigentry. The trampoline copies that state to its stack,
 * calls the handler as Linux would (signal, siginfo_t, ucontext_t), then hands the
 * registers and mask from the ucontext (the handler may change them) back to procmgr with
 * PM_SIGRETURN, which resumes the thread there. musl's __restore_rt is not used. */
#include "glue.h"

#define UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

static struct pm_sigpage *page(void)
{
    return (struct pm_sigpage *)PROC_SIGPAGE_VA;
}

static int have_page(void)
{
    static int known, have;
    if (!known) {
        have = invoke1(PROC_CAP_CSPACE, CSPACE_INFO, PROC_CAP_PROCMGR) == OBJ_ENDPOINT;
        known = 1;
    }
    return have;
}

/* Masks are per thread, as musl expects (an exiting thread blocks every signal for good).
 * Signals are delivered to the main thread only, so the main thread's mask is the one in
 * the signal page; the other threads' masks are only remembered. */
/* Handlers run so far, by SA_RESTART (syscall.c restarts interrupted requests). */
volatile uint64_t glue_handlers_restart, glue_handlers_norestart;

static uint64_t local_mask; /* the main thread's, without procmgr */
static __thread uint64_t thread_mask;

static uint64_t get_mask(void)
{
    if (!glue_is_main_thread()) return thread_mask;
    return have_page() ? page()->mask : local_mask;
}

/* Sets the mask and lets procmgr deliver what it unblocked. */
static void set_mask(uint64_t m)
{
    m &= ~UNBLOCKABLE;
    if (!glue_is_main_thread()) {
        thread_mask = m;
        return;
    }
    if (!have_page()) {
        local_mask = m;
        return;
    }
    struct pm_sigpage *sp = page();
    sp->mask = m;
    if (sp->pending & ~m) pm_sigreturn(PROC_CAP_PROCMGR);
}

void glue_sigentry(void);
__attribute__((noreturn, used)) void glue_sigdispatch(int sig);
__asm__("    .text\n"
        "    .globl glue_sigentry\n"
        "    .type glue_sigentry,@function\n"
        "glue_sigentry:\n" /* rdi = the signal; rsp + 8 is 16-byte aligned */
        "    sub $8, %rsp\n"
        "    call glue_sigdispatch\n"
        "    ud2\n"
        "    .size glue_sigentry, .-glue_sigentry\n");

static void regs_to_uc(const struct user_regs *r, struct l_ucontext *uc)
{
    uint64_t *g = uc->gregs;
    g[L_REG_R8] = r->r8, g[L_REG_R9] = r->r9, g[L_REG_R10] = r->r10, g[L_REG_R11] = r->r11;
    g[L_REG_R12] = r->r12, g[L_REG_R13] = r->r13, g[L_REG_R14] = r->r14, g[L_REG_R15] = r->r15;
    g[L_REG_RDI] = r->rdi, g[L_REG_RSI] = r->rsi, g[L_REG_RBP] = r->rbp, g[L_REG_RBX] = r->rbx;
    g[L_REG_RDX] = r->rdx, g[L_REG_RAX] = r->rax, g[L_REG_RCX] = r->rcx, g[L_REG_RSP] = r->rsp;
    g[L_REG_RIP] = r->rip, g[L_REG_EFL] = r->rflags;
}

static void uc_to_regs(const struct l_ucontext *uc, struct user_regs *r)
{
    const uint64_t *g = uc->gregs;
    r->r8 = g[L_REG_R8], r->r9 = g[L_REG_R9], r->r10 = g[L_REG_R10], r->r11 = g[L_REG_R11];
    r->r12 = g[L_REG_R12], r->r13 = g[L_REG_R13], r->r14 = g[L_REG_R14], r->r15 = g[L_REG_R15];
    r->rdi = g[L_REG_RDI], r->rsi = g[L_REG_RSI], r->rbp = g[L_REG_RBP], r->rbx = g[L_REG_RBX];
    r->rdx = g[L_REG_RDX], r->rax = g[L_REG_RAX], r->rcx = g[L_REG_RCX], r->rsp = g[L_REG_RSP];
    r->rip = g[L_REG_RIP], r->rflags = g[L_REG_EFL];
}

void glue_sigdispatch(int sig)
{
    struct pm_sigpage *sp = page();
    struct user_regs regs;
    __builtin_memcpy(&regs, sp->saved, sizeof regs);
    struct l_siginfo si;
    __builtin_memset(&si, 0, sizeof si);
    si.si_signo = sp->info.signo ? sp->info.signo : sig;
    si.si_code = sp->info.code;
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
        si.u.addr = sp->info.addr;
    } else {
        si.u.kill.pid = sp->info.pid;
        si.u.kill.uid = sp->info.uid;
        si.u.kill.status = sp->info.status;
        if (sig == SIGCHLD && si.si_code == 1 /* CLD_EXITED */ && !(si.u.kill.status & 0xFF))
            si.u.kill.status = (si.u.kill.status >> 8) & 0xFF; /* a wait status: the code */
        else if (sig == SIGCHLD && si.si_code != 1 && si.u.kill.status > 0x7F)
            si.u.kill.status &= 0x7F; /* killed: the signal */
    }
    struct l_ucontext uc;
    __builtin_memset(&uc, 0, sizeof uc);
    regs_to_uc(&regs, &uc);
    uc.uc_sigmask[0] = sp->saved_mask;
    void (*handler)(int, void *, void *) = (void (*)(int, void *, void *))sp->handler;

    /* The interrupted code may have been between filling its IPC buffer and the call, or
     * between the reply and reading it; the handler's own requests must not disturb it. */
    struct ipc_buffer ipc;
    __builtin_memcpy(&ipc, glue_ipcbuf(), sizeof ipc);
    if (sp->flags & L_SA_RESTART)
        glue_handlers_restart++;
    else
        glue_handlers_norestart++;
    sp->mask = sp->handler_mask & ~UNBLOCKABLE;
    handler(sig, &si, &uc);
    sp->mask = ~0ull;
    __builtin_memcpy(glue_ipcbuf(), &ipc, sizeof ipc);

    uc_to_regs(&uc, &regs);
    __builtin_memcpy(sp->saved, &regs, sizeof regs);
    sp->saved_mask = uc.uc_sigmask[0] & ~UNBLOCKABLE;
    for (;;) {
        struct ipc_msg m = {0};
        m.w[0] = 1;
        sys_call(PROC_CAP_PROCMGR, IPC_INFO(PM_SIGRETURN, 1, 0), &m);
    }
}

static long sigaction(int sig, const struct l_ksigaction *act, struct l_ksigaction *old,
                      uint64_t size)
{
    if (size != 8) return -EINVAL;
    if (sig < 1 || sig >= PM_NSIG) return -EINVAL;
    if (!have_page()) return -ENOSYS;
    struct pm_sigaction a, o;
    if (act)
        a = (struct pm_sigaction){act->handler, act->flags & ~(uint64_t)L_SA_RESTORER, act->mask,
                                  (uint64_t)glue_sigentry};
    long r = pm_sigaction(PROC_CAP_PROCMGR, sig, act ? &a : NULL, &o);
    if (r < 0) return r;
    if (old) *old = (struct l_ksigaction){o.handler, o.flags, 0, o.mask};
    return 0;
}

static long sigprocmask(int how, const uint64_t *set, uint64_t *old, uint64_t size)
{
    if (size != 8) return -EINVAL;
    uint64_t cur = get_mask();
    if (set) {
        switch (how) {
        case L_SIG_BLOCK:
            set_mask(cur | *set);
            break;
        case L_SIG_UNBLOCK:
            set_mask(cur & ~*set);
            break;
        case L_SIG_SETMASK:
            set_mask(*set);
            break;
        default:
            return -EINVAL;
        }
    }
    if (old) *old = cur;
    return 0;
}

/* Sleeps until a handler has run (the sleep returns -EINTR). */
static long wait_for_signal(void)
{
    while (glue_sleep_ns(TIMEOUT_FOREVER) != -EINTR)
        ;
    return -EINTR;
}

static long sigsuspend(const uint64_t *set, uint64_t size)
{
    if (size != 8) return -EINVAL;
    if (!have_page() || !glue_is_main_thread())
        return -ENOSYS; /* only the main thread receives signals */
    uint64_t old = get_mask();
    struct pm_sigpage *sp = page();
    sp->mask = *set & ~UNBLOCKABLE;
    if (sp->pending & ~sp->mask) {
        /* Delivered during this request, which then returns -EINTR. */
        pm_sigreturn(PROC_CAP_PROCMGR);
    } else {
        wait_for_signal();
    }
    set_mask(old);
    return -EINTR;
}

long glue_signal_call(long n, long a, long b, long c, long d)
{
    switch (n) {
    case LINUX_rt_sigaction:
        return sigaction((int)a, (const struct l_ksigaction *)b, (struct l_ksigaction *)c,
                         (uint64_t)d);
    case LINUX_rt_sigprocmask:
        return sigprocmask((int)a, (const uint64_t *)b, (uint64_t *)c, (uint64_t)d);
    case LINUX_rt_sigpending:
        if (b != 8) return -EINVAL;
        *(uint64_t *)a = have_page() ? page()->pending : 0;
        return 0;
    case LINUX_rt_sigsuspend:
        return sigsuspend((const uint64_t *)a, (uint64_t)b);
    case LINUX_pause:
        return have_page() ? wait_for_signal() : -ENOSYS;
    default:
        /* rt_sigreturn (handlers return into the glue's trampoline, not __restore_rt),
         * sigaltstack, rt_sigtimedwait, rt_sigqueueinfo. */
        return -ENOSYS;
    }
}
