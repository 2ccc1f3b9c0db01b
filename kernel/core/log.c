#include "log.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/serial.h"
#include "core/klog.h"
#include "core/spinlock.h"
#include "lib/fmt.h"
#include "lib/string.h"

static struct spinlock log_lock;

static void emit(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n') serial_putc('\r');
        serial_putc(*s);
    }
}

void kputs(const char *s)
{
    uint64_t f = spin_lock_irqsave(&log_lock);
    emit(s);
    klog_put(s, strlen(s));
    spin_unlock_irqrestore(&log_lock, f);
}

void kvprintf(const char *fmt, va_list ap)
{
    char buf[512];
    kvsnprintf(buf, sizeof buf, fmt, ap);
    kputs(buf);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

void log_force_unlock(void)
{
    spin_unlock(&log_lock);
}
