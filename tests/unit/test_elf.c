#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "abi/errno.h"
#include "lib/elf.h"

/* A minimal valid executable: header, two program headers, 8 KiB of "file". */
static _Alignas(8) uint8_t img[8192];

static struct elf64_ehdr *eh(void)
{
    return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *ph(int i)
{
    return (struct elf64_phdr *)(img + 64) + i;
}

static void build(void)
{
    memset(img, 0, sizeof img);
    memcpy(eh()->ident, "\177ELF", 4);
    eh()->ident[4] = 2;
    eh()->ident[5] = 1;
    eh()->type = 2;
    eh()->machine = 62;
    eh()->entry = 0x401000;
    eh()->phoff = 64;
    eh()->phentsize = sizeof(struct elf64_phdr);
    eh()->phnum = 2;
    *ph(0) = (struct elf64_phdr){PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0, 0x800, 0x800, 4096};
    *ph(1) = (struct elf64_phdr){PT_LOAD, PF_R | PF_W, 0x1800, 0x402800, 0, 0x100, 0x3000, 4096};
}

static void expect(const char *reason)
{
    const char *why = NULL;
    assert_int_equal(elf_check(img, sizeof img, &why), -ENOEXEC);
    assert_non_null(why);
    assert_string_equal(why, reason);
}

static void test_valid(void **state)
{
    (void)state;
    build();
    const char *why = "x";
    assert_int_equal(elf_check(img, sizeof img, &why), 0);
    assert_null(why);
}

static void test_header_fields(void **state)
{
    (void)state;
    const char *why;
    build();
    assert_int_equal(elf_check(img, 32, &why), -ENOEXEC);
    assert_string_equal(why, "truncated header");
    build();
    img[1] = 'X';
    expect("bad magic");
    build();
    img[4] = 1;
    expect("not ELF64 little-endian");
    build();
    eh()->type = 3;
    expect("not an executable (ET_EXEC)");
    build();
    eh()->machine = 3;
    expect("not x86-64");
    build();
    eh()->phnum = 0;
    expect("bad program header table");
    build();
    eh()->phentsize = 40;
    expect("bad program header table");
    build();
    eh()->phoff = 8190;
    expect("misaligned program header table");
    build();
    eh()->phoff = 8184;
    expect("program headers past the end of the file");
    build();
    eh()->phoff = UINT64_MAX - 7;
    expect("program headers past the end of the file");
    build();
    eh()->entry = 0xffffffff80000000ull;
    expect("entry point outside user space");
}

static void test_segments(void **state)
{
    (void)state;
    build();
    ph(0)->filesz = 0x900;
    expect("segment file size exceeds memory size");
    build();
    ph(1)->offset = 8000;
    expect("segment past the end of the file");
    build();
    ph(1)->offset = UINT64_MAX - 0x80;
    expect("segment past the end of the file");
    build();
    ph(1)->vaddr = 0x7ffffffff800ull;
    ph(1)->offset = 0x800;
    expect("segment outside user space");
    build();
    ph(1)->memsz = UINT64_MAX - 0x1000;
    expect("segment outside user space");
    build();
    ph(1)->vaddr = 0x402801;
    expect("segment misaligned");
    build();
    ph(1)->vaddr = 0x401800;
    expect("loadable segments overlap");
    build();
    ph(0)->type = 0;
    ph(1)->type = 0;
    expect("need 1..6 loadable segments");
    build();
    eh()->entry = 0x402900;
    expect("entry point not in an executable segment");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_segments),
    };
    return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
