#include "paging.h"
#include "pmm.h"
#include "abi/errno.h"
#include "arch/x86_64/cpu.h"
#include "core/bootinfo.h"
#include "core/panic.h"
#include "core/spinlock.h"
#include "lib/string.h"

extern char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];
extern char boot_stack_guard[];
extern uint8_t ist_stacks[3][5 * 4096];

uint64_t kernel_pml4;
static uint64_t mmio_next = MMIO_BASE;
static uint64_t kstack_next = KSTACK_BASE;
static struct spinlock map_lock;

uint64_t pte_nx(void)
{
    return cpu_feat.nx ? PTE_NX : 0;
}

static uint64_t pte_g(void)
{
    return cpu_feat.pge ? PTE_G : 0;
}

static uint64_t new_table(void)
{
    return direct_map_ready ? pmm_alloc() : early_alloc_page();
}

/* The entry for va at level (3 = PDPT entry ... 0 = PT entry), creating tables when asked. */
static uint64_t *walk(uint64_t pml4, uint64_t va, int level, int create)
{
    uint64_t *t = boot_virt(pml4);
    for (int l = 3; l > level; l--) {
        uint64_t *e = &t[(va >> (12 + 9 * l)) & 511];
        if (!(*e & PTE_P)) {
            if (!create)
                return NULL;
            uint64_t n = new_table();
            if (!n)
                return NULL;
            *e = n | PTE_P | PTE_W | (va < (1ull << 47) ? PTE_U : 0);
        } else if (*e & PTE_PS) {
            return NULL;
        }
        t = boot_virt(*e & PTE_ADDR);
    }
    return &t[(va >> (12 + 9 * level)) & 511];
}

int paging_map(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t *e = walk(pml4, va, 0, 1);
    if (!e)
        return -ENOMEM;
    *e = (pa & PTE_ADDR) | flags | PTE_P;
    invlpg(va);
    return 0;
}

uint64_t paging_unmap(uint64_t pml4, uint64_t va)
{
    uint64_t *e = walk(pml4, va, 0, 0);
    if (!e)
        return 0;
    uint64_t old = *e;
    *e = 0;
    invlpg(va);
    return old;
}

uint64_t paging_query(uint64_t pml4, uint64_t va)
{
    uint64_t *e = walk(pml4, va, 0, 0);
    return e ? *e : 0;
}

void paging_init(void)
{
    uint64_t pml4 = early_alloc_page();
    uint64_t *top = boot_virt(pml4);
    /* Pre-create every kernel-half PDPT so address spaces can share them by copying. */
    for (int i = 256; i < 512; i++)
        top[i] = early_alloc_page() | PTE_P | PTE_W;

    uint64_t end = 0;
    for (int i = 0; i < bootinfo.nmem; i++) {
        struct mem_region *r = &bootinfo.mem[i];
        if (r->type == MEM_AVAILABLE || r->type == MEM_ACPI || r->type == MEM_NVS)
            if (r->base + r->len > end)
                end = r->base + r->len;
    }
    if (end < (1ull << 30))
        end = 1ull << 30;
    direct_map_top = (end + (2ull << 20) - 1) & ~((2ull << 20) - 1);
    for (uint64_t pa = 0; pa < direct_map_top; pa += 2ull << 20) {
        uint64_t *e = walk(pml4, DIRECT_MAP + pa, 1, 1);
        *e = pa | PTE_P | PTE_W | PTE_PS | pte_nx() | pte_g();
    }

    uint64_t guards[4] = {(uint64_t)boot_stack_guard, (uint64_t)ist_stacks[0],
                          (uint64_t)ist_stacks[1], (uint64_t)ist_stacks[2]};
    for (uint64_t va = (uint64_t)__kernel_start; va < (uint64_t)__kernel_end; va += PAGE_SIZE) {
        int guard = 0;
        for (int i = 0; i < 4; i++)
            guard |= va == guards[i];
        if (guard)
            continue;
        uint64_t flags = pte_g();
        if (va < (uint64_t)__text_end)
            flags |= 0;
        else if (va < (uint64_t)__rodata_end)
            flags |= pte_nx();
        else
            flags |= PTE_W | pte_nx();
        uint64_t *e = walk(pml4, va, 0, 1);
        *e = (va - KVMA) | PTE_P | flags;
    }
    kernel_pml4 = pml4;
    write_cr3(pml4);
    direct_map_ready = true;
}

void *vmm_map_mmio(uint64_t phys, uint64_t size)
{
    uint64_t off = phys & (PAGE_SIZE - 1);
    uint64_t pages = (off + size + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t f = spin_lock_irqsave(&map_lock);
    uint64_t va = mmio_next;
    mmio_next += pages * PAGE_SIZE;
    for (uint64_t i = 0; i < pages; i++)
        if (paging_map(kernel_pml4, va + i * PAGE_SIZE, (phys - off) + i * PAGE_SIZE,
                       PTE_W | PTE_PCD | PTE_PWT | pte_nx() | pte_g()))
            panic("vmm_map_mmio: out of memory");
    spin_unlock_irqrestore(&map_lock, f);
    return (void *)(va + off);
}

/* Freed stack slots of the common size are reused, so their page tables are too. */
#define KSTACK_SLOT_PAGES 4
static uint64_t free_slots[256];
static int nfree_slots;

void kstack_prepare(void)
{
    /* Page tables for the first 64 MiB of stacks exist from boot, so creating threads does
     * not allocate page tables that outlive them. */
    for (uint64_t va = KSTACK_BASE; va < KSTACK_BASE + (64ull << 20); va += 2ull << 20)
        if (!walk(kernel_pml4, va, 0, 1))
            panic("kstack_prepare: out of memory");
}

uint64_t kstack_alloc(uint64_t pages)
{
    uint64_t f = spin_lock_irqsave(&map_lock);
    uint64_t base;
    if (pages == KSTACK_SLOT_PAGES && nfree_slots) {
        base = free_slots[--nfree_slots];
    } else {
        base = kstack_next + PAGE_SIZE; /* guard page stays unmapped */
        kstack_next += (pages + 1) * PAGE_SIZE;
    }
    for (uint64_t i = 0; i < pages; i++) {
        uint64_t pa = pmm_alloc();
        if (!pa || paging_map(kernel_pml4, base + i * PAGE_SIZE, pa, PTE_W | pte_nx() | pte_g())) {
            if (pa)
                pmm_free(pa);
            while (i--)
                pmm_free(paging_unmap(kernel_pml4, base + i * PAGE_SIZE) & PTE_ADDR);
            if (pages == KSTACK_SLOT_PAGES && nfree_slots < 256)
                free_slots[nfree_slots++] = base;
            spin_unlock_irqrestore(&map_lock, f);
            return 0;
        }
    }
    spin_unlock_irqrestore(&map_lock, f);
    return base + pages * PAGE_SIZE;
}

void kstack_free(uint64_t top, uint64_t pages)
{
    uint64_t f = spin_lock_irqsave(&map_lock);
    for (uint64_t i = 1; i <= pages; i++)
        pmm_free(paging_unmap(kernel_pml4, top - i * PAGE_SIZE) & PTE_ADDR);
    if (pages == KSTACK_SLOT_PAGES && nfree_slots < 256)
        free_slots[nfree_slots++] = top - pages * PAGE_SIZE;
    spin_unlock_irqrestore(&map_lock, f);
}
