/* Futexes, the clock, yield. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

static volatile uint32_t word __attribute__((aligned(64)));
static volatile long res[8];
static volatile int woke;

static void reset(void)
{
    word = 0;
    woke = 0;
    for (int i = 0; i < 8; i++)
        res[i] = 0;
}

static void t_clock_monotonic(void)
{
    long prev = sys_clock();
    CHECK(prev > 0);
    for (int i = 0; i < 20000; i++) {
        long now = sys_clock();
        if (now < prev)
            FAIL("clock went back from %ld to %ld", prev, now);
        prev = now;
    }
}

static void t_clock_advances_with_sleep(void)
{
    long t0 = sys_clock();
    ksleep_ns(20 * MS);
    long t1 = sys_clock();
    CHECK(t1 - t0 >= (long)(20 * MS));
    CHECK(t1 - t0 < (long)(3 * SEC));
    /* And by about the TSC rate the kernel measured. */
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    uint64_t c0 = (uint64_t)hi << 32 | lo;
    long n0 = sys_clock();
    ksleep_ns(50 * MS);
    long n1 = sys_clock();
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    uint64_t c1 = (uint64_t)hi << 32 | lo;
    uint64_t ms_tsc = (c1 - c0) / kt_bi->tsc_per_ms, ms_clock = (uint64_t)(n1 - n0) / MS;
    CHECK(ms_tsc + 5 >= ms_clock && ms_clock + 5 >= ms_tsc);
}

static void t_yield_returns_zero(void)
{
    for (int i = 0; i < 100; i++)
        CHECK_EQ(sys_yield(), 0);
}

static void t_futex_wait_value_mismatch(void)
{
    reset();
    word = 7;
    CHECK_EQ(sys_futex_wait((uint64_t)&word, 6, TIMEOUT_FOREVER), -EAGAIN);
    CHECK_EQ(sys_futex_wait((uint64_t)&word, 0xFFFFFFFF, 10 * MS), -EAGAIN);
    /* Only the low 32 bits of expected count. */
    CHECK_EQ(sys_futex_wait((uint64_t)&word, 0x100000007ull, TIMEOUT_POLL), -ETIMEDOUT);
}

static void t_futex_wait_poll_and_timeout(void)
{
    reset();
    word = 3;
    CHECK_EQ(sys_futex_wait((uint64_t)&word, 3, TIMEOUT_POLL), -ETIMEDOUT);
    uint64_t t0 = (uint64_t)sys_clock();
    CHECK_EQ(sys_futex_wait((uint64_t)&word, 3, 30 * MS), -ETIMEDOUT);
    uint64_t dt = (uint64_t)sys_clock() - t0;
    CHECK(dt >= 30 * MS);
    CHECK(dt < 3 * SEC);
    /* The timed-out waiter left the queue. */
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 100), 0);
}

static void t_futex_wake_without_waiters(void)
{
    reset();
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 1), 0);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, ~0ull), 0);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 0), 0);
}

static void t_futex_unaligned(void)
{
    reset();
    CHECK_EQ(sys_futex_wait((uint64_t)&word + 1, 0, TIMEOUT_POLL), -EINVAL);
    CHECK_EQ(sys_futex_wait((uint64_t)&word + 2, 0, 10 * MS), -EINVAL);
    CHECK_EQ(sys_futex_wake((uint64_t)&word + 3, 1), -EINVAL);
}

static long child_futex_wait(uint64_t addr)
{
    uint32_t v = *(volatile uint32_t *)addr;
    long r = sys_futex_wait(addr, v, 5 * SEC);
    __atomic_add_fetch(&woke, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 8; i++)
        if (__atomic_compare_exchange_n(&res[i], &(long){0}, r == 0 ? 1 : r, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            break;
    return 0;
}

static void t_futex_wake_one(void)
{
    reset();
    word = 11;
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_futex_wait, (uint64_t)&word));
    CHECK(wait_state(t.tcb, TS_BLOCKED_FUTEX, 2000));
    ksleep_ns(2 * MS);
    CHECK_EQ(woke, 0);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 1), 1);
    CHECK(wait_flag(&woke, 2000));
    CHECK_EQ(res[0], 1); /* futex_wait returned 0 */
}

static void wait_count(int n)
{
    uint64_t end = (uint64_t)sys_clock() + 2 * SEC;
    while (woke < n && (uint64_t)sys_clock() < end)
        ksleep_ns(MS);
}

static void t_futex_wake_counts(void)
{
    reset();
    word = 4;
    struct kthread t[3];
    for (int i = 0; i < 3; i++) {
        CHECK_OK(kthread_start(&t[i], CS, VS, 0, child_futex_wait, (uint64_t)&word));
        CHECK(wait_state(t[i].tcb, TS_BLOCKED_FUTEX, 2000));
    }
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 0), 0);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 2), 2);
    wait_count(2);
    ksleep_ns(5 * MS);
    CHECK_EQ(woke, 2);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 10), 1);
    wait_count(3);
    CHECK_EQ(woke, 3);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 10), 0);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(res[i], 1);
}

static volatile uint32_t words2[2] __attribute__((aligned(8)));

static void t_futex_other_address_not_woken(void)
{
    reset();
    words2[0] = 1;
    words2[1] = 1;
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_futex_wait, (uint64_t)&words2[0]));
    CHECK(wait_state(t.tcb, TS_BLOCKED_FUTEX, 2000));
    CHECK_EQ(sys_futex_wake((uint64_t)&words2[1], 5), 0);
    CHECK_EQ(sys_futex_wake((uint64_t)&word, 5), 0);
    ksleep_ns(3 * MS);
    CHECK_EQ(woke, 0);
    CHECK_EQ(sys_futex_wake((uint64_t)&words2[0], 5), 1);
    CHECK(wait_flag(&woke, 2000));
}

static void t_futex_same_page_two_mappings(void)
{
    reset();
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(m);
    uint64_t a = map_into(VS, m, 0, 1, PROT_R | PROT_W);
    uint64_t b = map_into(VS, m, 0, 1, PROT_R | PROT_W);
    CHECK(a && b);
    *(volatile uint32_t *)(a + 128) = 9;
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_futex_wait, a + 128));
    CHECK(wait_state(t.tcb, TS_BLOCKED_FUTEX, 2000));
    CHECK_EQ(sys_futex_wake(b + 132, 1), 0);
    CHECK_EQ(sys_futex_wake(b + 128, 1), 1);
    CHECK(wait_flag(&woke, 2000));
}

static long child_futex_shared(uint64_t va)
{
    volatile uint32_t *p = (volatile uint32_t *)va;
    p[1] = 1; /* started */
    long r = sys_futex_wait(va, p[0], 5 * SEC);
    p[2] = (uint32_t)r;
    p[3] = 1; /* done */
    return 0;
}

static void t_futex_across_address_spaces(void)
{
    reset();
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    cap_t m = new_obj(OBJ_MEMORY, 1);
    CHECK(m);
    uint64_t mine = map_into(VS, m, 0, 1, PROT_R | PROT_W);
    uint64_t theirs = map_into(vs, m, 0, 1, PROT_R | PROT_W);
    CHECK(mine && theirs);
    volatile uint32_t *p = (volatile uint32_t *)mine;
    p[0] = 5;
    p[2] = 0xFFFF;
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, vs, 0, child_futex_shared, theirs));
    CHECK(wait_state(t.tcb, TS_BLOCKED_FUTEX, 2000));
    CHECK_EQ(p[1], 1);
    CHECK_EQ(sys_futex_wake(mine, 1), 1);
    CHECK(wait_flag((volatile int *)&p[3], 2000));
    CHECK_EQ(p[2], 0);
}

static void t_futex_on_read_only_memory(void)
{
    /* Waiting needs only read access: our code is a fine futex word. */
    uint64_t addr = kt_bi->segments[0].va + 64;
    uint32_t v = *(volatile uint32_t *)addr;
    CHECK_EQ(sys_futex_wait(addr, v + 1, 10 * MS), -EAGAIN);
    CHECK_EQ(sys_futex_wait(addr, v, 5 * MS), -ETIMEDOUT);
    CHECK_EQ(sys_futex_wake(addr, 1), 0);
    CHECK_EQ(sys_futex_wait(BOOT_INFO_VA, (uint32_t)BOOT_INFO_MAGIC, 1 * MS), -ETIMEDOUT);
}

static volatile uint32_t cow_word __attribute__((aligned(4096)));

static void t_futex_wake_after_clone_in_same_vspace(void)
{
    /* A thread waits; we clone our address space (the word's page becomes copy-on-write)
     * and then write the word and wake it, as a futex mutex unlock does. The waiter is in
     * our address space at the same address: it must be woken. */
    reset();
    cow_word = 21;
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_futex_wait, (uint64_t)&cow_word));
    CHECK(wait_state(t.tcb, TS_BLOCKED_FUTEX, 2000));
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    cow_word = 22;
    CHECK_EQ(sys_futex_wake((uint64_t)&cow_word, 1), 1);
    CHECK(wait_flag(&woke, 2000));
    CHECK_EQ(res[0], 1);
}

/* A futex mutex (three states) guarding a plain counter. */
static volatile uint32_t mtx;
static volatile uint64_t guarded;
static volatile int mutex_errors;

static void mutex_lock(volatile uint32_t *m)
{
    uint32_t c = 0;
    if (__atomic_compare_exchange_n(m, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        long r = sys_futex_wait((uint64_t)m, 2, 2 * SEC);
        if (r != 0 && r != -EAGAIN)
            mutex_errors++;
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    }
}

static void mutex_unlock(volatile uint32_t *m)
{
    if (__atomic_fetch_sub(m, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(m, 0, __ATOMIC_RELEASE);
        sys_futex_wake((uint64_t)m, 1);
    }
}

static long child_mutex(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        mutex_lock(&mtx);
        uint64_t v = guarded;
        if ((i & 7) == 0)
            sys_yield(); /* invite contention inside the critical section */
        guarded = v + 1;
        mutex_unlock(&mtx);
    }
    __atomic_add_fetch(&woke, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static void t_futex_mutex_three_threads(void)
{
    reset();
    mtx = 0;
    guarded = 0;
    mutex_errors = 0;
    struct kthread t[3];
    for (int i = 0; i < 3; i++)
        CHECK_OK(kthread_start(&t[i], CS, VS, 0, child_mutex, 1500));
    uint64_t end = (uint64_t)sys_clock() + 30 * SEC;
    while (woke < 3 && (uint64_t)sys_clock() < end)
        ksleep_ns(5 * MS);
    CHECK_EQ(woke, 3);
    CHECK_EQ(guarded, 4500);
    CHECK_EQ(mutex_errors, 0);
    CHECK_EQ(mtx, 0);
}

const struct ktest_case futex_clock_cases[] = {
    KCASE(clock_monotonic),
    KCASE(clock_advances_with_sleep),
    KCASE(yield_returns_zero),
    KCASE(futex_wait_value_mismatch),
    KCASE(futex_wait_poll_and_timeout),
    KCASE(futex_wake_without_waiters),
    KCASE(futex_unaligned),
    KCASE(futex_wake_one),
    KCASE(futex_wake_counts),
    KCASE(futex_other_address_not_woken),
    KCASE(futex_same_page_two_mappings),
    KCASE(futex_across_address_spaces),
    KCASE(futex_on_read_only_memory),
    KCASE(futex_wake_after_clone_in_same_vspace),
    KCASE(futex_mutex_three_threads),
};
KT_TABLE_END(futex_clock)
