#pragma once
#include <stdint.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_COW (1ull << 9) /* software: copy on write */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull

#define MMIO_BASE 0xFFFFC00000000000ull
#define KSTACK_BASE 0xFFFFE00000000000ull

extern uint64_t kernel_pml4;
/* NX bit when the CPU has it, else 0. */
uint64_t pte_nx(void);

/* Builds the kernel address space (direct map, W^X image, guard pages) and switches to it. */
void paging_init(void);
/* Maps a 4 KiB page in the address space whose top table is pml4 (physical); 0 or -ENOMEM. */
int paging_map(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags);
/* Removes a mapping; returns the old PTE (0 when none). */
uint64_t paging_unmap(uint64_t pml4, uint64_t va);
/* The PTE for va, or 0. */
uint64_t paging_query(uint64_t pml4, uint64_t va);
/* Maps device memory uncached in the kernel's MMIO window. */
void *vmm_map_mmio(uint64_t phys, uint64_t size);
/* A kernel stack of pages pages with an unmapped guard page below; returns its top. */
uint64_t kstack_alloc(uint64_t pages);
/* Creates the page tables of the kernel stack area (called once after the allocator is up). */
void kstack_prepare(void);
void kstack_free(uint64_t top, uint64_t pages);
