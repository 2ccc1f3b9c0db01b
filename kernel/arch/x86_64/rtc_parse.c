/* RTC date arithmetic and register decoding (host-tested). */
#include "rtc.h"
#include <stdbool.h>

static unsigned bcd(uint8_t v)
{
    return (v >> 4) * 10u + (v & 15u);
}

int64_t rtc_to_epoch(const struct rtc_time *t)
{
    static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (t->year < 1970 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1 ||
        t->hour > 23 || t->min > 59 || t->sec > 60)
        return -1;
    bool leap = (t->year % 4 == 0 && t->year % 100 != 0) || t->year % 400 == 0;
    unsigned dim = mdays[t->month - 1] + (t->month == 2 && leap);
    if (t->day > dim)
        return -1;
    /* Days from the civil date (proleptic Gregorian), with March as the first month. */
    int64_t y = (int64_t)t->year - (t->month <= 2);
    int64_t era = y / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = ((int64_t)t->month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + (int64_t)t->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + (int64_t)t->hour * 3600 + (int64_t)t->min * 60 + (int64_t)t->sec;
}

int rtc_decode(const uint8_t reg[10], uint8_t century, uint8_t status_b, struct rtc_time *t)
{
    bool binary = status_b & 4, h24 = status_b & 2;
    uint8_t hour_raw = reg[4];
    bool pm = !h24 && (hour_raw & 0x80);
    hour_raw &= 0x7F;
    unsigned (*conv)(uint8_t) = binary ? 0 : bcd;
#define V(x) (conv ? conv(x) : (unsigned)(x))
    t->sec = V(reg[0]);
    t->min = V(reg[2]);
    t->hour = V(hour_raw);
    t->day = V(reg[7]);
    t->month = V(reg[8]);
    unsigned yy = V(reg[9]), cc = century ? V(century) : 20;
#undef V
    if (!h24) {
        if (t->hour == 12)
            t->hour = 0;
        if (pm)
            t->hour += 12;
    }
    if (cc < 19 || cc > 99 || yy > 99)
        return -1;
    t->year = cc * 100 + yy;
    return rtc_to_epoch(t) < 0 ? -1 : 0;
}
