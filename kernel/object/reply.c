#include "reply.h"
#include "cspace.h"
#include "thread.h"
#include "abi/errno.h"
#include "mm/heap.h"

long reply_save(struct thread *t, struct cap *slot)
{
    struct thread *c = t->caller;
    if (!c)
        return -EINVAL;
    struct reply *r = kzalloc(sizeof *r);
    if (!r)
        return -ENOMEM;
    kobj_init(&r->obj, OBJ_REPLY);
    r->caller = c;
    c->reply_owner = NULL;
    c->reply_obj = r;
    t->caller = NULL;
    cap_insert(slot, &r->obj, RIGHT_WRITE, 0, NULL);
    return 0;
}

void reply_cap_deleted(struct reply *r)
{
    struct thread *c = r->caller;
    if (!c)
        return;
    r->caller = NULL;
    c->reply_obj = NULL;
    c->in_fault = false;
    thread_wake(c, -ECANCELED);
}

void reply_destroy(struct kobj *o)
{
    reply_cap_deleted((struct reply *)o);
    kfree(o);
}
