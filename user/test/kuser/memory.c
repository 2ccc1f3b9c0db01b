/* Memory objects and the boot information page. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

static void t_mem_info_pages(void)
{
    static const uint64_t sizes[] = {1, 2, 5, 17, 256};
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        cap_t m = new_obj(OBJ_MEMORY, sizes[i]);
        CHECK(m);
        CHECK_EQ(invoke0(m, MEMORY_INFO), sizes[i]);
    }
    CHECK_EQ(invoke0(BOOT_CAP_BOOTINFO, MEMORY_INFO), 1);
    CHECK_EQ(invoke0(BOOT_CAP_IPCBUF, MEMORY_INFO), 1);
    for (unsigned long i = 0; i < kt_bi->nsegments; i++)
        CHECK_EQ(invoke0(BOOT_CAP_IMAGE0 + i, MEMORY_INFO), kt_bi->segments[i].pages);
    for (unsigned long i = 0; i < kt_bi->nmodules; i++)
        CHECK_EQ(invoke0(BOOT_CAP_MODULE0 + i, MEMORY_INFO),
                 (kt_bi->modules[i].size + 4095) / 4096);
}

static void t_mem_info_needs_no_right(void)
{
    cap_t m = new_obj(OBJ_MEMORY, 3);
    CHECK(m);
    cap_t z = copy_cap(m, 0);
    CHECK(z);
    CHECK_EQ(invoke0(z, MEMORY_INFO), 3);
}

static void t_mem_phys(void)
{
    cap_t m = new_obj(OBJ_MEMORY, 4);
    cap_t m2 = new_obj(OBJ_MEMORY, 1);
    CHECK(m && m2);
    long p[5];
    for (int i = 0; i < 4; i++) {
        p[i] = invoke1(m, MEMORY_PHYS, (uint64_t)i);
        CHECK(p[i] > 0);
        CHECK_EQ(p[i] & 4095, 0);
        for (int j = 0; j < i; j++)
            CHECK(p[i] != p[j]);
    }
    p[4] = invoke1(m2, MEMORY_PHYS, 0);
    CHECK(p[4] > 0);
    for (int j = 0; j < 4; j++)
        CHECK(p[4] != p[j]);
    CHECK_EQ(invoke1(m, MEMORY_PHYS, 4), -EINVAL);
    CHECK_EQ(invoke1(m, MEMORY_PHYS, ~0ull), -EINVAL);
    cap_t nc = copy_cap(m, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(nc);
    CHECK_EQ(invoke1(nc, MEMORY_PHYS, 0), -EPERM);
    /* A copy names the same pages. */
    cap_t c = copy_cap(m, RIGHT_ALL);
    CHECK(c);
    CHECK_EQ(invoke1(c, MEMORY_PHYS, 2), p[2]);
}

static void t_mem_phys_framebuffer(void)
{
    long pages = invoke0(BOOT_CAP_FRAMEBUFFER, MEMORY_INFO);
    CHECK(pages >= 0);
    if (!pages) {
        CHECK_EQ(kt_bi->fb.phys, 0);
        return;
    }
    CHECK(kt_bi->fb.phys != 0);
    CHECK_EQ(pages, (long)((kt_bi->fb.pitch * kt_bi->fb.height + 4095) / 4096));
    CHECK_EQ(invoke1(BOOT_CAP_FRAMEBUFFER, MEMORY_PHYS, 0), (long)(kt_bi->fb.phys & ~4095ul));
    CHECK_EQ(invoke1(BOOT_CAP_FRAMEBUFFER, MEMORY_PHYS, 1), (long)(kt_bi->fb.phys & ~4095ul) + 4096);
}

static int find_module(const char *name)
{
    for (unsigned long i = 0; i < kt_bi->nmodules; i++)
        if (!strcmp(kt_bi->modules[i].name, name))
            return (int)i;
    return -1;
}

static void t_mem_boot_info_contents(void)
{
    const struct boot_user_info *bi = kt_bi;
    CHECK_EQ((uint64_t)bi, BOOT_INFO_VA);
    CHECK_EQ(bi->magic, BOOT_INFO_MAGIC);
    CHECK(bi->nsegments >= 1 && bi->nsegments <= 6);
    CHECK(bi->nmodules >= 1 && bi->nmodules <= BOOT_MAX_MODULES);
    CHECK(bi->rtc_epoch_s > 1700000000ul); /* the CMOS clock was read (QEMU: the host's time) */
    CHECK(bi->untyped_bytes > 0);
    CHECK(bi->tsc_per_ms > 0);
    int found = 0;
    for (const char *p = bi->cmdline; *p; p++)
        if (!strncmp(p, "init=kuser", 10))
            found = 1;
    CHECK(found);
    CHECK(find_module("kuser") >= 0);
    /* The page is read-only for us. */
    CHECK_EQ(invoke1(VS, VSPACE_QUERY, BOOT_INFO_VA), PROT_R);
}

static void t_mem_module_is_our_elf(void)
{
    int i = find_module("kuser");
    CHECK(i >= 0);
    cap_t mod = BOOT_CAP_MODULE0 + (cap_t)i;
    CHECK_EQ(cap_type(mod), OBJ_MEMORY);
    CHECK_EQ(cap_rights(mod) & (RIGHT_WRITE | RIGHT_CONTROL), 0);
    uint64_t va = map_into(VS, mod, 0, 1, PROT_R);
    CHECK(va);
    CHECK_EQ(memcmp((const void *)va, "\177ELF", 4), 0);
    CHECK_EQ(*(const uint16_t *)(va + 18), 62); /* x86-64 */
    CHECK_EQ(invoke5(VS, VSPACE_MAP, mod, va_alloc(1), 0, 1, PROT_R | PROT_W), -EPERM);
    CHECK_EQ(invoke1(mod, MEMORY_PHYS, 0), -EPERM);
}

static void t_mem_image_cap_is_our_code(void)
{
    const struct boot_segment_info *s = &kt_bi->segments[0];
    uint64_t va = map_into(VS, BOOT_CAP_IMAGE0, 0, 1, PROT_R);
    CHECK(va);
    CHECK_EQ(memcmp((const void *)va, (const void *)s->va, 4096), 0);
}

static void t_mem_methods_wrong_type(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_EQ(invoke0(n, MEMORY_INFO), -EINVAL);
    CHECK_EQ(invoke1(BOOT_CAP_VSPACE, MEMORY_PHYS, 0), -EINVAL);
    CHECK_EQ(invoke0(BOOT_CAP_IPCBUF, 0x502), -EINVAL);
    CHECK_EQ(invoke0(BOOT_CAP_IPCBUF, 0x4FF), -EINVAL);
    CHECK_EQ(invoke0(SLOT_SCRATCH, MEMORY_INFO), -EBADF);
}

static void t_mem_large_object(void)
{
    long q = quota_left();
    uint64_t fp = free_pages();
    cap_t m = new_obj(OBJ_MEMORY, 2048);
    CHECK(m);
    CHECK(free_pages() <= fp - 2048);
    uint64_t va = map_into(VS, m, 0, 2048, PROT_R | PROT_W);
    CHECK(va);
    volatile uint64_t *p = (volatile uint64_t *)va;
    p[0] = 1;
    p[2048 * 512 - 1] = 2;
    CHECK_EQ(p[0] + p[2048 * 512 - 1], 3);
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va, 2048));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    CHECK_EQ(quota_left(), q);
}

const struct ktest_case memory_cases[] = {
    KCASE(mem_info_pages),
    KCASE(mem_info_needs_no_right),
    KCASE(mem_phys),
    KCASE(mem_phys_framebuffer),
    KCASE(mem_boot_info_contents),
    KCASE(mem_module_is_our_elf),
    KCASE(mem_image_cap_is_our_code),
    KCASE(mem_methods_wrong_type),
    KCASE(mem_large_object),
};
KT_TABLE_END(memory)
