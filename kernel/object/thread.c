#include "thread.h"
#include "cspace.h"
#include "endpoint.h"
#include "memory.h"
#include "notification.h"
#include "reply.h"
#include "tqueue.h"
#include "vspace.h"
#include "abi/errno.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "core/futex.h"
#include "core/hot.h"
#include "core/log.h"
#include "core/panic.h"
#include "core/sched.h"
#include "core/usercopy.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/paging.h"
#include "mm/pmm.h"

extern char thread_start_user[], thread_start_kernel[];
static uint32_t next_id = 1;
__hotdata struct thread *zombie;

static struct thread *thread_alloc(void)
{
    /* The thread lives at the top of its kernel stack, beside its trap frame. */
    uint64_t top = kstack_alloc(KSTACK_PAGES);
    if (!top)
        return NULL;
    struct thread *t = (struct thread *)((top - sizeof(struct thread)) & ~63ull);
    memset(t, 0, sizeof *t);
    t->kstack_mem_top = top;
    t->kstack_top = (uint64_t)t & ~15ull;
    kobj_init(&t->obj, OBJ_THREAD);
    t->id = next_id++;
    t->prio = 100;
    t->state = TS_INACTIVE;
    t->tf = (struct trap_frame *)(t->kstack_top - sizeof(struct trap_frame));
    memset(t->tf, 0, sizeof *t->tf);
    /* Default x87 control word and MXCSR. */
    *(uint16_t *)&t->fpu[0] = 0x37F;
    *(uint32_t *)&t->fpu[24] = 0x1F80;
    return t;
}

struct thread *thread_create(void)
{
    struct thread *t = thread_alloc();
    if (!t)
        return NULL;
    t->tf->cs = GDT_UCODE | 3;
    t->tf->ss = GDT_UDATA | 3;
    t->tf->rflags = 0x202;
    uint64_t *sp = (uint64_t *)t->tf;
    *--sp = (uint64_t)thread_start_user;
    for (int i = 0; i < 6; i++)
        *--sp = 0;
    t->ksp = (uint64_t)sp;
    return t;
}

struct thread *thread_create_kernel(void (*fn)(void))
{
    struct thread *t = thread_alloc();
    if (!t)
        return NULL;
    t->kernel = true;
    uint64_t *sp = (uint64_t *)t->tf;
    *--sp = 0; /* alignment */
    *--sp = (uint64_t)thread_start_kernel;
    *--sp = 0;              /* rbp */
    *--sp = (uint64_t)fn;   /* rbx */
    for (int i = 0; i < 4; i++)
        *--sp = 0;
    t->ksp = (uint64_t)sp;
    return t;
}

struct thread *current_thread(void)
{
    return this_cpu()->current;
}

/* Frees a thread that is no longer running anywhere. */
static void thread_free(struct thread *t)
{
    kstack_free(t->kstack_mem_top, KSTACK_PAGES);
}

void thread_reap_zombie(void)
{
    if (zombie && zombie != current_thread()) {
        thread_free(zombie);
        zombie = NULL;
    }
}

void thread_cancel_block(struct thread *t)
{
    switch (t->state) {
    case TS_BLOCKED_SEND:
    case TS_BLOCKED_RECV:
    case TS_BLOCKED_NOTIFY:
        tq_remove(t);
        break;
    case TS_BLOCKED_FUTEX:
        tq_remove(t);
        futex_hold(t->futex_key, false);
        t->futex_key = 0;
        break;
    case TS_BLOCKED_REPLY:
        if (t->reply_owner)
            t->reply_owner->caller = NULL;
        if (t->reply_obj)
            t->reply_obj->caller = NULL;
        t->reply_owner = NULL;
        t->reply_obj = NULL;
        t->in_fault = false;
        break;
    }
    t->waiting_notif = NULL;
    sched_sleep_remove(t);
    t->wake_tsc = 0;
}

void thread_wake(struct thread *t, long result)
{
    if (t->in_fault)
        t->in_fault = false; /* a faulting thread retries its instruction: keep registers */
    else
        t->tf->rax = (uint64_t)result;
    t->wake_tsc = 0;
    sched_sleep_remove(t);
    if (t->suspended) {
        t->state = TS_INACTIVE;
        return;
    }
    sched_make_ready(t);
}

long thread_block(int state, uint64_t timeout_ns)
{
    struct thread *cur = current_thread();
    cur->state = state;
    if (timeout_ns < (1ull << 52)) { /* longer than ~52 days counts as forever */
        uint64_t d = ns_to_tsc(timeout_ns);
        cur->wake_tsc = rdtsc() + (d ? d : 1);
        sched_sleep_add(cur);
    }
    schedule();
    return (long)cur->tf->rax;
}

/* Answers whoever waits for t's reply with an error, then forgets them. */
static void drop_caller(struct thread *t)
{
    struct thread *c = t->caller;
    if (!c)
        return;
    t->caller = NULL;
    c->reply_owner = NULL;
    c->in_fault = false;
    thread_wake(c, -ECANCELED);
}

void thread_exit_current(void)
{
    struct thread *cur = current_thread();
    drop_caller(cur);
    cur->state = TS_DEAD;
    schedule();
    panic("dead thread %u ran again", cur->id);
}

void thread_destroy(struct kobj *o)
{
    struct thread *t = (struct thread *)o;
    thread_cancel_block(t);
    if (t->state == TS_READY)
        sched_dequeue(t);
    drop_caller(t);
    if (t->cspace)
        kobj_put(&t->cspace->obj);
    if (t->vspace)
        kobj_put(&t->vspace->obj);
    if (t->ipcbuf_mem) {
        page_pin(virt_to_phys(t->ipcbuf), -1);
        kobj_put(&t->ipcbuf_mem->obj);
    }
    if (t->fault_ep)
        kobj_put(&t->fault_ep->obj);
    t->cspace = NULL;
    t->ipcbuf = NULL;
    t->fault_ep = NULL;
    if (t == current_thread()) {
        /* Still on its stack: free it after the switch away. vspace stays valid for CR3
         * until then because the switch loads the next thread's. */
        t->state = TS_DEAD;
        t->dying = true;
        if (zombie)
            thread_free(zombie);
        zombie = t;
        return;
    }
    t->state = TS_DEAD;
    thread_free(t);
}

void thread_fault(uint64_t addr, uint64_t err, struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    if (!cur->fault_ep) {
        kprintf("thread %u: unhandled fault (addr %lx, error %lx) at rip %lx; suspended\n",
                cur->id, addr, err, tf->rip);
        cur->suspended = true;
        cur->state = TS_INACTIVE;
        schedule();
        return;
    }
    cur->fault_msg[0] = addr;
    cur->fault_msg[1] = err;
    cur->fault_msg[2] = tf->rip;
    cur->fault_msg[3] = tf->rsp;
    cur->in_fault = true;
    endpoint_send_fault(cur->fault_ep, cur);
}

static void regs_from_frame(struct thread *t, struct user_regs *r)
{
    struct trap_frame *f = t->tf;
    *r = (struct user_regs){f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->rsp,
                            f->r8,  f->r9,  f->r10, f->r11, f->r12, f->r13, f->r14, f->r15,
                            f->rip, f->rflags, t->fs_base, t->gs_base};
}

static long regs_to_frame(struct thread *t, const struct user_regs *r)
{
    if (r->rip >= USER_TOP || r->rsp >= USER_TOP || r->fs_base >= USER_TOP ||
        r->gs_base >= USER_TOP)
        return -EINVAL;
    struct trap_frame *f = t->tf;
    f->rax = r->rax, f->rbx = r->rbx, f->rcx = r->rcx, f->rdx = r->rdx;
    f->rsi = r->rsi, f->rdi = r->rdi, f->rbp = r->rbp, f->rsp = r->rsp;
    f->r8 = r->r8, f->r9 = r->r9, f->r10 = r->r10, f->r11 = r->r11;
    f->r12 = r->r12, f->r13 = r->r13, f->r14 = r->r14, f->r15 = r->r15;
    f->rip = r->rip;
    f->vector = 0; /* return through iretq: every register is restored */
    f->rflags = (r->rflags & 0x40CD5) | 0x202;
    t->fs_base = r->fs_base;
    t->gs_base = r->gs_base;
    if (t == current_thread()) {
        wrmsr(MSR_FS_BASE, t->fs_base);
        wrmsr(MSR_KERNEL_GS_BASE, t->gs_base);
    }
    t->regs_set = true;
    return 0;
}

static uint64_t tsc_to_ns(uint64_t tsc)
{
    return tsc / tsc_per_ms * 1000000 + tsc % tsc_per_ms * 1000000 / tsc_per_ms;
}

long thread_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct thread *t = (struct thread *)c->obj;
    struct thread *cur = current_thread();
    struct cspace *own = current_cspace();
    uint64_t a0 = tf->rdx, a1 = tf->r10, a2 = tf->r8, a3 = tf->r9, a4 = tf->r12;
    if (method == THREAD_READ_REGS || method == THREAD_STATS) {
        if (!(c->rights & RIGHT_READ))
            return -EPERM;
        if (method == THREAD_STATS) {
            uint64_t tsc = t->cpu_tsc;
            if (t == cur)
                tsc += rdtsc() - t->run_start;
            tf->rdx = (uint64_t)t->state;
            tf->r10 = (uint64_t)t->prio;
            return (long)tsc_to_ns(tsc);
        }
        struct user_regs r;
        regs_from_frame(t, &r);
        return copy_to_user(a0, &r, sizeof r);
    }
    if (method == THREAD_WRITE_REGS) {
        if (!(c->rights & RIGHT_WRITE))
            return -EPERM;
        struct user_regs r;
        long e = copy_from_user(&r, a0, sizeof r);
        if (e)
            return e;
        if (t->state == TS_DEAD)
            return -EINVAL;
        return regs_to_frame(t, &r);
    }
    if (method < THREAD_CONFIGURE || method > THREAD_STATS)
        return -EINVAL;
    if (!(c->rights & RIGHT_CONTROL))
        return -EPERM;
    if (t->state == TS_DEAD && method != THREAD_SET_PRIORITY)
        return -EINVAL;
    switch (method) {
    case THREAD_CONFIGURE: {
        struct cap *csc = cspace_lookup(own, a0), *vsc = cspace_lookup(own, a1);
        if (!csc || !vsc)
            return -EBADF;
        if (csc->obj->type != OBJ_CSPACE || vsc->obj->type != OBJ_VSPACE)
            return -EINVAL;
        struct memobj *m = NULL;
        if (a3) {
            struct cap *mc = cspace_lookup(own, a3);
            if (!mc)
                return -EBADF;
            if (mc->obj->type != OBJ_MEMORY)
                return -EINVAL;
            if ((mc->rights & (RIGHT_READ | RIGHT_WRITE)) != (RIGHT_READ | RIGHT_WRITE))
                return -EPERM;
            m = (struct memobj *)mc->obj;
            if (a4 >= m->npages || (a2 & 4095) || a2 >= USER_TOP)
                return -EINVAL;
        }
        if (t->kernel)
            return -EINVAL;
        kobj_get(csc->obj);
        kobj_get(vsc->obj);
        if (t->cspace)
            kobj_put(&t->cspace->obj);
        struct vspace *old_vs = t->vspace;
        t->cspace = (struct cspace *)csc->obj;
        t->vspace = (struct vspace *)vsc->obj;
        if (t == cur && old_vs != t->vspace)
            write_cr3(t->vspace->pml4);
        if (old_vs)
            kobj_put(&old_vs->obj);
        if (t->ipcbuf_mem) {
            page_pin(virt_to_phys(t->ipcbuf), -1);
            kobj_put(&t->ipcbuf_mem->obj);
        }
        t->ipcbuf_mem = m;
        t->ipcbuf = NULL;
        t->ipcbuf_va = 0;
        if (m) {
            kobj_get(&m->obj);
            t->ipcbuf = phys_to_virt(m->frames[a4]);
            t->ipcbuf_va = a2;
            page_pin(m->frames[a4], 1);
        }
        return 0;
    }
    case THREAD_SET_FAULT: {
        struct endpoint *ep = NULL;
        if (a0) {
            struct cap *ec = cspace_lookup(own, a0);
            if (!ec)
                return -EBADF;
            if (ec->obj->type != OBJ_ENDPOINT)
                return -EINVAL;
            if (!(ec->rights & RIGHT_WRITE))
                return -EPERM;
            ep = (struct endpoint *)ec->obj;
            kobj_get(&ep->obj);
        }
        if (t->fault_ep)
            kobj_put(&t->fault_ep->obj);
        t->fault_ep = ep;
        t->fault_badge = a1;
        return 0;
    }
    case THREAD_SET_PRIORITY:
        if (a0 > 255)
            return -EINVAL;
        if ((int)a0 > cur->prio)
            return -EPERM;
        if (t->state == TS_READY) {
            sched_dequeue(t);
            t->prio = (int)a0;
            sched_make_ready(t);
        } else {
            t->prio = (int)a0;
            if (t == cur)
                this_cpu()->need_resched = true;
        }
        return 0;
    case THREAD_RESUME:
        if (!t->cspace || !t->vspace || !t->regs_set)
            return -EINVAL;
        t->suspended = false;
        if (t->state == TS_INACTIVE)
            sched_make_ready(t);
        return 0;
    case THREAD_SUSPEND:
        t->suspended = true;
        if (t->state == TS_READY) {
            sched_dequeue(t);
            t->state = TS_INACTIVE;
        } else if (t->state == TS_RUNNING) {
            t->state = TS_INACTIVE; /* the current thread stops after this call */
        } else if (t->state != TS_INACTIVE) {
            thread_cancel_block(t);
            t->tf->rax = (uint64_t)-EINTR;
            t->state = TS_INACTIVE;
        }
        return 0;
    case THREAD_INTERRUPT:
        if (t->state >= TS_BLOCKED_SEND && t->state <= TS_SLEEPING) {
            thread_cancel_block(t);
            thread_wake(t, -EINTR);
        }
        return 0;
    }
    return -EINVAL;
}
