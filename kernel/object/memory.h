#pragma once
#include "object.h"

/* Physical pages. RAM pages are reference counted (mappings hold references); device
 * memory (framebuffer, boot modules) is never freed. */
struct memobj {
    struct kobj obj;
    uint64_t npages;
    bool device;
    bool uncached; /* device registers: mapped with caching disabled */
    uint64_t *frames;
};

/* npages zeroed RAM pages, or NULL. */
struct memobj *memory_create(uint64_t npages);
/* A memory object over fixed physical memory [phys, phys + npages pages). */
struct memobj *memory_create_device(uint64_t phys, uint64_t npages);
/* Largest device memory object IRQ_CONTROL_MMIO makes (64 MiB). */
#define MMIO_MAX_PAGES 16384
/* 0 when [phys, phys + npages pages) is page aligned, within the physical address width and
 * clear of RAM (every memory-map region but "reserved"), the boot data (kernel image, modules,
 * boot information, the first MiB) and the interrupt controllers; else -EINVAL or -EPERM. */
long memory_mmio_check(uint64_t phys, uint64_t npages);
/* Called as m is destroyed: frames still mapped elsewhere stay charged to quota until
 * their last mapping goes. Returns the bytes that must not be refunded now. */
struct untyped;
uint64_t memory_orphan_frames(struct memobj *m, struct untyped *quota);
struct cap;
struct trap_frame;
long memory_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
