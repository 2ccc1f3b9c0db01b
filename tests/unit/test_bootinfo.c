#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "abi/errno.h"
#include "core/bootinfo.h"
#include "core/log.h"
#include <stdio.h>

/* The kernel's log, captured: the parser reports modules it has no room for. */
static char logged[256];
void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(logged, sizeof logged, fmt, ap);
    va_end(ap);
}

static _Alignas(8) uint8_t mbi[4096];
static uint32_t off;

static void tag(uint32_t type, const void *body, uint32_t len)
{
    uint32_t size = 8 + len;
    memcpy(mbi + off, &type, 4);
    memcpy(mbi + off + 4, &size, 4);
    if (len)
        memcpy(mbi + off + 8, body, len);
    off += (size + 7) & ~7u;
}

static void begin(void)
{
    memset(mbi, 0, sizeof mbi);
    memset(&bootinfo, 0, sizeof bootinfo);
    off = 8;
}

static uint32_t end(void)
{
    tag(0, NULL, 0);
    memcpy(mbi, &off, 4);
    return off;
}

static void add_mmap(void)
{
    uint8_t m[8 + 2 * 24] = {0};
    uint32_t esize = 24, ver = 0;
    memcpy(m, &esize, 4);
    memcpy(m + 4, &ver, 4);
    uint64_t base = 0, len = 0x9FC00, base2 = 0x100000, len2 = 0x1FF00000;
    uint32_t t1 = 1;
    memcpy(m + 8, &base, 8);
    memcpy(m + 16, &len, 8);
    memcpy(m + 24, &t1, 4);
    memcpy(m + 32, &base2, 8);
    memcpy(m + 40, &len2, 8);
    memcpy(m + 48, &t1, 4);
    tag(6, m, sizeof m);
}

static void test_full(void **state)
{
    (void)state;
    begin();
    tag(1, "ktest exit", 11);
    add_mmap();
    uint8_t mod[8 + 5] = {0};
    uint32_t s = 0x200000, e = 0x201000;
    memcpy(mod, &s, 4);
    memcpy(mod + 4, &e, 4);
    memcpy(mod + 8, "init", 5);
    tag(3, mod, sizeof mod);
    uint8_t rsdp[20] = "RSD PTR ";
    tag(14, rsdp, 20);
    end();
    assert_int_equal(bootinfo_parse(mbi, 0x9000), 0);
    assert_string_equal(bootinfo.cmdline, "ktest exit");
    assert_int_equal(bootinfo.nmem, 2);
    assert_int_equal(bootinfo.mem[1].base, 0x100000);
    assert_int_equal(bootinfo.mem[1].type, 1);
    assert_int_equal(bootinfo.nmods, 1);
    assert_string_equal(bootinfo.mods[0].name, "init");
    assert_int_equal(bootinfo.mods[0].end, 0x201000);
    assert_true(bootinfo.has_rsdp);
    assert_int_equal(bootinfo.mbi_start, 0x9000);
    assert_int_equal(bootinfo.mbi_end, 0x9000 + off);
}

static void test_tag_past_end_rejected(void **state)
{
    (void)state;
    begin();
    add_mmap();
    uint32_t total = end();
    uint32_t bad = 4096;
    memcpy(mbi + 12, &bad, 4); /* the mmap tag claims 4 KiB */
    (void)total;
    assert_int_equal(bootinfo_parse(mbi, 0x9000), -EINVAL);
}

static void test_no_memory_map_rejected(void **state)
{
    (void)state;
    begin();
    tag(1, "x", 2);
    end();
    assert_int_equal(bootinfo_parse(mbi, 0x9000), -EINVAL);
}

static void test_too_many_modules_reported(void **state)
{
    (void)state;
    begin();
    logged[0] = 0;
    add_mmap();
    for (int i = 0; i <= BOOT_MAX_MODULES; i++) {
        uint8_t mod[8 + 8] = {0};
        uint32_t s = 0x200000 + (uint32_t)i * 0x1000, e = s + 0x1000;
        memcpy(mod, &s, 4);
        memcpy(mod + 4, &e, 4);
        snprintf((char *)mod + 8, 8, "m%d", i & 0xFFF);
        tag(3, mod, sizeof mod);
    }
    end();
    assert_int_equal(bootinfo_parse(mbi, 0x9000), 0);
    assert_int_equal(bootinfo.nmods, BOOT_MAX_MODULES);
    char want[64];
    snprintf(want, sizeof want, "'m%d' is ignored", BOOT_MAX_MODULES);
    assert_non_null(strstr(logged, want));
}

static void test_absurd_total_rejected(void **state)
{
    (void)state;
    begin();
    uint32_t t = 4;
    memcpy(mbi, &t, 4);
    assert_int_equal(bootinfo_parse(mbi, 0x9000), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_tag_past_end_rejected),
        cmocka_unit_test(test_no_memory_map_rejected),
        cmocka_unit_test(test_absurd_total_rejected),
        cmocka_unit_test(test_too_many_modules_reported),
    };
    return cmocka_run_group_tests_name("bootinfo", tests, NULL, NULL);
}
