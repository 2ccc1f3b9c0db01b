/* Capability spaces: info, find_free, copy, mint, move, delete, revoke, rights. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE

static void t_cspace_info_boot_caps(void)
{
    CHECK_EQ(cap_type(BOOT_CAP_THREAD), OBJ_THREAD);
    CHECK_EQ(cap_type(BOOT_CAP_CSPACE), OBJ_CSPACE);
    CHECK_EQ(cap_type(BOOT_CAP_VSPACE), OBJ_VSPACE);
    CHECK_EQ(cap_type(BOOT_CAP_UNTYPED), OBJ_UNTYPED);
    CHECK_EQ(cap_type(BOOT_CAP_IRQ_CONTROL), OBJ_IRQ_CONTROL);
    CHECK_EQ(cap_type(BOOT_CAP_IOPORT), OBJ_IOPORT);
    CHECK_EQ(cap_type(BOOT_CAP_FRAMEBUFFER), OBJ_MEMORY);
    CHECK_EQ(cap_type(BOOT_CAP_BOOTINFO), OBJ_MEMORY);
    CHECK_EQ(cap_type(BOOT_CAP_IPCBUF), OBJ_MEMORY);
    for (unsigned long i = 0; i < kt_bi->nsegments; i++)
        CHECK_EQ(cap_type(BOOT_CAP_IMAGE0 + i), OBJ_MEMORY);
    for (unsigned long i = 0; i < kt_bi->nmodules; i++)
        CHECK_EQ(cap_type(BOOT_CAP_MODULE0 + i), OBJ_MEMORY);
    CHECK_EQ(cap_rights(BOOT_CAP_CSPACE), RIGHT_ALL);
    CHECK_EQ(cap_rights(BOOT_CAP_UNTYPED), RIGHT_ALL);
    /* The boot info page is read-only. */
    CHECK_EQ(cap_rights(BOOT_CAP_BOOTINFO) & (RIGHT_WRITE | RIGHT_EXEC), 0);
    CHECK(cap_rights(BOOT_CAP_BOOTINFO) & RIGHT_READ);
}

static void t_cspace_info_empty_and_out_of_range(void)
{
    CHECK_EQ(cap_type(SLOT_SCRATCH), OBJ_NULL);
    CHECK_EQ(cap_type(KT_LAST_SLOT), OBJ_NULL);
    CHECK_EQ(cap_type(4095), OBJ_NULL);
    CHECK_EQ(invoke1(CS, CSPACE_INFO, 4096), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_INFO, 1ull << 40), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_INFO, ~0ull), -EBADF);
}

static void t_cspace_invoke_slot_zero_and_empty(void)
{
    /* Slot 0 is always empty; empty or out-of-range handles are -EBADF for every syscall. */
    CHECK_EQ(invoke1(0, CSPACE_INFO, 1), -EBADF);
    CHECK_EQ(invoke1(SLOT_SCRATCH, CSPACE_INFO, 1), -EBADF);
    CHECK_EQ(invoke1(4096, CSPACE_INFO, 1), -EBADF);
    CHECK_EQ(sys_signal(0), -EBADF);
    CHECK_EQ(sys_wait(SLOT_SCRATCH, TIMEOUT_POLL), -EBADF);
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(0, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EBADF);
    CHECK_EQ(sys_recv(SLOT_SCRATCH, TIMEOUT_POLL, &m), -EBADF);
    CHECK_EQ(sys_call(1ull << 33, IPC_INFO(0, 0, 0), &m), -EBADF);
    CHECK_EQ(sys_reply_recv(~0ull, IPC_INFO(0, 0, 0), &m), -EBADF);
}

static void t_cspace_find_free_lowest(void)
{
    long f = invoke0(CS, CSPACE_FIND_FREE);
    CHECK(f > 0 && f < 4096);
    CHECK_EQ(cap_type(f), OBJ_NULL);
    /* Every slot below it is occupied. */
    for (long i = 1; i < f; i++)
        CHECK(cap_type(i) != OBJ_NULL);
    cap_t c = new_obj(OBJ_CSPACE, 32);
    CHECK(c);
    CHECK_EQ(invoke0(c, CSPACE_FIND_FREE), 1);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_OK(invoke3(c, CSPACE_COPY, 1, n, RIGHT_ALL));
    CHECK_OK(invoke3(c, CSPACE_COPY, 2, n, RIGHT_ALL));
    CHECK_OK(invoke3(c, CSPACE_COPY, 4, n, RIGHT_ALL));
    CHECK_EQ(invoke0(c, CSPACE_FIND_FREE), 3);
    CHECK_OK(invoke1(c, CSPACE_DELETE, 1));
    CHECK_EQ(invoke0(c, CSPACE_FIND_FREE), 1);
}

static void t_cspace_find_free_full_enospc(void)
{
    cap_t c = new_obj(OBJ_CSPACE, 16);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(c && n);
    for (uint64_t i = 1; i < 16; i++)
        CHECK_OK(invoke3(c, CSPACE_COPY, i, n, RIGHT_ALL));
    CHECK_EQ(invoke0(c, CSPACE_FIND_FREE), -ENOSPC);
    CHECK_OK(invoke1(c, CSPACE_DELETE, 9));
    CHECK_EQ(invoke0(c, CSPACE_FIND_FREE), 9);
}

static void t_cspace_copy_same_object(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t c = copy_cap(n, RIGHT_ALL);
    CHECK(c);
    CHECK_EQ(cap_type(c), OBJ_NOTIFICATION);
    CHECK_EQ(cap_rights(c), RIGHT_ALL);
    CHECK_OK(sys_signal(c));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 1);
}

static void t_cspace_copy_reduces_rights(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t r = copy_cap(n, RIGHT_READ);
    cap_t w = copy_cap(n, RIGHT_WRITE | RIGHT_GRANT);
    CHECK(r && w);
    CHECK_EQ(cap_rights(r), RIGHT_READ);
    CHECK_EQ(cap_rights(w), RIGHT_WRITE | RIGHT_GRANT);
    CHECK_EQ(sys_signal(r), -EPERM);
    CHECK_EQ(sys_wait(w, TIMEOUT_POLL), -EPERM);
    CHECK_OK(sys_signal(w));
    CHECK_EQ(sys_wait(r, TIMEOUT_POLL), 1);
}

static void t_cspace_copy_cannot_add_rights(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t r = copy_cap(n, RIGHT_READ | RIGHT_CONTROL);
    CHECK(r);
    cap_t r2 = copy_cap(r, RIGHT_ALL);
    CHECK(r2);
    CHECK_EQ(cap_rights(r2), RIGHT_READ | RIGHT_CONTROL);
    cap_t r3 = mint_cap(r, RIGHT_ALL, 5);
    CHECK(r3);
    CHECK_EQ(cap_rights(r3), RIGHT_READ | RIGHT_CONTROL);
    CHECK_EQ(sys_signal(r2), -EPERM);
    CHECK_EQ(sys_signal(r3), -EPERM);
    /* Unknown rights bits never appear. */
    cap_t r4 = copy_cap(n, ~0u);
    CHECK(r4);
    CHECK_EQ(cap_rights(r4), RIGHT_ALL);
}

static void t_cspace_copy_errors(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t d = kt_slot();
    CHECK_EQ(invoke3(CS, CSPACE_COPY, BOOT_CAP_THREAD, n, RIGHT_ALL), -EEXIST);
    CHECK_EQ(invoke3(CS, CSPACE_COPY, 4096, n, RIGHT_ALL), -EBADF);
    CHECK_EQ(invoke3(CS, CSPACE_COPY, 0, n, RIGHT_ALL), -EBADF);
    CHECK_EQ(invoke3(CS, CSPACE_COPY, d, SLOT_SCRATCH, RIGHT_ALL), -EBADF);
    CHECK_EQ(invoke3(CS, CSPACE_COPY, d, 0, RIGHT_ALL), -EBADF);
    CHECK_EQ(invoke3(CS, CSPACE_COPY, d, 99999, RIGHT_ALL), -EBADF);
    CHECK_EQ(invoke4(CS, CSPACE_MINT, BOOT_CAP_VSPACE, n, RIGHT_ALL, 1), -EEXIST);
    CHECK_EQ(invoke4(CS, CSPACE_MINT, d, SLOT_SCRATCH, RIGHT_ALL, 1), -EBADF);
    CHECK_EQ(invoke4(CS, CSPACE_MINT, 1ull << 20, n, RIGHT_ALL, 1), -EBADF);
    CHECK_EQ(cap_type(d), OBJ_NULL);
}

static void t_cspace_ops_need_control(void)
{
    cap_t ro = copy_cap(CS, RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT | RIGHT_EXEC);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ro && n);
    cap_t d = kt_slot();
    CHECK_EQ(invoke3(ro, CSPACE_COPY, d, n, RIGHT_ALL), -EPERM);
    CHECK_EQ(invoke4(ro, CSPACE_MINT, d, n, RIGHT_ALL, 3), -EPERM);
    CHECK_EQ(invoke2(ro, CSPACE_MOVE, d, n), -EPERM);
    CHECK_EQ(invoke1(ro, CSPACE_DELETE, n), -EPERM);
    CHECK_EQ(invoke1(ro, CSPACE_REVOKE, n), -EPERM);
    CHECK_EQ(invoke1(ro, CSPACE_SAVE_REPLY, d), -EPERM);
    CHECK_EQ(cap_type(d), OBJ_NULL);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
    /* Reading works with READ. */
    CHECK_EQ(invoke1(ro, CSPACE_INFO, n), OBJ_NOTIFICATION);
}

static void t_cspace_info_needs_read(void)
{
    cap_t c = copy_cap(CS, RIGHT_CONTROL | RIGHT_WRITE);
    CHECK(c);
    CHECK_EQ(invoke1(c, CSPACE_INFO, BOOT_CAP_THREAD), -EPERM);
    /* Control alone still manages the cspace. */
    cap_t d = kt_slot();
    CHECK_OK(invoke3(c, CSPACE_COPY, d, BOOT_CAP_VSPACE, RIGHT_READ));
    CHECK_EQ(cap_type(d), OBJ_VSPACE);
}

static void t_cspace_mint_sets_badge(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t b = mint_cap(n, RIGHT_ALL, 0x1234);
    CHECK(b);
    CHECK_EQ(cap_badge(b), 0x1234);
    CHECK_EQ(cap_badge(n), 0);
    CHECK_EQ(cap_type(b), OBJ_NOTIFICATION);
}

static void t_cspace_mint_reduces_rights(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t b = mint_cap(n, RIGHT_WRITE, 0x40);
    CHECK(b);
    CHECK_EQ(cap_rights(b), RIGHT_WRITE);
    CHECK_EQ(sys_wait(b, TIMEOUT_POLL), -EPERM);
    CHECK_OK(sys_signal(b));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 0x40);
}

static void t_cspace_copy_keeps_badge(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t b = mint_cap(n, RIGHT_ALL, 0x808);
    CHECK(b);
    cap_t c = copy_cap(b, RIGHT_WRITE);
    CHECK(c);
    CHECK_EQ(cap_badge(c), 0x808);
    CHECK_OK(sys_signal(c));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 0x808);
    /* Moving keeps it too. */
    cap_t d = kt_slot();
    CHECK_OK(invoke2(CS, CSPACE_MOVE, d, c));
    CHECK_EQ(cap_badge(d), 0x808);
}

static void t_cspace_move_basic(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t d = kt_slot();
    CHECK_OK(invoke2(CS, CSPACE_MOVE, d, n));
    CHECK_EQ(cap_type(n), OBJ_NULL);
    CHECK_EQ(cap_type(d), OBJ_NOTIFICATION);
    CHECK_EQ(cap_rights(d), RIGHT_ALL);
    CHECK_EQ(sys_signal(n), -EBADF);
    CHECK_OK(sys_signal(d));
    CHECK_EQ(sys_wait(d, TIMEOUT_POLL), 1);
}

static void t_cspace_move_errors(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t d = kt_slot();
    CHECK_EQ(invoke2(CS, CSPACE_MOVE, BOOT_CAP_UNTYPED, n), -EEXIST);
    CHECK_EQ(invoke2(CS, CSPACE_MOVE, 4096, n), -EBADF);
    CHECK_EQ(invoke2(CS, CSPACE_MOVE, d, SLOT_SCRATCH), -EBADF);
    CHECK_EQ(invoke2(CS, CSPACE_MOVE, d, 4096), -EBADF);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
    CHECK_EQ(cap_type(d), OBJ_NULL);
}

static void t_cspace_copy_and_move_between_other_cspaces(void)
{
    /* Pull a capability out of another cspace into a third (how procmgr reads a process's
     * file table), keeping rights and badge; errors leave both sides unchanged. */
    cap_t a = new_obj(OBJ_CSPACE, 16), b = new_obj(OBJ_CSPACE, 16);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(a && b && n);
    CHECK_OK(invoke4(a, CSPACE_MINT, 3, n, RIGHT_READ | RIGHT_WRITE, 77));
    CHECK_OK(invoke3(b, CSPACE_COPY_FROM, 5, a, 3));
    CHECK_EQ(invoke1(b, CSPACE_INFO, 5), OBJ_NOTIFICATION);
    CHECK_EQ(invoke1(a, CSPACE_INFO, 3), OBJ_NOTIFICATION);
    CHECK_EQ(invoke3(b, CSPACE_MOVE_FROM, 5, a, 3), -EEXIST);
    CHECK_OK(invoke3(b, CSPACE_MOVE_FROM, 6, a, 3));
    CHECK_EQ(invoke1(a, CSPACE_INFO, 3), OBJ_NULL);
    CHECK_EQ(invoke1(b, CSPACE_INFO, 6), OBJ_NOTIFICATION);
    CHECK_EQ(invoke3(b, CSPACE_MOVE_FROM, 7, a, 3), -EBADF);
    CHECK_EQ(invoke3(b, CSPACE_COPY_FROM, 7, n, 3), -EINVAL);
    cap_t ro = kt_slot();
    CHECK_OK(invoke3(CS, CSPACE_COPY, ro, a, RIGHT_READ));
    CHECK_OK(invoke3(b, CSPACE_COPY_FROM, 2, b, 6));
    CHECK_EQ(invoke3(b, CSPACE_MOVE_FROM, 7, ro, 1), -EPERM);
    /* Revoking the original removes the copies pulled across. */
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    CHECK_EQ(invoke1(b, CSPACE_INFO, 6), OBJ_NULL);
    CHECK_EQ(invoke1(b, CSPACE_INFO, 2), OBJ_NULL);
}

static void t_cspace_delete_basic(void)
{
    long q = quota_left();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, n));
    CHECK_EQ(cap_type(n), OBJ_NULL);
    CHECK_EQ(sys_signal(n), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_DELETE, n), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_DELETE, 0), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_DELETE, 4096), -EBADF);
    CHECK_EQ(quota_left(), q);
}

static void t_cspace_delete_parent_keeps_children(void)
{
    long q = quota_left();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t c = copy_cap(n, RIGHT_ALL);
    cap_t g = copy_cap(c, RIGHT_ALL);
    CHECK(c && g);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, n));
    CHECK_OK(sys_signal(c));
    CHECK_EQ(sys_wait(g, TIMEOUT_POLL), 1);
    /* The object lives while any capability does; revoking c still reaches g. */
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, c));
    CHECK_EQ(cap_type(g), OBJ_NULL);
    CHECK_EQ(cap_type(c), OBJ_NOTIFICATION);
    CHECK_OK(invoke1(CS, CSPACE_DELETE, c));
    CHECK_EQ(quota_left(), q);
}

static void t_cspace_revoke_removes_descendants_keeps_slot(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t a = copy_cap(n, RIGHT_ALL);
    cap_t b = mint_cap(n, RIGHT_WRITE, 9);
    cap_t a1 = copy_cap(a, RIGHT_READ);
    cap_t a2 = mint_cap(a, RIGHT_WRITE, 3);
    cap_t a11 = copy_cap(a1, RIGHT_READ);
    CHECK(a && b && a1 && a2 && a11);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    CHECK_EQ(cap_type(a), OBJ_NULL);
    CHECK_EQ(cap_type(b), OBJ_NULL);
    CHECK_EQ(cap_type(a1), OBJ_NULL);
    CHECK_EQ(cap_type(a2), OBJ_NULL);
    CHECK_EQ(cap_type(a11), OBJ_NULL);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
    CHECK_OK(sys_signal(n));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 1);
    /* Revoking again (no children) is fine. */
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
}

static void t_cspace_revoke_middle_of_tree(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t a = copy_cap(n, RIGHT_ALL);
    cap_t b = copy_cap(n, RIGHT_ALL);
    cap_t a1 = copy_cap(a, RIGHT_ALL);
    cap_t a11 = copy_cap(a1, RIGHT_ALL);
    cap_t b1 = copy_cap(b, RIGHT_ALL);
    CHECK(a && b && a1 && a11 && b1);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, a));
    CHECK_EQ(cap_type(a1), OBJ_NULL);
    CHECK_EQ(cap_type(a11), OBJ_NULL);
    CHECK_EQ(cap_type(a), OBJ_NOTIFICATION);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
    CHECK_EQ(cap_type(b), OBJ_NOTIFICATION);
    CHECK_EQ(cap_type(b1), OBJ_NOTIFICATION);
}

static void t_cspace_revoke_deep_chain(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t prev = n, chain[300];
    for (int i = 0; i < 300; i++) {
        chain[i] = copy_cap(prev, RIGHT_ALL);
        CHECK(chain[i]);
        prev = chain[i];
    }
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, chain[99]));
    for (int i = 0; i < 300; i++)
        CHECK_EQ(cap_type(chain[i]), i <= 99 ? OBJ_NOTIFICATION : OBJ_NULL);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    for (int i = 0; i < 100; i++)
        CHECK_EQ(cap_type(chain[i]), OBJ_NULL);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
}

static void t_cspace_revoke_wide_tree(void)
{
    cap_t n = new_obj(OBJ_ENDPOINT, 0);
    CHECK(n);
    cap_t first = 0;
    for (int i = 0; i < 200; i++) {
        cap_t c = i % 2 ? mint_cap(n, RIGHT_ALL, (uint64_t)i) : copy_cap(n, RIGHT_READ);
        CHECK(c);
        if (!first)
            first = c;
        if (i % 10 == 0)
            CHECK(copy_cap(c, RIGHT_ALL));
    }
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    for (cap_t c = first; c < first + 220; c++)
        CHECK_EQ(cap_type(c), OBJ_NULL);
    CHECK_EQ(cap_type(n), OBJ_ENDPOINT);
}

static void t_cspace_revoke_follows_moved_caps(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t a = copy_cap(n, RIGHT_ALL);
    cap_t a1 = copy_cap(a, RIGHT_ALL);
    CHECK(a && a1);
    /* Move the middle capability: its children and its place in the tree move with it. */
    cap_t m = kt_slot();
    CHECK_OK(invoke2(CS, CSPACE_MOVE, m, a));
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, m));
    CHECK_EQ(cap_type(a1), OBJ_NULL);
    CHECK_EQ(cap_type(m), OBJ_NOTIFICATION);
    cap_t a2 = copy_cap(m, RIGHT_ALL);
    CHECK(a2);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    CHECK_EQ(cap_type(m), OBJ_NULL);
    CHECK_EQ(cap_type(a2), OBJ_NULL);
}

static void t_cspace_revoke_reaches_other_cspace(void)
{
    cap_t c = new_obj(OBJ_CSPACE, 16);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(c && n);
    CHECK_OK(invoke3(c, CSPACE_COPY, 3, n, RIGHT_WRITE));
    CHECK_OK(invoke4(c, CSPACE_MINT, 4, n, RIGHT_ALL, 77));
    CHECK_EQ(invoke1(c, CSPACE_INFO, 3), OBJ_NOTIFICATION);
    CHECK_EQ(invoke1(c, CSPACE_INFO, 4), OBJ_NOTIFICATION);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    CHECK_EQ(invoke1(c, CSPACE_INFO, 3), OBJ_NULL);
    CHECK_EQ(invoke1(c, CSPACE_INFO, 4), OBJ_NULL);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
}

static void t_cspace_revoke_empty_slot(void)
{
    CHECK_EQ(invoke1(CS, CSPACE_REVOKE, SLOT_SCRATCH), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_REVOKE, 4096), -EBADF);
    CHECK_EQ(invoke1(CS, CSPACE_REVOKE, 0), -EBADF);
}

static void t_cspace_copy_into_other_cspace(void)
{
    cap_t c = new_obj(OBJ_CSPACE, 64);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(c && n);
    /* Destination slot in the invoked cspace, source in ours. */
    CHECK_OK(invoke3(c, CSPACE_COPY, 5, n, RIGHT_READ | RIGHT_WRITE));
    CHECK_EQ(invoke1(c, CSPACE_INFO, 5), OBJ_NOTIFICATION);
    uint64_t out[4] = {0};
    sys_invoke(c, CSPACE_INFO, 5, 0, 0, 0, 0, 0, out);
    CHECK_EQ(out[0], RIGHT_READ | RIGHT_WRITE);
    CHECK_OK(invoke4(c, CSPACE_MINT, 6, n, RIGHT_WRITE, 0x99));
    sys_invoke(c, CSPACE_INFO, 6, 0, 0, 0, 0, 0, out);
    CHECK_EQ(out[0], RIGHT_WRITE);
    CHECK_EQ(out[1], 0x99);
    CHECK_EQ(invoke3(c, CSPACE_COPY, 5, n, RIGHT_ALL), -EEXIST);
    CHECK_EQ(invoke3(c, CSPACE_COPY, 64, n, RIGHT_ALL), -EBADF);
}

static void t_cspace_move_into_other_cspace(void)
{
    cap_t c = new_obj(OBJ_CSPACE, 16);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(c && n);
    long q = quota_left();
    CHECK_OK(invoke2(c, CSPACE_MOVE, 7, n));
    CHECK_EQ(cap_type(n), OBJ_NULL);
    CHECK_EQ(invoke1(c, CSPACE_INFO, 7), OBJ_NOTIFICATION);
    /* Deleting it there destroys the object. */
    CHECK_OK(invoke1(c, CSPACE_DELETE, 7));
    CHECK_EQ(invoke1(c, CSPACE_INFO, 7), OBJ_NULL);
    CHECK(quota_left() > q);
}

static void t_cspace_destroy_drops_contents(void)
{
    long q = quota_left();
    cap_t c = new_obj(OBJ_CSPACE, 16);
    cap_t m = new_obj(OBJ_MEMORY, 32);
    CHECK(c && m);
    CHECK_OK(invoke2(c, CSPACE_MOVE, 1, m));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, c));
    CHECK_EQ(quota_left(), q);
}

static volatile int cs_flag;
static volatile long cs_res;

/* In its own cspace: slot 1 = a notification. */
static long child_signal_slot1_later(uint64_t arg)
{
    (void)arg;
    while (!cs_flag)
        sys_yield();
    cs_res = sys_signal(1);
    cs_flag = 2;
    return 0;
}

static void t_cspace_thread_keeps_its_cspace(void)
{
    cs_flag = 0;
    cs_res = -1;
    cap_t c = new_obj(OBJ_CSPACE, 16);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(c && n);
    CHECK_OK(invoke4(c, CSPACE_MINT, 1, n, RIGHT_WRITE, 0x44));
    struct kthread t;
    CHECK_OK(kthread_start(&t, c, BOOT_CAP_VSPACE, 0, child_signal_slot1_later, 0));
    /* Our only capability to its cspace goes; the thread still uses it. */
    CHECK_OK(invoke1(CS, CSPACE_DELETE, c));
    cs_flag = 1;
    CHECK_EQ(sys_wait(n, 2 * SEC), 0x44);
    uint64_t end = (uint64_t)sys_clock() + 2 * SEC;
    while (cs_flag != 2 && (uint64_t)sys_clock() < end)
        ksleep_ns(MS);
    CHECK_EQ(cs_flag, 2);
    CHECK_EQ(cs_res, 0);
}

static void t_cspace_methods_on_wrong_type(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t d = kt_slot();
    CHECK_EQ(invoke3(n, CSPACE_COPY, d, n, RIGHT_ALL), -EINVAL);
    CHECK_EQ(invoke1(BOOT_CAP_VSPACE, CSPACE_DELETE, n), -EINVAL);
    CHECK_EQ(invoke1(BOOT_CAP_UNTYPED, CSPACE_INFO, n), -EINVAL);
    CHECK_EQ(invoke0(BOOT_CAP_THREAD, CSPACE_FIND_FREE), -EINVAL);
    CHECK_EQ(invoke0(CS, 0x20A), -EINVAL);
    CHECK_EQ(invoke0(CS, 0x2FF), -EINVAL);
    CHECK_EQ(invoke0(CS, 0x800), -EINVAL);
    CHECK_EQ(cap_type(d), OBJ_NULL);
}

static void t_cspace_delete_the_invoked_cap(void)
{
    cap_t c = copy_cap(CS, RIGHT_ALL);
    CHECK(c);
    CHECK_OK(invoke1(c, CSPACE_DELETE, c));
    CHECK_EQ(cap_type(c), OBJ_NULL);
    /* Our cspace survives. */
    CHECK_EQ(cap_type(BOOT_CAP_CSPACE), OBJ_CSPACE);
}

static void t_cspace_save_reply_without_call(void)
{
    cap_t d = kt_slot();
    CHECK_EQ(invoke1(CS, CSPACE_SAVE_REPLY, d), -EINVAL);
    CHECK_EQ(cap_type(d), OBJ_NULL);
}

static void t_cspace_no_rights_cap(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t z = copy_cap(n, 0);
    CHECK(z);
    CHECK_EQ(cap_type(z), OBJ_NOTIFICATION);
    CHECK_EQ(cap_rights(z), 0);
    CHECK_EQ(sys_signal(z), -EPERM);
    CHECK_EQ(sys_wait(z, TIMEOUT_POLL), -EPERM);
    cap_t zc = copy_cap(CS, 0);
    CHECK(zc);
    CHECK_EQ(invoke1(zc, CSPACE_INFO, 1), -EPERM);
    CHECK_EQ(invoke1(zc, CSPACE_DELETE, n), -EPERM);
}

const struct ktest_case cspace_cases[] = {
    KCASE(cspace_info_boot_caps),
    KCASE(cspace_info_empty_and_out_of_range),
    KCASE(cspace_invoke_slot_zero_and_empty),
    KCASE(cspace_find_free_lowest),
    KCASE(cspace_find_free_full_enospc),
    KCASE(cspace_copy_same_object),
    KCASE(cspace_copy_reduces_rights),
    KCASE(cspace_copy_cannot_add_rights),
    KCASE(cspace_copy_errors),
    KCASE(cspace_ops_need_control),
    KCASE(cspace_info_needs_read),
    KCASE(cspace_mint_sets_badge),
    KCASE(cspace_mint_reduces_rights),
    KCASE(cspace_copy_keeps_badge),
    KCASE(cspace_move_basic),
    KCASE(cspace_move_errors),
    KCASE(cspace_copy_and_move_between_other_cspaces),
    KCASE(cspace_delete_basic),
    KCASE(cspace_delete_parent_keeps_children),
    KCASE(cspace_revoke_removes_descendants_keeps_slot),
    KCASE(cspace_revoke_middle_of_tree),
    KCASE(cspace_revoke_deep_chain),
    KCASE(cspace_revoke_wide_tree),
    KCASE(cspace_revoke_follows_moved_caps),
    KCASE(cspace_revoke_reaches_other_cspace),
    KCASE(cspace_revoke_empty_slot),
    KCASE(cspace_copy_into_other_cspace),
    KCASE(cspace_move_into_other_cspace),
    KCASE(cspace_destroy_drops_contents),
    KCASE(cspace_thread_keeps_its_cspace),
    KCASE(cspace_methods_on_wrong_type),
    KCASE(cspace_delete_the_invoked_cap),
    KCASE(cspace_save_reply_without_call),
    KCASE(cspace_no_rights_cap),
};
KT_TABLE_END(cspace)
