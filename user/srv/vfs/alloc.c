/* The server's memory: power-of-two classes of 32..2048 bytes carved from 16 KiB chunks,
 * larger blocks on their own pages. vfs keeps its own allocator because libcluu's free()
 * reads the size class after overwriting it with the free-list link (reported). */
#include "vfs.h"

#define NCLS 7 /* 32 << 6 = 2048 */
#define CHUNK_PAGES 4
#define MAGIC 0x7F5A110Cu

struct hdr {
    uint32_t magic, cls; /* cls NCLS: own pages */
    uint32_t pages, mem;
};

static void *free_list[NCLS];

void *vmalloc(size_t n)
{
    size_t need = n + sizeof(struct hdr);
    if (n > (1ull << 32))
        return NULL;
    if (need > (32u << (NCLS - 1))) {
        uint64_t pages = (need + 4095) / 4096;
        cap_t m;
        struct hdr *h = pages_alloc(pages, &m);
        if (!h)
            return NULL;
        *h = (struct hdr){MAGIC, NCLS, (uint32_t)pages, (uint32_t)m};
        return h + 1;
    }
    unsigned c = 0;
    while ((32u << c) < need)
        c++;
    if (!free_list[c]) {
        char *chunk = pages_alloc(CHUNK_PAGES, NULL);
        if (!chunk)
            return NULL;
        for (size_t off = 0; off + (32u << c) <= CHUNK_PAGES * 4096; off += 32u << c) {
            *(void **)(chunk + off) = free_list[c];
            free_list[c] = chunk + off;
        }
    }
    struct hdr *h = free_list[c];
    free_list[c] = *(void **)h;
    *h = (struct hdr){MAGIC, c, 0, 0};
    return h + 1;
}

void *vcalloc(size_t a, size_t b)
{
    if (b && a > (size_t)-1 / b)
        return NULL;
    void *p = vmalloc(a * b);
    if (p)
        memset(p, 0, a * b);
    return p;
}

void vfree(void *p)
{
    if (!p)
        return;
    struct hdr *h = (struct hdr *)p - 1;
    if (h->magic != MAGIC) {
        dprintf_k("vfs: free of a bad pointer %p\n", p);
        return;
    }
    uint32_t c = h->cls;
    h->magic = 0;
    if (c == NCLS) {
        pages_free(h, h->pages, h->mem);
        return;
    }
    *(void **)h = free_list[c];
    free_list[c] = h;
}
