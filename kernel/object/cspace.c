#include "cspace.h"
#include "reply.h"
#include "thread.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/trap.h"
#include "lib/string.h"
#include "mm/heap.h"

struct cspace *cspace_create(uint32_t nslots)
{
    struct cspace *cs = kzalloc(sizeof *cs);
    if (!cs)
        return NULL;
    cs->slots = kzalloc(sizeof(struct cap) * nslots);
    if (!cs->slots) {
        kfree(cs);
        return NULL;
    }
    kobj_init(&cs->obj, OBJ_CSPACE);
    cs->nslots = nslots;
    return cs;
}

void cspace_destroy(struct kobj *o)
{
    struct cspace *cs = (struct cspace *)o;
    for (uint32_t i = 1; i < cs->nslots; i++)
        if (cs->slots[i].obj)
            cap_delete(&cs->slots[i]);
    kfree(cs->slots);
    kfree(cs);
}

struct cap *cspace_slot_empty(struct cspace *cs, uint64_t h)
{
    if (!cs || h == 0 || h >= cs->nslots || cs->slots[h].obj)
        return NULL;
    return &cs->slots[h];
}

long cspace_slot_error(struct cspace *cs, uint64_t h)
{
    if (!cs || h == 0 || h >= cs->nslots)
        return -EBADF;
    return -EEXIST;
}

static void link_child(struct cap *parent, struct cap *c)
{
    c->parent = parent;
    c->prev_sib = NULL;
    c->next_sib = NULL;
    if (!parent)
        return;
    c->next_sib = parent->first_child;
    if (parent->first_child)
        parent->first_child->prev_sib = c;
    parent->first_child = c;
}

static void unlink_child(struct cap *c)
{
    if (c->prev_sib)
        c->prev_sib->next_sib = c->next_sib;
    else if (c->parent)
        c->parent->first_child = c->next_sib;
    if (c->next_sib)
        c->next_sib->prev_sib = c->prev_sib;
    c->parent = c->prev_sib = c->next_sib = NULL;
}

void cap_insert(struct cap *slot, struct kobj *obj, uint32_t rights, uint64_t badge,
                struct cap *parent)
{
    slot->obj = obj;
    slot->rights = rights;
    slot->badge = badge;
    slot->first_child = NULL;
    kobj_get(obj);
    link_child(parent, slot);
}

void cap_delete(struct cap *slot)
{
    struct kobj *obj = slot->obj;
    if (!obj)
        return;
    struct cap *parent = slot->parent;
    while (slot->first_child) {
        struct cap *ch = slot->first_child;
        unlink_child(ch);
        link_child(parent, ch);
    }
    unlink_child(slot);
    slot->obj = NULL;
    slot->rights = 0;
    slot->badge = 0;
    if (obj->type == OBJ_REPLY)
        reply_cap_deleted((struct reply *)obj);
    kobj_put(obj);
}

void cap_revoke(struct cap *slot)
{
    /* Iterative depth-first: always delete a leaf, so no recursion on the kernel stack. */
    struct cap *c = slot->first_child;
    while (c) {
        if (c->first_child) {
            c = c->first_child;
            continue;
        }
        struct cap *parent = c->parent;
        cap_delete(c);
        c = parent == slot ? slot->first_child : parent;
    }
}

void cap_move(struct cap *dst, struct cap *src)
{
    *dst = *src;
    if (dst->prev_sib)
        dst->prev_sib->next_sib = dst;
    else if (dst->parent)
        dst->parent->first_child = dst;
    if (dst->next_sib)
        dst->next_sib->prev_sib = dst;
    for (struct cap *ch = dst->first_child; ch; ch = ch->next_sib)
        ch->parent = dst;
    memset(src, 0, sizeof *src);
}

struct cspace *current_cspace(void)
{
    return current_thread()->cspace;
}

long cspace_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct cspace *cs = (struct cspace *)c->obj;
    struct cspace *own = current_cspace();
    uint64_t a0 = tf->rdx, a1 = tf->r10, a2 = tf->r8, a3 = tf->r9;

    if (method == CSPACE_INFO) {
        if (!(c->rights & RIGHT_READ))
            return -EPERM;
        struct cap *s = cspace_lookup(cs, a0);
        if (!s)
            return a0 < cs->nslots && a0 ? OBJ_NULL : -EBADF;
        tf->rdx = s->rights;
        tf->r10 = s->badge;
        return s->obj->type;
    }
    if (method == CSPACE_FIND_FREE) {
        for (uint32_t i = 1; i < cs->nslots; i++)
            if (!cs->slots[i].obj)
                return i;
        return -ENOSPC;
    }
    if (!(c->rights & RIGHT_CONTROL))
        return (method >= CSPACE_COPY && method <= CSPACE_SAVE_REPLY) ||
                       method == CSPACE_COPY_FROM || method == CSPACE_MOVE_FROM
                   ? -EPERM
                   : -EINVAL;

    switch (method) {
    case CSPACE_COPY:
    case CSPACE_MINT: {
        struct cap *src = cspace_lookup(own, a1);
        if (!src)
            return -EBADF;
        struct cap *dst = cspace_slot_empty(cs, a0);
        if (!dst)
            return cspace_slot_error(cs, a0);
        if (src->obj->type == OBJ_REPLY)
            return -EINVAL; /* one-shot: may be moved, not copied */
        uint64_t badge = src->badge;
        if (method == CSPACE_MINT) {
            if (src->badge && a3 != src->badge)
                return -EPERM; /* a badge, once set, is fixed */
            badge = a3;
        }
        cap_insert(dst, src->obj, src->rights & (uint32_t)a2, badge, src);
        return 0;
    }
    case CSPACE_MOVE: {
        struct cap *src = cspace_lookup(own, a1);
        if (!src)
            return -EBADF;
        struct cap *dst = cspace_slot_empty(cs, a0);
        if (!dst)
            return dst == src ? 0 : cspace_slot_error(cs, a0);
        cap_move(dst, src);
        return 0;
    }
    case CSPACE_COPY_FROM:
    case CSPACE_MOVE_FROM: {
        struct cap *h = cspace_lookup(own, a1);
        if (!h)
            return -EBADF;
        if (h->obj->type != OBJ_CSPACE)
            return -EINVAL;
        if (!(h->rights & RIGHT_CONTROL))
            return -EPERM;
        struct cspace *scs = (struct cspace *)h->obj;
        struct cap *src = cspace_lookup(scs, a2);
        if (!src)
            return -EBADF;
        struct cap *dst = cspace_slot_empty(cs, a0);
        if (!dst)
            return cspace_slot_error(cs, a0);
        if (method == CSPACE_MOVE_FROM)
            cap_move(dst, src);
        else
            cap_insert(dst, src->obj, src->rights, src->badge, src);
        return 0;
    }
    case CSPACE_DELETE: {
        struct cap *s = cspace_lookup(cs, a0);
        if (!s)
            return -EBADF;
        if (s == c) {
            /* Deleting the capability being invoked: finish with it first. */
            cap_delete(s);
            return 0;
        }
        cap_delete(s);
        return 0;
    }
    case CSPACE_REVOKE: {
        struct cap *s = cspace_lookup(cs, a0);
        if (!s)
            return -EBADF;
        cap_revoke(s);
        return 0;
    }
    case CSPACE_SAVE_REPLY: {
        struct cap *dst = cspace_slot_empty(cs, a0);
        if (!dst)
            return cspace_slot_error(cs, a0);
        return reply_save(current_thread(), dst);
    }
    }
    return -EINVAL;
}
