#pragma once
#include <stdbool.h>
#include <stdint.h>

/* A bit per item; a set bit means "in use". Pure functions, unit-tested on the host. */
static inline bool bitmap_test(const uint64_t *b, uint64_t i)
{
    return b[i / 64] >> (i % 64) & 1;
}
static inline void bitmap_set(uint64_t *b, uint64_t i)
{
    b[i / 64] |= 1ull << (i % 64);
}
static inline void bitmap_clear(uint64_t *b, uint64_t i)
{
    b[i / 64] &= ~(1ull << (i % 64));
}
/* Sets (used=true) or clears bits [start, end); returns how many bits changed. */
uint64_t bitmap_fill(uint64_t *b, uint64_t start, uint64_t end, bool used);
/* First run of n clear bits in [from, limit) whose start is a multiple of align; limit if none. */
uint64_t bitmap_find_run(const uint64_t *b, uint64_t from, uint64_t limit, uint64_t n,
                         uint64_t align);
