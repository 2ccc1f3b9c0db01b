#include "backtrace.h"
#include "log.h"
#include "arch/x86_64/cpu.h"

static void print_addr(int i, uint64_t a)
{
    uint64_t off;
    const char *fn = ksyms_lookup(a, &off);
    if (fn)
        kprintf("  #%d %016lx %s+0x%lx\n", i, a, fn, off);
    else
        kprintf("  #%d %016lx ?\n", i, a);
}

void backtrace_print(uint64_t rip, uint64_t rbp)
{
    int i = 0;
    print_addr(i++, rip);
    while (rbp && i < 32) {
        if (rbp < KVMA || (rbp & 7))
            break;
        uint64_t *frame = (uint64_t *)rbp;
        uint64_t ret = frame[1];
        if (ret < KVMA)
            break;
        print_addr(i++, ret - 1);
        if (frame[0] <= rbp)
            break;
        rbp = frame[0];
    }
}
