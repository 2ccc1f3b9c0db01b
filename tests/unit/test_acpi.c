#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "abi/errno.h"
#include "arch/x86_64/acpi.h"

static uint8_t tbl[256];

static uint32_t put(uint32_t off, const void *p, uint32_t n)
{
    memcpy(tbl + off, p, n);
    return off + n;
}

static void finish(uint32_t len)
{
    struct acpi_sdt *h = (struct acpi_sdt *)tbl;
    h->length = len;
    h->checksum = 0;
    h->checksum = (uint8_t)(0x100 - acpi_checksum(tbl, len));
}

/* A MADT with two CPUs (one disabled), one IOAPIC and one override. */
static uint32_t build_madt(void)
{
    memset(tbl, 0, sizeof tbl);
    memcpy(tbl, "APIC", 4);
    uint32_t off = sizeof(struct acpi_sdt);
    uint32_t lapic = 0xFEE00000, flags = 1;
    off = put(off, &lapic, 4);
    off = put(off, &flags, 4);
    uint8_t cpu0[8] = {0, 8, 0, 0, 1, 0, 0, 0};
    uint8_t cpu1[8] = {0, 8, 1, 1, 0, 0, 0, 0};
    uint8_t io[12] = {1, 12, 7, 0, 0x00, 0x00, 0xC0, 0xFE, 0, 0, 0, 0};
    uint8_t ovr[10] = {2, 10, 0, 0, 2, 0, 0, 0, 0x0F, 0};
    off = put(off, cpu0, 8);
    off = put(off, cpu1, 8);
    off = put(off, io, 12);
    off = put(off, ovr, 10);
    finish(off);
    return off;
}

static void test_madt(void **state)
{
    (void)state;
    build_madt();
    struct acpi_info info = {0};
    assert_int_equal(acpi_parse_madt((struct acpi_sdt *)tbl, &info), 0);
    assert_int_equal(info.lapic_addr, 0xFEE00000);
    assert_int_equal(info.ncpus, 1);
    assert_int_equal(info.nioapic, 1);
    assert_int_equal(info.ioapic[0].id, 7);
    assert_int_equal(info.ioapic[0].addr, 0xFEC00000);
    assert_int_equal(info.novr, 1);
    assert_int_equal(info.ovr[0].irq, 0);
    assert_int_equal(info.ovr[0].gsi, 2);
    assert_int_equal(info.ovr[0].flags, 0xF);
}

static void test_madt_bad_checksum(void **state)
{
    (void)state;
    build_madt();
    tbl[40] ^= 1;
    struct acpi_info info = {0};
    assert_int_equal(acpi_parse_madt((struct acpi_sdt *)tbl, &info), -EINVAL);
}

static void test_madt_entry_overruns_table(void **state)
{
    (void)state;
    uint32_t len = build_madt();
    tbl[len - 9] = 40; /* the override claims 40 bytes */
    finish(len);
    struct acpi_info info = {0};
    assert_int_equal(acpi_parse_madt((struct acpi_sdt *)tbl, &info), -EINVAL);
    tbl[len - 9] = 0; /* zero-length entry would loop forever */
    finish(len);
    assert_int_equal(acpi_parse_madt((struct acpi_sdt *)tbl, &info), -EINVAL);
}

static void test_fadt(void **state)
{
    (void)state;
    memset(tbl, 0, sizeof tbl);
    memcpy(tbl, "FACP", 4);
    uint32_t dsdt = 0x7FE0000, pm1a = 0x604, flags = 1u << 10;
    memcpy(tbl + 40, &dsdt, 4);
    memcpy(tbl + 64, &pm1a, 4);
    memcpy(tbl + 112, &flags, 4);
    tbl[116] = 1; /* reset register in I/O space */
    uint64_t rport = 0xCF9;
    memcpy(tbl + 120, &rport, 8);
    tbl[128] = 6;
    finish(244);
    struct acpi_info info = {0};
    assert_int_equal(acpi_parse_fadt((struct acpi_sdt *)tbl, &info), 0);
    assert_int_equal(info.dsdt, 0x7FE0000);
    assert_int_equal(info.pm1a_cnt, 0x604);
    assert_true(info.has_reset);
    assert_int_equal(info.reset_reg.addr, 0xCF9);
    assert_int_equal(info.reset_value, 6);
    finish(100);
    assert_int_equal(acpi_parse_fadt((struct acpi_sdt *)tbl, &info), -EINVAL);
}

/* \_S5 as QEMU's q35 DSDT has it: Name (_S5, Package (4) { Zero, Zero, Zero, Zero }) and
 * the common BytePrefix form. */
static void test_s5_found(void **state)
{
    (void)state;
    uint8_t a[] = {0x10, 0x08, 0x5C, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00};
    uint8_t ta = 9, tb = 9;
    assert_int_equal(acpi_find_s5(a + 1, sizeof a - 1, &ta, &tb), 0);
    assert_int_equal(ta, 0);
    assert_int_equal(tb, 0);
    uint8_t b[] = {0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x07, 0x00, 0x00};
    assert_int_equal(acpi_find_s5(b, sizeof b, &ta, &tb), 0);
    assert_int_equal(ta, 5);
    assert_int_equal(tb, 7);
}

static void test_s5_bad_input(void **state)
{
    (void)state;
    uint8_t ta, tb;
    /* Not a Name, truncated package, truncated byte prefix, nothing at all. */
    uint8_t a[] = {0x14, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00};
    assert_int_equal(acpi_find_s5(a, sizeof a, &ta, &tb), -ENOENT);
    uint8_t b[] = {0x08, '_', 'S', '5', '_', 0x12};
    assert_int_equal(acpi_find_s5(b, sizeof b, &ta, &tb), -ENOENT);
    uint8_t c[] = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0A};
    assert_int_equal(acpi_find_s5(c, sizeof c, &ta, &tb), -ENOENT);
    assert_int_equal(acpi_find_s5(c, 0, &ta, &tb), -ENOENT);
    assert_int_equal(acpi_find_s5(c, 3, &ta, &tb), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_madt),
        cmocka_unit_test(test_madt_bad_checksum),
        cmocka_unit_test(test_madt_entry_overruns_table),
        cmocka_unit_test(test_fadt),
        cmocka_unit_test(test_s5_found),
        cmocka_unit_test(test_s5_bad_input),
    };
    return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
