/* Untyped memory: retype, split, info, quota accounting. */
#include "harness.h"

static void t_untyped_info_reports_quota_and_free_pages(void)
{
    uint64_t out[4] = {0};
    long left = sys_invoke(BOOT_CAP_UNTYPED, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, out);
    CHECK(left > 0);
    CHECK((unsigned long)left <= kt_bi->untyped_bytes);
    CHECK(out[0] > 0);
    /* Free pages cover at least the quota still unused. */
    CHECK(out[0] * 4096 >= (unsigned long)left);
}

static void t_untyped_retype_every_type(void)
{
    static const uint64_t types[] = {OBJ_THREAD, OBJ_VSPACE, OBJ_CSPACE, OBJ_ENDPOINT,
                                     OBJ_NOTIFICATION, OBJ_MEMORY};
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
        uint64_t arg = types[i] == OBJ_CSPACE ? 16 : types[i] == OBJ_MEMORY ? 2 : 0;
        cap_t s = new_obj(types[i], arg);
        if (!s)
            FAIL("retype of type %lu failed: %ld", (unsigned long)types[i], kt_last_err);
        CHECK_EQ(cap_type(s), types[i]);
        CHECK_EQ(cap_rights(s), RIGHT_ALL);
        CHECK_EQ(cap_badge(s), 0);
    }
}

static void t_untyped_retype_charges_and_refunds(void)
{
    long before = quota_left();
    cap_t s = new_obj(OBJ_MEMORY, 16);
    CHECK(s);
    long during = quota_left();
    CHECK(during <= before - 16 * 4096);
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s));
    CHECK_EQ(quota_left(), before);
}

static void t_untyped_retype_frees_kernel_pages_on_delete(void)
{
    uint64_t before = free_pages();
    cap_t s = new_obj(OBJ_MEMORY, 64);
    CHECK(s);
    CHECK(free_pages() <= before - 64);
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s));
    CHECK_EQ(free_pages(), before);
}

static void t_untyped_retype_bad_type(void)
{
    static const uint64_t bad[] = {OBJ_NULL, OBJ_UNTYPED, OBJ_REPLY, OBJ_IRQ, OBJ_IOPORT,
                                   OBJ_IRQ_CONTROL, OBJ_TYPE_COUNT, 99, ~0ull};
    cap_t s = kt_slot();
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, bad[i], 1, s), -EINVAL);
        CHECK_EQ(cap_type(s), OBJ_NULL);
    }
}

static void t_untyped_retype_cspace_sizes(void)
{
    static const uint64_t bad[] = {0, 1, 8, 15, 17, 24, 100, 8192, 1ull << 40};
    cap_t s = kt_slot();
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_CSPACE, bad[i], s), -EINVAL);
    static const uint64_t good[] = {16, 32, 256, 4096};
    for (unsigned i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_CSPACE, good[i], s), 0);
        /* The lowest empty slot of a new cspace is 1 (0 is never used)... */
        CHECK_EQ(invoke0(s, CSPACE_FIND_FREE), 1);
        /* ...and its last slot is good[i] - 1. */
        CHECK_EQ(invoke1(s, CSPACE_INFO, good[i] - 1), OBJ_NULL);
        CHECK_EQ(invoke1(s, CSPACE_INFO, good[i]), -EBADF);
        CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s));
    }
}

static void t_untyped_retype_memory_sizes(void)
{
    cap_t s = kt_slot();
    CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, 0, s), -EINVAL);
    CHECK_EQ(cap_type(s), OBJ_NULL);
    CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, 1, s), 0);
    CHECK_EQ(invoke0(s, MEMORY_INFO), 1);
}

static void t_untyped_retype_quota_exhausted(void)
{
    /* More pages than the whole quota. */
    cap_t s = kt_slot();
    uint64_t pages = (uint64_t)quota_left() / 4096 + 16;
    long r = invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, pages, s);
    CHECK(r == -ENOMEM || (pages > (1ull << 20) && r == -EINVAL));
    CHECK_EQ(cap_type(s), OBJ_NULL);
}

static void t_untyped_retype_dst_occupied(void)
{
    long q = quota_left();
    CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, BOOT_CAP_THREAD), -EEXIST);
    CHECK_EQ(cap_type(BOOT_CAP_THREAD), OBJ_THREAD);
    CHECK_EQ(quota_left(), q);
}

static void t_untyped_retype_dst_out_of_range(void)
{
    static const uint64_t bad[] = {0, 4096, 4097, 1ull << 32, ~0ull};
    long q = quota_left();
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ(invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, bad[i]), -EBADF);
    CHECK_EQ(quota_left(), q);
}

static void t_untyped_retype_needs_control(void)
{
    cap_t u = copy_cap(BOOT_CAP_UNTYPED, RIGHT_ALL & ~RIGHT_CONTROL);
    CHECK(u);
    cap_t s = kt_slot();
    CHECK_EQ(invoke3(u, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, s), -EPERM);
    CHECK_EQ(invoke2(u, UNTYPED_SPLIT, 4096, s), -EPERM);
    CHECK_EQ(cap_type(s), OBJ_NULL);
    /* Info needs no right. */
    CHECK(invoke0(u, UNTYPED_INFO) > 0);
}

static void t_untyped_methods_on_wrong_type(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    cap_t s = kt_slot();
    CHECK_EQ(invoke3(ep, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, s), -EINVAL);
    CHECK_EQ(invoke2(BOOT_CAP_VSPACE, UNTYPED_SPLIT, 4096, s), -EINVAL);
    CHECK_EQ(invoke0(BOOT_CAP_CSPACE, UNTYPED_INFO), -EINVAL);
    CHECK_EQ(invoke0(BOOT_CAP_UNTYPED, 0x1FF), -EINVAL);
    CHECK_EQ(invoke0(BOOT_CAP_UNTYPED, 0), -EINVAL);
}

static void t_untyped_empty_slot_ebadf(void)
{
    CHECK_EQ(invoke0(SLOT_SCRATCH, UNTYPED_INFO), -EBADF);
    CHECK_EQ(invoke0(0, UNTYPED_INFO), -EBADF);
    CHECK_EQ(invoke0(4096, UNTYPED_INFO), -EBADF);
    CHECK_EQ(invoke0(~0ull, UNTYPED_INFO), -EBADF);
}

static void t_untyped_split_moves_quota(void)
{
    long before = quota_left();
    cap_t c = kt_slot();
    CHECK_EQ(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, 1 << 20, c), 0);
    CHECK_EQ(cap_type(c), OBJ_UNTYPED);
    CHECK_EQ(invoke0(c, UNTYPED_INFO), 1 << 20);
    CHECK_EQ(quota_left(), before - (1 << 20));
    /* Objects from the child are charged to the child only. */
    cap_t s = kt_slot();
    CHECK_EQ(invoke3(c, UNTYPED_RETYPE, OBJ_MEMORY, 4, s), 0);
    CHECK(invoke0(c, UNTYPED_INFO) <= (1 << 20) - 4 * 4096);
    CHECK_EQ(quota_left(), before - (1 << 20));
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s));
    CHECK_EQ(invoke0(c, UNTYPED_INFO), 1 << 20);
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, c));
    CHECK_EQ(quota_left(), before);
}

static void t_untyped_split_too_much(void)
{
    cap_t c = kt_slot();
    CHECK_EQ(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, (uint64_t)quota_left() + 4096, c), -ENOMEM);
    CHECK_EQ(cap_type(c), OBJ_NULL);
    CHECK_EQ(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, 4096, BOOT_CAP_CSPACE), -EEXIST);
    CHECK_EQ(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, 4096, 5000), -EBADF);
}

static void t_untyped_child_quota_enforced(void)
{
    cap_t c = kt_slot();
    CHECK_EQ(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, 3 * 4096, c), 0);
    cap_t s = kt_slot();
    /* A thread or a 4-page memory object does not fit in 3 pages... */
    CHECK_EQ(invoke3(c, UNTYPED_RETYPE, OBJ_MEMORY, 4, s), -ENOMEM);
    CHECK_EQ(invoke3(c, UNTYPED_RETYPE, OBJ_THREAD, 0, s), -ENOMEM);
    CHECK_EQ(cap_type(s), OBJ_NULL);
    /* ...small objects do, until the quota runs out. */
    CHECK_EQ(invoke3(c, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, s), 0);
    int made = 1;
    for (; made < 1000; made++) {
        cap_t t = kt_slot();
        CHECK(t);
        long r = invoke3(c, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, t);
        if (r == -ENOMEM)
            break;
        CHECK_EQ(r, 0);
    }
    CHECK(made < 1000);
    CHECK(invoke0(c, UNTYPED_INFO) >= 0);
}

static void t_untyped_object_outlives_child_untyped_cap(void)
{
    long before = quota_left();
    cap_t c = kt_slot();
    CHECK_EQ(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, 64 * 1024, c), 0);
    cap_t m = kt_slot();
    CHECK_EQ(invoke3(c, UNTYPED_RETYPE, OBJ_MEMORY, 2, m), 0);
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, c));
    /* The memory object still works... */
    CHECK_EQ(invoke0(m, MEMORY_INFO), 2);
    uint64_t va = map_into(BOOT_CAP_VSPACE, m, 0, 2, PROT_R | PROT_W);
    CHECK(va);
    *(volatile uint64_t *)va = 7;
    CHECK_EQ(*(volatile uint64_t *)va, 7);
    CHECK_OK(invoke2(BOOT_CAP_VSPACE, VSPACE_UNMAP, va, 2));
    /* ...and deleting it returns the whole split to the parent. */
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, m));
    CHECK_EQ(quota_left(), before);
}

static void t_untyped_memory_is_zeroed(void)
{
    cap_t m;
    /* Dirty some pages, free them, then check a new object's pages read as zero. */
    uint64_t va = new_mapped(8, PROT_R | PROT_W, &m);
    CHECK(va);
    memset((void *)va, 0xA5, 8 * 4096);
    CHECK_OK(invoke2(BOOT_CAP_VSPACE, VSPACE_UNMAP, va, 8));
    CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, m));
    uint64_t va2 = new_mapped(8, PROT_R | PROT_W, &m);
    CHECK(va2);
    const volatile uint64_t *p = (const uint64_t *)va2;
    for (unsigned i = 0; i < 8 * 512; i++)
        CHECK_EQ(p[i], 0);
}

static void t_untyped_many_objects_roundtrip(void)
{
    long q = quota_left();
    uint64_t fp = free_pages();
    cap_t first = 0;
    for (int i = 0; i < 200; i++) {
        cap_t s = new_obj(i % 3 == 0 ? OBJ_ENDPOINT : i % 3 == 1 ? OBJ_NOTIFICATION : OBJ_CSPACE,
                          16);
        CHECK(s);
        if (!first)
            first = s;
    }
    for (cap_t s = first; s < first + 200; s++)
        CHECK_OK(invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s));
    CHECK_EQ(quota_left(), q);
    CHECK_EQ(free_pages(), fp);
}

const struct ktest_case untyped_cases[] = {
    KCASE(untyped_info_reports_quota_and_free_pages),
    KCASE(untyped_retype_every_type),
    KCASE(untyped_retype_charges_and_refunds),
    KCASE(untyped_retype_frees_kernel_pages_on_delete),
    KCASE(untyped_retype_bad_type),
    KCASE(untyped_retype_cspace_sizes),
    KCASE(untyped_retype_memory_sizes),
    KCASE(untyped_retype_quota_exhausted),
    KCASE(untyped_retype_dst_occupied),
    KCASE(untyped_retype_dst_out_of_range),
    KCASE(untyped_retype_needs_control),
    KCASE(untyped_methods_on_wrong_type),
    KCASE(untyped_empty_slot_ebadf),
    KCASE(untyped_split_moves_quota),
    KCASE(untyped_split_too_much),
    KCASE(untyped_child_quota_enforced),
    KCASE(untyped_object_outlives_child_untyped_cap),
    KCASE(untyped_memory_is_zeroed),
    KCASE(untyped_many_objects_roundtrip),
};
KT_TABLE_END(untyped)
