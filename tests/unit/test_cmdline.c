#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "core/cmdline.h"

static void test_words(void **state)
{
    (void)state;
    assert_true(cmdline_has_in("ktest", "ktest"));
    assert_true(cmdline_has_in("  a   ktest  ", "ktest"));
    assert_true(cmdline_has_in("crash=null", "crash"));
    assert_false(cmdline_has_in("ktests", "ktest"));
    assert_false(cmdline_has_in("xktest", "ktest"));
    assert_false(cmdline_has_in("", "ktest"));
    assert_false(cmdline_has_in("a b", ""));
}

static void test_values(void **state)
{
    (void)state;
    char v[8];
    assert_true(cmdline_value_in("a crash=stack-overflow b", "crash", v, sizeof v));
    assert_string_equal(v, "stack-o"); /* truncated to the buffer */
    assert_true(cmdline_value_in("x= y", "x", v, sizeof v));
    assert_string_equal(v, "");
    assert_false(cmdline_value_in("x y", "x", v, sizeof v));
    assert_false(cmdline_value_in("x=1", "x", v, 0));
    assert_false(cmdline_value_in("xy=1", "x", v, sizeof v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
