/* Pipes: a bounded buffer; readers of an empty pipe and writers to a full one wait with
 * their reply capability saved and are answered when the other end moves. */
#include "vfs.h"

#define PIPE_SIZE 4096

struct waiter {
    struct waiter *next;
    cap_t reply;
    struct ofile *f;
    size_t n;
    uint8_t data[FILE_IO_MAX];
};

struct pipe {
    uint8_t buf[PIPE_SIZE];
    size_t head, len;
    int readers, writers;
    bool named;             /* a FIFO's: freed with its vnode, not by the last close */
    struct waiter *rq, *wq; /* waiting readers and writers, oldest first */
};

struct pipe *pipe_new(bool named)
{
    struct pipe *p = vcalloc(1, sizeof(struct pipe));
    if (p)
        p->named = named;
    return p;
}

uint64_t pipe_bytes(struct pipe *p)
{
    return p->len;
}

void pipe_open_end(struct pipe *p, bool writer)
{
    if (writer)
        p->writers++;
    else
        p->readers++;
}

static size_t take(struct pipe *p, uint8_t *out, size_t n)
{
    if (n > p->len)
        n = p->len;
    for (size_t i = 0; i < n; i++)
        out[i] = p->buf[(p->head + i) % PIPE_SIZE];
    p->head = (p->head + n) % PIPE_SIZE;
    p->len -= n;
    return n;
}

static void put(struct pipe *p, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p->buf[(p->head + p->len + i) % PIPE_SIZE] = in[i];
    p->len += n;
}

static void push(struct waiter **q, struct waiter *w)
{
    while (*q)
        q = &(*q)->next;
    w->next = NULL;
    *q = w;
}

/* Answers waiters that can proceed now. */
static void wake(struct pipe *p)
{
    bool moved = true;
    while (moved) {
        moved = false;
        while (p->rq && (p->len || !p->writers)) {
            struct waiter *w = p->rq;
            p->rq = w->next;
            size_t got = take(p, reply_data(), w->n);
            reply_saved(w->reply, (long)got, got);
            vfree(w);
            moved = true;
        }
        while (p->wq && (!p->readers || PIPE_SIZE - p->len >= p->wq->n)) {
            struct waiter *w = p->wq;
            p->wq = w->next;
            long r = -EPIPE;
            if (p->readers) {
                put(p, w->data, w->n);
                r = (long)w->n;
            }
            reply_saved(w->reply, r, 0);
            vfree(w);
            moved = true;
        }
    }
}

void pipe_close_end(struct pipe *p, bool writer)
{
    if (writer)
        p->writers--;
    else
        p->readers--;
    wake(p);
    if (!p->named && !p->readers && !p->writers && !p->rq && !p->wq)
        vfree(p);
}

static long wait_on(struct req *r, struct pipe *p, struct waiter **q, struct ofile *f,
                    const void *data, size_t n)
{
    struct waiter *w = vmalloc(sizeof *w);
    if (!w)
        return -ENOMEM;
    w->reply = save_reply(r);
    if (!w->reply) {
        vfree(w);
        return -ENOMEM;
    }
    w->f = f;
    w->n = n;
    if (data)
        memcpy(w->data, data, n);
    push(q, w);
    (void)p;
    return 0;
}

long pipe_read(struct req *r, struct ofile *f, size_t n)
{
    struct pipe *p = f->pipe;
    if (n == 0)
        return 0;
    if (p->len) {
        size_t got = take(p, reply_data(), n);
        r->out_bytes = got;
        wake(p);
        return (long)got;
    }
    if (!p->writers)
        return 0;
    if (f->flags & O_NONBLOCK)
        return -EAGAIN;
    return wait_on(r, p, &p->rq, f, NULL, n);
}

long pipe_write(struct req *r, struct ofile *f, const void *buf, size_t n)
{
    struct pipe *p = f->pipe;
    if (!p->readers)
        return -EPIPE;
    if (n == 0)
        return 0;
    if (!p->wq && PIPE_SIZE - p->len >= n) {
        put(p, buf, n);
        wake(p);
        return (long)n;
    }
    if (f->flags & O_NONBLOCK)
        return -EAGAIN;
    return wait_on(r, p, &p->wq, f, buf, n);
}

long pipe_poll(struct pipe *p, bool writer)
{
    if (writer)
        return !p->readers ? POLLERR : (PIPE_SIZE - p->len >= FILE_IO_MAX ? POLLOUT : 0);
    return (p->len ? POLLIN : 0) | (!p->writers ? POLLHUP : 0);
}
