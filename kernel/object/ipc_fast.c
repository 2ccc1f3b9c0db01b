/* The IPC fastpath: call and reply_recv when the partner is already waiting, with few
 * branches, no run queue and a direct switch. Everything else falls back to endpoint.c.
 * Few branches matter twice: fewer instructions, and under emulation fewer translated
 * blocks to look up again after the TLB flush every address-space switch causes. */
#include <stddef.h>
#include "cspace.h"
#include "endpoint.h"
#include "thread.h"
#include "vspace.h"
#include "abi/cap.h"
#include "arch/x86_64/cpu.h"
#include "core/hot.h"
#include "core/sched.h"
#include "core/syscall.h"

void sys_call(struct trap_frame *tf);
void sys_reply_recv(struct trap_frame *tf);
void switch_context(uint64_t *save, uint64_t next);
extern uint64_t sched_slice_tsc;

/* Switches between two user threads (prev already blocked, next taken off its queue). */
static inline __attribute__((always_inline)) void fast_switch(struct percpu *pc,
                                                              struct thread *prev,
                                                              struct thread *next)
{
    uint64_t now = rdtsc();
    prev->cpu_tsc += now - prev->run_start;
    next->run_start = now;
    next->state = TS_RUNNING;
    __asm__ volatile("fxsave64 (%0)" : : "r"(prev->fpu) : "memory");
    __asm__ volatile("fxrstor64 (%0)" : : "r"(next->fpu) : "memory");
    uint64_t cr3 = next->vspace->pml4;
    if (cr3 != prev->vspace->pml4)
        write_cr3(cr3);
    if ((prev->fs_base ^ next->fs_base) | (prev->gs_base ^ next->gs_base)) {
        wrmsr(MSR_FS_BASE, next->fs_base);
        wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
    }
    pc->kstack_top = next->kstack_top;
    tss.rsp[0] = next->kstack_top;
    pc->current = next;
    pc->slice_end_tsc = now + sched_slice_tsc;
    switch_context(&prev->ksp, next->ksp);
}

/* Back in the thread that blocked: anything unusual goes through the full exit work. */
static inline __attribute__((always_inline)) void fast_exit(struct percpu *pc,
                                                            struct thread *cur)
{
    if ((uint64_t)reap_head | (uint64_t)zombie | pc->need_resched |
        (uint64_t)(cur->state != TS_RUNNING)) {
        thread_reap_zombie();
        return_to_user_work();
    }
}

static inline __attribute__((always_inline)) void copy_msg(struct trap_frame *d,
                                                           const struct trap_frame *s)
{
    d->rdx = s->rdx;
    d->r10 = s->r10;
    d->r8 = s->r8;
    d->r9 = s->r9;
    d->r12 = s->r12;
    d->r13 = s->r13;
}

__hot void fastpath_call(struct trap_frame *tf)
{
    struct percpu *pc = &cpu0;
    struct thread *cur = pc->current;
    struct cspace *cs = cur->cspace;
    uint64_t h = tf->rdi, info = tf->rsi;
    if (h >= cs->nslots)
        goto slow;
    struct cap *c = &cs->slots[h];
    struct endpoint *ep = (struct endpoint *)c->obj;
    if (!ep)
        goto slow;
    struct thread *r = ep->receivers;
    if ((ep->obj.type ^ OBJ_ENDPOINT) | (~c->rights & RIGHT_WRITE) |
        (uint64_t)((info & 0x3FF) > IPC_REG_WORDS) | (uint64_t)(r == NULL))
        goto slow;
    if ((uint64_t)(r->prio < cur->prio) | r->suspended | r->on_sleep_queue |
        (uint64_t)r->caller)
        goto slow;
    struct thread *n = r->next, *p = r->prev;
    p->next = n;
    n->prev = p;
    ep->receivers = n == r ? NULL : n;
    r->next = r->prev = NULL;
    r->queue_head = NULL;
    struct trap_frame *d = r->tf;
    copy_msg(d, tf);
    d->rsi = info & ~(uint64_t)IPC_NONBLOCK;
    d->rdi = c->badge;
    d->rax = 0;
    uint64_t dummy;
    *(r->ipcbuf ? &r->ipcbuf->caps_in : &dummy) = 0;
    r->caller = cur;
    cur->reply_owner = r;
    cur->reply_obj = NULL;
    cur->state = TS_BLOCKED_REPLY;
    fast_switch(pc, cur, r);
    fast_exit(pc, cur);
    return;
slow:
    sys_call(tf);
    return_to_user_work();
}

__hot void fastpath_reply_recv(struct trap_frame *tf)
{
    struct percpu *pc = &cpu0;
    struct thread *cur = pc->current;
    struct cspace *cs = cur->cspace;
    struct thread *caller = cur->caller;
    uint64_t h = tf->rdi, info = tf->rsi;
    if ((uint64_t)(h >= cs->nslots) | (uint64_t)(caller == NULL))
        goto slow;
    struct cap *c = &cs->slots[h];
    struct endpoint *ep = (struct endpoint *)c->obj;
    if (!ep)
        goto slow;
    if ((ep->obj.type ^ OBJ_ENDPOINT) | (~c->rights & RIGHT_READ) |
        (uint64_t)((info & 0x3FF) > IPC_REG_WORDS) | (uint64_t)ep->senders | caller->in_fault |
        caller->suspended | (uint64_t)(caller->prio < cur->prio))
        goto slow;
    struct trap_frame *d = caller->tf;
    copy_msg(d, tf);
    d->rsi = info & ~(uint64_t)IPC_NONBLOCK;
    d->rdi = 0;
    d->rax = 0;
    uint64_t dummy;
    *(caller->ipcbuf ? &caller->ipcbuf->caps_in : &dummy) = 0;
    cur->caller = NULL;
    caller->reply_owner = NULL;
    /* Queue ourselves as a receiver (at the tail). */
    struct thread *head = ep->receivers;
    if (!head) {
        cur->next = cur->prev = cur;
        ep->receivers = cur;
    } else {
        cur->next = head;
        cur->prev = head->prev;
        head->prev->next = cur;
        head->prev = cur;
    }
    cur->queue_head = &ep->receivers;
    cur->state = TS_BLOCKED_RECV;
    fast_switch(pc, cur, caller);
    fast_exit(pc, cur);
    return;
slow:
    sys_reply_recv(tf);
    return_to_user_work();
}
