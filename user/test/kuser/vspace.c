/* Address spaces: map, unmap, protect, query, clone (copy-on-write), shared memory. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

static long query(cap_t vs, uint64_t va)
{
    return invoke1(vs, VSPACE_QUERY, va);
}

static void t_vs_map_query_rw(void)
{
    cap_t m;
    uint64_t va = new_mapped(3, PROT_R | PROT_W, &m);
    CHECK(va);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(query(VS, va + (uint64_t)i * 4096), PROT_R | PROT_W);
    CHECK_EQ(query(VS, va + 4096 + 123), PROT_R | PROT_W);
    CHECK_EQ(query(VS, va + 3 * 4096), -ENOENT); /* guard page */
    volatile uint64_t *p = (volatile uint64_t *)va;
    for (int i = 0; i < 3 * 512; i++)
        p[i] = (uint64_t)i * 3;
    for (int i = 0; i < 3 * 512; i++)
        CHECK_EQ(p[i], (uint64_t)i * 3);
}

static void t_vs_query_boot_segments(void)
{
    for (unsigned long i = 0; i < kt_bi->nsegments; i++) {
        const struct boot_segment_info *s = &kt_bi->segments[i];
        for (unsigned long pg = 0; pg < s->pages; pg++)
            CHECK_EQ(query(VS, s->va + pg * 4096), s->prot | PROT_R);
    }
    CHECK_EQ(query(VS, BOOT_INFO_VA), PROT_R);
    CHECK_EQ(query(VS, BOOT_IPCBUF_VA), PROT_R | PROT_W);
    CHECK_EQ(query(VS, BOOT_STACK_TOP - 8), PROT_R | PROT_W);
    CHECK_EQ(query(VS, BOOT_STACK_TOP - BOOT_STACK_PAGES * 4096), PROT_R | PROT_W);
    CHECK_EQ(query(VS, BOOT_STACK_TOP), -ENOENT);
    CHECK_EQ(query(VS, BOOT_STACK_TOP - BOOT_STACK_PAGES * 4096 - 1), -ENOENT);
    /* Our code really is where segment 0 says. */
    CHECK(in_text((uint64_t)t_vs_query_boot_segments));
}

static void t_vs_query_unmapped_and_kernel(void)
{
    CHECK_EQ(query(VS, 0), -ENOENT);
    CHECK_EQ(query(VS, KT_UNMAPPED_VA), -ENOENT);
    CHECK_EQ(query(VS, USER_TOP - 4096), -ENOENT);
    CHECK_EQ(query(VS, USER_TOP), -EINVAL);
    CHECK_EQ(query(VS, 0xffffffff80100000ull), -EINVAL);
    CHECK_EQ(query(VS, 0x8000000000000000ull), -EINVAL);
}

static void t_vs_unmap(void)
{
    cap_t m;
    uint64_t va = new_mapped(4, PROT_R | PROT_W, &m);
    CHECK(va);
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va + 4096, 2));
    CHECK_EQ(query(VS, va), PROT_R | PROT_W);
    CHECK_EQ(query(VS, va + 4096), -ENOENT);
    CHECK_EQ(query(VS, va + 2 * 4096), -ENOENT);
    CHECK_EQ(query(VS, va + 3 * 4096), PROT_R | PROT_W);
    /* Unmapping what is not mapped is fine. */
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va + 4096, 2));
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, KT_UNMAPPED_VA, 16));
    /* The pages can be mapped again. */
    CHECK_OK(invoke5(VS, VSPACE_MAP, m, va + 4096, 1, 2, PROT_R));
    CHECK_EQ(query(VS, va + 4096), PROT_R);
}

static void t_vs_unmap_bad_args(void)
{
    CHECK_EQ(invoke2(VS, VSPACE_UNMAP, KT_VA_BASE + 8, 1), -EINVAL);
    CHECK_EQ(invoke2(VS, VSPACE_UNMAP, KT_VA_BASE, 0), -EINVAL);
    CHECK_EQ(invoke2(VS, VSPACE_UNMAP, USER_TOP, 1), -EINVAL);
    CHECK_EQ(invoke2(VS, VSPACE_UNMAP, USER_TOP - 4096, 2), -EINVAL);
    CHECK_EQ(invoke2(VS, VSPACE_UNMAP, 0xffffffff80000000ull, 1), -EINVAL);
    CHECK_EQ(invoke2(VS, VSPACE_UNMAP, 4096, ~0ull), -EINVAL);
    /* Our code is still there. */
    CHECK(query(VS, (uint64_t)t_vs_unmap_bad_args) > 0);
}

static void t_vs_map_over_existing(void)
{
    cap_t m;
    uint64_t va = new_mapped(2, PROT_R | PROT_W, &m);
    CHECK(va);
    *(volatile uint64_t *)va = 5;
    cap_t m2 = new_obj(OBJ_MEMORY, 4);
    CHECK(m2);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m2, va, 0, 1, PROT_R), -EEXIST);
    /* Overlapping the end of an existing range fails as a whole. */
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m2, va - 2 * 4096, 0, 3, PROT_R), -EEXIST);
    CHECK_EQ(query(VS, va - 2 * 4096), -ENOENT);
    CHECK_EQ(*(volatile uint64_t *)va, 5);
    /* Our own code cannot be replaced. */
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m2, kt_bi->segments[0].va, 0, 1, PROT_R), -EEXIST);
}

static void t_vs_map_bad_args(void)
{
    cap_t m = new_obj(OBJ_MEMORY, 4);
    CHECK(m);
    uint64_t va = va_alloc(8);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va + 100, 0, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 0, 0, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 4, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 2, 3, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 0, 5, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, ~0ull, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 1, ~0ull, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 0, 1, 0), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 0, 1, 8), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, va, 0, 1, PROT_R | 0x100), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, USER_TOP - 4096, 0, 2, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, USER_TOP, 0, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, 0xffff800000000000ull, 0, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, m, 0xffffffff80100000ull, 0, 1, PROT_R | PROT_W), -EINVAL);
    for (int i = 0; i < 8; i++)
        CHECK_EQ(query(VS, va + (uint64_t)i * 4096), -ENOENT);
    /* Mapping the last user page is fine. */
    CHECK_OK(invoke5(VS, VSPACE_MAP, m, USER_TOP - 4096, 3, 1, PROT_R | PROT_W));
    *(volatile uint64_t *)(USER_TOP - 8) = 1;
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, USER_TOP - 4096, 1));
}

static void t_vs_map_needs_memory_rights(void)
{
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(m);
    cap_t r = copy_cap(m, RIGHT_READ | RIGHT_CONTROL);
    cap_t w = copy_cap(m, RIGHT_WRITE | RIGHT_EXEC | RIGHT_CONTROL);
    cap_t rw = copy_cap(m, RIGHT_READ | RIGHT_WRITE);
    CHECK(r && w && rw);
    uint64_t va = va_alloc(1);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, w, va, 0, 1, PROT_R), -EPERM);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, r, va, 0, 1, PROT_R | PROT_W), -EPERM);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, r, va, 0, 1, PROT_R | PROT_X), -EPERM);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, rw, va, 0, 1, PROT_R | PROT_X), -EPERM);
    CHECK_EQ(query(VS, va), -ENOENT);
    CHECK_OK(invoke5(VS, VSPACE_MAP, r, va, 0, 1, PROT_R));
    CHECK_EQ(query(VS, va), PROT_R);
    uint64_t va2 = va_alloc(1);
    CHECK_OK(invoke5(VS, VSPACE_MAP, rw, va2, 0, 1, PROT_R | PROT_W));
    CHECK_EQ(query(VS, va2), PROT_R | PROT_W);
    /* The boot info page cannot become writable. */
    uint64_t va3 = va_alloc(1);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, BOOT_CAP_BOOTINFO, va3, 0, 1, PROT_R | PROT_W), -EPERM);
    CHECK_OK(invoke5(VS, VSPACE_MAP, BOOT_CAP_BOOTINFO, va3, 0, 1, PROT_R));
    CHECK_EQ(((const struct boot_user_info *)va3)->magic, BOOT_INFO_MAGIC);
}

static void t_vs_ops_need_control(void)
{
    cap_t v = copy_cap(VS, RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT | RIGHT_EXEC);
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(v && m);
    uint64_t va = va_alloc(1);
    cap_t d = kt_slot();
    CHECK_EQ(invoke5(v, VSPACE_MAP, m, va, 0, 1, PROT_R), -EPERM);
    CHECK_EQ(invoke2(v, VSPACE_UNMAP, kt_bi->segments[0].va, 1), -EPERM);
    CHECK_EQ(invoke3(v, VSPACE_PROTECT, kt_bi->segments[0].va, 1, PROT_R), -EPERM);
    CHECK_EQ(invoke1(v, VSPACE_CLONE, d), -EPERM);
    CHECK_EQ(cap_type(d), OBJ_NULL);
    CHECK_EQ(query(v, va), -ENOENT);
    CHECK_EQ(query(v, kt_bi->segments[0].va), PROT_R | PROT_X);
    cap_t nr = copy_cap(VS, RIGHT_CONTROL);
    CHECK(nr);
    CHECK_EQ(query(nr, kt_bi->segments[0].va), -EPERM);
}

static void t_vs_map_wrong_types(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    uint64_t va = va_alloc(1);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, ep, va, 0, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, BOOT_CAP_VSPACE, va, 0, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, SLOT_SCRATCH, va, 0, 1, PROT_R), -EBADF);
    CHECK_EQ(invoke5(VS, VSPACE_MAP, 0, va, 0, 1, PROT_R), -EBADF);
    CHECK_EQ(invoke5(BOOT_CAP_CSPACE, VSPACE_MAP, BOOT_CAP_IPCBUF, va, 0, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke1(ep, VSPACE_QUERY, va), -EINVAL);
    CHECK_EQ(invoke0(VS, 0x405), -EINVAL);
    CHECK_EQ(invoke0(VS, 0x3FF), -EINVAL);
    CHECK_EQ(query(VS, va), -ENOENT);
}

static void t_vs_protect_changes_query(void)
{
    cap_t m;
    uint64_t va = new_mapped(3, PROT_R | PROT_W, &m);
    CHECK(va);
    *(volatile uint64_t *)(va + 4096) = 77;
    CHECK_OK(invoke3(VS, VSPACE_PROTECT, va + 4096, 1, PROT_R));
    CHECK_EQ(query(VS, va), PROT_R | PROT_W);
    CHECK_EQ(query(VS, va + 4096), PROT_R);
    CHECK_EQ(*(volatile uint64_t *)(va + 4096), 77);
    CHECK_OK(invoke3(VS, VSPACE_PROTECT, va, 3, PROT_R | PROT_X));
    CHECK_EQ(query(VS, va + 2 * 4096), PROT_R | PROT_X);
    CHECK_OK(invoke3(VS, VSPACE_PROTECT, va, 3, PROT_R | PROT_W));
    *(volatile uint64_t *)(va + 4096) = 78;
    CHECK_EQ(*(volatile uint64_t *)(va + 4096), 78);
}

static void t_vs_protect_within_mapping_rights(void)
{
    cap_t m = new_obj(OBJ_MEMORY, 2);
    CHECK(m);
    cap_t r = copy_cap(m, RIGHT_READ);
    CHECK(r);
    uint64_t va = map_into(VS, r, 0, 2, PROT_R);
    CHECK(va);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va, 2, PROT_R | PROT_W), -EPERM);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va, 1, PROT_R | PROT_X), -EPERM);
    CHECK_EQ(query(VS, va), PROT_R);
    CHECK_EQ(query(VS, va + 4096), PROT_R);
}

static void t_vs_protect_unmapped_and_bad_args(void)
{
    cap_t m;
    uint64_t va = new_mapped(1, PROT_R | PROT_W, &m);
    CHECK(va);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, KT_UNMAPPED_VA, 1, PROT_R), -ENOENT);
    /* A range running past the mapping changes nothing. */
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va, 2, PROT_R), -ENOENT);
    CHECK_EQ(query(VS, va), PROT_R | PROT_W);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va, 1, 0), -EINVAL);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va, 1, 9), -EINVAL);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va + 1, 1, PROT_R), -EINVAL);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, va, 0, PROT_R), -EINVAL);
    CHECK_EQ(invoke3(VS, VSPACE_PROTECT, USER_TOP, 1, PROT_R), -EINVAL);
}

static void t_vs_execute_mapped_code(void)
{
    cap_t m;
    uint64_t w = new_mapped(1, PROT_R | PROT_W, &m);
    CHECK(w);
    static const uint8_t code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3}; /* mov $42, %eax; ret */
    memcpy((void *)w, code, sizeof code);
    uint64_t x = map_into(VS, m, 0, 1, PROT_R | PROT_X);
    CHECK(x);
    CHECK_EQ(query(VS, x), PROT_R | PROT_X);
    int (*fn)(void) = (int (*)(void))x;
    CHECK_EQ(fn(), 42);
    /* New code written through the other mapping runs too. */
    ((volatile uint8_t *)w)[1] = 0x2B;
    CHECK_EQ(fn(), 43);
}

static void t_vs_shared_memory_same_vspace(void)
{
    cap_t m = new_obj(OBJ_MEMORY, 2);
    CHECK(m);
    uint64_t a = map_into(VS, m, 0, 2, PROT_R | PROT_W);
    uint64_t b = map_into(VS, m, 1, 1, PROT_R);
    CHECK(a && b);
    *(volatile uint64_t *)(a + 4096 + 64) = 0xC0FFEE;
    CHECK_EQ(*(volatile uint64_t *)(b + 64), 0xC0FFEE);
}

static long child_write_shared(uint64_t va)
{
    volatile uint64_t *p = (volatile uint64_t *)va;
    p[1] = p[0] + 1;
    p[2] = 1;
    return 0;
}

static void t_vs_shared_memory_two_vspaces(void)
{
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(m);
    uint64_t mine = map_into(VS, m, 0, 1, PROT_R | PROT_W);
    uint64_t theirs = map_into(vs, m, 0, 1, PROT_R | PROT_W);
    CHECK(mine && theirs);
    volatile uint64_t *p = (volatile uint64_t *)mine;
    p[0] = 41;
    CHECK_EQ(query(vs, theirs), PROT_R | PROT_W);
    CHECK_EQ(query(VS, theirs), -ENOENT);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, vs, 0, child_write_shared, theirs));
    CHECK(wait_flag((volatile int *)&p[2], 2000));
    CHECK_EQ(p[1], 42);
}

static volatile uint64_t cow_var;
static uint64_t cow_page[512] __attribute__((aligned(4096)));

static long child_cow(uint64_t shared)
{
    volatile uint64_t *sh = (volatile uint64_t *)shared;
    sh[0] = cow_var;
    cow_var = 2;
    sh[1] = cow_var;
    sh[3] = ((volatile uint64_t *)cow_page)[7];
    ((volatile uint64_t *)cow_page)[7] = 0xC10E;
    sh[4] = ((volatile uint64_t *)cow_page)[7];
    sh[2] = 1;
    return 0;
}

static void t_vs_clone_copy_on_write(void)
{
    cow_var = 1;
    ((volatile uint64_t *)cow_page)[7] = 0x1111;
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    /* Written by us after the clone: the clone keeps the old value. */
    cow_var = 3;
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(m);
    uint64_t mine = map_into(VS, m, 0, 1, PROT_R | PROT_W);
    uint64_t theirs = map_into(vs, m, 0, 1, PROT_R | PROT_W);
    CHECK(mine && theirs);
    CHECK_EQ(query(vs, (uint64_t)&cow_var), PROT_R | PROT_W);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, vs, 0, child_cow, theirs));
    volatile uint64_t *sh = (volatile uint64_t *)mine;
    CHECK(wait_flag((volatile int *)&sh[2], 2000));
    CHECK_EQ(sh[0], 1);
    CHECK_EQ(sh[1], 2);
    CHECK_EQ(cow_var, 3);
    /* A page neither side wrote after the clone, then written by the child only. */
    CHECK_EQ(sh[3], 0x1111);
    CHECK_EQ(sh[4], 0xC10E);
    CHECK_EQ(((volatile uint64_t *)cow_page)[7], 0x1111);
}

static void t_vs_clone_independent_mappings(void)
{
    cap_t m;
    uint64_t va = new_mapped(2, PROT_R | PROT_W, &m);
    CHECK(va);
    *(volatile uint64_t *)va = 10;
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    CHECK_EQ(query(vs, va), PROT_R | PROT_W);
    CHECK_EQ(query(vs, kt_bi->segments[0].va), PROT_R | PROT_X);
    CHECK_EQ(query(vs, BOOT_INFO_VA), PROT_R);
    /* Changes to one side's mappings do not touch the other. */
    CHECK_OK(invoke2(vs, VSPACE_UNMAP, va, 1));
    CHECK_EQ(query(vs, va), -ENOENT);
    CHECK_EQ(query(VS, va), PROT_R | PROT_W);
    CHECK_EQ(*(volatile uint64_t *)va, 10);
    CHECK_OK(invoke3(VS, VSPACE_PROTECT, va + 4096, 1, PROT_R));
    CHECK_EQ(query(vs, va + 4096), PROT_R | PROT_W);
}

static void t_vs_clone_errors(void)
{
    CHECK_EQ(invoke1(VS, VSPACE_CLONE, BOOT_CAP_THREAD), -EEXIST);
    CHECK_EQ(invoke1(VS, VSPACE_CLONE, 4096), -EBADF);
    CHECK_EQ(invoke1(VS, VSPACE_CLONE, 0), -EBADF);
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    cap_t d = kt_slot();
    CHECK_EQ(invoke1(ep, VSPACE_CLONE, d), -EINVAL);
    CHECK_EQ(cap_type(d), OBJ_NULL);
}

static void t_vs_clone_of_clone_and_fresh(void)
{
    cap_t a = kt_slot(), b = kt_slot();
    CHECK(a && b);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, a));
    CHECK_OK(invoke1(a, VSPACE_CLONE, b));
    CHECK_EQ(query(b, kt_bi->segments[0].va), PROT_R | PROT_X);
    cap_t e = new_obj(OBJ_VSPACE, 0);
    cap_t f = kt_slot();
    CHECK(e && f);
    CHECK_OK(invoke1(e, VSPACE_CLONE, f));
    CHECK_EQ(query(f, kt_bi->segments[0].va), -ENOENT);
}

static long child_count_shared(uint64_t va)
{
    volatile uint64_t *p = (volatile uint64_t *)va;
    while (!p[1]) {
        p[0]++;
        if ((p[0] & 255) == 0)
            sys_yield();
    }
    p[2] = 1;
    return 0;
}

static void t_vs_thread_keeps_its_vspace(void)
{
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(m);
    uint64_t mine = map_into(VS, m, 0, 1, PROT_R | PROT_W);
    uint64_t theirs = map_into(vs, m, 0, 1, PROT_R | PROT_W);
    CHECK(mine && theirs);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, vs, 0, child_count_shared, theirs));
    volatile uint64_t *p = (volatile uint64_t *)mine;
    ksleep_ns(5 * MS);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, vs));
    uint64_t c = p[0];
    ksleep_ns(10 * MS);
    CHECK(p[0] > c);
    p[1] = 1;
    CHECK(wait_flag((volatile int *)&p[2], 2000));
}

static void t_vs_mapping_outlives_memory_cap(void)
{
    long q = quota_left();
    cap_t m;
    uint64_t va = new_mapped(4, PROT_R | PROT_W, &m);
    CHECK(va);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    volatile uint64_t *p = (volatile uint64_t *)va;
    p[0] = 1;
    p[3 * 512] = 2;
    CHECK_EQ(p[0] + p[3 * 512], 3);
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va, 4));
    CHECK_EQ(quota_left(), q);
}

static void t_vs_unmap_returns_pages(void)
{
    /* Warm up: page tables for the range and the allocator's bookkeeping. */
    uint64_t va = va_alloc(32);
    cap_t m = new_obj(OBJ_MEMORY, 32);
    CHECK(m);
    CHECK_OK(invoke5(VS, VSPACE_MAP, m, va, 0, 32, PROT_R | PROT_W));
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va, 32));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    uint64_t before = free_pages();
    m = new_obj(OBJ_MEMORY, 32);
    CHECK(m);
    CHECK(free_pages() <= before - 32);
    CHECK_OK(invoke5(VS, VSPACE_MAP, m, va, 0, 32, PROT_R | PROT_W));
    memset((void *)va, 1, 32 * 4096);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    /* The mapping still holds the pages... */
    CHECK(free_pages() < before - 16);
    CHECK_EQ(((volatile uint8_t *)va)[31 * 4096], 1);
    /* ...until it goes. */
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va, 32));
    CHECK_EQ(free_pages(), before);
}

static void t_vs_quota_held_while_pages_mapped(void)
{
    /* Pages still mapped after their capability is deleted are still memory in use: the
     * untyped quota must not get them back until they are unmapped (else retype, map,
     * delete in a loop uses unbounded memory). */
    long q = quota_left();
    cap_t m;
    uint64_t va = new_mapped(64, PROT_R | PROT_W, &m);
    CHECK(va);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    CHECK(quota_left() <= q - 64 * 4096);
    CHECK_OK(invoke2(VS, VSPACE_UNMAP, va, 64));
    CHECK_EQ(quota_left(), q);
}

static void t_vs_fresh_vspace_map_and_delete(void)
{
    long q = quota_left();
    cap_t v = new_obj(OBJ_VSPACE, 0);
    cap_t m = new_obj(OBJ_MEMORY, 2);
    CHECK(v && m);
    CHECK_EQ(query(v, kt_bi->segments[0].va), -ENOENT);
    CHECK_OK(invoke5(v, VSPACE_MAP, m, 0x400000, 0, 2, PROT_R | PROT_X));
    CHECK_EQ(query(v, 0x401000), PROT_R | PROT_X);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, v));
    CHECK_EQ(invoke0(m, MEMORY_INFO), 2);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, m));
    CHECK_EQ(quota_left(), q);
}

static void t_vs_thread_in_empty_vspace(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    cap_t v = new_obj(OBJ_VSPACE, 0);
    cap_t m;
    uint64_t w = new_mapped(1, PROT_R | PROT_W, &m);
    cap_t t = new_obj(OBJ_THREAD, 0);
    CHECK(n && v && w && t);
    uint8_t code[] = {
        0xB8, 0x05, 0x00, 0x00, 0x00, /* mov $SYS_signal, %eax */
        0xBF, 0x00, 0x00, 0x00, 0x00, /* mov $n, %edi */
        0x0F, 0x05,                   /* syscall */
        0xB8, 0x0C, 0x00, 0x00, 0x00, /* mov $SYS_exit_thread, %eax */
        0x31, 0xFF,                   /* xor %edi, %edi */
        0x0F, 0x05,                   /* syscall */
        0xEB, 0xFE,                   /* jmp . */
    };
    code[6] = (uint8_t)n;
    code[7] = (uint8_t)(n >> 8);
    memcpy((void *)w, code, sizeof code);
    CHECK_OK(invoke5(v, VSPACE_MAP, m, 0x400000, 0, 1, PROT_R | PROT_X));
    CHECK_OK(sys_invoke(t, THREAD_CONFIGURE, CS, v, 0, 0, 0, 0, 0));
    struct user_regs r = {0};
    r.rip = 0x400000;
    r.rflags = 0x202;
    CHECK_OK(invoke1(t, THREAD_WRITE_REGS, (uint64_t)&r));
    CHECK_OK(invoke0(t, THREAD_RESUME));
    CHECK_EQ(sys_wait(n, 2 * SEC), 1);
    CHECK(wait_state(t, TS_DEAD, 2000));
}

static void t_vs_map_framebuffer_device_memory(void)
{
    long pages = invoke0(BOOT_CAP_FRAMEBUFFER, MEMORY_INFO);
    CHECK(pages >= 0);
    if (pages == 0)
        return; /* no framebuffer on this machine */
    uint64_t va = map_into(VS, BOOT_CAP_FRAMEBUFFER, 0, 1, PROT_R | PROT_W);
    CHECK(va);
    volatile uint32_t *px = (volatile uint32_t *)va;
    uint32_t old = px[5];
    px[5] = 0x00FF8040;
    CHECK_EQ(px[5], 0x00FF8040);
    px[5] = old;
    CHECK_EQ(invoke5(VS, VSPACE_MAP, BOOT_CAP_FRAMEBUFFER, va_alloc(1), 0, 1, PROT_R | PROT_X),
             -EPERM);
    /* Device memory is not copied by a clone: both see the same pixels. */
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    px[6] = 0x123456;
    CHECK_EQ(px[6], 0x123456);
    CHECK_EQ(query(vs, va), PROT_R | PROT_W);
}

/* Server with an IPC buffer: echoes buffer words + 1 (arg = buffer | endpoint). */
static long buf_server(uint64_t arg)
{
    cap_t ep = arg & 4095;
    struct ipc_buffer *buf = (struct ipc_buffer *)(arg & ~4095ull);
    struct ipc_msg m = {0};
    sys_recv(ep, TIMEOUT_FOREVER, &m);
    for (;;) {
        uint64_t len = IPC_LEN(m.info);
        for (uint64_t i = IPC_REG_WORDS; i < len; i++)
            buf->w[i] += 1;
        sys_reply_recv(ep, IPC_INFO(0, len, 0), &m);
    }
    return 0;
}

static void t_vs_clone_keeps_ipc_buffers_working(void)
{
    /* Cloning our address space must not cut our threads off from their IPC buffers. */
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_create(&t, CS, VS, 1, buf_server, 0));
    struct user_regs r;
    kthread_regs(&r, &t, buf_server, (uint64_t)t.ipcbuf | ep);
    CHECK_OK(invoke1(t.tcb, THREAD_WRITE_REGS, (uint64_t)&r));
    CHECK_OK(invoke0(t.tcb, THREAD_RESUME));
    struct ipc_buffer *b = MY_IPCBUF;
    struct ipc_msg m = {0};
    b->w[10] = 100;
    CHECK_EQ(sys_call(ep, IPC_INFO(0, 20, 0), &m), 0);
    CHECK_EQ(b->w[10], 101);
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    b->w[10] = 200;
    CHECK_EQ(sys_call(ep, IPC_INFO(0, 20, 0), &m), 0);
    CHECK_EQ(b->w[10], 201);
    /* And after the clone is gone. */
    CHECK_OK(invoke1(CS, CSPACE_DELETE, vs));
    b->w[10] = 300;
    CHECK_EQ(sys_call(ep, IPC_INFO(0, 20, 0), &m), 0);
    CHECK_EQ(b->w[10], 301);
}

const struct ktest_case vspace_cases[] = {
    KCASE(vs_map_query_rw),
    KCASE(vs_query_boot_segments),
    KCASE(vs_query_unmapped_and_kernel),
    KCASE(vs_unmap),
    KCASE(vs_unmap_bad_args),
    KCASE(vs_map_over_existing),
    KCASE(vs_map_bad_args),
    KCASE(vs_map_needs_memory_rights),
    KCASE(vs_ops_need_control),
    KCASE(vs_map_wrong_types),
    KCASE(vs_protect_changes_query),
    KCASE(vs_protect_within_mapping_rights),
    KCASE(vs_protect_unmapped_and_bad_args),
    KCASE(vs_execute_mapped_code),
    KCASE(vs_shared_memory_same_vspace),
    KCASE(vs_shared_memory_two_vspaces),
    KCASE(vs_clone_copy_on_write),
    KCASE(vs_clone_independent_mappings),
    KCASE(vs_clone_errors),
    KCASE(vs_clone_of_clone_and_fresh),
    KCASE(vs_thread_keeps_its_vspace),
    KCASE(vs_mapping_outlives_memory_cap),
    KCASE(vs_unmap_returns_pages),
    KCASE(vs_quota_held_while_pages_mapped),
    KCASE(vs_fresh_vspace_map_and_delete),
    KCASE(vs_thread_in_empty_vspace),
    KCASE(vs_map_framebuffer_device_memory),
    KCASE(vs_clone_keeps_ipc_buffers_working),
};
KT_TABLE_END(vspace)
