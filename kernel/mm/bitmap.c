#include "bitmap.h"

uint64_t bitmap_fill(uint64_t *b, uint64_t start, uint64_t end, bool used)
{
    uint64_t changed = 0;
    for (uint64_t i = start; i < end; i++) {
        if (bitmap_test(b, i) != used) {
            changed++;
            if (used)
                bitmap_set(b, i);
            else
                bitmap_clear(b, i);
        }
    }
    return changed;
}

uint64_t bitmap_find_run(const uint64_t *b, uint64_t from, uint64_t limit, uint64_t n,
                         uint64_t align)
{
    if (n == 0 || align == 0)
        return limit;
    uint64_t i = (from + align - 1) / align * align;
    while (i + n <= limit && i + n > i) {
        /* Skip fully used words quickly. */
        if (n == 1 && i % 64 == 0 && b[i / 64] == ~0ull) {
            i += 64;
            continue;
        }
        uint64_t j = 0;
        while (j < n && !bitmap_test(b, i + j))
            j++;
        if (j == n)
            return i;
        i = (i + j + 1 + align - 1) / align * align;
    }
    return limit;
}
