#include "memory.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/trap.h"
#include "mm/heap.h"
#include "mm/pmm.h"

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
