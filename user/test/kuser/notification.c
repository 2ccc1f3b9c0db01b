/* Notifications: signal/wait, badge bits OR-ed and cleared, poll, timeout, blocking. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

static volatile int flag, flag2;
static volatile long res[4];

static void reset(void)
{
    flag = flag2 = 0;
    for (int i = 0; i < 4; i++)
        res[i] = 0;
}

static void t_ntf_signal_then_wait(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_EQ(sys_signal(n), 0);
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 1);
    CHECK_EQ(sys_signal(n), 0);
    CHECK_EQ(sys_wait(n, 1 * SEC), 1);
}

static void t_ntf_badges_are_ored(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t a = mint_cap(n, RIGHT_WRITE, 0x1);
    cap_t b = mint_cap(n, RIGHT_WRITE, 0x4);
    cap_t c = mint_cap(n, RIGHT_WRITE, 0x10 | 0x4);
    cap_t d = mint_cap(n, RIGHT_WRITE, 0x4000000000000000ull);
    CHECK(a && b && c && d);
    CHECK_OK(sys_signal(a));
    CHECK_OK(sys_signal(b));
    CHECK_OK(sys_signal(c));
    CHECK_OK(sys_signal(d));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 0x4000000000000015ull);
}

static void t_ntf_wait_clears_bits(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t a = mint_cap(n, RIGHT_WRITE, 0x8);
    CHECK(a);
    CHECK_OK(sys_signal(a));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 0x8);
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), -EAGAIN);
}

static void t_ntf_repeated_signal_not_counted(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    for (int i = 0; i < 10; i++)
        CHECK_OK(sys_signal(n));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 1);
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), -EAGAIN);
}

static void t_ntf_poll_without_bits(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    uint64_t t0 = (uint64_t)sys_clock();
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), -EAGAIN);
    CHECK((uint64_t)sys_clock() - t0 < SEC);
}

static void t_ntf_wait_timeout(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    static const uint64_t ns[] = {1, 1000, 3 * MS, 40 * MS};
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        uint64_t t0 = (uint64_t)sys_clock();
        CHECK_EQ(sys_wait(n, ns[i]), -ETIMEDOUT);
        uint64_t dt = (uint64_t)sys_clock() - t0;
        CHECK(dt >= ns[i]);
        CHECK(dt < ns[i] + 2 * SEC);
    }
    /* A signal after a timed-out wait is kept for the next one. */
    CHECK_OK(sys_signal(n));
    CHECK_EQ(sys_wait(n, 10 * MS), 1);
}

static long child_wait(uint64_t n)
{
    res[0] = sys_wait(n, TIMEOUT_FOREVER);
    flag = 1;
    return 0;
}

static long child_signal_later(uint64_t n)
{
    ksleep_ns(10 * MS);
    res[1] = sys_signal(n);
    flag2 = 1;
    return 0;
}

static void t_ntf_wait_blocks_until_signal(void)
{
    reset();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t b = mint_cap(n, RIGHT_WRITE, 0x300);
    CHECK(b);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_signal_later, b));
    uint64_t t0 = (uint64_t)sys_clock();
    CHECK_EQ(sys_wait(n, 5 * SEC), 0x300);
    CHECK((uint64_t)sys_clock() - t0 >= 5 * MS);
    CHECK(wait_flag(&flag2, 2000));
    CHECK_EQ(res[1], 0);
}

static void t_ntf_signal_wakes_blocked_waiter(void)
{
    reset();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t b = mint_cap(n, RIGHT_WRITE, 0x42);
    CHECK(b);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_wait, n));
    CHECK(wait_state(t.tcb, TS_BLOCKED_NOTIFY, 2000));
    ksleep_ns(3 * MS);
    CHECK_EQ(flag, 0);
    CHECK_OK(sys_signal(b));
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0x42);
    /* The waiter consumed the bits. */
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), -EAGAIN);
}

static void t_ntf_two_waiters_two_signals(void)
{
    reset();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    struct kthread t1, t2;
    CHECK_OK(kthread_start(&t1, CS, VS, 0, child_wait, n));
    CHECK(wait_state(t1.tcb, TS_BLOCKED_NOTIFY, 2000));
    CHECK_OK(kthread_start(&t2, CS, VS, 0, child_wait, n));
    CHECK(wait_state(t2.tcb, TS_BLOCKED_NOTIFY, 2000));
    CHECK_OK(sys_signal(n));
    int dead = 0;
    uint64_t end = (uint64_t)sys_clock() + 2 * SEC;
    while (!dead && (uint64_t)sys_clock() < end) {
        ksleep_ns(MS);
        dead = (thread_state(t1.tcb) == TS_DEAD) + (thread_state(t2.tcb) == TS_DEAD);
    }
    /* Exactly one woke. */
    ksleep_ns(5 * MS);
    dead = (thread_state(t1.tcb) == TS_DEAD) + (thread_state(t2.tcb) == TS_DEAD);
    CHECK_EQ(dead, 1);
    CHECK_OK(sys_signal(n));
    CHECK(wait_state(t1.tcb, TS_DEAD, 2000));
    CHECK(wait_state(t2.tcb, TS_DEAD, 2000));
}

static void t_ntf_rights(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t nw = copy_cap(n, RIGHT_ALL & ~RIGHT_WRITE);
    cap_t nr = copy_cap(n, RIGHT_ALL & ~RIGHT_READ);
    CHECK(nw && nr);
    CHECK_EQ(sys_signal(nw), -EPERM);
    CHECK_EQ(sys_wait(nr, TIMEOUT_POLL), -EPERM);
    CHECK_EQ(sys_wait(nr, TIMEOUT_FOREVER), -EPERM);
    CHECK_OK(sys_signal(nr));
    CHECK_EQ(sys_wait(nw, TIMEOUT_POLL), 1);
}

static void t_ntf_wrong_type_and_bad_slot(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    CHECK_EQ(sys_signal(ep), -EINVAL);
    CHECK_EQ(sys_wait(ep, TIMEOUT_POLL), -EINVAL);
    CHECK_EQ(sys_signal(BOOT_CAP_THREAD), -EINVAL);
    CHECK_EQ(sys_wait(BOOT_CAP_VSPACE, TIMEOUT_FOREVER), -EINVAL);
    CHECK_EQ(sys_signal(SLOT_SCRATCH), -EBADF);
    CHECK_EQ(sys_signal(4096), -EBADF);
    CHECK_EQ(sys_wait(0, TIMEOUT_POLL), -EBADF);
    CHECK_EQ(sys_wait(~0ull, TIMEOUT_FOREVER), -EBADF);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    CHECK_EQ(invoke0(n, 0x600), -EINVAL);
}

static void t_ntf_delete_wakes_waiter(void)
{
    reset();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_wait, n));
    CHECK(wait_state(t.tcb, TS_BLOCKED_NOTIFY, 2000));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, n));
    CHECK(wait_flag(&flag, 2000));
    CHECK(res[0] < 0);
}

static void t_ntf_signal_from_other_vspace(void)
{
    reset();
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    cap_t vs = kt_slot();
    CHECK(n && vs);
    cap_t b = mint_cap(n, RIGHT_WRITE, 0x800);
    CHECK(b);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, vs, 0, child_signal_later, b));
    CHECK_EQ(sys_wait(n, 5 * SEC), 0x800);
}

static void t_ntf_many_signals_and_waits(void)
{
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(n);
    cap_t bits[8];
    for (int i = 0; i < 8; i++) {
        bits[i] = mint_cap(n, RIGHT_WRITE, 1ull << (i * 7));
        CHECK(bits[i]);
    }
    for (int round = 0; round < 200; round++) {
        uint64_t want = 0;
        for (int i = 0; i < 8; i++)
            if ((round >> (i % 4)) & 1 || i == round % 8) {
                CHECK_OK(sys_signal(bits[i]));
                want |= 1ull << (i * 7);
            }
        CHECK_EQ(sys_wait(n, TIMEOUT_POLL), want);
    }
}

const struct ktest_case notification_cases[] = {
    KCASE(ntf_signal_then_wait),
    KCASE(ntf_badges_are_ored),
    KCASE(ntf_wait_clears_bits),
    KCASE(ntf_repeated_signal_not_counted),
    KCASE(ntf_poll_without_bits),
    KCASE(ntf_wait_timeout),
    KCASE(ntf_wait_blocks_until_signal),
    KCASE(ntf_signal_wakes_blocked_waiter),
    KCASE(ntf_two_waiters_two_signals),
    KCASE(ntf_rights),
    KCASE(ntf_wrong_type_and_bad_slot),
    KCASE(ntf_delete_wakes_waiter),
    KCASE(ntf_signal_from_other_vspace),
    KCASE(ntf_many_signals_and_waits),
};
KT_TABLE_END(notification)
