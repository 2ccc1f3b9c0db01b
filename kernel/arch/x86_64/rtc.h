#pragma once
#include <stdint.h>

/* The CMOS real-time clock, read once at boot: wall-clock time for the C library's
 * CLOCK_REALTIME (UTC, as QEMU presents the host's clock). */
struct rtc_time {
    unsigned sec, min, hour, day, month, year; /* year: full, e.g. 2026 */
};

/* Seconds since 1970-01-01 00:00:00 UTC for t, or -1 if t is not a valid date. Pure. */
int64_t rtc_to_epoch(const struct rtc_time *t);
/* Decodes raw CMOS registers (BCD unless status B bit 2, 12-hour unless bit 1); 0 or -1. */
int rtc_decode(const uint8_t reg[10], uint8_t century, uint8_t status_b, struct rtc_time *t);
/* Reads the RTC: seconds since the epoch, or 0 when it cannot be read. */
uint64_t rtc_read_epoch(void);
