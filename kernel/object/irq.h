#pragma once
#include "object.h"

struct notification;

/* A hardware interrupt line delivered to userspace as a notification. The line is masked
 * when it fires and unmasked by IRQ_ACK. An MSI owns a vector and no line; it is masked in
 * software (masked/pending), since only the device can mask the message itself. */
struct irq {
    struct kobj obj;
    int line; /* ISA IRQ number, -1 for an MSI */
    int vector;
    bool masked, pending; /* MSI only */
    struct notification *notif;
    uint64_t bits;
};

struct irq_control {
    struct kobj obj;
};

struct irq_control *irq_control_create(void);
struct cap;
struct trap_frame;
long irq_control_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
long irq_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
