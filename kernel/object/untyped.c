#include "untyped.h"
#include "cspace.h"
#include "endpoint.h"
#include "memory.h"
#include "notification.h"
#include "thread.h"
#include "vspace.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/trap.h"
#include "mm/heap.h"
#include "mm/pmm.h"

struct untyped *untyped_create(uint64_t bytes)
{
    struct untyped *u = kzalloc(sizeof *u);
    if (!u)
        return NULL;
    kobj_init(&u->obj, OBJ_UNTYPED);
    u->remaining = bytes;
    return u;
}

void untyped_refund(struct untyped *u, uint64_t bytes)
{
    u->remaining += bytes;
}

int untyped_charge(struct untyped *u, struct kobj *o, uint64_t bytes)
{
    if (u->remaining < bytes)
        return -ENOMEM;
    u->remaining -= bytes;
    o->source = u;
    o->charge = bytes;
    kobj_get(&u->obj);
    return 0;
}

void untyped_destroy(struct kobj *o)
{
    kfree(o);
}

/* What an object of type costs the quota, or 0 when the type cannot be made by retype. */
static uint64_t object_cost(uint64_t type, uint64_t arg)
{
    switch (type) {
    case OBJ_THREAD:
        return 5 * 4096;
    case OBJ_VSPACE:
        return 2 * 4096;
    case OBJ_CSPACE:
        return arg * sizeof(struct cap) + 256;
    case OBJ_ENDPOINT:
    case OBJ_NOTIFICATION:
        return 128;
    case OBJ_MEMORY:
        return arg * 4096 + arg * 8 + 128;
    default:
        return 0;
    }
}

long untyped_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct untyped *u = (struct untyped *)c->obj;
    struct cspace *cs = current_cspace();
    switch (method) {
    case UNTYPED_INFO:
        tf->rdx = pmm_free_pages();
        return (long)u->remaining;
    case UNTYPED_RETYPE: {
        uint64_t type = tf->rdx, arg = tf->r10, dst = tf->r8;
        if (!(c->rights & RIGHT_CONTROL))
            return -EPERM;
        if (type == OBJ_CSPACE && (arg < 16 || arg > 4096 || (arg & (arg - 1))))
            return -EINVAL;
        if (type == OBJ_MEMORY && (arg == 0 || arg > (1ull << 20)))
            return -EINVAL;
        uint64_t cost = object_cost(type, arg);
        if (!cost)
            return -EINVAL;
        struct cap *slot = cspace_slot_empty(cs, dst);
        if (!slot)
            return cspace_slot_error(cs, dst);
        if (u->remaining < cost)
            return -ENOMEM;
        struct kobj *o = NULL;
        switch (type) {
        case OBJ_THREAD:
            o = (struct kobj *)thread_create();
            break;
        case OBJ_VSPACE:
            o = (struct kobj *)vspace_create();
            break;
        case OBJ_CSPACE:
            o = (struct kobj *)cspace_create((uint32_t)arg);
            break;
        case OBJ_ENDPOINT:
            o = (struct kobj *)endpoint_create();
            break;
        case OBJ_NOTIFICATION:
            o = (struct kobj *)notification_create();
            break;
        case OBJ_MEMORY:
            o = (struct kobj *)memory_create(arg);
            break;
        }
        if (!o)
            return -ENOMEM;
        untyped_charge(u, o, cost);
        cap_insert(slot, o, RIGHT_ALL, 0, NULL);
        return 0;
    }
    case UNTYPED_SPLIT: {
        uint64_t bytes = tf->rdx, dst = tf->r10;
        if (!(c->rights & RIGHT_CONTROL))
            return -EPERM;
        struct cap *slot = cspace_slot_empty(cs, dst);
        if (!slot)
            return cspace_slot_error(cs, dst);
        if (bytes == 0 || u->remaining < bytes)
            return -ENOMEM;
        struct untyped *child = untyped_create(bytes);
        if (!child)
            return -ENOMEM;
        untyped_charge(u, &child->obj, bytes);
        cap_insert(slot, &child->obj, RIGHT_ALL, 0, NULL);
        return 0;
    }
    }
    return -EINVAL;
}
