/* The server's memory: libcluu's allocator, behind names of our own so that every
 * allocation in vfs can be found (and swapped for a checking one when debugging). */
#include "vfs.h"

void *vmalloc(size_t n)
{
    return malloc(n);
}

void *vcalloc(size_t a, size_t b)
{
    return calloc(a, b);
}

void vfree(void *p)
{
    free(p);
}
