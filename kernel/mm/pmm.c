#include "pmm.h"
#include "bitmap.h"
#include "arch/x86_64/cpu.h"
#include "core/bootinfo.h"
#include "core/panic.h"
#include "core/spinlock.h"
#include "lib/string.h"

extern char __kernel_start[], __kernel_end[];

uint64_t direct_map_top;
static uint64_t early_base, early_next, early_limit;
static bool early_done;
bool direct_map_ready;

void *boot_virt(uint64_t p)
{
    return direct_map_ready ? phys_to_virt(p) : (void *)(p + KVMA);
}

static uint64_t *bitmap;     /* set bit: frame in use or not RAM */
static uint64_t *allocatable; /* set bit: frame is RAM the allocator may hand out */
static uint64_t nframes, nfree, ntotal, hint;
static uint32_t *page_refs;
static struct spinlock pmm_lock;

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* End of everything the boot loader placed in memory: kernel, modules, boot information. */
static uint64_t boot_data_end(void)
{
    uint64_t end = (uint64_t)__kernel_end - KVMA;
    for (int i = 0; i < bootinfo.nmods; i++)
        if (bootinfo.mods[i].end > end)
            end = bootinfo.mods[i].end;
    if (bootinfo.mbi_end > end)
        end = bootinfo.mbi_end;
    return align_up(end, PAGE_SIZE);
}

void early_alloc_init(void)
{
    uint64_t start = boot_data_end();
    for (int i = 0; i < bootinfo.nmem; i++) {
        struct mem_region *r = &bootinfo.mem[i];
        uint64_t lo = align_up(r->base, PAGE_SIZE), hi = (r->base + r->len) & ~(PAGE_SIZE - 1);
        if (r->type != MEM_AVAILABLE)
            continue;
        if (lo < start)
            lo = start;
        if (hi > (1ull << 30))
            hi = 1ull << 30; /* the boot page tables map only the first GiB */
        if (hi > lo && hi - lo >= (4ull << 20)) {
            early_base = early_next = lo;
            early_limit = hi;
            return;
        }
    }
    panic("no memory for boot page tables");
}

uint64_t early_alloc_page(void)
{
    if (early_done)
        panic("early_alloc_page after pmm_init");
    if (early_next + PAGE_SIZE > early_limit)
        panic("early allocator exhausted");
    uint64_t p = early_next;
    early_next += PAGE_SIZE;
    memset(boot_virt(p), 0, PAGE_SIZE);
    return p;
}

void pmm_init(void)
{
    uint64_t top = 0;
    for (int i = 0; i < bootinfo.nmem; i++)
        if (bootinfo.mem[i].type == MEM_AVAILABLE && bootinfo.mem[i].base + bootinfo.mem[i].len > top)
            top = bootinfo.mem[i].base + bootinfo.mem[i].len;
    nframes = top / PAGE_SIZE;
    uint64_t words = (nframes + 63) / 64;
    uint64_t bytes = align_up(words * 8, PAGE_SIZE);
    uint64_t pages = bytes / PAGE_SIZE;
    bitmap = phys_to_virt(early_next);
    allocatable = phys_to_virt(early_next + pages * PAGE_SIZE);
    early_next += 2 * pages * PAGE_SIZE;
    uint64_t ref_pages = align_up(nframes * sizeof(uint32_t), PAGE_SIZE) / PAGE_SIZE;
    page_refs = phys_to_virt(early_next);
    early_next += ref_pages * PAGE_SIZE;
    if (early_next > early_limit)
        panic("no memory for the frame bitmap");
    early_done = true;
    memset(bitmap, 0xFF, words * 8);
    memset(page_refs, 0, nframes * sizeof(uint32_t));
    memset(allocatable, 0, words * 8);
    for (int i = 0; i < bootinfo.nmem; i++) {
        struct mem_region *r = &bootinfo.mem[i];
        if (r->type != MEM_AVAILABLE)
            continue;
        uint64_t lo = align_up(r->base, PAGE_SIZE) / PAGE_SIZE;
        uint64_t hi = ((r->base + r->len) & ~(PAGE_SIZE - 1)) / PAGE_SIZE;
        if (hi > nframes)
            hi = nframes;
        if (lo < hi) {
            bitmap_fill(bitmap, lo, hi, false);
            bitmap_fill(allocatable, lo, hi, true);
        }
    }
    /* Low 1 MiB (BIOS data, future AP trampoline), kernel, modules, boot info, early pages. */
    uint64_t kstart = ((uint64_t)__kernel_start - KVMA) / PAGE_SIZE;
    bitmap_fill(bitmap, 0, 256, true);
    bitmap_fill(bitmap, kstart, boot_data_end() / PAGE_SIZE, true);
    for (int i = 0; i < bootinfo.nmods; i++)
        bitmap_fill(bitmap, bootinfo.mods[i].start / PAGE_SIZE,
                    align_up(bootinfo.mods[i].end, PAGE_SIZE) / PAGE_SIZE, true);
    bitmap_fill(bitmap, bootinfo.mbi_start / PAGE_SIZE,
                align_up(bootinfo.mbi_end, PAGE_SIZE) / PAGE_SIZE, true);
    bitmap_fill(bitmap, early_base / PAGE_SIZE, early_next / PAGE_SIZE, true);
    nfree = 0;
    ntotal = 0;
    for (uint64_t i = 0; i < nframes; i++) {
        if (bitmap_test(allocatable, i))
            ntotal++;
        if (!bitmap_test(bitmap, i))
            nfree++;
    }
    hint = 256;
}

uint64_t pmm_alloc_contig(uint64_t n)
{
    uint64_t f = spin_lock_irqsave(&pmm_lock);
    uint64_t i = bitmap_find_run(bitmap, hint, nframes, n, 1);
    if (i == nframes)
        i = bitmap_find_run(bitmap, 256, nframes, n, 1);
    if (i == nframes) {
        spin_unlock_irqrestore(&pmm_lock, f);
        return 0;
    }
    bitmap_fill(bitmap, i, i + n, true);
    nfree -= n;
    hint = i + n;
    spin_unlock_irqrestore(&pmm_lock, f);
    memset(phys_to_virt(i * PAGE_SIZE), 0, n * PAGE_SIZE);
    return i * PAGE_SIZE;
}

uint64_t pmm_alloc(void)
{
    return pmm_alloc_contig(1);
}

void pmm_free_contig(uint64_t phys, uint64_t n)
{
    if (phys % PAGE_SIZE)
        panic("pmm_free: unaligned frame %lx", phys);
    uint64_t f = spin_lock_irqsave(&pmm_lock);
    for (uint64_t i = phys / PAGE_SIZE; i < phys / PAGE_SIZE + n; i++) {
        if (i >= nframes || !bitmap_test(allocatable, i))
            panic("pmm_free: frame %lx is not allocatable memory", i * PAGE_SIZE);
        if (!bitmap_test(bitmap, i))
            panic("pmm_free: double free of frame %lx", i * PAGE_SIZE);
        bitmap_clear(bitmap, i);
    }
    nfree += n;
    if (phys / PAGE_SIZE < hint)
        hint = phys / PAGE_SIZE;
    spin_unlock_irqrestore(&pmm_lock, f);
}

void pmm_free(uint64_t phys)
{
    pmm_free_contig(phys, 1);
}

uint64_t pmm_free_pages(void)
{
    return nfree;
}

uint64_t pmm_total_pages(void)
{
    return ntotal;
}

uint64_t page_alloc(void)
{
    uint64_t p = pmm_alloc();
    if (p)
        page_refs[p / PAGE_SIZE] = 1;
    return p;
}

/* Low 23 bits: references; bit 23: the frame is still charged to a quota whose memory
 * object is gone (see page_set_release_hook); high 8 bits: pins. */
#define REF_MASK 0x7FFFFFu
#define REF_CHARGED (1u << 23)

static void (*release_hook)(uint64_t phys);

void page_set_release_hook(void (*hook)(uint64_t phys))
{
    release_hook = hook;
}

void page_mark_charged(uint64_t phys)
{
    page_refs[phys / PAGE_SIZE] |= REF_CHARGED;
}

void page_get(uint64_t phys)
{
    uint32_t *r = &page_refs[phys / PAGE_SIZE];
    if ((*r & REF_MASK) == 0 || (*r & REF_MASK) == REF_MASK)
        panic("page_get: frame %lx has refcount %u", phys, *r & REF_MASK);
    (*r)++;
}

void page_put(uint64_t phys)
{
    uint32_t *r = &page_refs[phys / PAGE_SIZE];
    if ((*r & REF_MASK) == 0)
        panic("page_put: frame %lx is not referenced", phys);
    if ((--*r & REF_MASK) == 0) {
        bool charged = *r & REF_CHARGED;
        *r = 0;
        pmm_free(phys);
        if (charged && release_hook)
            release_hook(phys);
    }
}

unsigned page_refcount(uint64_t phys)
{
    if (phys / PAGE_SIZE >= nframes)
        return 0; /* device memory above RAM */
    return page_refs[phys / PAGE_SIZE] & REF_MASK;
}

void page_pin(uint64_t phys, int delta)
{
    uint32_t *r = &page_refs[phys / PAGE_SIZE];
    uint32_t pins = (*r >> 24) + (uint32_t)delta;
    if (pins > 0xFF)
        panic("page_pin: frame %lx pin count out of range", phys);
    *r = (*r & 0xFFFFFFu) | (pins << 24);
}

bool page_pinned(uint64_t phys)
{
    return page_refs[phys / PAGE_SIZE] >> 24;
}
