#include "panic.h"
#include "backtrace.h"
#include "log.h"
#include "cmdline.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/qemu.h"
#include <stdarg.h>

static volatile int panicking;

void panic_begin(void)
{
    irq_disable();
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST))
        for (;;)
            halt();
    log_force_unlock();
}

void panic_end(void)
{
    kprintf("System halted.\n");
    if (cmdline_has("panic_exit"))
        qemu_exit(0x7F);
    for (;;)
        halt();
}

void panic(const char *fmt, ...)
{
    panic_begin();
    va_list ap;
    va_start(ap, fmt);
    kputs("\nKERNEL PANIC: ");
    kvprintf(fmt, ap);
    va_end(ap);
    kputs("\nBacktrace:\n");
    uint64_t rbp;
    __asm__ volatile("mov %%rbp, %0" : "=r"(rbp));
    backtrace_print((uint64_t)panic, rbp);
    panic_end();
}
