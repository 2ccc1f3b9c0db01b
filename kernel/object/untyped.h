#pragma once
#include "object.h"

/* A quota of physical memory. Objects made from it are charged to it and refunded when
 * they are destroyed. */
struct untyped {
    struct kobj obj;
    uint64_t remaining;
};

struct untyped *untyped_create(uint64_t bytes);
void untyped_refund(struct untyped *u, uint64_t bytes);
/* Charges bytes to u for object o (which then holds a reference on u); 0 or -ENOMEM. */
int untyped_charge(struct untyped *u, struct kobj *o, uint64_t bytes);
struct trap_frame;
struct cap;
long untyped_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
