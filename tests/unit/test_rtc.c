#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>
#include "arch/x86_64/rtc.h"

static void test_epoch_against_libc(void **state)
{
    (void)state;
    /* Every day from 1970 to 2100 at a few times agrees with the host's timegm. */
    for (unsigned y = 1970; y <= 2100; y += 7)
        for (unsigned m = 1; m <= 12; m++)
            for (unsigned d = 1; d <= 28; d += 9) {
                struct rtc_time t = {59, 30, 23, d, m, y};
                struct tm tm = {.tm_sec = 59, .tm_min = 30, .tm_hour = 23, .tm_mday = (int)d,
                                .tm_mon = (int)m - 1, .tm_year = (int)y - 1900};
                assert_int_equal(rtc_to_epoch(&t), (int64_t)timegm(&tm));
            }
    struct rtc_time leap = {0, 0, 0, 29, 2, 2024}, noleap = {0, 0, 0, 29, 2, 2100};
    assert_int_equal(rtc_to_epoch(&leap), 1709164800);
    assert_int_equal(rtc_to_epoch(&noleap), -1);
    struct rtc_time bad[] = {{0, 0, 0, 0, 1, 2026}, {0, 0, 24, 1, 1, 2026}, {0, 60, 0, 1, 1, 2026},
                             {0, 0, 0, 31, 4, 2026}, {0, 0, 0, 1, 13, 2026}, {0, 0, 0, 1, 1, 1969}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(rtc_to_epoch(&bad[i]), -1);
}

static void test_decode_bcd_and_binary(void **state)
{
    (void)state;
    struct rtc_time t;
    /* 2026-11-28 14:05:09, BCD, 24-hour, century register 0x20. */
    uint8_t bcd[10] = {0x09, 0, 0x05, 0, 0x14, 0, 7, 0x28, 0x11, 0x26};
    assert_int_equal(rtc_decode(bcd, 0x20, 0x02, &t), 0);
    assert_int_equal(t.year, 2026);
    assert_int_equal(t.hour, 14);
    assert_int_equal(rtc_to_epoch(&t), 1795874709);
    /* The same in binary, 12-hour: 2 PM. */
    uint8_t bin[10] = {9, 0, 5, 0, 0x80 | 2, 0, 7, 28, 11, 26};
    assert_int_equal(rtc_decode(bin, 20, 0x04, &t), 0);
    assert_int_equal(t.hour, 14);
    /* 12 AM is hour 0. */
    uint8_t midnight[10] = {0, 0, 0, 0, 0x12, 0, 7, 0x28, 0x11, 0x26};
    assert_int_equal(rtc_decode(midnight, 0x20, 0x00, &t), 0);
    assert_int_equal(t.hour, 0);
    /* No century register: 20xx. Garbage: refused. */
    assert_int_equal(rtc_decode(bcd, 0, 0x02, &t), 0);
    assert_int_equal(t.year, 2026);
    uint8_t junk[10] = {0x99, 0, 0x99, 0, 0x99, 0, 0, 0x99, 0x99, 0x99};
    assert_int_equal(rtc_decode(junk, 0x20, 0x02, &t), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epoch_against_libc),
        cmocka_unit_test(test_decode_bcd_and_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
