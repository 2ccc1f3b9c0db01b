#include "heap.h"
#include "paging.h"
#include "pmm.h"
#include "arch/x86_64/cpu.h"
#include "core/ktest.h"
#include "lib/string.h"

extern char __kernel_start[], __text_end[], __rodata_end[], boot_stack_guard[];
extern uint8_t ist_stacks[3][5 * 4096];

KTEST(pmm_alloc_free_restores_count)
{
    uint64_t before = pmm_free_pages();
    uint64_t a = pmm_alloc(), b = pmm_alloc();
    KT_ASSERT(a && b && a != b);
    KT_EQ(pmm_free_pages(), before - 2);
    pmm_free(a);
    pmm_free(b);
    KT_EQ(pmm_free_pages(), before);
}

KTEST(pmm_pages_are_zeroed_and_aligned)
{
    uint64_t a = pmm_alloc();
    KT_ASSERT(a && (a % PAGE_SIZE) == 0);
    uint8_t *p = phys_to_virt(a);
    int zero = 1;
    for (int i = 0; i < 4096; i++)
        zero &= p[i] == 0;
    memset(p, 0xAB, 4096);
    pmm_free(a);
    KT_ASSERT(zero);
}

KTEST(pmm_contiguous_run)
{
    uint64_t before = pmm_free_pages();
    uint64_t a = pmm_alloc_contig(16);
    KT_ASSERT(a != 0);
    KT_EQ(pmm_free_pages(), before - 16);
    pmm_free_contig(a, 16);
    KT_EQ(pmm_free_pages(), before);
}

KTEST(pmm_never_hands_out_kernel_or_low_memory)
{
    uint64_t kstart = (uint64_t)__kernel_start - KVMA;
    for (int i = 0; i < 64; i++) {
        uint64_t a = pmm_alloc();
        KT_ASSERT(a >= 0x100000);
        KT_ASSERT(a < kstart || a >= (uint64_t)__rodata_end - KVMA);
        pmm_free(a);
    }
}

KTEST(pmm_total_matches_memory_map)
{
    KT_ASSERT(pmm_total_pages() > 1000);
    KT_ASSERT(pmm_free_pages() <= pmm_total_pages());
}

KTEST(heap_small_blocks_distinct_and_aligned)
{
    void *p[64];
    for (int i = 0; i < 64; i++) {
        p[i] = kmalloc((size_t)(i * 13 + 1));
        KT_ASSERT(p[i] != NULL);
        KT_ASSERT(((uint64_t)p[i] & 15) == 0);
        memset(p[i], i, (size_t)(i * 13 + 1));
    }
    int ok = 1;
    for (int i = 0; i < 64; i++)
        ok &= ((uint8_t *)p[i])[i * 13] == (uint8_t)i;
    for (int i = 0; i < 64; i++)
        kfree(p[i]);
    KT_ASSERT(ok);
}

KTEST(heap_large_block_uses_pages)
{
    uint64_t before = pmm_free_pages();
    char *p = kmalloc(3 * 4096);
    KT_ASSERT(p != NULL);
    KT_ASSERT(pmm_free_pages() <= before - 3);
    memset(p, 1, 3 * 4096);
    kfree(p);
    KT_EQ(pmm_free_pages(), before);
}

KTEST(heap_returns_pages_after_churn)
{
    void *warm = kmalloc(100);
    uint64_t before = pmm_free_pages();
    uint64_t used = heap_in_use();
    void *p[300];
    for (int i = 0; i < 300; i++)
        p[i] = kmalloc(100);
    for (int i = 0; i < 300; i++)
        kfree(p[i]);
    KT_EQ(heap_in_use(), used);
    KT_ASSERT(pmm_free_pages() >= before - 1);
    kfree(warm);
}

KTEST(heap_kzalloc_zeroes)
{
    uint8_t *p = kmalloc(200);
    memset(p, 0xEE, 200);
    kfree(p);
    p = kzalloc(200);
    int zero = 1;
    for (int i = 0; i < 200; i++)
        zero &= p[i] == 0;
    kfree(p);
    KT_ASSERT(zero);
}

KTEST(heap_refuses_absurd_size)
{
    KT_ASSERT(kmalloc((size_t)1 << 40) == NULL);
}

KTEST(paging_map_query_unmap)
{
    uint64_t pa = pmm_alloc();
    uint64_t va = MMIO_BASE + (1ull << 38);
    KT_EQ(paging_map(kernel_pml4, va, pa, PTE_W | pte_nx()), 0);
    KT_EQ(paging_query(kernel_pml4, va) & PTE_ADDR, pa);
    *(volatile uint64_t *)va = 0x1234;
    KT_EQ(*(uint64_t *)phys_to_virt(pa), 0x1234);
    KT_EQ(paging_unmap(kernel_pml4, va) & PTE_ADDR, pa);
    KT_EQ(paging_query(kernel_pml4, va), 0);
    pmm_free(pa);
}

KTEST(kernel_text_is_read_only_and_executable)
{
    uint64_t pte = paging_query(kernel_pml4, (uint64_t)&kmalloc);
    KT_ASSERT(pte & PTE_P);
    KT_ASSERT(!(pte & PTE_W));
    KT_ASSERT(!(pte & PTE_NX));
}

KTEST(kernel_rodata_and_data_not_executable)
{
    static int data_var;
    uint64_t ro = paging_query(kernel_pml4, (uint64_t)__text_end);
    uint64_t rw = paging_query(kernel_pml4, (uint64_t)&data_var);
    KT_ASSERT((ro & PTE_P) && !(ro & PTE_W));
    KT_ASSERT((rw & PTE_P) && (rw & PTE_W));
    if (cpu_feat.nx) {
        KT_ASSERT(ro & PTE_NX);
        KT_ASSERT(rw & PTE_NX);
    }
}

KTEST(stack_guard_pages_unmapped)
{
    KT_EQ(paging_query(kernel_pml4, (uint64_t)boot_stack_guard) & PTE_P, 0);
    for (int i = 0; i < 3; i++)
        KT_EQ(paging_query(kernel_pml4, (uint64_t)ist_stacks[i]) & PTE_P, 0);
    KT_ASSERT(paging_query(kernel_pml4, (uint64_t)boot_stack_guard + 4096) & PTE_P);
}

KTEST(kstack_has_guard_and_frees)
{
    uint64_t before = pmm_free_pages();
    uint64_t top = kstack_alloc(4);
    KT_ASSERT(top != 0);
    KT_ASSERT(paging_query(kernel_pml4, top - 4096) & PTE_P);
    KT_ASSERT(paging_query(kernel_pml4, top - 4 * 4096) & PTE_P);
    KT_EQ(paging_query(kernel_pml4, top - 5 * 4096) & PTE_P, 0);
    kstack_free(top, 4);
    KT_EQ(paging_query(kernel_pml4, top - 4096) & PTE_P, 0);
    KT_EQ(pmm_free_pages(), before);
}

KTEST(direct_map_covers_ram)
{
    KT_ASSERT(direct_map_top >= (64ull << 20));
    uint64_t pte_pa = pmm_alloc();
    volatile uint64_t *v = phys_to_virt(pte_pa);
    *v = 42;
    KT_EQ(*v, 42);
    KT_EQ(virt_to_phys((void *)v), pte_pa);
    pmm_free(pte_pa);
}
