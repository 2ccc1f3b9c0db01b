#include <stdint.h>
#include "core/panic.h"

uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ull;

static int has_feature(uint32_t leaf, int reg, int bit)
{
    uint32_t r[4];
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
    return (r[reg] >> bit) & 1;
}

/* Called from boot.S before any protected function runs: a random canary per boot. */
__attribute__((no_stack_protector)) void stack_guard_init(void)
{
    uint64_t v = 0;
    unsigned char ok = 0;
    uint32_t r[4];
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(0), "c"(0));
    for (int i = 0; i < 32 && !ok; i++) {
        if (r[0] >= 7 && has_feature(7, 1, 18))
            __asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(ok));
        else if (has_feature(1, 2, 30))
            __asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
        else
            break;
    }
    if (!ok) {
        uint32_t lo, hi;
        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
        v = ((uint64_t)hi << 32 | lo) * 0x9E3779B97F4A7C15ull;
    }
    __stack_chk_guard = v & ~0xFFull; /* a zero low byte stops string overruns */
}

__attribute__((noreturn)) void __stack_chk_fail(void)
{
    panic("stack protector: stack smashing detected");
}
