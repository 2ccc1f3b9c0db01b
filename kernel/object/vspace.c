#include "vspace.h"
#include "cspace.h"
#include "memory.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/paging.h"
#include "mm/pmm.h"

#define PTE_DEVICE (1ull << 10) /* software: frame is not reference counted */
#define PTE_MAXW (1ull << 52)   /* software: the mapping capability allowed writing */
#define PTE_MAXX (1ull << 53)   /* software: the mapping capability allowed executing */
#define PTE_LW (1ull << 11)     /* software: logically writable (W may be clear for COW) */

struct vspace *vspace_create(void)
{
    struct vspace *vs = kzalloc(sizeof *vs);
    if (!vs)
        return NULL;
    vs->pml4 = pmm_alloc();
    if (!vs->pml4) {
        kfree(vs);
        return NULL;
    }
    uint64_t *dst = phys_to_virt(vs->pml4), *src = phys_to_virt(kernel_pml4);
    for (int i = 256; i < 512; i++)
        dst[i] = src[i];
    kobj_init(&vs->obj, OBJ_VSPACE);
    return vs;
}

static void free_level(uint64_t table, int level)
{
    uint64_t *t = phys_to_virt(table);
    for (int i = 0; i < 512; i++) {
        uint64_t e = t[i];
        if (!(e & PTE_P))
            continue;
        if (level == 0) {
            if (!(e & PTE_DEVICE))
                page_put(e & PTE_ADDR);
        } else {
            free_level(e & PTE_ADDR, level - 1);
        }
    }
    pmm_free(table);
}

void vspace_destroy(struct kobj *o)
{
    struct vspace *vs = (struct vspace *)o;
    if (read_cr3() == vs->pml4)
        write_cr3(kernel_pml4);
    uint64_t *top = phys_to_virt(vs->pml4);
    for (int i = 0; i < 256; i++)
        if (top[i] & PTE_P)
            free_level(top[i] & PTE_ADDR, 2);
    pmm_free(vs->pml4);
    kfree(vs);
}

static bool range_ok(uint64_t va, uint64_t npages)
{
    if ((va & 4095) || npages == 0 || npages > (USER_TOP >> 12))
        return false;
    return va < USER_TOP && npages * 4096 <= USER_TOP - va;
}

static uint64_t prot_bits(uint64_t prot)
{
    return PTE_U | ((prot & PROT_W) ? PTE_W | PTE_LW : 0) | ((prot & PROT_X) ? 0 : pte_nx());
}

uint64_t vspace_translate(struct vspace *vs, uint64_t va)
{
    uint64_t pte = paging_query(vs->pml4, va & ~4095ull);
    if (!(pte & PTE_P) || !(pte & PTE_U))
        return 0;
    return (pte & PTE_ADDR) | (va & 4095);
}

bool vspace_handle_cow(struct vspace *vs, uint64_t va)
{
    va &= ~4095ull;
    if (va >= USER_TOP)
        return false;
    uint64_t pte = paging_query(vs->pml4, va);
    if (!(pte & PTE_P) || !(pte & PTE_COW) || !(pte & PTE_LW))
        return false;
    uint64_t frame = pte & PTE_ADDR;
    uint64_t flags = (pte & ~PTE_ADDR & ~PTE_COW) | PTE_W;
    if (page_refcount(frame) == 1) {
        paging_map(vs->pml4, va, frame, flags);
        return true;
    }
    uint64_t copy = page_alloc();
    if (!copy)
        return false;
    memcpy(phys_to_virt(copy), phys_to_virt(frame), 4096);
    paging_map(vs->pml4, va, copy, flags);
    page_put(frame);
    return true;
}

static long do_map(struct vspace *vs, struct cap *mc, uint64_t va, uint64_t first,
                   uint64_t npages, uint64_t prot)
{
    if (!mc)
        return -EBADF;
    if (mc->obj->type != OBJ_MEMORY)
        return -EINVAL;
    struct memobj *m = (struct memobj *)mc->obj;
    if (!prot || (prot & ~7ull) || !range_ok(va, npages) || first >= m->npages ||
        npages > m->npages - first)
        return -EINVAL;
    if (!(mc->rights & RIGHT_READ) || ((prot & PROT_W) && !(mc->rights & RIGHT_WRITE)) ||
        ((prot & PROT_X) && !(mc->rights & RIGHT_EXEC)))
        return -EPERM;
    for (uint64_t i = 0; i < npages; i++)
        if (paging_query(vs->pml4, va + i * 4096) & PTE_P)
            return -EEXIST;
    uint64_t flags = prot_bits(prot) | (m->device ? PTE_DEVICE : 0) |
                     (m->uncached ? PTE_PCD | PTE_PWT : 0) |
                     ((mc->rights & RIGHT_WRITE) ? PTE_MAXW : 0) |
                     ((mc->rights & RIGHT_EXEC) ? PTE_MAXX : 0);
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t frame = m->frames[first + i];
        if (paging_map(vs->pml4, va + i * 4096, frame, flags)) {
            while (i--) {
                paging_unmap(vs->pml4, va + i * 4096);
                if (!m->device)
                    page_put(m->frames[first + i]);
            }
            return -ENOMEM;
        }
        if (!m->device)
            page_get(frame);
    }
    return 0;
}

static long do_unmap(struct vspace *vs, uint64_t va, uint64_t npages)
{
    if (!range_ok(va, npages))
        return -EINVAL;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t old = paging_unmap(vs->pml4, va + i * 4096);
        if ((old & PTE_P) && !(old & PTE_DEVICE))
            page_put(old & PTE_ADDR);
    }
    return 0;
}

static long do_protect(struct vspace *vs, uint64_t va, uint64_t npages, uint64_t prot)
{
    if (!prot || (prot & ~7ull) || !range_ok(va, npages))
        return -EINVAL;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t pte = paging_query(vs->pml4, va + i * 4096);
        if (!(pte & PTE_P))
            return -ENOENT;
        if (((prot & PROT_W) && !(pte & PTE_MAXW)) || ((prot & PROT_X) && !(pte & PTE_MAXX)))
            return -EPERM;
    }
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t a = va + i * 4096, pte = paging_query(vs->pml4, a);
        uint64_t keep =
            pte & (PTE_ADDR | PTE_DEVICE | PTE_MAXW | PTE_MAXX | PTE_COW | PTE_PCD | PTE_PWT);
        uint64_t bits = prot_bits(prot);
        if (pte & PTE_COW) /* stays read-only until the write fault copies it */
            bits &= ~PTE_W;
        paging_map(vs->pml4, a, keep & PTE_ADDR, (keep & ~PTE_ADDR) | bits);
    }
    return 0;
}

/* Copies every user mapping of src into dst; writable pages become copy-on-write in both. */
static long do_clone(struct vspace *src, struct vspace *dst)
{
    uint64_t *l4 = phys_to_virt(src->pml4);
    for (uint64_t i4 = 0; i4 < 256; i4++) {
        if (!(l4[i4] & PTE_P))
            continue;
        uint64_t *l3 = phys_to_virt(l4[i4] & PTE_ADDR);
        for (uint64_t i3 = 0; i3 < 512; i3++) {
            if (!(l3[i3] & PTE_P))
                continue;
            uint64_t *l2 = phys_to_virt(l3[i3] & PTE_ADDR);
            for (uint64_t i2 = 0; i2 < 512; i2++) {
                if (!(l2[i2] & PTE_P))
                    continue;
                uint64_t *l1 = phys_to_virt(l2[i2] & PTE_ADDR);
                for (uint64_t i1 = 0; i1 < 512; i1++) {
                    uint64_t e = l1[i1];
                    if (!(e & PTE_P))
                        continue;
                    uint64_t va = i4 << 39 | i3 << 30 | i2 << 21 | i1 << 12;
                    if (!(e & PTE_DEVICE) && (e & PTE_LW) && page_pinned(e & PTE_ADDR)) {
                        /* An IPC buffer keeps its frame in the parent; the child gets a copy. */
                        uint64_t copy = page_alloc();
                        if (!copy)
                            return -ENOMEM;
                        memcpy(phys_to_virt(copy), phys_to_virt(e & PTE_ADDR), 4096);
                        if (paging_map(dst->pml4, va, copy, (e & ~PTE_ADDR & ~PTE_P & ~PTE_COW) | PTE_W)) {
                            page_put(copy);
                            return -ENOMEM;
                        }
                        continue;
                    }
                    if (!(e & PTE_DEVICE) && (e & PTE_LW)) {
                        e = (e & ~PTE_W) | PTE_COW;
                        l1[i1] = e;
                    }
                    if (paging_map(dst->pml4, va, e & PTE_ADDR, e & ~PTE_ADDR & ~PTE_P))
                        return -ENOMEM;
                    if (!(e & PTE_DEVICE))
                        page_get(e & PTE_ADDR);
                }
            }
        }
    }
    if (read_cr3() == src->pml4)
        write_cr3(src->pml4);
    return 0;
}

long vspace_invoke(struct cap *c, uint64_t method, struct trap_frame *tf)
{
    struct vspace *vs = (struct vspace *)c->obj;
    struct cspace *own = current_cspace();
    uint64_t a0 = tf->rdx, a1 = tf->r10, a2 = tf->r8, a3 = tf->r9, a4 = tf->r12;
    if (method == VSPACE_QUERY) {
        if (!(c->rights & RIGHT_READ))
            return -EPERM;
        if (a0 >= USER_TOP)
            return -EINVAL;
        uint64_t pte = paging_query(vs->pml4, a0 & ~4095ull);
        if (!(pte & PTE_P))
            return -ENOENT;
        return PROT_R | ((pte & PTE_LW) ? PROT_W : 0) |
               ((pte & pte_nx()) || !pte_nx() ? 0 : PROT_X);
    }
    if (method < VSPACE_MAP || method > VSPACE_CLONE)
        return -EINVAL;
    if (!(c->rights & RIGHT_CONTROL))
        return -EPERM;
    switch (method) {
    case VSPACE_MAP:
        return do_map(vs, cspace_lookup(own, a0), a1, a2, a3, a4);
    case VSPACE_UNMAP:
        return do_unmap(vs, a0, a1);
    case VSPACE_PROTECT:
        return do_protect(vs, a0, a1, a2);
    case VSPACE_CLONE: {
        struct cap *slot = cspace_slot_empty(own, a0);
        if (!slot)
            return cspace_slot_error(own, a0);
        struct vspace *nv = vspace_create();
        if (!nv)
            return -ENOMEM;
        long e = do_clone(vs, nv);
        if (e) {
            kobj_init(&nv->obj, OBJ_VSPACE);
            vspace_destroy(&nv->obj);
            return e;
        }
        cap_insert(slot, &nv->obj, RIGHT_ALL, 0, NULL);
        return 0;
    }
    }
    return -EINVAL;
}
