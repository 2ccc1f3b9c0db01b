#pragma once
/* kuser: the user-mode kernel test suite. Each case is a void function; CHECK macros report
 * the first failure of a case and return from it. The harness deletes every capability a
 * case created (slots from KT_FIRST_SLOT up) and unmaps its test address range afterwards,
 * and fails a case whose objects did not give their untyped quota back. */
#include "cluu.h"
#include "lib/fmt.h"
#include "lib/string.h"

struct ktest_case {
    void (*fn)(void);
    const char *name;
};
#define KCASE(n) {t_##n, #n}

/* Case tables, one per file, run in this order. */
#define KT_TABLES(X)                                                                              \
    X(untyped) X(cspace) X(thread) X(endpoint) X(notification) X(vspace) X(memory)              \
        X(irq_ioport) X(futex_clock) X(badptr) X(fuzz)
#define KT_DECLARE(t)                                                                             \
    extern const struct ktest_case t##_cases[];                                                   \
    extern const unsigned t##_ncases;
KT_TABLES(KT_DECLARE)
#define KT_TABLE_END(t) const unsigned t##_ncases = sizeof t##_cases / sizeof t##_cases[0];

/* Failure reporting (first failure of a case wins). */
void kt_fail(const char *file, int line, const char *expr);
void kt_fail_eq(const char *file, int line, const char *expr, long got, long want);
void kt_fail_msg(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define CHECK(e)                                                                                  \
    do {                                                                                          \
        if (!(e)) {                                                                               \
            kt_fail(__FILE__, __LINE__, #e);                                                      \
            return;                                                                               \
        }                                                                                         \
    } while (0)
#define CHECK_EQ(a, b)                                                                            \
    do {                                                                                          \
        long kt_a_ = (long)(a), kt_b_ = (long)(b);                                                \
        if (kt_a_ != kt_b_) {                                                                     \
            kt_fail_eq(__FILE__, __LINE__, #a " == " #b, kt_a_, kt_b_);                           \
            return;                                                                               \
        }                                                                                         \
    } while (0)
/* A system call or method that must succeed (result >= 0). */
#define CHECK_OK(e)                                                                               \
    do {                                                                                          \
        long kt_r_ = (long)(e);                                                                   \
        if (kt_r_ < 0) {                                                                          \
            kt_fail_eq(__FILE__, __LINE__, #e " >= 0", kt_r_, 0);                                 \
            return;                                                                               \
        }                                                                                         \
    } while (0)
#define FAIL(...)                                                                                 \
    do {                                                                                          \
        kt_fail_msg(__FILE__, __LINE__, __VA_ARGS__);                                             \
        return;                                                                                   \
    } while (0)

/* Boot information handed to main. */
extern const struct boot_user_info *kt_bi;
#define MY_IPCBUF ((struct ipc_buffer *)BOOT_IPCBUF_VA)

/* Capability slots: cases allocate from KT_FIRST_SLOT; the harness keeps a few at the top. */
#define KT_FIRST_SLOT BOOT_CAP_FIRST_FREE
#define KT_LAST_SLOT 3999
#define SLOT_SLEEP 4090    /* a notification nobody signals: sleeping is waiting on it */
#define SLOT_WD_NOTIF 4091 /* watchdog */
#define SLOT_WD_THREAD 4092
#define SLOT_WD_STACK 4093
#define SLOT_SCRATCH 4094  /* never filled: "an empty slot in range" */

/* Address ranges: cases map from KT_VA_BASE (reset after each case). */
#define KT_VA_BASE 0x200000000ull
#define KT_VA_GLOBAL 0x10000000ull /* harness: the watchdog's stack */
#define KT_UNMAPPED_VA 0x00000600DEAD0000ull /* never mapped by anyone */

#define MS 1000000ull
#define SEC 1000000000ull

/* A free slot in our cspace (deleted after the case), or 0 when exhausted. */
cap_t kt_slot(void);
/* A fresh page-aligned range of npages in the case's area, followed by an unmapped guard page. */
uint64_t va_alloc(uint64_t npages);
/* New object in a new slot; 0 on failure (kt_last_err has the error). */
cap_t new_obj(uint64_t type, uint64_t arg);
extern long kt_last_err;
/* Copy / mint of one of our capabilities into a new slot of our cspace; 0 on failure. */
cap_t copy_cap(cap_t src, uint32_t rights);
cap_t mint_cap(cap_t src, uint32_t rights, uint64_t badge);
/* Type of a slot in our cspace (OBJ_NULL when empty), rights, badge. */
long cap_type(cap_t slot);
uint32_t cap_rights(cap_t slot);
uint64_t cap_badge(cap_t slot);
/* Maps npages of memory object mem (from page first) into vspace vs at a fresh address. */
uint64_t map_into(cap_t vs, cap_t mem, uint64_t first, uint64_t npages, uint64_t prot);
/* New memory object of npages mapped into our vspace; returns the address (0 on failure). */
uint64_t new_mapped(uint64_t npages, uint64_t prot, cap_t *mem_out);
/* Kernel free pages (UNTYPED_INFO rdx) and our untyped's remaining bytes. */
uint64_t free_pages(void);
long quota_left(void);

/* Threads. fn(arg) runs on a stack of KT_STACK_PAGES; its return value ends the thread. */
#define KT_STACK_PAGES 8
struct kthread {
    cap_t tcb, stack_mem, ipc_mem;
    uint64_t stack_va, stack_top;
    struct ipc_buffer *ipcbuf; /* its IPC buffer (in vspace vs at this address), or NULL */
};
typedef long (*kthread_fn)(uint64_t arg);
/* Creates a configured thread with registers set (not resumed); 0 or -errno. */
long kthread_create(struct kthread *t, cap_t cspace, cap_t vspace, int with_ipcbuf, kthread_fn fn,
                    uint64_t arg);
/* kthread_create + THREAD_RESUME. */
long kthread_start(struct kthread *t, cap_t cspace, cap_t vspace, int with_ipcbuf, kthread_fn fn,
                   uint64_t arg);
/* The register block kthread_create writes (for cases that change it). */
void kthread_regs(struct user_regs *r, const struct kthread *t, kthread_fn fn, uint64_t arg);
/* THREAD_STATS pieces. */
long thread_state(cap_t t);
long thread_prio(cap_t t);

/* Waiting (the caller sleeps or yields so other threads run). */
void ksleep_ns(uint64_t ns);
/* 1 once *flag != 0, 0 after ms milliseconds. */
int wait_flag(volatile int *flag, uint64_t ms);
/* 1 once the thread is in state, 0 after ms milliseconds. */
int wait_state(cap_t t, long state, uint64_t ms);
/* Tells the watchdog the suite is alive (long cases call this now and then). */
void kt_pet(void);

/* Raw system call with every argument register; results of rdx.. come back in out[0..7]
 * (rdi, rsi, rdx, r10, r8, r9, r12, r13) when out is not NULL. */
long raw_syscall(uint64_t nr, const uint64_t a[8], uint64_t out[8]);
/* Runs system call nr with all general registers loaded from in[16] (struct user_regs
 * order, rax/rsp ignored) and stores the registers after it into out[16] (out[0] = rax). */
long regs_syscall(uint64_t nr, const uint64_t *in, uint64_t *out);

/* Deletes every capability the case allocated (threads first, then cspaces, then the rest,
 * each revoked before deletion) and unmaps the case's address range; runs after each case
 * and may be called by a case that measures its own teardown. */
void kt_cleanup(void);

/* Deterministic PRNG. */
static inline uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

/* Text segment bounds (for rip checks). */
int in_text(uint64_t addr);
