#include "irq.h"
#include "cspace.h"
#include "notification.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/trap.h"
#include "memory.h"
#include "mm/heap.h"

#define IRQ_LINES 16
#define IRQ_VECTOR_BASE 0x30
#define MSI_VECTOR_BASE 0x60
#define MSI_VECTORS 64
#define MSI_ADDRESS 0xFEE00000ull

static struct irq *lines[IRQ_LINES];
static struct irq *msis[MSI_VECTORS];

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

static void msi_fire(struct trap_frame *tf, void *arg)
{
    (void)tf;
    struct irq *q = arg;
    if (q->masked || !q->notif) {
        q->pending = true;
        return;
    }
    q->masked = true;
    notification_signal(q->notif, q->bits);
}

static long control_mmio(struct trap_frame *tf)
{
    struct cspace *own = current_cspace();
    uint64_t phys = tf->rdx, npages = tf->r10, dst = tf->r8;
    long e = memory_mmio_check(phys, npages);
    if (e < 0)
        return e;
    struct cap *slot = cspace_slot_empty(own, dst);
    if (!slot)
        return cspace_slot_error(own, dst);
    struct memobj *m = memory_create_device(phys, npages);
    if (!m)
        return -ENOMEM;
    m->uncached = true;
    cap_insert(slot, &m->obj, RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT | RIGHT_CONTROL, 0, NULL);
    return 0;
}

static long control_msi(struct trap_frame *tf)
{
    struct cspace *own = current_cspace();
    uint64_t dst = tf->rdx;
    struct cap *slot = cspace_slot_empty(own, dst);
    if (!slot)
        return cspace_slot_error(own, dst);
    int v = 0;
    while (v < MSI_VECTORS && msis[v])
        v++;
    if (v == MSI_VECTORS)
        return -EBUSY;
    struct irq *q = kzalloc(sizeof *q);
    if (!q)
        return -ENOMEM;
    kobj_init(&q->obj, OBJ_IRQ);
    q->line = -1;
    q->vector = MSI_VECTOR_BASE + v;
    q->masked = true; /* until a notification is set */
    msis[v] = q;
    trap_set_handler(q->vector, msi_fire, q);
    cap_insert(slot, &q->obj, RIGHT_ALL, 0, NULL);
    /* Fixed delivery, edge, physical destination: this CPU. */
    tf->rdx = MSI_ADDRESS | ((uint64_t)lapic_id() << 12);
    tf->r10 = (uint64_t)q->vector;
    return q->vector;
}

long irq_control_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct cspace *own = current_cspace();
    if (method != IRQ_CONTROL_GET && method != IRQ_CONTROL_MMIO && method != IRQ_CONTROL_MSI)
        return -EINVAL;
    if (!(c->rights & RIGHT_CONTROL))
        return -EPERM;
    if (method == IRQ_CONTROL_MMIO)
        return control_mmio(tf);
    if (method == IRQ_CONTROL_MSI)
        return control_msi(tf);
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
    q->vector = IRQ_VECTOR_BASE + (int)line;
    lines[line] = q;
    trap_set_handler(IRQ_VECTOR_BASE + (int)line, irq_fire, q);
    ioapic_route_isa((int)line, IRQ_VECTOR_BASE + (int)line);
    ioapic_mask(ioapic_isa_gsi((int)line), true);
    cap_insert(slot, &q->obj, RIGHT_ALL, 0, NULL);
    return 0;
}

static void unmask(struct irq *q)
{
    if (q->line >= 0) {
        ioapic_mask(ioapic_isa_gsi(q->line), false);
        return;
    }
    q->masked = false;
    if (q->pending && q->notif) {
        q->pending = false;
        q->masked = true;
        notification_signal(q->notif, q->bits);
    }
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
            unmask(q);
        return 0;
    }
    case IRQ_ACK:
        unmask(q);
        return 0;
    }
    return -EINVAL;
}

void irq_destroy(struct kobj *o)
{
    struct irq *q = (struct irq *)o;
    if (q->line >= 0) {
        ioapic_mask(ioapic_isa_gsi(q->line), true);
        lines[q->line] = NULL;
    } else {
        msis[q->vector - MSI_VECTOR_BASE] = NULL;
    }
    trap_set_handler(q->vector, 0, 0);
    if (q->notif)
        kobj_put(&q->notif->obj);
    kfree(q);
}
