/* Deliberate faults for the system tests (boot option crash=WHAT). */
#include "log.h"
#include "panic.h"
#include "lib/string.h"
#include "mm/heap.h"

__attribute__((noinline)) void crash_null_deref(void)
{
    volatile int *p = (volatile int *)8;
    *p = 1;
}

static volatile uint64_t recurse_limit = ~0ull;

__attribute__((noinline)) static uint64_t crash_recurse(uint64_t n)
{
    volatile char pad[256];
    pad[0] = (char)n;
    if (n >= recurse_limit)
        return 0;
    return crash_recurse(n + 1) + pad[0];
}

__attribute__((noinline)) void crash_stack_overflow(void)
{
    crash_recurse(0);
}

__attribute__((noinline)) void crash_stack_smash(const char *src)
{
    char buf[8];
    volatile size_t n = 64;
    memcpy(buf, src, n);
    __asm__ volatile("" : : "r"(buf) : "memory");
}

__attribute__((noinline)) void crash_write_text(void)
{
    volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)&crash_null_deref;
    *p = 0xCC;
}

void crash_run(const char *what)
{
    static const char junk[64] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    kprintf("crash: triggering '%s'\n", what);
    if (!strcmp(what, "null")) {
        crash_null_deref();
    } else if (!strcmp(what, "stack-overflow")) {
        crash_stack_overflow();
    } else if (!strcmp(what, "stack-smash")) {
        crash_stack_smash(junk);
    } else if (!strcmp(what, "write-text")) {
        crash_write_text();
    } else if (!strcmp(what, "heap-overflow")) {
        char *p = kmalloc(24);
        memset(p, 'x', 25);
        kfree(p);
    } else if (!strcmp(what, "double-free")) {
        void *p = kmalloc(40);
        kfree(p);
        kfree(p);
    } else if (!strcmp(what, "panic")) {
        panic("deliberate panic");
    }
    kprintf("crash: '%s' did not fault\n", what);
}
