#pragma once
#include "object.h"

/* A range of x86 I/O ports [first, first + count). */
struct ioport {
    struct kobj obj;
    uint32_t first, count;
};

struct ioport *ioport_create(uint32_t first, uint32_t count);
struct cap;
struct trap_frame;
long ioport_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
