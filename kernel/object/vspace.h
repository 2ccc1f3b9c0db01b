#pragma once
#include <stdbool.h>
#include "object.h"

/* An address space: a PML4 whose kernel half is shared with every other vspace. */
struct vspace {
    struct kobj obj;
    uint64_t pml4;
};

struct vspace *vspace_create(void);
/* Resolves a copy-on-write write fault at va; false when va is not such a page. */
bool vspace_handle_cow(struct vspace *vs, uint64_t va);
/* Physical address behind a user virtual address for writing or reading (0 if unmapped). */
uint64_t vspace_translate(struct vspace *vs, uint64_t va);
struct cap;
struct trap_frame;
long vspace_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
