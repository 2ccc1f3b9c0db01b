#pragma once
#include <stddef.h>
#include <stdint.h>

/* A byte ring that keeps the newest size bytes of a stream. Positions count every byte
 * ever put, so a reader can tell what it missed: the ring holds [end - size, end). */
struct ring {
    char *buf;
    size_t size;
    uint64_t end;
};

/* Appends n bytes, overwriting the oldest when full. */
void ring_put(struct ring *r, const char *s, size_t n);
/* Copies up to len bytes from *pos (moved up to the oldest retained byte if that was
 * overwritten) into dst and advances *pos past them; returns the count (0 at the end). */
size_t ring_get(const struct ring *r, uint64_t *pos, char *dst, size_t len);

/* The kernel log: everything kputs prints (the kernel's messages and debug_write). */
#define KLOG_SIZE (64 * 1024)
void klog_put(const char *s, size_t n);
