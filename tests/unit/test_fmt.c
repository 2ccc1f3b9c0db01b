#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "lib/fmt.h"

/* Unchecked formatting, for format strings the compiler would (rightly) reject. */
static int raw_format(char *b, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = kvsnprintf(b, n, fmt, ap);
    va_end(ap);
    return r;
}

static void test_integers(void **state)
{
    (void)state;
    char b[64];
    assert_int_equal(ksnprintf(b, sizeof b, "%d %i %u", -5, 42, 7u), 7);
    assert_string_equal(b, "-5 42 7");
    ksnprintf(b, sizeof b, "%lx %X %o", 0xdeadbeefUL, 0xabu, 8u);
    assert_string_equal(b, "deadbeef AB 10");
    ksnprintf(b, sizeof b, "%ld %lu", (long)INT64_MIN, (unsigned long)UINT64_MAX);
    assert_string_equal(b, "-9223372036854775808 18446744073709551615");
}

static void test_width_and_padding(void **state)
{
    (void)state;
    char b[64];
    raw_format(b, sizeof b, "[%5d][%-5d][%05d][%-05d]", 42, 42, -42, 3);
    assert_string_equal(b, "[   42][42   ][-0042][3    ]");
    ksnprintf(b, sizeof b, "[%6s][%-6s][%.2s][%*d]", "ab", "ab", "abcdef", 4, 9);
    assert_string_equal(b, "[    ab][ab    ][ab][   9]");
}

static void test_pointer_char_percent_null(void **state)
{
    (void)state;
    char b[64];
    ksnprintf(b, sizeof b, "%p %c%% %s", (void *)0x1234, 'z', (char *)NULL);
    assert_string_equal(b, "0x0000000000001234 z% (null)");
}

static void test_truncation_reports_full_length(void **state)
{
    (void)state;
    char b[8];
    memset(b, 'X', sizeof b);
    assert_int_equal(ksnprintf(b, sizeof b, "hello world"), 11);
    assert_string_equal(b, "hello w");
    assert_int_equal(ksnprintf(b, 0, "abc"), 3);
    assert_int_equal(b[0], 'h');
}

static void test_unknown_and_trailing_percent(void **state)
{
    (void)state;
    char b[32];
    raw_format(b, sizeof b, "a%qb%");
    assert_string_equal(b, "a%qb");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_width_and_padding),
        cmocka_unit_test(test_pointer_char_percent_null),
        cmocka_unit_test(test_truncation_reports_full_length),
        cmocka_unit_test(test_unknown_and_trailing_percent),
    };
    return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
