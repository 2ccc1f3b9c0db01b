#pragma once
#include <stdarg.h>

/* Formatted output to the kernel log (serial console). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
void kputs(const char *s);
/* Breaks the log lock so a panic can always print. */
void log_force_unlock(void);
