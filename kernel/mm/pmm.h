#pragma once
#include <stdint.h>

#include <stdbool.h>

/* Virtual address of phys: through the direct map, or the boot map of the first GiB before it. */
void *boot_virt(uint64_t phys);
extern bool direct_map_ready;
/* Boot-time bump allocator for page tables before the frame allocator exists. */
uint64_t early_alloc_page(void);
void early_alloc_init(void);
/* Physical frame allocator over the Multiboot2 memory map. */
void pmm_init(void);
/* One zeroed 4 KiB frame, or 0 when memory is exhausted. */
uint64_t pmm_alloc(void);
/* n contiguous zeroed frames, or 0. */
uint64_t pmm_alloc_contig(uint64_t n);
/* Frees one frame; panics on a double free or a frame that was never allocatable. */
void pmm_free(uint64_t phys);
void pmm_free_contig(uint64_t phys, uint64_t n);
uint64_t pmm_free_pages(void);
uint64_t pmm_total_pages(void);
/* Highest physical address covered by the direct map. */
extern uint64_t direct_map_top;
/* Reference-counted user pages (memory objects and mappings share frames). */
uint64_t page_alloc(void);
void page_get(uint64_t phys);
/* Drops a reference; the frame is freed at zero. */
void page_put(uint64_t phys);
unsigned page_refcount(uint64_t phys);
/* Pins mark frames the kernel writes through the direct map (IPC buffers): a vspace clone
 * copies them at once instead of sharing them copy-on-write. */
void page_pin(uint64_t phys, int delta);
bool page_pinned(uint64_t phys);
/* A frame marked charged calls the release hook when its last reference goes: memory
 * objects deleted while their pages are still mapped keep those pages charged to their
 * quota until the last mapping is gone. */
void page_mark_charged(uint64_t phys);
void page_set_release_hook(void (*hook)(uint64_t phys));
