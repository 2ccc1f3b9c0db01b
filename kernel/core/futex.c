/* Futexes keyed by physical address, so threads in different address spaces sharing a
 * page meet on the same key. */
#include "futex.h"
#include "sched.h"
#include "usercopy.h"
#include "abi/errno.h"
#include "arch/x86_64/trap.h"
#include "object/thread.h"
#include "object/tqueue.h"
#include "object/vspace.h"
#include "mm/pmm.h"

#define FUTEX_BUCKETS 64
static struct thread *buckets[FUTEX_BUCKETS];

static struct thread **bucket(uint64_t key)
{
    return &buckets[(key >> 2) % FUTEX_BUCKETS];
}

void futex_hold(uint64_t key, bool hold)
{
    uint64_t frame = key & ~4095ull;
    if (!page_refcount(frame))
        return; /* not a reference-counted page (device memory, boot modules) */
    if (hold) {
        page_get(frame);
        page_pin(frame, 1);
    } else {
        page_pin(frame, -1);
        page_put(frame);
    }
}

void sys_futex_wait(struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    uint64_t addr = tf->rdi, timeout = tf->rdx;
    uint32_t expected = (uint32_t)tf->rsi, val;
    if (addr & 3) {
        tf->rax = (uint64_t)-EINVAL;
        return;
    }
    long e = copy_from_user(&val, addr, 4);
    if (e) {
        tf->rax = (uint64_t)e;
        return;
    }
    if (val != expected) {
        tf->rax = (uint64_t)-EAGAIN;
        return;
    }
    if (timeout == TIMEOUT_POLL) {
        tf->rax = (uint64_t)-ETIMEDOUT;
        return;
    }
    /* A copy-on-write page is made private first, and the frame is pinned while we wait:
     * a later vspace clone then copies it for the child instead of making it
     * copy-on-write, so a write by our own address space cannot move the word to a new
     * frame behind the waiter's back. */
    vspace_handle_cow(cur->vspace, addr);
    uint64_t key = vspace_translate(cur->vspace, addr);
    if (!key) {
        tf->rax = (uint64_t)-EFAULT;
        return;
    }
    futex_hold(key, true);
    cur->futex_key = key;
    tq_push(bucket(key), cur);
    thread_block(TS_BLOCKED_FUTEX, timeout);
}

void sys_futex_wake(struct trap_frame *tf)
{
    struct thread *cur = current_thread();
    uint64_t addr = tf->rdi, n = tf->rsi;
    uint32_t val;
    if (addr & 3) {
        tf->rax = (uint64_t)-EINVAL;
        return;
    }
    long e = copy_from_user(&val, addr, 4);
    uint64_t key = e ? 0 : vspace_translate(cur->vspace, addr);
    if (!key) {
        tf->rax = (uint64_t)-EFAULT;
        return;
    }
    struct thread **b = bucket(key);
    uint64_t woken = 0;
    while (woken < n) {
        struct thread *t = *b, *found = NULL;
        if (t) {
            do {
                if (t->futex_key == key) {
                    found = t;
                    break;
                }
                t = t->next;
            } while (t != *b);
        }
        if (!found)
            break;
        thread_cancel_block(found);
        thread_wake(found, 0);
        woken++;
    }
    tf->rax = woken;
}
