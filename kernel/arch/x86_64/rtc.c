#include "rtc.h"
#include "cpu.h"
#include <stdbool.h>

static uint8_t cmos(uint8_t r)
{
    outb(0x70, r);
    return inb(0x71);
}

static void snapshot(uint8_t reg[10], uint8_t *century)
{
    while (cmos(0x0A) & 0x80) /* update in progress: wait (at most ~2 ms) */
        ;
    for (uint8_t i = 0; i < 10; i++)
        reg[i] = cmos(i);
    *century = cmos(0x32);
}

uint64_t rtc_read_epoch(void)
{
    uint8_t a[10], b[10], ca, cb;
    /* Read until two snapshots agree, so no update happened in between. */
    snapshot(a, &ca);
    for (int tries = 0; tries < 5; tries++) {
        snapshot(b, &cb);
        bool same = ca == cb;
        for (int i = 0; i < 10; i++)
            same &= a[i] == b[i];
        if (same)
            break;
        for (int i = 0; i < 10; i++)
            a[i] = b[i];
        ca = cb;
    }
    struct rtc_time t;
    if (rtc_decode(a, ca, cmos(0x0B), &t) < 0)
        return 0;
    int64_t e = rtc_to_epoch(&t);
    return e < 0 ? 0 : (uint64_t)e;
}
