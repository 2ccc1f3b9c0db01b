#include "heap.h"
#include "pmm.h"
#include "arch/x86_64/cpu.h"
#include "core/panic.h"
#include "core/spinlock.h"
#include "lib/string.h"

#define MAGIC_USED 0xC1A110C8u
#define MAGIC_FREE 0xF4EEF4EEu
#define MAGIC_LARGE 0x1A46E000u
#define CANARY 0x5AFEC0DECAFEF00Dull
#define NCLASS 8

struct block {
    uint32_t magic;
    uint32_t cls;
    uint64_t size;
};

struct slab {
    struct slab *next, *prev;
    void *free;
    uint32_t inuse, cls;
};

static const uint32_t class_size[NCLASS] = {32, 48, 64, 128, 256, 512, 1024, 2048};
static struct slab *partial[NCLASS];
static struct spinlock heap_lock;
static uint64_t in_use;

static void list_remove(int c, struct slab *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        partial[c] = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->next = s->prev = NULL;
}

static void list_push(int c, struct slab *s)
{
    s->prev = NULL;
    s->next = partial[c];
    if (partial[c])
        partial[c]->prev = s;
    partial[c] = s;
}

static struct slab *slab_new(int c)
{
    uint64_t pa = pmm_alloc();
    if (!pa)
        return NULL;
    struct slab *s = phys_to_virt(pa);
    s->cls = c;
    s->inuse = 0;
    s->free = NULL;
    uint32_t sz = class_size[c];
    for (uint64_t off = sizeof(struct slab); off + sz <= PAGE_SIZE; off += sz) {
        struct block *b = (struct block *)((char *)s + off);
        b->magic = MAGIC_FREE;
        *(void **)(b + 1) = s->free;
        s->free = b;
    }
    list_push(c, s);
    return s;
}

void *kmalloc(size_t size)
{
    size_t need = sizeof(struct block) + size + sizeof(uint64_t);
    if (size > (1ull << 30))
        return NULL;
    struct block *b;
    if (need > class_size[NCLASS - 1]) {
        uint64_t pages = (need + PAGE_SIZE - 1) / PAGE_SIZE;
        uint64_t pa = pmm_alloc_contig(pages);
        if (!pa)
            return NULL;
        b = phys_to_virt(pa);
        b->magic = MAGIC_LARGE;
        b->cls = (uint32_t)pages;
    } else {
        int c = 0;
        while (class_size[c] < need)
            c++;
        uint64_t f = spin_lock_irqsave(&heap_lock);
        struct slab *s = partial[c] ? partial[c] : slab_new(c);
        if (!s) {
            spin_unlock_irqrestore(&heap_lock, f);
            return NULL;
        }
        b = s->free;
        if (b->magic != MAGIC_FREE)
            panic("kmalloc: free block %p corrupted (use after free?)", (void *)b);
        s->free = *(void **)(b + 1);
        if (!s->free)
            list_remove(c, s);
        s->inuse++;
        b->magic = MAGIC_USED;
        b->cls = (uint32_t)c;
        spin_unlock_irqrestore(&heap_lock, f);
    }
    b->size = size;
    uint64_t canary = CANARY;
    memcpy((char *)(b + 1) + size, &canary, sizeof canary);
    __atomic_add_fetch(&in_use, size, __ATOMIC_RELAXED);
    return b + 1;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    if ((uint64_t)p < DIRECT_MAP || ((uint64_t)p & 15))
        panic("kfree: %p is not a heap pointer", p);
    struct block *b = (struct block *)p - 1;
    if (b->magic == MAGIC_FREE)
        panic("kfree: double free of %p", p);
    if (b->magic != MAGIC_USED && b->magic != MAGIC_LARGE)
        panic("kfree: %p is not a heap block (bad magic %x)", p, b->magic);
    uint64_t canary;
    memcpy(&canary, (char *)p + b->size, sizeof canary);
    if (canary != CANARY)
        panic("kfree: heap overflow past the end of %p (%lu bytes)", p, b->size);
    __atomic_sub_fetch(&in_use, b->size, __ATOMIC_RELAXED);
    if (b->magic == MAGIC_LARGE) {
        b->magic = MAGIC_FREE;
        pmm_free_contig(virt_to_phys(b), b->cls);
        return;
    }
    int c = (int)b->cls;
    struct slab *s = (struct slab *)((uint64_t)b & ~(PAGE_SIZE - 1));
    uint64_t f = spin_lock_irqsave(&heap_lock);
    memset(p, 0x6B, class_size[c] - sizeof *b);
    b->magic = MAGIC_FREE;
    int was_full = s->free == NULL;
    *(void **)(b + 1) = s->free;
    s->free = b;
    s->inuse--;
    if (was_full)
        list_push(c, s);
    if (s->inuse == 0) {
        list_remove(c, s);
        spin_unlock_irqrestore(&heap_lock, f);
        pmm_free(virt_to_phys(s));
        return;
    }
    spin_unlock_irqrestore(&heap_lock, f);
}

uint64_t heap_in_use(void)
{
    return in_use;
}
