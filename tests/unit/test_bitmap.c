#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "mm/bitmap.h"

static void test_fill_counts_changes(void **state)
{
    (void)state;
    uint64_t b[4] = {0};
    assert_int_equal(bitmap_fill(b, 3, 70, true), 67);
    assert_int_equal(bitmap_fill(b, 0, 80, true), 13);
    assert_true(bitmap_test(b, 0) && bitmap_test(b, 79));
    assert_false(bitmap_test(b, 80));
    assert_int_equal(bitmap_fill(b, 10, 20, false), 10);
    assert_false(bitmap_test(b, 15));
}

static void test_find_single_skips_full_words(void **state)
{
    (void)state;
    uint64_t b[4];
    memset(b, 0xFF, sizeof b);
    bitmap_clear(b, 200);
    assert_int_equal(bitmap_find_run(b, 0, 256, 1, 1), 200);
    bitmap_set(b, 200);
    assert_int_equal(bitmap_find_run(b, 0, 256, 1, 1), 256);
}

static void test_find_run_and_alignment(void **state)
{
    (void)state;
    uint64_t b[4] = {0};
    bitmap_fill(b, 0, 5, true);
    bitmap_fill(b, 9, 10, true);
    assert_int_equal(bitmap_find_run(b, 0, 256, 4, 1), 5);
    assert_int_equal(bitmap_find_run(b, 0, 256, 5, 1), 10);
    assert_int_equal(bitmap_find_run(b, 0, 256, 3, 8), 16);
    assert_int_equal(bitmap_find_run(b, 250, 256, 8, 1), 256);
    assert_int_equal(bitmap_find_run(b, 0, 256, 0, 1), 256);
}

static void test_run_at_limit(void **state)
{
    (void)state;
    uint64_t b[2];
    memset(b, 0xFF, sizeof b);
    bitmap_fill(b, 120, 128, false);
    assert_int_equal(bitmap_find_run(b, 0, 128, 8, 1), 120);
    assert_int_equal(bitmap_find_run(b, 0, 128, 9, 1), 128);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill_counts_changes),
        cmocka_unit_test(test_find_single_skips_full_words),
        cmocka_unit_test(test_find_run_and_alignment),
        cmocka_unit_test(test_run_at_limit),
    };
    return cmocka_run_group_tests_name("bitmap", tests, NULL, NULL);
}
