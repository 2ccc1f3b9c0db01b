#include "object.h"
#include "memory.h"
#include "untyped.h"
#include "core/panic.h"
#include "core/hot.h"
#include "mm/heap.h"

__hotdata struct kobj *reap_head;
static bool reaping;

void kobj_init(struct kobj *o, uint32_t type)
{
    o->type = type;
    o->refs = 0;
    o->source = NULL;
    o->charge = 0;
    o->reap_next = NULL;
}

void kobj_put(struct kobj *o)
{
    if (o->refs == 0)
        panic("kobj_put: object %p (type %u) has no references", (void *)o, o->type);
    if (--o->refs == 0) {
        o->reap_next = reap_head;
        reap_head = o;
    }
}

typedef void (*destroy_fn)(struct kobj *);
static const destroy_fn destroyers[OBJ_TYPE_COUNT] = {
    [OBJ_UNTYPED] = untyped_destroy,   [OBJ_THREAD] = thread_destroy,
    [OBJ_VSPACE] = vspace_destroy,     [OBJ_CSPACE] = cspace_destroy,
    [OBJ_ENDPOINT] = endpoint_destroy, [OBJ_NOTIFICATION] = notification_destroy,
    [OBJ_MEMORY] = memory_destroy,     [OBJ_REPLY] = reply_destroy,
    [OBJ_IRQ] = irq_destroy,           [OBJ_IOPORT] = ioport_destroy,
    [OBJ_IRQ_CONTROL] = 0,
};

void kobj_reap_all(void)
{
    if (reaping)
        return;
    reaping = true;
    while (reap_head) {
        struct kobj *o = reap_head;
        reap_head = o->reap_next;
        if (o->refs)
            continue; /* revived (a thread still running holds its own reference) */
        struct untyped *src = o->source;
        uint64_t charge = o->charge;
        if (o->type == OBJ_MEMORY)
            charge -= memory_orphan_frames((struct memobj *)o, src);
        if (destroyers[o->type])
            destroyers[o->type](o);
        if (src) {
            untyped_refund(src, charge);
            kobj_put(&src->obj);
        }
    }
    reaping = false;
}
