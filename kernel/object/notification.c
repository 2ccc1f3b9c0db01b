#include "notification.h"
#include "cspace.h"
#include "thread.h"
#include "tqueue.h"
#include "abi/errno.h"
#include "core/sched.h"
#include "mm/heap.h"

struct notification *notification_create(void)
{
    struct notification *n = kzalloc(sizeof *n);
    if (n)
        kobj_init(&n->obj, OBJ_NOTIFICATION);
    return n;
}

void notification_destroy(struct kobj *o)
{
    struct notification *n = (struct notification *)o;
    struct thread *t;
    while ((t = tq_pop(&n->waiters))) {
        thread_cancel_block(t);
        thread_wake(t, -ECANCELED);
    }
    kfree(n);
}

void notification_signal(struct notification *n, uint64_t bits)
{
    bits &= ~(1ull << 63); /* the result of wait must not look like an error */
    n->word |= bits ? bits : 1;
    struct thread *t = tq_pop(&n->waiters);
    if (t) {
        uint64_t w = n->word;
        n->word = 0;
        thread_cancel_block(t);
        thread_wake(t, (long)w);
    }
}

static struct notification *lookup(struct trap_frame *tf, uint32_t right, struct cap **out)
{
    struct cap *c = cspace_lookup(current_cspace(), tf->rdi);
    *out = c;
    long e = !c ? -EBADF : c->obj->type != OBJ_NOTIFICATION ? -EINVAL
                         : !(c->rights & right)              ? -EPERM
                                                             : 0;
    if (e) {
        tf->rax = (uint64_t)e;
        return NULL;
    }
    return (struct notification *)c->obj;
}

void sys_signal(struct trap_frame *tf)
{
    struct cap *c;
    struct notification *n = lookup(tf, RIGHT_WRITE, &c);
    if (!n)
        return;
    tf->rax = 0;
    notification_signal(n, c->badge ? c->badge : 1);
}

void sys_wait(struct trap_frame *tf)
{
    struct cap *c;
    struct notification *n = lookup(tf, RIGHT_READ, &c);
    if (!n)
        return;
    uint64_t timeout = tf->rsi;
    if (n->word) {
        tf->rax = n->word & ~(1ull << 63);
        n->word = 0;
        return;
    }
    if (timeout == TIMEOUT_POLL) {
        tf->rax = (uint64_t)-EAGAIN;
        return;
    }
    struct thread *cur = current_thread();
    tq_push(&n->waiters, cur);
    thread_block(TS_BLOCKED_NOTIFY, timeout);
}
