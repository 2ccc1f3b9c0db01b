#pragma once
#include <stdarg.h>
#include <stddef.h>

/* printf-style formatting into buf (always NUL-terminated when n > 0); returns the full length. */
int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
