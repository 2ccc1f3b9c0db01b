#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "abi/cap.h"

struct untyped;

/* Common header of every kernel object. Capabilities hold references; at zero the object
 * goes on the reap list and is destroyed outside the call that dropped it. */
struct kobj {
    uint32_t type;
    uint32_t refs;
    struct untyped *source; /* quota the object was charged to (NULL: kernel-made) */
    uint64_t charge;
    struct kobj *reap_next;
};

/* A capability: one cspace slot. parent/children form the derivation tree for revoke. */
struct cap {
    struct kobj *obj;
    uint32_t rights;
    uint32_t pad;
    uint64_t badge;
    struct cap *parent, *first_child, *next_sib, *prev_sib;
};

void kobj_init(struct kobj *o, uint32_t type);
static inline void kobj_get(struct kobj *o)
{
    o->refs++;
}
/* Drops a reference; the object is destroyed at the next reap when none remain. */
void kobj_put(struct kobj *o);
/* Destroys every object whose last reference went away. */
void kobj_reap_all(void);
extern struct kobj *reap_head;
static inline void kobj_reap(void)
{
    if (reap_head)
        kobj_reap_all();
}
/* Type-specific destructors (in each object's file). */
void thread_destroy(struct kobj *o);
void vspace_destroy(struct kobj *o);
void cspace_destroy(struct kobj *o);
void endpoint_destroy(struct kobj *o);
void notification_destroy(struct kobj *o);
void memory_destroy(struct kobj *o);
void reply_destroy(struct kobj *o);
void irq_destroy(struct kobj *o);
void ioport_destroy(struct kobj *o);
void untyped_destroy(struct kobj *o);
