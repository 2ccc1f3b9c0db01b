#pragma once
#include <stdbool.h>
#include <stdint.h>

struct thread;

/* Per-CPU data, reached through GS in the kernel. Offsets are used by syscall.S. */
struct percpu {
    struct percpu *self;     /* 0 */
    uint64_t kstack_top;     /* 8: top of the current thread's kernel stack */
    uint64_t user_rsp;       /* 16: scratch during syscall entry */
    struct thread *current;  /* 24 */
    struct thread *idle;
    bool need_resched;
    uint64_t slice_end_tsc;
};

extern struct percpu cpu0;
static inline struct percpu *this_cpu(void)
{
    return &cpu0;
}

void sched_init(void);
/* Adds a ready thread at the tail (or head) of its priority's queue. */
void sched_enqueue(struct thread *t, bool head);
void sched_dequeue(struct thread *t);
/* Picks the next thread and switches to it (returns when the caller runs again). */
void schedule(void);
/* Switches straight to next (already removed from every queue); the caller must have set
 * its own state. The IPC fastpath uses this to skip the run queue. */
void sched_switch_to(struct thread *next);
/* Called when t becomes ready: queues it and preempts the current thread if t outranks it. */
void sched_make_ready(struct thread *t);
/* Starts scheduling: never returns. */
__attribute__((noreturn)) void sched_start(void);
/* Sleep queue: wakes threads whose deadline has passed; reprograms the one-shot timer. */
void sched_sleep_add(struct thread *t);
void sched_sleep_remove(struct thread *t);
void sched_timer_tick(void);
uint64_t ns_to_tsc(uint64_t ns);
