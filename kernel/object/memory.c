#include "memory.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/trap.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "untyped.h"

/* Frames whose memory object was deleted while they were still mapped. Their quota comes
 * back page by page, as the last mapping of each goes (page_put calls orphan_release). */
struct orphan {
    uint64_t phys;
    struct untyped *quota;
    struct orphan *next;
};
#define ORPHAN_BUCKETS 64
static struct orphan *orphans[ORPHAN_BUCKETS];

static struct orphan **orphan_bucket(uint64_t phys)
{
    return &orphans[(phys >> 12) % ORPHAN_BUCKETS];
}

static void orphan_release(uint64_t phys)
{
    for (struct orphan **pp = orphan_bucket(phys); *pp; pp = &(*pp)->next) {
        struct orphan *o = *pp;
        if (o->phys != phys)
            continue;
        *pp = o->next;
        untyped_refund(o->quota, 4096);
        kobj_put(&o->quota->obj);
        kfree(o);
        return;
    }
}

uint64_t memory_orphan_frames(struct memobj *m, struct untyped *quota)
{
    if (m->device || !quota)
        return 0;
    page_set_release_hook(orphan_release);
    uint64_t kept = 0;
    for (uint64_t i = 0; i < m->npages; i++) {
        if (page_refcount(m->frames[i]) < 2)
            continue;
        struct orphan *o = kmalloc(sizeof *o);
        if (!o)
            continue; /* refunded now: the quota is generous rather than the kernel failing */
        o->phys = m->frames[i];
        o->quota = quota;
        kobj_get(&quota->obj);
        struct orphan **b = orphan_bucket(o->phys);
        o->next = *b;
        *b = o;
        page_mark_charged(o->phys);
        kept += 4096;
    }
    return kept;
}

struct memobj *memory_create(uint64_t npages)
{
    struct memobj *m = kzalloc(sizeof *m);
    if (!m)
        return NULL;
    m->frames = kmalloc(npages * sizeof(uint64_t));
    if (!m->frames) {
        kfree(m);
        return NULL;
    }
    for (uint64_t i = 0; i < npages; i++) {
        m->frames[i] = page_alloc();
        if (!m->frames[i]) {
            while (i--)
                page_put(m->frames[i]);
            kfree(m->frames);
            kfree(m);
            return NULL;
        }
    }
    kobj_init(&m->obj, OBJ_MEMORY);
    m->npages = npages;
    return m;
}

struct memobj *memory_create_device(uint64_t phys, uint64_t npages)
{
    struct memobj *m = kzalloc(sizeof *m);
    if (!m)
        return NULL;
    m->frames = kmalloc((npages ? npages : 1) * sizeof(uint64_t));
    if (!m->frames) {
        kfree(m);
        return NULL;
    }
    for (uint64_t i = 0; i < npages; i++)
        m->frames[i] = (phys & ~0xFFFull) + i * 4096;
    kobj_init(&m->obj, OBJ_MEMORY);
    m->npages = npages;
    m->device = true;
    return m;
}

void memory_destroy(struct kobj *o)
{
    struct memobj *m = (struct memobj *)o;
    if (!m->device)
        for (uint64_t i = 0; i < m->npages; i++)
            page_put(m->frames[i]);
    kfree(m->frames);
    kfree(m);
}

long memory_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct memobj *m = (struct memobj *)c->obj;
    switch (method) {
    case MEMORY_INFO:
        return (long)m->npages;
    case MEMORY_PHYS:
        if (!(c->rights & RIGHT_CONTROL))
            return -EPERM;
        if (tf->rdx >= m->npages)
            return -EINVAL;
        return (long)m->frames[tf->rdx];
    }
    return -EINVAL;
}
