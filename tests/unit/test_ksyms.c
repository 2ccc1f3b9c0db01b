#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "core/ksyms.h"

/* A fake table in the layout scripts/gen_ksyms.sh generates. */
const uint64_t ksyms_count = 3;
const uint64_t ksyms_addr[] = {0x1000, 0x1040, 0x2000, 0};
const char *const ksyms_name[] = {"alpha", "beta", "gamma", 0};

static void test_lookup(void **state)
{
    (void)state;
    uint64_t off = 0;
    assert_null(ksyms_lookup(0xfff, &off));
    assert_string_equal(ksyms_lookup(0x1000, &off), "alpha");
    assert_int_equal(off, 0);
    assert_string_equal(ksyms_lookup(0x103f, &off), "alpha");
    assert_int_equal(off, 0x3f);
    assert_string_equal(ksyms_lookup(0x1040, &off), "beta");
    assert_string_equal(ksyms_lookup(0x2010, &off), "gamma");
    assert_int_equal(off, 0x10);
    assert_null(ksyms_lookup(0x2000 + 0x20000, &off)); /* far past the last symbol */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_lookup)};
    return cmocka_run_group_tests_name("ksyms", tests, NULL, NULL);
}
