/* The kernel log ring: the newest KLOG_SIZE bytes of everything printed, read by user
 * programs (dmesg) through the log_read system call. */
#include "klog.h"
#include "ktest.h"
#include "syscall.h"
#include "usercopy.h"
#include "abi/errno.h"
#include "log.h"
#include "core/spinlock.h"
#include "lib/string.h"

void ring_put(struct ring *r, const char *s, size_t n)
{
    /* Only the last size bytes of a long write can survive. */
    if (n > r->size) {
        r->end += n - r->size;
        s += n - r->size;
        n = r->size;
    }
    size_t at = (size_t)(r->end % r->size);
    size_t first = r->size - at < n ? r->size - at : n;
    memcpy(r->buf + at, s, first);
    memcpy(r->buf, s + first, n - first);
    r->end += n;
}

size_t ring_get(const struct ring *r, uint64_t *pos, char *dst, size_t len)
{
    uint64_t oldest = r->end > r->size ? r->end - r->size : 0;
    if (*pos < oldest) *pos = oldest;
    if (*pos >= r->end) return 0;
    uint64_t avail = r->end - *pos;
    size_t n = avail < len ? (size_t)avail : len;
    size_t at = (size_t)(*pos % r->size);
    size_t first = r->size - at < n ? r->size - at : n;
    memcpy(dst, r->buf + at, first);
    memcpy(dst + first, r->buf, n - first);
    *pos += n;
    return n;
}

static char klog_buf[KLOG_SIZE];
static struct ring klog = {klog_buf, KLOG_SIZE, 0};
static struct spinlock klog_lock;

void klog_put(const char *s, size_t n)
{
    uint64_t f = spin_lock_irqsave(&klog_lock);
    ring_put(&klog, s, n);
    spin_unlock_irqrestore(&klog_lock, f);
}

/* log_read(pos, buf, len): rdi points to the caller's position in the log (bytes since boot),
 * read and updated; the bytes from there (or from the oldest retained one) go to buf. */
void sys_log_read(struct trap_frame *tf)
{
    uint64_t upos = tf->rdi, ubuf = tf->rsi, len = tf->rdx, pos, done = 0;
    long e = copy_from_user(&pos, upos, sizeof pos);
    while (e == 0 && done < len) {
        char chunk[256];
        uint64_t f = spin_lock_irqsave(&klog_lock);
        size_t n =
            ring_get(&klog, &pos, chunk, len - done < sizeof chunk ? len - done : sizeof chunk);
        spin_unlock_irqrestore(&klog_lock, f);
        if (n == 0) break;
        e = copy_to_user(ubuf + done, chunk, n);
        done += n;
    }
    if (e == 0) e = copy_to_user(upos, &pos, sizeof pos);
    tf->rax = e ? (uint64_t)e : done;
}

KTEST(klog_ring_wraps_and_skips_overwritten)
{
    char buf[8], out[16];
    struct ring r = {buf, sizeof buf, 0};
    uint64_t pos = 0;
    KT_EQ(ring_get(&r, &pos, out, sizeof out), 0);
    ring_put(&r, "abcde", 5);
    KT_EQ(ring_get(&r, &pos, out, 2), 2);
    KT_ASSERT(!memcmp(out, "ab", 2) && pos == 2);
    ring_put(&r, "fghij", 5); /* 10 bytes put: "ab" are gone, the ring holds c..j */
    KT_EQ(ring_get(&r, &pos, out, sizeof out), 8);
    KT_ASSERT(!memcmp(out, "cdefghij", 8) && pos == 10);
    ring_put(&r, "klmnopqrstu", 11); /* longer than the ring: only its last 8 bytes stay */
    pos = 0;
    KT_EQ(ring_get(&r, &pos, out, sizeof out), 8);
    KT_ASSERT(!memcmp(out, "nopqrstu", 8) && pos == 21);
    pos = 15; /* a reader that is still inside the retained window reads across the seam */
    KT_EQ(ring_get(&r, &pos, out, sizeof out), 6);
    KT_ASSERT(!memcmp(out, "pqrstu", 6) && pos == 21);
    KT_EQ(ring_get(&r, &pos, out, sizeof out), 0);
}

KTEST(klog_keeps_what_the_kernel_prints)
{
    static const char mark[] = "klog test mark\n";
    kputs(mark);
    uint64_t f = spin_lock_irqsave(&klog_lock);
    uint64_t pos = klog.end - (sizeof mark - 1);
    char out[sizeof mark];
    size_t n = ring_get(&klog, &pos, out, sizeof out);
    spin_unlock_irqrestore(&klog_lock, f);
    KT_EQ(n, sizeof mark - 1);
    KT_ASSERT(!memcmp(out, mark, n));
}
