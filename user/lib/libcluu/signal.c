/* Native signal handlers for libcluu programs: the user side of the signal page protocol
 * (abi/proto/procmgr.h). Handlers get only the signal number. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

void cluu_sigentry(void);
__attribute__((noreturn)) void cluu_sigdispatch(int sig);

static struct pm_sigpage *page(void)
{
    return (struct pm_sigpage *)PROC_SIGPAGE_VA;
}

void cluu_sigdispatch(int sig)
{
    struct pm_sigpage *sp = page();
    struct user_regs regs;
    memcpy(&regs, sp->saved, sizeof regs);
    uint64_t saved_mask = sp->saved_mask;
    void (*handler)(int) = (void (*)(int))sp->handler;
    sp->mask = sp->handler_mask;
    handler(sig);
    sp->mask = ~0ull;
    memcpy(sp->saved, &regs, sizeof regs);
    sp->saved_mask = saved_mask;
    struct ipc_msg m = {0};
    m.w[0] = 1;
    for (;;)
        sys_call(PROC_CAP_PROCMGR, IPC_INFO(PM_SIGRETURN, 1, 0), &m);
}

long cluu_signal(int sig, void (*handler)(int), uint64_t mask, uint64_t flags)
{
    struct pm_sigaction act = {(uint64_t)handler, flags, mask, (uint64_t)cluu_sigentry};
    return pm_sigaction(PROC_CAP_PROCMGR, sig, &act, NULL);
}

uint64_t cluu_sigmask(int how, uint64_t set)
{
    struct pm_sigpage *sp = page();
    uint64_t old = sp->mask;
    uint64_t keep = ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    if (how == 0)
        sp->mask = (old | set) & keep; /* SIG_BLOCK */
    else if (how == 1)
        sp->mask = old & ~set; /* SIG_UNBLOCK */
    else
        sp->mask = set & keep; /* SIG_SETMASK */
    if (sp->pending & ~sp->mask)
        pm_sigreturn(PROC_CAP_PROCMGR);
    return old;
}
