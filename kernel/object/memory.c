#include "memory.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "core/bootinfo.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "untyped.h"

/* Frames whose memory object was deleted while they were still mapped. Their quota comes
 * back page by page, as the last mapping of each goes (page_put calls orphan_release). */
struct orphan {
    uint64_t phys;
    struct untyped *quota;
    struct orphan *next;
};
#define ORPHAN_BUCKETS 64
static struct orphan *orphans[ORPHAN_BUCKETS];

static struct orphan **orphan_bucket(uint64_t phys)
{
    return &orphans[(phys >> 12) % ORPHAN_BUCKETS];
}

static void orphan_release(uint64_t phys)
{
    for (struct orphan **pp = orphan_bucket(phys); *pp; pp = &(*pp)->next) {
        struct orphan *o = *pp;
        if (o->phys != phys)
            continue;
        *pp = o->next;
        untyped_refund(o->quota, 4096);
        kobj_put(&o->quota->obj);
        kfree(o);
        return;
    }
}

uint64_t memory_orphan_frames(struct memobj *m, struct untyped *quota)
{
    if (m->device || !quota)
        return 0;
    page_set_release_hook(orphan_release);
    uint64_t kept = 0;
    for (uint64_t i = 0; i < m->npages; i++) {
        if (page_refcount(m->frames[i]) < 2)
            continue;
        struct orphan *o = kmalloc(sizeof *o);
        if (!o)
            continue; /* refunded now: the quota is generous rather than the kernel failing */
        o->phys = m->frames[i];
        o->quota = quota;
        kobj_get(&quota->obj);
        struct orphan **b = orphan_bucket(o->phys);
        o->next = *b;
        *b = o;
        page_mark_charged(o->phys);
        kept += 4096;
    }
    return kept;
}

struct memobj *memory_create(uint64_t npages)
{
    struct memobj *m = kzalloc(sizeof *m);
    if (!m)
        return NULL;
    m->frames = kmalloc(npages * sizeof(uint64_t));
    if (!m->frames) {
        kfree(m);
        return NULL;
    }
    for (uint64_t i = 0; i < npages; i++) {
        m->frames[i] = page_alloc();
        if (!m->frames[i]) {
            while (i--)
                page_put(m->frames[i]);
            kfree(m->frames);
            kfree(m);
            return NULL;
        }
    }
    kobj_init(&m->obj, OBJ_MEMORY);
    m->npages = npages;
    return m;
}

struct memobj *memory_create_device(uint64_t phys, uint64_t npages)
{
    struct memobj *m = kzalloc(sizeof *m);
    if (!m)
        return NULL;
    m->frames = kmalloc((npages ? npages : 1) * sizeof(uint64_t));
    if (!m->frames) {
        kfree(m);
        return NULL;
    }
    for (uint64_t i = 0; i < npages; i++)
        m->frames[i] = (phys & ~0xFFFull) + i * 4096;
    kobj_init(&m->obj, OBJ_MEMORY);
    m->npages = npages;
    m->device = true;
    return m;
}

extern char __kernel_end[];

static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
    return a < b_end && b < a_end;
}

static uint64_t phys_limit(void)
{
    uint32_t r[4];
    cpuid(0x80000000u, 0, r);
    if (r[0] < 0x80000008u)
        return 1ull << 36;
    cpuid(0x80000008u, 0, r);
    uint32_t bits = r[0] & 0xFF;
    return 1ull << (bits > 52 ? 52 : bits);
}

long memory_mmio_check(uint64_t phys, uint64_t npages)
{
    if ((phys & 0xFFF) || npages == 0 || npages > MMIO_MAX_PAGES)
        return -EINVAL;
    uint64_t end = phys + npages * 4096;
    if (end < phys || end > phys_limit())
        return -EINVAL;
    /* Low memory, the kernel image, modules and the Multiboot2 information. */
    uint64_t boot_end = (uint64_t)__kernel_end - KVMA;
    for (int i = 0; i < bootinfo.nmods; i++)
        if (bootinfo.mods[i].end > boot_end)
            boot_end = bootinfo.mods[i].end;
    if (bootinfo.mbi_end > boot_end)
        boot_end = bootinfo.mbi_end;
    if (phys < boot_end)
        return -EPERM;
    for (int i = 0; i < bootinfo.nmem; i++) {
        const struct mem_region *r = &bootinfo.mem[i];
        if (r->type != 2 && overlaps(phys, end, r->base, r->base + r->len))
            return -EPERM; /* RAM: available, ACPI, NVS or bad */
    }
    /* The local APIC and the MSI window (0xFEE00000, 1 MiB), wherever the APIC was moved. */
    uint64_t lapic = acpi.lapic_addr & ~0xFFFull;
    if (overlaps(phys, end, lapic, lapic + 4096) || overlaps(phys, end, 0xFEE00000ull, 0xFEF00000ull))
        return -EPERM;
    for (int i = 0; i < acpi.nioapic; i++) {
        uint64_t a = acpi.ioapic[i].addr & ~0xFFFull;
        if (overlaps(phys, end, a, a + 4096))
            return -EPERM;
    }
    return 0;
}

void memory_destroy(struct kobj *o)
{
    struct memobj *m = (struct memobj *)o;
    if (!m->device)
        for (uint64_t i = 0; i < m->npages; i++)
            page_put(m->frames[i]);
    kfree(m->frames);
    kfree(m);
}

long memory_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct memobj *m = (struct memobj *)c->obj;
    switch (method) {
    case MEMORY_INFO:
        return (long)m->npages;
    case MEMORY_PHYS:
        if (!(c->rights & RIGHT_CONTROL))
            return -EPERM;
        if (tf->rdx >= m->npages)
            return -EINVAL;
        return (long)m->frames[tf->rdx];
    }
    return -EINVAL;
}
