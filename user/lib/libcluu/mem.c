/* Capability slots, pages and a small malloc for native CLUU programs. */
#include "cluu.h"
#include "lib/string.h"

/* Threads of one process share these tables: a test-and-set lock that yields. */
static volatile int lock_word;
static void lock(void)
{
    while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
        sys_yield();
}
static void unlock(void)
{
    __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
}

#define SLOT_BITMAP_WORDS 64 /* 4096 slots */
static uint64_t slot_used[SLOT_BITMAP_WORDS];
static int slots_ready;

static cap_t slot_alloc_locked(void);

cap_t slot_alloc(void)
{
    lock();
    cap_t s = slot_alloc_locked();
    unlock();
    return s;
}

static cap_t slot_alloc_locked(void)
{
    if (!slots_ready) {
        for (cap_t s = 0; s < SLOT_FIRST_DYNAMIC; s++)
            slot_used[s / 64] |= 1ull << (s % 64);
        slots_ready = 1;
    }
    for (int w = 0; w < SLOT_BITMAP_WORDS; w++) {
        if (slot_used[w] == ~0ull)
            continue;
        int b = __builtin_ctzll(~slot_used[w]);
        cap_t s = (cap_t)(w * 64 + b);
        /* Skip slots filled by someone else (received capabilities, parent's grants). */
        if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, s) != OBJ_NULL) {
            slot_used[w] |= 1ull << b;
            w--;
            continue;
        }
        slot_used[w] |= 1ull << b;
        return s;
    }
    return 0;
}

void slot_free(cap_t s)
{
    lock();
    if (s >= SLOT_FIRST_DYNAMIC && s < SLOT_BITMAP_WORDS * 64)
        slot_used[s / 64] &= ~(1ull << (s % 64));
    unlock();
}

void slot_delete(cap_t s)
{
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, s);
    slot_free(s);
}

static uint64_t heap_va = 0x100000000ull;

void *pages_alloc(uint64_t npages, cap_t *mem_out)
{
    cap_t m = slot_alloc();
    if (!m)
        return NULL;
    lock();
    uint64_t va = heap_va;
    heap_va += (npages + 1) * 4096; /* an unmapped page between allocations */
    unlock();
    if (invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, npages, m) < 0) {
        slot_free(m);
        return NULL;
    }
    if (invoke5(CAP_SELF_VSPACE, VSPACE_MAP, m, va, 0, npages, PROT_R | PROT_W) < 0) {
        slot_delete(m);
        return NULL;
    }
    if (mem_out)
        *mem_out = m;
    return (void *)va;
}

void pages_free(void *p, uint64_t npages, cap_t mem)
{
    invoke2(CAP_SELF_VSPACE, VSPACE_UNMAP, (uint64_t)p, npages);
    slot_delete(mem);
}

/* malloc: power-of-two classes from 16 to 2048 bytes carved out of 16 KiB chunks; larger
 * blocks get their own pages. The 16-byte header keeps the class or the page count. */
struct hdr {
    uint32_t magic, cls;
    uint32_t pages, mem;
};
#define HMAGIC 0xA110CA7Eu
#define NCLS 8
static void *free_list[NCLS];

void *malloc(size_t n)
{
    size_t need = n + sizeof(struct hdr);
    if (n > (1ull << 32))
        return NULL;
    if (need > 2048) {
        uint64_t pages = (need + 4095) / 4096;
        cap_t m;
        struct hdr *h = pages_alloc(pages, &m);
        if (!h)
            return NULL;
        *h = (struct hdr){HMAGIC, NCLS, (uint32_t)pages, (uint32_t)m};
        return h + 1;
    }
    unsigned c = 0;
    while ((16u << c) < need)
        c++;
    lock();
    if (!free_list[c]) {
        unlock();
        char *chunk = pages_alloc(4, NULL);
        if (!chunk)
            return NULL;
        lock();
        for (size_t off = 0; off + (16u << c) <= 4 * 4096; off += 16u << c) {
            *(void **)(chunk + off) = free_list[c];
            free_list[c] = chunk + off;
        }
    }
    struct hdr *h = free_list[c];
    free_list[c] = *(void **)h;
    unlock();
    *h = (struct hdr){HMAGIC, c, 0, 0};
    return h + 1;
}

void *calloc(size_t a, size_t b)
{
    if (b && a > (size_t)-1 / b)
        return NULL;
    void *p = malloc(a * b);
    if (p)
        memset(p, 0, a * b);
    return p;
}

void free(void *p)
{
    if (!p)
        return;
    struct hdr *h = (struct hdr *)p - 1;
    if (h->magic != HMAGIC) {
        dprintf_k("free: bad pointer %p\n", p);
        return;
    }
    h->magic = 0;
    if (h->cls == NCLS) {
        pages_free(h, h->pages, h->mem);
        return;
    }
    unsigned cls = h->cls; /* the link below overwrites the header */
    lock();
    *(void **)h = free_list[cls];
    free_list[cls] = h;
    unlock();
}
