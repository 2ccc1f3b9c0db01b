#include "irq.h"
#include "cspace.h"
#include "notification.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/trap.h"
#include "mm/heap.h"

#define IRQ_LINES 16
#define IRQ_VECTOR_BASE 0x30

static struct irq *lines[IRQ_LINES];

struct irq_control *irq_control_create(void)
{
    struct irq_control *c = kzalloc(sizeof *c);
    if (c)
        kobj_init(&c->obj, OBJ_IRQ_CONTROL);
    return c;
}

static void irq_fire(struct trap_frame *tf, void *arg)
{
    (void)tf;
    struct irq *q = arg;
    ioapic_mask(ioapic_isa_gsi(q->line), true);
    if (q->notif)
        notification_signal(q->notif, q->bits);
}

long irq_control_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct cspace *own = current_cspace();
    if (method != IRQ_CONTROL_GET)
        return -EINVAL;
    if (!(c->rights & RIGHT_CONTROL))
        return -EPERM;
    uint64_t line = tf->rdx, dst = tf->r10;
    if (line >= IRQ_LINES || line == 2)
        return -EINVAL;
    struct cap *slot = cspace_slot_empty(own, dst);
    if (!slot)
        return cspace_slot_error(own, dst);
    if (lines[line])
        return -EBUSY;
    struct irq *q = kzalloc(sizeof *q);
    if (!q)
        return -ENOMEM;
    kobj_init(&q->obj, OBJ_IRQ);
    q->line = (int)line;
    lines[line] = q;
    trap_set_handler(IRQ_VECTOR_BASE + (int)line, irq_fire, q);
    ioapic_route_isa((int)line, IRQ_VECTOR_BASE + (int)line);
    ioapic_mask(ioapic_isa_gsi((int)line), true);
    cap_insert(slot, &q->obj, RIGHT_ALL, 0, NULL);
    return 0;
}

long irq_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct irq *q = (struct irq *)c->obj;
    if (!(c->rights & RIGHT_CONTROL))
        return method == IRQ_SET_NOTIFICATION || method == IRQ_ACK ? -EPERM : -EINVAL;
    switch (method) {
    case IRQ_SET_NOTIFICATION: {
        struct notification *n = NULL;
        if (tf->rdx) {
            struct cap *nc = cspace_lookup(current_cspace(), tf->rdx);
            if (!nc)
                return -EBADF;
            if (nc->obj->type != OBJ_NOTIFICATION)
                return -EINVAL;
            if (!(nc->rights & RIGHT_WRITE))
                return -EPERM;
            n = (struct notification *)nc->obj;
            kobj_get(&n->obj);
        }
        if (q->notif)
            kobj_put(&q->notif->obj);
        q->notif = n;
        q->bits = tf->r10 ? tf->r10 : 1;
        if (n)
            ioapic_mask(ioapic_isa_gsi(q->line), false);
        return 0;
    }
    case IRQ_ACK:
        ioapic_mask(ioapic_isa_gsi(q->line), false);
        return 0;
    }
    return -EINVAL;
}

void irq_destroy(struct kobj *o)
{
    struct irq *q = (struct irq *)o;
    ioapic_mask(ioapic_isa_gsi(q->line), true);
    trap_set_handler(IRQ_VECTOR_BASE + q->line, 0, 0);
    lines[q->line] = NULL;
    if (q->notif)
        kobj_put(&q->notif->obj);
    kfree(q);
}
