/* Memory: capability slots (the slot_alloc family that libcluu's client stubs call), and
 * mmap, munmap, mprotect, brk over memory objects.
 *
 * Every mmap makes one memory object from the process's quota (PROC_CAP_UNTYPED). The glue
 * keeps a table of regions, sorted by address: a range of pages of one memory object with
 * one protection. munmap and mprotect of part of a region split it (the parts share the
 * object); the object is deleted when no region uses it any more. A PROT_NONE region is
 * reserved in the table but not mapped. Shared and private anonymous mappings are the same
 * inside one process; after fork both are copy-on-write (procmgr clones the vspace).
 * File mappings are private copies: the file is read into anonymous memory. */
#include "glue.h"

/* ---- slots -------------------------------------------------------------------------- */

struct glue_lock slot_lock;
static uint64_t slot_used[PROC_CSPACE_SLOTS / 64];

/* A free slot of our cspace (0 when full). Slots below PROC_CAP_FIRST_FREE are the fixed
 * PROC_CAP_* ones and file descriptors; filled slots (received capabilities, inherited ones
 * after fork or exec) are skipped. */
cap_t slot_alloc(void)
{
    glue_lock(&slot_lock);
    for (cap_t s = PROC_CAP_FIRST_FREE; s < PROC_CSPACE_SLOTS; s++) {
        if (slot_used[s / 64] & (1ull << (s % 64))) continue;
        slot_used[s / 64] |= 1ull << (s % 64);
        if (invoke1(PROC_CAP_CSPACE, CSPACE_INFO, s) != OBJ_NULL) continue;
        glue_unlock(&slot_lock);
        return s;
    }
    glue_unlock(&slot_lock);
    return 0;
}

void slot_free(cap_t s)
{
    if (s < PROC_CAP_FIRST_FREE || s >= PROC_CSPACE_SLOTS) return;
    glue_lock(&slot_lock);
    slot_used[s / 64] &= ~(1ull << (s % 64));
    glue_unlock(&slot_lock);
}

void slot_delete(cap_t s)
{
    invoke1(PROC_CAP_CSPACE, CSPACE_DELETE, s);
    slot_free(s);
}

/* ---- regions ------------------------------------------------------------------------ */

#define MAX_REGIONS 512
#define MMAP_BASE 0x0000000200000000ull
#define MMAP_TOP 0x00007F0000000000ull

struct region {
    uint64_t va, npages, first; /* first: page of the memory object mapped at va */
    cap_t mem;
    unsigned prot; /* PROT_R|PROT_W|PROT_X, 0: reserved, not mapped */
};

struct glue_lock mem_lock;
static struct region regions[MAX_REGIONS];
static int nregions;

static uint64_t rend(const struct region *r)
{
    return r->va + r->npages * PAGE;
}

static unsigned native_prot(int prot)
{
    unsigned p = 0;
    if (prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)) p |= PROT_R;
    if (prot & L_PROT_WRITE) p |= PROT_W;
    if (prot & L_PROT_EXEC) p |= PROT_X;
    return p;
}

static long insert_at(int i, struct region r)
{
    if (nregions == MAX_REGIONS) return -ENOMEM;
    for (int j = nregions; j > i; j--)
        regions[j] = regions[j - 1];
    regions[i] = r;
    nregions++;
    return 0;
}

static void remove_at(int i)
{
    for (int j = i; j < nregions - 1; j++)
        regions[j] = regions[j + 1];
    nregions--;
}

/* Makes addr a region boundary (splits the region containing it). */
static long split_at(uint64_t addr)
{
    for (int i = 0; i < nregions; i++) {
        struct region *r = &regions[i];
        if (addr <= r->va || addr >= rend(r)) continue;
        struct region right = *r;
        uint64_t left_pages = (addr - r->va) / PAGE;
        right.va = addr;
        right.first += left_pages;
        right.npages -= left_pages;
        long e = insert_at(i + 1, right);
        if (e < 0) return e;
        regions[i].npages = left_pages;
        return 0;
    }
    return 0;
}

static int mem_in_use(cap_t mem)
{
    for (int i = 0; i < nregions; i++)
        if (regions[i].mem == mem) return 1;
    return 0;
}

/* Removes [va, va + npages) from the table and the vspace; frees objects left unused. */
static long unmap_locked(uint64_t va, uint64_t npages)
{
    uint64_t end = va + npages * PAGE;
    long e;
    if ((e = split_at(va)) < 0 || (e = split_at(end)) < 0) return e;
    for (int i = 0; i < nregions;) {
        struct region r = regions[i];
        if (r.va < va || rend(&r) > end) {
            i++;
            continue;
        }
        if (r.prot) invoke2(PROC_CAP_VSPACE, VSPACE_UNMAP, r.va, r.npages);
        remove_at(i);
        if (!mem_in_use(r.mem)) slot_delete(r.mem);
    }
    return 0;
}

static int overlaps(uint64_t va, uint64_t end)
{
    for (int i = 0; i < nregions; i++)
        if (regions[i].va < end && rend(&regions[i]) > va) return 1;
    return 0;
}

/* The lowest free range of npages at or above MMAP_BASE. */
static uint64_t find_gap(uint64_t npages)
{
    uint64_t va = MMAP_BASE;
    for (int i = 0; i < nregions; i++) {
        if (rend(&regions[i]) <= va) continue;
        if (regions[i].va >= va + npages * PAGE) break;
        va = rend(&regions[i]);
    }
    return va + npages * PAGE <= MMAP_TOP ? va : 0;
}

/* A new memory object of npages mapped at va (0: anywhere) with prot: the address. */
static long map_new(uint64_t va, uint64_t npages, unsigned prot, cap_t *mem_out)
{
    if (!va && !(va = find_gap(npages))) return -ENOMEM;
    cap_t mem = slot_alloc();
    if (!mem) return -ENOMEM;
    long r = invoke3(PROC_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, npages, mem);
    if (r < 0) {
        slot_free(mem);
        return -ENOMEM;
    }
    if (prot && (r = invoke5(PROC_CAP_VSPACE, VSPACE_MAP, mem, va, 0, npages, prot)) < 0) {
        slot_delete(mem);
        return r == -EEXIST ? -ENOMEM : r;
    }
    int i = 0;
    while (i < nregions && regions[i].va < va)
        i++;
    if ((r = insert_at(i, (struct region){va, npages, 0, mem, prot})) < 0) {
        if (prot) invoke2(PROC_CAP_VSPACE, VSPACE_UNMAP, va, npages);
        slot_delete(mem);
        return r;
    }
    if (mem_out) *mem_out = mem;
    return (long)va;
}

static long protect_locked(uint64_t va, uint64_t npages, unsigned prot)
{
    uint64_t end = va + npages * PAGE;
    if (!overlaps(va, end))
        /* Not ours (the program image, the initial stack): straight to the kernel. */
        return invoke3(PROC_CAP_VSPACE, VSPACE_PROTECT, va, npages, prot);
    long e;
    if ((e = split_at(va)) < 0 || (e = split_at(end)) < 0) return e;
    for (int i = 0; i < nregions; i++) {
        struct region *r = &regions[i];
        if (r->va < va || rend(r) > end || r->prot == prot) continue;
        long res;
        if (!r->prot)
            res = invoke5(PROC_CAP_VSPACE, VSPACE_MAP, r->mem, r->va, r->first, r->npages, prot);
        else if (!prot)
            res = invoke2(PROC_CAP_VSPACE, VSPACE_UNMAP, r->va, r->npages);
        else
            res = invoke3(PROC_CAP_VSPACE, VSPACE_PROTECT, r->va, r->npages, prot);
        if (res < 0) return res;
        r->prot = prot;
    }
    return 0;
}

long glue_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off)
{
    if (!len || (off & (PAGE - 1)) || len > MMAP_TOP) return -EINVAL;
    if (!(flags & (L_MAP_SHARED | L_MAP_PRIVATE))) return -EINVAL; /* neither: Linux refuses */
    uint64_t npages = (len + PAGE - 1) / PAGE;
    int fixed = flags & (L_MAP_FIXED | L_MAP_FIXED_NOREPLACE);
    if (fixed && (addr & (PAGE - 1))) return -EINVAL;
    cap_t file = 0;
    if (!(flags & L_MAP_ANONYMOUS)) {
        if (!(file = glue_fd_cap(fd))) return -EBADF;
        if ((flags & L_MAP_SHARED) && (prot & L_PROT_WRITE))
            return -LINUX_ENODEV; /* shared writable file mappings: not supported */
    }
    unsigned want = native_prot(prot);
    glue_lock(&mem_lock);
    long r;
    if ((flags & L_MAP_FIXED_NOREPLACE) && overlaps(addr, addr + npages * PAGE)) {
        glue_unlock(&mem_lock);
        return -EEXIST;
    }
    if ((flags & L_MAP_FIXED) && (r = unmap_locked(addr, npages)) < 0) {
        glue_unlock(&mem_lock);
        return r;
    }
    r = map_new(fixed ? addr : 0, npages, file ? PROT_R | PROT_W : want, NULL);
    glue_unlock(&mem_lock);
    if (r < 0 || !file) return r;
    long got = file_read(file, (void *)r, len, (uint64_t)off);
    long p = got < 0 ? got : want == (PROT_R | PROT_W) ? 0 : glue_mprotect((uint64_t)r, len, prot);
    if (p < 0) {
        glue_munmap((uint64_t)r, len);
        return p;
    }
    return r;
}

long glue_munmap(uint64_t addr, uint64_t len)
{
    if ((addr & (PAGE - 1)) || !len) return -EINVAL;
    glue_lock(&mem_lock);
    long r = unmap_locked(addr, (len + PAGE - 1) / PAGE);
    glue_unlock(&mem_lock);
    return r;
}

long glue_mprotect(uint64_t addr, uint64_t len, int prot)
{
    if (addr & (PAGE - 1)) return -EINVAL;
    if (!len) return 0;
    glue_lock(&mem_lock);
    long r = protect_locked(addr, (len + PAGE - 1) / PAGE, native_prot(prot));
    glue_unlock(&mem_lock);
    return r;
}

uint64_t glue_pages(uint64_t npages, cap_t *mem)
{
    glue_lock(&mem_lock);
    long r = map_new(0, npages, PROT_R | PROT_W, mem);
    glue_unlock(&mem_lock);
    return r < 0 ? 0 : (uint64_t)r;
}

/* The break does not move: the end of the program image, page aligned. musl's malloc asks
 * for more and, refused, takes memory from mmap. */
extern char _end[];
long glue_brk(uint64_t addr)
{
    (void)addr;
    return (long)(((uint64_t)_end + PAGE - 1) & ~(PAGE - 1));
}
