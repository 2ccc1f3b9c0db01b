/* Endpoints and synchronous IPC: call, send, recv, reply_recv, with a fastpath for short
 * call/reply_recv that switches straight to the partner. */
#include "endpoint.h"
#include "cspace.h"
#include "reply.h"
#include "thread.h"
#include "tqueue.h"
#include "abi/errno.h"
#include "core/sched.h"
#include "lib/string.h"
#include "core/hot.h"
#include "mm/heap.h"

struct endpoint *endpoint_create(void)
{
    struct endpoint *ep = kzalloc(sizeof *ep);
    if (ep)
        kobj_init(&ep->obj, OBJ_ENDPOINT);
    return ep;
}

void endpoint_destroy(struct kobj *o)
{
    struct endpoint *ep = (struct endpoint *)o;
    struct thread *t;
    while ((t = tq_pop(&ep->senders)) || (t = tq_pop(&ep->receivers))) {
        thread_cancel_block(t);
        thread_wake(t, -ECANCELED);
    }
    kfree(ep);
}

/* Gives receiver a new caller to answer; a caller it still owed an answer gets -ECANCELED. */
__hot static void set_caller(struct thread *receiver, struct thread *caller)
{
    struct thread *old = receiver->caller;
    if (old) {
        old->reply_owner = NULL;
        thread_wake(old, -ECANCELED);
    }
    receiver->caller = caller;
    caller->reply_owner = receiver;
    caller->reply_obj = NULL;
    caller->state = TS_BLOCKED_REPLY;
}

/* Checks a message info word against what the sender can do; 0 or -errno. */
static long check_info(struct thread *s, uint64_t info, bool grant)
{
    if (IPC_LEN(info) > IPC_MAX_WORDS)
        return -EINVAL;
    if (IPC_LEN(info) > IPC_REG_WORDS && !s->ipcbuf)
        return -EINVAL;
    if (IPC_NCAPS(info)) {
        if (!grant)
            return -EPERM;
        if (!s->ipcbuf)
            return -EINVAL;
    }
    return 0;
}

/* Copies a message from src to dst's registers (and IPC buffer); dst's call returns 0. */
static void transfer(struct thread *src, struct thread *dst, uint64_t info, uint64_t badge,
                     bool grant)
{
    struct trap_frame *d = dst->tf;
    uint64_t len = IPC_LEN(info), label = IPC_LABEL(info), ncaps = IPC_NCAPS(info), got = 0;
    if (src->in_fault) {
        d->rdx = src->fault_msg[0];
        d->r10 = src->fault_msg[1];
        d->r8 = src->fault_msg[2];
        d->r9 = src->fault_msg[3];
        d->r12 = d->r13 = 0;
        len = 4;
        label = IPC_LABEL_FAULT;
        ncaps = 0;
    } else {
        struct trap_frame *s = src->tf;
        d->rdx = s->rdx;
        d->r10 = s->r10;
        d->r8 = s->r8;
        d->r9 = s->r9;
        d->r12 = s->r12;
        d->r13 = s->r13;
    }
    if (len > IPC_REG_WORDS) {
        if (src->ipcbuf && dst->ipcbuf)
            memcpy(&dst->ipcbuf->w[IPC_REG_WORDS], &src->ipcbuf->w[IPC_REG_WORDS],
                   (len - IPC_REG_WORDS) * sizeof(uint64_t));
        else
            len = IPC_REG_WORDS;
    }
    if (ncaps && grant && src->ipcbuf && dst->ipcbuf) {
        for (uint64_t i = 0; i < ncaps; i++) {
            struct cap *sc = cspace_lookup(src->cspace, src->ipcbuf->caps_out[i]);
            struct cap *dc = cspace_slot_empty(dst->cspace, dst->ipcbuf->recv_slots[i]);
            if (!sc || !dc)
                break;
            /* A reply is one-shot: it moves (a server hands a caller's answer on). */
            if (sc->obj->type == OBJ_REPLY)
                cap_move(dc, sc);
            else
                cap_insert(dc, sc->obj, sc->rights, sc->badge, sc);
            got++;
        }
    }
    if (dst->ipcbuf)
        dst->ipcbuf->caps_in = got;
    d->rsi = IPC_INFO(label, len, got);
    d->rdi = badge;
    d->rax = 0;
}

/* Answers caller with replier's message. */
static void do_reply(struct thread *replier, struct thread *caller, uint64_t info)
{
    caller->reply_owner = NULL;
    caller->reply_obj = NULL;
    if (!caller->in_fault)
        transfer(replier, caller, info, 0, true);
    thread_wake(caller, 0);
}

static struct endpoint *lookup_ep(struct trap_frame *tf, uint32_t right, struct cap **out)
{
    struct cap *c = cspace_lookup(current_cspace(), tf->rdi);
    *out = c;
    if (!c) {
        tf->rax = (uint64_t)-EBADF;
        return NULL;
    }
    if (c->obj->type != OBJ_ENDPOINT) {
        tf->rax = (uint64_t)-EINVAL;
        return NULL;
    }
    if (!(c->rights & right)) {
        tf->rax = (uint64_t)-EPERM;
        return NULL;
    }
    return (struct endpoint *)c->obj;
}

/* Receives on ep for the current thread (result in its registers). */
static void do_recv(struct thread *cur, struct endpoint *ep, uint64_t timeout)
{
    struct thread *s = tq_pop(&ep->senders);
    if (s) {
        transfer(s, cur, s->send_info, s->send_badge, s->send_grant);
        if (s->send_call) {
            set_caller(cur, s);
        } else {
            thread_wake(s, 0);
        }
        return;
    }
    if (timeout == TIMEOUT_POLL) {
        cur->tf->rax = (uint64_t)-EAGAIN;
        return;
    }
    tq_push(&ep->receivers, cur);
    thread_block(TS_BLOCKED_RECV, timeout);
}

/* Sends (or calls) from the current thread; blocks until a receiver takes it. */
static void do_send(struct thread *cur, struct endpoint *ep, struct cap *c, uint64_t info,
                    bool call)
{
    bool grant = c->rights & RIGHT_GRANT;
    long e = check_info(cur, info, grant);
    if (e) {
        cur->tf->rax = (uint64_t)e;
        return;
    }
    struct thread *r = tq_pop(&ep->receivers);
    if (r) {
        sched_sleep_remove(r);
        r->wake_tsc = 0;
        transfer(cur, r, info, c->badge, grant);
        if (call) {
            set_caller(r, cur);
            thread_wake(r, 0);
            schedule();
        } else {
            cur->tf->rax = 0;
            thread_wake(r, 0);
        }
        return;
    }
    if (!call && (info & IPC_NONBLOCK)) {
        cur->tf->rax = (uint64_t)-EAGAIN;
        return;
    }
    cur->send_info = info;
    cur->send_badge = c->badge;
    cur->send_call = call;
    cur->send_grant = grant;
    tq_push(&ep->senders, cur);
    thread_block(TS_BLOCKED_SEND, TIMEOUT_FOREVER);
}

void endpoint_send_fault(struct endpoint *ep, struct thread *t)
{
    struct thread *r = tq_pop(&ep->receivers);
    if (r) {
        sched_sleep_remove(r);
        r->wake_tsc = 0;
        transfer(t, r, 0, t->fault_badge, false);
        set_caller(r, t);
        thread_wake(r, 0);
        schedule();
        return;
    }
    t->send_info = IPC_INFO(IPC_LABEL_FAULT, 4, 0);
    t->send_badge = t->fault_badge;
    t->send_call = true;
    t->send_grant = false;
    tq_push(&ep->senders, t);
    thread_block(TS_BLOCKED_SEND, TIMEOUT_FOREVER);
}

__hot void sys_call(struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    struct cap *c = cspace_lookup(cur->cspace, tf->rdi);
    uint64_t info = tf->rsi;
    /* Fastpath: short message, no capabilities, a receiver already waiting. */
    if (c && c->obj->type == OBJ_ENDPOINT && (c->rights & RIGHT_WRITE) &&
        (info & 0x3FF) <= IPC_REG_WORDS) {
        struct endpoint *ep = (struct endpoint *)c->obj;
        struct thread *r = ep->receivers;
        if (r && r->prio >= cur->prio && !r->suspended) {
            tq_remove(r);
            if (r->on_sleep_queue)
                sched_sleep_remove(r);
            r->wake_tsc = 0;
            struct trap_frame *d = r->tf;
            d->rdx = tf->rdx;
            d->r10 = tf->r10;
            d->r8 = tf->r8;
            d->r9 = tf->r9;
            d->r12 = tf->r12;
            d->r13 = tf->r13;
            d->rsi = info & ~(uint64_t)IPC_NONBLOCK;
            d->rdi = c->badge;
            d->rax = 0;
            if (r->ipcbuf)
                r->ipcbuf->caps_in = 0;
            set_caller(r, cur);
            sched_switch_to(r);
            return;
        }
    }
    struct endpoint *ep = lookup_ep(tf, RIGHT_WRITE, &c);
    if (ep)
        do_send(cur, ep, c, info, true);
}

void sys_send(struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    struct cap *c = cspace_lookup(cur->cspace, tf->rdi);
    if (c && c->obj->type == OBJ_REPLY) {
        struct reply *r = (struct reply *)c->obj;
        long e = check_info(cur, tf->rsi, true);
        if (e) {
            tf->rax = (uint64_t)e;
            return;
        }
        struct thread *caller = r->caller;
        r->caller = NULL;
        cap_delete(c);
        if (!caller) {
            tf->rax = (uint64_t)-ECANCELED;
            return;
        }
        tf->rax = 0;
        do_reply(cur, caller, tf->rsi);
        return;
    }
    struct endpoint *ep = lookup_ep(tf, RIGHT_WRITE, &c);
    if (ep)
        do_send(cur, ep, c, tf->rsi, false);
}

void sys_recv(struct trap_frame *tf)
{
    struct cap *c;
    struct endpoint *ep = lookup_ep(tf, RIGHT_READ, &c);
    if (ep)
        do_recv(current_thread(), ep, tf->rsi);
}

__hot void sys_reply_recv(struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    struct cap *c;
    struct endpoint *ep = lookup_ep(tf, RIGHT_READ, &c);
    if (!ep)
        return;
    uint64_t info = tf->rsi;
    struct thread *caller = cur->caller;
    /* Fastpath: short reply, nobody queued to send, caller at least our priority. */
    if (caller && !caller->in_fault && (info & 0x3FF) <= IPC_REG_WORDS && !ep->senders &&
        caller->prio >= cur->prio && !caller->suspended) {
        struct trap_frame *d = caller->tf;
        d->rdx = tf->rdx;
        d->r10 = tf->r10;
        d->r8 = tf->r8;
        d->r9 = tf->r9;
        d->r12 = tf->r12;
        d->r13 = tf->r13;
        d->rsi = info & ~(uint64_t)IPC_NONBLOCK;
        d->rdi = 0;
        d->rax = 0;
        if (caller->ipcbuf)
            caller->ipcbuf->caps_in = 0;
        cur->caller = NULL;
        caller->reply_owner = NULL;
        tq_push(&ep->receivers, cur);
        cur->state = TS_BLOCKED_RECV;
        sched_switch_to(caller);
        return;
    }
    if (caller) {
        long e = check_info(cur, info, true);
        if (e) {
            tf->rax = (uint64_t)e;
            return;
        }
        cur->caller = NULL;
        do_reply(cur, caller, info);
    }
    do_recv(cur, ep, TIMEOUT_FOREVER);
}
