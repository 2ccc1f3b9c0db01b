#pragma once
#include "object.h"

/* Physical pages. RAM pages are reference counted (mappings hold references); device
 * memory (framebuffer, boot modules) is never freed. */
struct memobj {
    struct kobj obj;
    uint64_t npages;
    bool device;
    uint64_t *frames;
};

/* npages zeroed RAM pages, or NULL. */
struct memobj *memory_create(uint64_t npages);
/* A memory object over fixed physical memory [phys, phys + npages pages). */
struct memobj *memory_create_device(uint64_t phys, uint64_t npages);
/* Called as m is destroyed: frames still mapped elsewhere stay charged to quota until
 * their last mapping goes. Returns the bytes that must not be refunded now. */
struct untyped;
uint64_t memory_orphan_frames(struct memobj *m, struct untyped *quota);
struct cap;
struct trap_frame;
long memory_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
