#include "sched.h"
#include "hot.h"
#include "log.h"
#include "panic.h"
#include "abi/errno.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/trap.h"
#include "mm/heap.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "object/thread.h"
#include "object/vspace.h"

#define TIMESLICE_NS 10000000ull

__hotdata struct percpu cpu0;
static struct thread *runq[256];
static uint64_t runq_bits[4];
static struct thread *sleep_head;
__hotdata uint64_t sched_slice_tsc;

void switch_context(uint64_t *save, uint64_t next);

uint64_t ns_to_tsc(uint64_t ns)
{
    return ns / 1000000 * tsc_per_ms + ns % 1000000 * tsc_per_ms / 1000000;
}

void sched_enqueue(struct thread *t, bool head)
{
    int p = t->prio;
    struct thread **q = &runq[p];
    if (!*q) {
        t->next = t->prev = t;
        *q = t;
        runq_bits[p / 64] |= 1ull << (p % 64);
    } else {
        t->next = *q;
        t->prev = (*q)->prev;
        (*q)->prev->next = t;
        (*q)->prev = t;
        if (head)
            *q = t;
    }
    t->state = TS_READY;
}

void sched_dequeue(struct thread *t)
{
    int p = t->prio;
    if (t->next == t) {
        runq[p] = NULL;
        runq_bits[p / 64] &= ~(1ull << (p % 64));
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (runq[p] == t)
            runq[p] = t->next;
    }
    t->next = t->prev = NULL;
}

static struct thread *pick_next(void)
{
    for (int w = 3; w >= 0; w--)
        if (runq_bits[w]) {
            int p = w * 64 + 63 - __builtin_clzll(runq_bits[w]);
            struct thread *t = runq[p];
            sched_dequeue(t);
            return t;
        }
    return NULL;
}

static int highest_ready(void)
{
    for (int w = 3; w >= 0; w--)
        if (runq_bits[w])
            return w * 64 + 63 - __builtin_clzll(runq_bits[w]);
    return -1;
}

__hot void sched_switch_to(struct thread *next)
{
    struct percpu *c = this_cpu();
    struct thread *prev = c->current;
    next->state = TS_RUNNING;
    if (prev == next)
        return;
    uint64_t now = rdtsc();
    prev->cpu_tsc += now - prev->run_start;
    next->run_start = now;
    if (!prev->kernel)
        __asm__ volatile("fxsave64 (%0)" : : "r"(prev->fpu) : "memory");
    if (!next->kernel) {
        __asm__ volatile("fxrstor64 (%0)" : : "r"(next->fpu) : "memory");
        if (!prev->kernel && prev->vspace != next->vspace)
            write_cr3(next->vspace->pml4);
        else if (prev->kernel && read_cr3() != next->vspace->pml4)
            write_cr3(next->vspace->pml4);
        if (prev->fs_base != next->fs_base || prev->kernel)
            wrmsr(MSR_FS_BASE, next->fs_base);
        if (prev->gs_base != next->gs_base || prev->kernel)
            wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
    }
    c->kstack_top = next->kstack_top;
    tss_set_rsp0(next->kstack_top);
    c->current = next;
    c->slice_end_tsc = now + sched_slice_tsc;
    switch_context(&prev->ksp, next->ksp);
    if (__builtin_expect(zombie_pending(), 0))
        thread_reap_zombie();
}

void schedule(void)
{
    struct percpu *c = this_cpu();
    struct thread *cur = c->current;
    c->need_resched = false;
    if (cur->state == TS_RUNNING && !cur->kernel) {
        /* Still runnable: keep running unless someone of at least our priority waits. */
        if (highest_ready() < cur->prio)
            return;
        sched_enqueue(cur, false);
    }
    struct thread *next = pick_next();
    if (!next)
        next = c->idle;
    sched_switch_to(next);
}

void sched_make_ready(struct thread *t)
{
    struct thread *cur = this_cpu()->current;
    sched_enqueue(t, false);
    if (cur->kernel || t->prio > cur->prio)
        this_cpu()->need_resched = true;
}

static void sleep_program(void)
{
    uint64_t deadline = this_cpu()->slice_end_tsc;
    if (sleep_head && sleep_head->wake_tsc < deadline)
        deadline = sleep_head->wake_tsc;
    lapic_timer_oneshot_tsc(deadline);
}

void sched_sleep_add(struct thread *t)
{
    struct thread **pp = &sleep_head, *prev = NULL;
    while (*pp && (*pp)->wake_tsc <= t->wake_tsc) {
        prev = *pp;
        pp = &(*pp)->sleep_next;
    }
    t->sleep_next = *pp;
    t->sleep_prev = prev;
    if (*pp)
        (*pp)->sleep_prev = t;
    *pp = t;
    t->on_sleep_queue = true;
    sleep_program();
}

void sched_sleep_remove(struct thread *t)
{
    if (!t->on_sleep_queue)
        return;
    if (t->sleep_prev)
        t->sleep_prev->sleep_next = t->sleep_next;
    else
        sleep_head = t->sleep_next;
    if (t->sleep_next)
        t->sleep_next->sleep_prev = t->sleep_prev;
    t->sleep_next = t->sleep_prev = NULL;
    t->on_sleep_queue = false;
}

void sched_timer_tick(void)
{
    struct percpu *c = this_cpu();
    uint64_t now = rdtsc();
    while (sleep_head && sleep_head->wake_tsc <= now) {
        struct thread *t = sleep_head;
        sched_sleep_remove(t);
        thread_cancel_block(t);
        thread_wake(t, -ETIMEDOUT);
    }
    if (now >= c->slice_end_tsc) {
        c->need_resched = true;
        c->slice_end_tsc = now + sched_slice_tsc;
    }
    sleep_program();
}

static void idle_loop(void)
{
    for (;;) {
        __asm__ volatile("sti; hlt; cli");
        if (this_cpu()->need_resched)
            schedule();
    }
}

void sched_init(void)
{
    struct percpu *c = this_cpu();
    c->self = c;
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    /* FPU/SSE for user threads: saved with fxsave on every switch. */
    write_cr0((read_cr0() & ~(1ull << 2)) | (1ull << 1));
    write_cr4(read_cr4() | (1ull << 9) | (1ull << 10));
    c->idle = thread_create_kernel(idle_loop);
    if (!c->idle)
        panic("sched: no memory for the idle thread");
    c->idle->prio = 0;
    c->idle->state = TS_RUNNING;
    /* The boot stack acts as a placeholder "current" until the first switch. */
    static struct thread boot_thread;
    boot_thread.kernel = true;
    boot_thread.state = TS_DEAD;
    c->current = &boot_thread;
}

void sched_start(void)
{
    sched_slice_tsc = ns_to_tsc(TIMESLICE_NS);
    this_cpu()->slice_end_tsc = rdtsc() + ns_to_tsc(TIMESLICE_NS);
    schedule();
    panic("sched_start returned");
}
