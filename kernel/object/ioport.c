#include "ioport.h"
#include "cspace.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "mm/heap.h"

struct ioport *ioport_create(uint32_t first, uint32_t count)
{
    struct ioport *p = kzalloc(sizeof *p);
    if (!p)
        return NULL;
    kobj_init(&p->obj, OBJ_IOPORT);
    p->first = first;
    p->count = count;
    return p;
}

void ioport_destroy(struct kobj *o)
{
    kfree(o);
}

static bool covers(struct ioport *p, uint64_t port, uint64_t width)
{
    return port >= p->first && port + width <= (uint64_t)p->first + p->count && port + width > port;
}

long ioport_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct ioport *p = (struct ioport *)c->obj;
    uint64_t port = tf->rdx, width = tf->r10, value = tf->r8;
    switch (method) {
    case IOPORT_IN:
    case IOPORT_OUT:
        if (!(c->rights & (method == IOPORT_IN ? RIGHT_READ : RIGHT_WRITE)))
            return -EPERM;
        if (width != 1 && width != 2 && width != 4)
            return -EINVAL;
        if (!covers(p, port, width))
            return -EPERM;
        if (method == IOPORT_IN)
            return width == 1 ? inb((uint16_t)port) : width == 2 ? inw((uint16_t)port)
                                                                 : (long)inl((uint16_t)port);
        if (width == 1)
            outb((uint16_t)port, (uint8_t)value);
        else if (width == 2)
            outw((uint16_t)port, (uint16_t)value);
        else
            outl((uint16_t)port, (uint32_t)value);
        return 0;
    case IOPORT_ISSUE: {
        if (!(c->rights & RIGHT_CONTROL))
            return -EPERM;
        uint64_t first = tf->rdx, count = tf->r10, dst = tf->r8;
        if (count == 0 || !covers(p, first, count))
            return -EPERM;
        struct cspace *own = current_cspace();
        struct cap *slot = cspace_slot_empty(own, dst);
        if (!slot)
            return cspace_slot_error(own, dst);
        struct ioport *np = ioport_create((uint32_t)first, (uint32_t)count);
        if (!np)
            return -ENOMEM;
        cap_insert(slot, &np->obj, c->rights, 0, c);
        return 0;
    }
    }
    return -EINVAL;
}
