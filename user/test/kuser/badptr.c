/* Bad user pointers given to the kernel: every one must fail with -EFAULT, never crash. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

enum {
    P_NULL,       /* 0 */
    P_KERNEL,     /* kernel text */
    P_NONCANON_L, /* first non-canonical address above user space */
    P_NONCANON_H, /* a non-canonical address with the top bit set */
    P_UNMAPPED,   /* canonical user address nobody mapped */
    P_STRADDLE,   /* starts in a mapped page, ends in the unmapped page after it */
    P_TOP,        /* starts just below USER_TOP and runs past it */
    P_WRAP,       /* near 2^64: the range wraps around to low addresses */
};

/* A pointer of the given kind for an access of len bytes (0 if it could not be made). */
static uint64_t bad_ptr(int kind, uint64_t len)
{
    switch (kind) {
    case P_NULL:
        return 0;
    case P_KERNEL:
        return 0xffffffff80100000ull;
    case P_NONCANON_L:
        return 0x0000800000000000ull;
    case P_NONCANON_H:
        return 0x8000000000000000ull;
    case P_UNMAPPED:
        return KT_UNMAPPED_VA;
    case P_STRADDLE: {
        uint64_t va = new_mapped(1, PROT_R | PROT_W, 0); /* a guard page follows */
        return va ? va + 4096 - ((len / 2) & ~7ull) : 0;
    }
    case P_TOP:
        return USER_TOP - ((len / 2) & ~7ull);
    case P_WRAP:
        return 0 - ((len / 2) & ~7ull);
    }
    return 0;
}

static void debug_write_case(int kind)
{
    uint64_t p = bad_ptr(kind, 64);
    CHECK(p || kind == P_NULL);
    if (kind == P_STRADDLE)
        *(volatile char *)p = '\n'; /* the one readable byte printed below */
    CHECK_EQ(sys_debug_write(p, 64), -EFAULT);
    CHECK_EQ(sys_debug_write(p, 1), kind == P_STRADDLE ? 1 : -EFAULT);
    /* The kernel still answers. */
    CHECK_EQ(sys_debug_write(0, 0), 0);
}

static void log_read_case(int kind)
{
    /* A bad position pointer, then a good position with a bad buffer. */
    uint64_t p = bad_ptr(kind, 64), pos = 0;
    CHECK(p || kind == P_NULL);
    if (kind != P_STRADDLE)
        CHECK_EQ(sys_log_read(p, (uint64_t)&pos, 0), -EFAULT);
    CHECK_EQ(sys_log_read((uint64_t)&pos, p, 64), -EFAULT);
    CHECK_EQ(pos, 0); /* a failed read leaves the position alone */
    char buf[16];
    CHECK_EQ(sys_log_read((uint64_t)&pos, (uint64_t)buf, sizeof buf), (long)sizeof buf);
    CHECK(pos >= sizeof buf); /* past the data read (later if the start was overwritten) */
}

static void read_regs_case(int kind)
{
    cap_t t = new_obj(OBJ_THREAD, 0);
    CHECK(t);
    uint64_t p = bad_ptr(kind, sizeof(struct user_regs));
    CHECK(p || kind == P_NULL);
    CHECK_EQ(invoke1(t, THREAD_READ_REGS, p), -EFAULT);
    CHECK_EQ(invoke1(BOOT_CAP_THREAD, THREAD_READ_REGS, p), -EFAULT);
    struct user_regs r;
    CHECK_OK(invoke1(BOOT_CAP_THREAD, THREAD_READ_REGS, (uint64_t)&r));
}

static void write_regs_case(int kind)
{
    cap_t t = new_obj(OBJ_THREAD, 0);
    CHECK(t);
    uint64_t p = bad_ptr(kind, sizeof(struct user_regs));
    CHECK(p || kind == P_NULL);
    if (kind == P_STRADDLE) {
        /* The readable half starts like a register block. */
        struct user_regs *half = (struct user_regs *)p;
        half->rax = 0x1234;
    }
    CHECK_EQ(invoke1(t, THREAD_WRITE_REGS, p), -EFAULT);
    /* Nothing was written: the thread still cannot run. */
    CHECK_OK(sys_invoke(t, THREAD_CONFIGURE, CS, VS, 0, 0, 0, 0, 0));
    CHECK_EQ(invoke0(t, THREAD_RESUME), -EINVAL);
    CHECK_EQ(thread_state(t), TS_INACTIVE);
}

static void futex_case(int kind)
{
    uint64_t p = kind == P_TOP ? USER_TOP - 4 : kind == P_WRAP ? ~3ull : bad_ptr(kind, 4);
    CHECK_EQ(sys_futex_wait(p, 0, TIMEOUT_POLL), -EFAULT);
    CHECK_EQ(sys_futex_wait(p, 0, 10 * MS), -EFAULT);
    CHECK_EQ(sys_futex_wait(p, 0, TIMEOUT_FOREVER), -EFAULT);
}

static void futex_wake_case(int kind)
{
    uint64_t p = kind == P_TOP ? USER_TOP - 4 : kind == P_WRAP ? ~3ull : bad_ptr(kind, 4);
    CHECK_EQ(sys_futex_wake(p, 1), -EFAULT);
    CHECK_EQ(sys_futex_wake(p, ~0ull), -EFAULT);
}

#define BADPTR_CASES(fn, name)                                                                    \
    static void t_badptr_##name##_null(void) { fn(P_NULL); }                                      \
    static void t_badptr_##name##_kernel(void) { fn(P_KERNEL); }                                  \
    static void t_badptr_##name##_noncanonical_low(void) { fn(P_NONCANON_L); }                    \
    static void t_badptr_##name##_noncanonical_high(void) { fn(P_NONCANON_H); }                   \
    static void t_badptr_##name##_unmapped(void) { fn(P_UNMAPPED); }                              \
    static void t_badptr_##name##_past_user_top(void) { fn(P_TOP); }                              \
    static void t_badptr_##name##_wraps(void) { fn(P_WRAP); }
BADPTR_CASES(debug_write_case, debug_write)
BADPTR_CASES(log_read_case, log_read)
BADPTR_CASES(read_regs_case, read_regs)
BADPTR_CASES(write_regs_case, write_regs)
BADPTR_CASES(futex_case, futex_wait)
BADPTR_CASES(futex_wake_case, futex_wake)

static void t_badptr_debug_write_straddles(void)
{
    debug_write_case(P_STRADDLE);
}

static void t_badptr_log_read_straddles(void)
{
    log_read_case(P_STRADDLE);
}

static void t_badptr_read_regs_straddles(void)
{
    read_regs_case(P_STRADDLE);
}

static void t_badptr_write_regs_straddles(void)
{
    write_regs_case(P_STRADDLE);
}

static void t_badptr_debug_write_valid(void)
{
    static const char msg[] = "kuser: debug_write from read-only data\n";
    CHECK_EQ(sys_debug_write((uint64_t)msg, sizeof msg - 1), (long)sizeof msg - 1);
    char buf[32];
    memcpy(buf, "kuser: from the stack\n", 22);
    CHECK_EQ(sys_debug_write((uint64_t)buf, 22), 22);
    CHECK_EQ(sys_debug_write(0, 0), 0);
    CHECK_EQ(sys_debug_write(0xffffffff80100000ull, 0), 0);
}

static void t_badptr_debug_write_too_long(void)
{
    cap_t m;
    uint64_t va = new_mapped(2, PROT_R | PROT_W, &m);
    CHECK(va);
    CHECK_EQ(sys_debug_write(va, 4097), -EINVAL);
    CHECK_EQ(sys_debug_write(va, ~0ull), -EINVAL);
    CHECK_EQ(sys_debug_write(0, 1ull << 63), -EINVAL);
}

static void t_badptr_read_regs_into_read_only_memory(void)
{
    cap_t t = new_obj(OBJ_THREAD, 0);
    CHECK(t);
    cap_t m;
    uint64_t ro = new_mapped(1, PROT_R, &m);
    CHECK(ro);
    CHECK_EQ(invoke1(t, THREAD_READ_REGS, ro), -EFAULT);
    CHECK_EQ(*(volatile uint64_t *)ro, 0);
    /* Our code and the boot info page are read-only too. */
    uint64_t text = kt_bi->segments[0].va + 4096;
    uint64_t before = *(volatile uint64_t *)text;
    CHECK_EQ(invoke1(t, THREAD_READ_REGS, text), -EFAULT);
    CHECK_EQ(*(volatile uint64_t *)text, before);
    CHECK_EQ(invoke1(t, THREAD_READ_REGS, BOOT_INFO_VA + 64), -EFAULT);
    CHECK_EQ(kt_bi->magic, BOOT_INFO_MAGIC);
}

static void t_badptr_write_regs_from_read_only_memory(void)
{
    cap_t t = new_obj(OBJ_THREAD, 0);
    CHECK(t);
    cap_t m;
    uint64_t w = new_mapped(1, PROT_R | PROT_W, &m);
    CHECK(w);
    struct user_regs *r = (struct user_regs *)w;
    r->rip = 0x401234;
    r->rsp = 0x7000fff8;
    r->rbx = 0xB0B;
    uint64_t ro = map_into(VS, m, 0, 1, PROT_R);
    CHECK(ro);
    CHECK_OK(invoke1(t, THREAD_WRITE_REGS, ro));
    struct user_regs back;
    CHECK_OK(invoke1(t, THREAD_READ_REGS, (uint64_t)&back));
    CHECK_EQ(back.rip, 0x401234);
    CHECK_EQ(back.rbx, 0xB0B);
}

static struct user_regs cow_regs[4096 / sizeof(struct user_regs) + 1]
    __attribute__((aligned(4096)));

static void t_badptr_read_regs_into_copy_on_write_page(void)
{
    /* After a clone our writable pages are copy-on-write: the kernel must copy, not fail. */
    cap_t t = new_obj(OBJ_THREAD, 0);
    CHECK(t);
    struct user_regs w = {0};
    w.rip = 0x402000;
    w.rsp = 0x7000fff8;
    w.r15 = 0xF15;
    CHECK_OK(invoke1(t, THREAD_WRITE_REGS, (uint64_t)&w));
    ((volatile uint64_t *)cow_regs)[0] = 1; /* make sure the page exists before the clone */
    cap_t vs = kt_slot();
    CHECK(vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    CHECK_OK(invoke1(t, THREAD_READ_REGS, (uint64_t)&cow_regs[1]));
    CHECK_EQ(cow_regs[1].rip, 0x402000);
    CHECK_EQ(cow_regs[1].r15, 0xF15);
    CHECK_EQ(((volatile uint64_t *)cow_regs)[0], 1);
    /* The clone kept the old contents. */
    CHECK_EQ(invoke1(vs, VSPACE_QUERY, (uint64_t)cow_regs), PROT_R | PROT_W);
}

static void t_badptr_ipc_and_invoke_survive_garbage(void)
{
    /* System calls without pointers must shrug off any argument values. */
    static const uint64_t junk[] = {0, 1, 0xFFFFFFFFFFFFFFFFull, 0x8000000000000000ull,
                                    0xffffffff80100000ull, USER_TOP, 4095, 4096};
    uint64_t a[8], out[8];
    for (unsigned i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        for (int k = 0; k < 8; k++)
            a[k] = junk[(i + (unsigned)k) % (sizeof junk / sizeof junk[0])];
        a[0] = junk[i];
        long r = raw_syscall(SYS_invoke, a, out);
        CHECK(r < 0 || (a[0] != 0 && a[0] < 4096));
        if (a[0] < 4096)
            continue;
        a[1] = TIMEOUT_POLL;
        CHECK_EQ(raw_syscall(SYS_recv, a, out), -EBADF);
        a[1] = IPC_INFO(0, 0, 0) | IPC_NONBLOCK;
        CHECK_EQ(raw_syscall(SYS_send, a, out), -EBADF);
        CHECK_EQ(raw_syscall(SYS_call, a, out), -EBADF);
        CHECK_EQ(raw_syscall(SYS_reply_recv, a, out), -EBADF);
        CHECK_EQ(raw_syscall(SYS_signal, a, out), -EBADF);
        CHECK_EQ(raw_syscall(SYS_wait, a, out), -EBADF);
    }
}

const struct ktest_case badptr_cases[] = {
#define BADPTR_KCASES(name)                                                                       \
    KCASE(badptr_##name##_null), KCASE(badptr_##name##_kernel),                                   \
        KCASE(badptr_##name##_noncanonical_low), KCASE(badptr_##name##_noncanonical_high),        \
        KCASE(badptr_##name##_unmapped), KCASE(badptr_##name##_past_user_top),                    \
        KCASE(badptr_##name##_wraps)
    BADPTR_KCASES(debug_write),
    BADPTR_KCASES(log_read),
    BADPTR_KCASES(read_regs),
    BADPTR_KCASES(write_regs),
    BADPTR_KCASES(futex_wait),
    BADPTR_KCASES(futex_wake),
    KCASE(badptr_debug_write_straddles),
    KCASE(badptr_log_read_straddles),
    KCASE(badptr_read_regs_straddles),
    KCASE(badptr_write_regs_straddles),
    KCASE(badptr_debug_write_valid),
    KCASE(badptr_debug_write_too_long),
    KCASE(badptr_read_regs_into_read_only_memory),
    KCASE(badptr_write_regs_from_read_only_memory),
    KCASE(badptr_read_regs_into_copy_on_write_page),
    KCASE(badptr_ipc_and_invoke_survive_garbage),
};
KT_TABLE_END(badptr)
