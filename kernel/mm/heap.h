#pragma once
#include <stddef.h>
#include <stdint.h>

/* Kernel heap: slab classes up to 2 KiB, whole pages above. Every block carries a header magic
 * and a trailing canary; kfree panics on a double free, a foreign pointer or an overrun. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
/* Bytes currently handed out (requested sizes). */
uint64_t heap_in_use(void);
