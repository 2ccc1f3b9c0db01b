/* kuser harness: case runner, cleanup between cases, watchdog, and shared helpers. */
#include "harness.h"

const struct boot_user_info *kt_bi;
long kt_last_err;

static const char *cur_name;
static int cur_failed;
static cap_t next_slot = KT_FIRST_SLOT, slot_high = KT_FIRST_SLOT;
static uint64_t next_va = KT_VA_BASE;
static volatile int wd_fired;
static volatile int wd_armed;

/* ---- failure reporting ---- */

static void report_fail(const char *detail)
{
    if (cur_failed++)
        return;
    dprintf_k("ktest-user: %s FAIL (%s\n", cur_name, detail);
}

void kt_fail(const char *file, int line, const char *expr)
{
    char buf[400];
    ksnprintf(buf, sizeof buf, "%s:%d: %s)", file, line, expr);
    report_fail(buf);
}

void kt_fail_eq(const char *file, int line, const char *expr, long got, long want)
{
    char buf[400];
    ksnprintf(buf, sizeof buf, "%s:%d: %s) got %ld (0x%lx), want %ld (0x%lx)", file, line, expr,
              got, (unsigned long)got, want, (unsigned long)want);
    report_fail(buf);
}

void kt_fail_msg(const char *file, int line, const char *fmt, ...)
{
    char msg[300], buf[400];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ksnprintf(buf, sizeof buf, "%s:%d: %s)", file, line, msg);
    report_fail(buf);
}

/* ---- allocation helpers ---- */

cap_t kt_slot(void)
{
    if (next_slot > KT_LAST_SLOT)
        return 0;
    cap_t s = next_slot++;
    if (next_slot > slot_high)
        slot_high = next_slot;
    /* A slot left occupied by an earlier failure would confuse the case: clear it. */
    if (cap_type(s) != OBJ_NULL) {
        invoke1(BOOT_CAP_CSPACE, CSPACE_REVOKE, s);
        invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s);
    }
    return s;
}

uint64_t va_alloc(uint64_t npages)
{
    uint64_t va = next_va;
    next_va += (npages + 1) * 4096;
    return va;
}

cap_t new_obj(uint64_t type, uint64_t arg)
{
    cap_t s = kt_slot();
    if (!s) {
        kt_last_err = -ENOSPC;
        return 0;
    }
    long r = invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, type, arg, s);
    if (r < 0) {
        kt_last_err = r;
        return 0;
    }
    return s;
}

cap_t copy_cap(cap_t src, uint32_t rights)
{
    cap_t s = kt_slot();
    long r = s ? invoke3(BOOT_CAP_CSPACE, CSPACE_COPY, s, src, rights) : -ENOSPC;
    if (r < 0) {
        kt_last_err = r;
        return 0;
    }
    return s;
}

cap_t mint_cap(cap_t src, uint32_t rights, uint64_t badge)
{
    cap_t s = kt_slot();
    long r = s ? invoke4(BOOT_CAP_CSPACE, CSPACE_MINT, s, src, rights, badge) : -ENOSPC;
    if (r < 0) {
        kt_last_err = r;
        return 0;
    }
    return s;
}

long cap_type(cap_t slot)
{
    return invoke1(BOOT_CAP_CSPACE, CSPACE_INFO, slot);
}

uint32_t cap_rights(cap_t slot)
{
    uint64_t out[4] = {0};
    sys_invoke(BOOT_CAP_CSPACE, CSPACE_INFO, slot, 0, 0, 0, 0, 0, out);
    return (uint32_t)out[0];
}

uint64_t cap_badge(cap_t slot)
{
    uint64_t out[4] = {0};
    sys_invoke(BOOT_CAP_CSPACE, CSPACE_INFO, slot, 0, 0, 0, 0, 0, out);
    return out[1];
}

uint64_t map_into(cap_t vs, cap_t mem, uint64_t first, uint64_t npages, uint64_t prot)
{
    uint64_t va = va_alloc(npages);
    long r = invoke5(vs, VSPACE_MAP, mem, va, first, npages, prot);
    if (r < 0) {
        kt_last_err = r;
        return 0;
    }
    return va;
}

uint64_t new_mapped(uint64_t npages, uint64_t prot, cap_t *mem_out)
{
    cap_t m = new_obj(OBJ_MEMORY, npages);
    if (!m)
        return 0;
    if (mem_out)
        *mem_out = m;
    return map_into(BOOT_CAP_VSPACE, m, 0, npages, prot);
}

uint64_t free_pages(void)
{
    uint64_t out[4] = {0};
    sys_invoke(BOOT_CAP_UNTYPED, UNTYPED_INFO, 0, 0, 0, 0, 0, 0, out);
    return out[0];
}

long quota_left(void)
{
    return invoke0(BOOT_CAP_UNTYPED, UNTYPED_INFO);
}

/* ---- threads ---- */

__attribute__((noreturn, used)) static void kthread_entry(uint64_t arg, uint64_t fn)
{
    thread_exit(((kthread_fn)fn)(arg));
}

void kthread_regs(struct user_regs *r, const struct kthread *t, kthread_fn fn, uint64_t arg)
{
    memset(r, 0, sizeof *r);
    r->rip = (uint64_t)kthread_entry;
    r->rsp = t->stack_top - 8; /* as if called: rsp + 8 is 16-byte aligned */
    r->rdi = arg;
    r->rsi = (uint64_t)fn;
    r->rflags = 0x202;
}

long kthread_create(struct kthread *t, cap_t cspace, cap_t vspace, int with_ipcbuf, kthread_fn fn,
                    uint64_t arg)
{
    memset(t, 0, sizeof *t);
    t->tcb = new_obj(OBJ_THREAD, 0);
    if (!t->tcb)
        return kt_last_err;
    t->stack_mem = new_obj(OBJ_MEMORY, KT_STACK_PAGES);
    if (!t->stack_mem)
        return kt_last_err;
    t->stack_va = map_into(vspace, t->stack_mem, 0, KT_STACK_PAGES, PROT_R | PROT_W);
    if (!t->stack_va)
        return kt_last_err;
    t->stack_top = t->stack_va + KT_STACK_PAGES * 4096;
    uint64_t ipc_va = 0;
    if (with_ipcbuf) {
        t->ipc_mem = new_obj(OBJ_MEMORY, 1);
        if (!t->ipc_mem)
            return kt_last_err;
        ipc_va = map_into(vspace, t->ipc_mem, 0, 1, PROT_R | PROT_W);
        if (!ipc_va)
            return kt_last_err;
        t->ipcbuf = (struct ipc_buffer *)ipc_va;
    }
    long r = sys_invoke(t->tcb, THREAD_CONFIGURE, cspace, vspace, ipc_va, t->ipc_mem, 0, 0, 0);
    if (r < 0)
        return r;
    struct user_regs regs;
    kthread_regs(&regs, t, fn, arg);
    return invoke1(t->tcb, THREAD_WRITE_REGS, (uint64_t)&regs);
}

long kthread_start(struct kthread *t, cap_t cspace, cap_t vspace, int with_ipcbuf, kthread_fn fn,
                   uint64_t arg)
{
    long r = kthread_create(t, cspace, vspace, with_ipcbuf, fn, arg);
    return r < 0 ? r : invoke0(t->tcb, THREAD_RESUME);
}

long thread_state(cap_t t)
{
    uint64_t out[4] = {0};
    long r = sys_invoke(t, THREAD_STATS, 0, 0, 0, 0, 0, 0, out);
    return r < 0 ? r : (long)out[0];
}

long thread_prio(cap_t t)
{
    uint64_t out[4] = {0};
    long r = sys_invoke(t, THREAD_STATS, 0, 0, 0, 0, 0, 0, out);
    return r < 0 ? r : (long)out[1];
}

/* ---- waiting ---- */

void ksleep_ns(uint64_t ns)
{
    sys_wait(SLOT_SLEEP, ns);
}

int wait_flag(volatile int *flag, uint64_t ms)
{
    uint64_t end = (uint64_t)sys_clock() + ms * MS;
    for (unsigned i = 0;; i++) {
        if (*flag)
            return 1;
        if ((uint64_t)sys_clock() > end)
            return *flag != 0;
        if (i & 1)
            ksleep_ns(200000);
        else
            sys_yield();
    }
}

int wait_state(cap_t t, long state, uint64_t ms)
{
    uint64_t end = (uint64_t)sys_clock() + ms * MS;
    for (unsigned i = 0;; i++) {
        if (thread_state(t) == state)
            return 1;
        if ((uint64_t)sys_clock() > end)
            return thread_state(t) == state;
        if (i & 1)
            ksleep_ns(200000);
        else
            sys_yield();
    }
}

int in_text(uint64_t addr)
{
    for (unsigned long i = 0; i < kt_bi->nsegments; i++) {
        const struct boot_segment_info *s = &kt_bi->segments[i];
        if ((s->prot & PROT_X) && addr >= s->va && addr < s->va + s->pages * 4096)
            return 1;
    }
    return 0;
}

/* ---- raw system calls ---- */

long raw_syscall(uint64_t nr, const uint64_t a[8], uint64_t out[8])
{
    register uint64_t rdi __asm__("rdi") = a[0];
    register uint64_t rsi __asm__("rsi") = a[1];
    register uint64_t rdx __asm__("rdx") = a[2];
    register uint64_t r10 __asm__("r10") = a[3];
    register uint64_t r8 __asm__("r8") = a[4];
    register uint64_t r9 __asm__("r9") = a[5];
    register uint64_t r12 __asm__("r12") = a[6];
    register uint64_t r13 __asm__("r13") = a[7];
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
                       "+r"(r12), "+r"(r13)
                     : "a"(nr)
                     : "rcx", "r11", "memory");
    if (out) {
        out[0] = rdi;
        out[1] = rsi;
        out[2] = rdx;
        out[3] = r10;
        out[4] = r8;
        out[5] = r9;
        out[6] = r12;
        out[7] = r13;
    }
    return ret;
}

/* long regs_syscall(nr = rdi, in = rsi, out = rdx) */
__asm__(".text\n"
        ".globl regs_syscall\n"
        ".type regs_syscall, @function\n"
        "regs_syscall:\n"
        "  push %rbp\n"
        "  push %rbx\n"
        "  push %r12\n"
        "  push %r13\n"
        "  push %r14\n"
        "  push %r15\n"
        "  push %rdx\n"
        "  mov %rdi, %rax\n"
        "  mov 8(%rsi), %rbx\n"
        "  mov 16(%rsi), %rcx\n"
        "  mov 24(%rsi), %rdx\n"
        "  mov 40(%rsi), %rdi\n"
        "  mov 48(%rsi), %rbp\n"
        "  mov 64(%rsi), %r8\n"
        "  mov 72(%rsi), %r9\n"
        "  mov 80(%rsi), %r10\n"
        "  mov 88(%rsi), %r11\n"
        "  mov 96(%rsi), %r12\n"
        "  mov 104(%rsi), %r13\n"
        "  mov 112(%rsi), %r14\n"
        "  mov 120(%rsi), %r15\n"
        "  mov 32(%rsi), %rsi\n"
        "  syscall\n"
        "  push %rax\n"
        "  mov 8(%rsp), %rax\n"
        "  mov %rbx, 8(%rax)\n"
        "  mov %rcx, 16(%rax)\n"
        "  mov %rdx, 24(%rax)\n"
        "  mov %rsi, 32(%rax)\n"
        "  mov %rdi, 40(%rax)\n"
        "  mov %rbp, 48(%rax)\n"
        "  mov %r8, 64(%rax)\n"
        "  mov %r9, 72(%rax)\n"
        "  mov %r10, 80(%rax)\n"
        "  mov %r11, 88(%rax)\n"
        "  mov %r12, 96(%rax)\n"
        "  mov %r13, 104(%rax)\n"
        "  mov %r14, 112(%rax)\n"
        "  mov %r15, 120(%rax)\n"
        "  pop %rcx\n"
        "  mov %rcx, 0(%rax)\n"
        "  add $8, %rsp\n"
        "  pop %r15\n"
        "  pop %r14\n"
        "  pop %r13\n"
        "  pop %r12\n"
        "  pop %rbx\n"
        "  pop %rbp\n"
        "  mov %rcx, %rax\n"
        "  ret\n"
        ".size regs_syscall, . - regs_syscall\n");

/* ---- watchdog: interrupts the main thread when a case blocks for too long ---- */

#define WD_TIMEOUT (40 * SEC)

static long watchdog(uint64_t arg)
{
    (void)arg;
    for (;;) {
        long r = sys_wait(SLOT_WD_NOTIF, WD_TIMEOUT);
        if (r == -ETIMEDOUT && wd_armed) {
            wd_fired = 1;
            invoke0(BOOT_CAP_THREAD, THREAD_INTERRUPT);
        }
    }
    return 0;
}

void kt_pet(void)
{
    sys_signal(SLOT_WD_NOTIF);
}

static int harness_init(void)
{
    if (invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, SLOT_SLEEP) < 0 ||
        invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, SLOT_WD_NOTIF) < 0 ||
        invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, SLOT_WD_THREAD) < 0 ||
        invoke3(BOOT_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_MEMORY, KT_STACK_PAGES, SLOT_WD_STACK) < 0)
        return -1;
    if (invoke5(BOOT_CAP_VSPACE, VSPACE_MAP, SLOT_WD_STACK, KT_VA_GLOBAL, 0, KT_STACK_PAGES,
                PROT_R | PROT_W) < 0)
        return -2;
    if (sys_invoke(SLOT_WD_THREAD, THREAD_CONFIGURE, BOOT_CAP_CSPACE, BOOT_CAP_VSPACE, 0, 0, 0, 0,
                   0) < 0)
        return -3;
    struct kthread t = {.stack_top = KT_VA_GLOBAL + KT_STACK_PAGES * 4096};
    struct user_regs r;
    kthread_regs(&r, &t, watchdog, 0);
    if (invoke1(SLOT_WD_THREAD, THREAD_WRITE_REGS, (uint64_t)&r) < 0 ||
        invoke0(SLOT_WD_THREAD, THREAD_RESUME) < 0)
        return -4;
    return 0;
}

/* Deletes everything the case left in its slots and unmaps its address range. */
void kt_cleanup(void)
{
    /* Threads first, so nothing runs on memory that goes away below. */
    for (cap_t s = KT_FIRST_SLOT; s < slot_high; s++)
        if (cap_type(s) == OBJ_THREAD) {
            invoke1(BOOT_CAP_CSPACE, CSPACE_REVOKE, s);
            invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s);
        }
    /* Then cspaces, which may hold more thread capabilities. */
    for (cap_t s = KT_FIRST_SLOT; s < slot_high; s++)
        if (cap_type(s) == OBJ_CSPACE) {
            invoke1(BOOT_CAP_CSPACE, CSPACE_REVOKE, s);
            invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s);
        }
    for (cap_t s = slot_high; s-- > KT_FIRST_SLOT;)
        if (cap_type(s) != OBJ_NULL) {
            invoke1(BOOT_CAP_CSPACE, CSPACE_REVOKE, s);
            invoke1(BOOT_CAP_CSPACE, CSPACE_DELETE, s);
        }
    if (next_va > KT_VA_BASE)
        invoke2(BOOT_CAP_VSPACE, VSPACE_UNMAP, KT_VA_BASE, (next_va - KT_VA_BASE) / 4096);
    next_slot = slot_high = KT_FIRST_SLOT;
    next_va = KT_VA_BASE;
    struct ipc_buffer *b = MY_IPCBUF;
    memset(b->caps_out, 0, sizeof b->caps_out);
    memset(b->recv_slots, 0, sizeof b->recv_slots);
    /* Bits a case left on the sleep notification would cut later sleeps short. */
    while (sys_wait(SLOT_SLEEP, TIMEOUT_POLL) > 0)
        ;
}

int main(const struct boot_user_info *bi)
{
    kt_bi = bi;
    unsigned total = 0, passed = 0, failed = 0;
#define KT_COUNT(t) total += t##_ncases;
    KT_TABLES(KT_COUNT)
    dprintf_k("ktest-user: %u cases\n", total);
    int e = harness_init();
    if (e) {
        dprintf_k("ktest-user: harness setup failed (%d)\n", e);
        dprintf_k("ktest-user: 0 passed, %u failed\n", total);
        return 1;
    }
    const struct ktest_case *tables[] = {
#define KT_PTR(t) t##_cases,
        KT_TABLES(KT_PTR)};
    const unsigned counts[] = {
#define KT_N(t) t##_ncases,
        KT_TABLES(KT_N)};
    for (unsigned ti = 0; ti < sizeof tables / sizeof tables[0]; ti++) {
        for (unsigned i = 0; i < counts[ti]; i++) {
            const struct ktest_case *c = &tables[ti][i];
            cur_name = c->name;
            cur_failed = 0;
            wd_fired = 0;
            kt_pet();
            wd_armed = 1;
            long quota0 = quota_left();
            c->fn();
            wd_armed = 0;
            if (wd_fired)
                kt_fail_msg(__FILE__, __LINE__, "watchdog: the case blocked for over %lu s",
                            (unsigned long)(WD_TIMEOUT / SEC));
            kt_cleanup();
            long quota1 = quota_left();
            if (quota1 != quota0)
                kt_fail_msg(__FILE__, __LINE__,
                            "untyped quota not restored after cleanup: %ld bytes before, %ld after",
                            quota0, quota1);
            if (cur_failed) {
                failed++;
            } else {
                passed++;
                dprintf_k("ktest-user: %s ok\n", c->name);
            }
        }
    }
    dprintf_k("ktest-user: %u passed, %u failed\n", passed, failed);
    return 0;
}
