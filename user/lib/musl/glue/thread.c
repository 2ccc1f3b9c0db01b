/* Threads, TLS and futexes: musl's clone (CLONE_VM|CLONE_THREAD), set_tid_address,
 * CLONE_CHILD_CLEARTID, futex, arch_prctl(ARCH_SET_FS), exit of one thread, and the
 * hooks __cluu_clone, __cluu_set_thread_area and __cluu_unmapself of cluu_hooks.h.
 *
 * A thread is a kernel thread object made from the process's quota, configured with the
 * process's cspace and vspace and an IPC buffer page of its own. Its FS base (musl's thread
 * pointer) is set through its registers. The glue keeps per-thread state (IPC buffer, own
 * capability, tid, clear-tid address) in TLS variables of its own, which musl's static TLS
 * copies into every thread. A finished thread is reaped (capability deleted, IPC buffer and,
 * for a detached thread, its stack unmapped) by the next clone once the kernel reports it
 * dead: a thread cannot free the stack it runs on. */
#include "cluu_hooks.h"
#include "glue.h"

#define MAX_THREADS 64
#define TID_FIRST 100000 /* threads other than the main one (whose tid is the pid) */

enum { T_FREE, T_RUNNING, T_EXITING };
struct gthread {
    int state;
    cap_t cap;
    uint64_t ipcbuf;
    long tid;
    int *ctid;
    uint64_t unmap_base, unmap_size; /* a detached thread's stack, freed when it is dead */
};

struct glue_lock thread_lock;
static struct gthread threads[MAX_THREADS];
static long next_tid = TID_FIRST;
static long main_tid;
static int *main_ctid;
static volatile int tls_ready; /* FS base of the main thread set: TLS usable */

/* Per-thread glue state; the initial values are the main thread's. */
static __thread uint64_t tls_ipcbuf = PROC_IPCBUF_VA;
static __thread cap_t tls_self = PROC_CAP_THREAD;
static __thread int tls_index = -1;

void glue_lock(struct glue_lock *l)
{
    while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
        sys_yield();
}

void glue_unlock(struct glue_lock *l)
{
    __atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

uint64_t glue_ipcbuf_va(void)
{
    return tls_ready ? tls_ipcbuf : PROC_IPCBUF_VA;
}

struct ipc_buffer *glue_ipcbuf(void)
{
    return (struct ipc_buffer *)glue_ipcbuf_va();
}

cap_t glue_self_thread(void)
{
    return tls_ready ? tls_self : PROC_CAP_THREAD;
}

int glue_is_main_thread(void)
{
    return !tls_ready || tls_index < 0;
}

long glue_gettid(void)
{
    if (!glue_is_main_thread()) return threads[tls_index].tid;
    if (!main_tid) main_tid = glue_getpid();
    return main_tid;
}

int glue_tid_is_ours(long tid)
{
    if (tid <= 0) return 0;
    if (tid == glue_gettid() || tid == main_tid) return 1;
    int found = 0;
    glue_lock(&thread_lock);
    for (int i = 0; i < MAX_THREADS; i++)
        if (threads[i].state == T_RUNNING && threads[i].tid == tid) found = 1;
    glue_unlock(&thread_lock);
    return found;
}

/* Frees what dead threads left behind. */
static void reap(void)
{
    struct gthread dead[MAX_THREADS];
    int n = 0;
    glue_lock(&thread_lock);
    for (int i = 0; i < MAX_THREADS; i++) {
        if (threads[i].state != T_EXITING) continue;
        uint64_t out[4] = {0};
        long r = sys_invoke(threads[i].cap, THREAD_STATS, 0, 0, 0, 0, 0, 0, out);
        if (r >= 0 && out[0] != TS_DEAD) continue;
        dead[n++] = threads[i];
        threads[i].state = T_FREE;
    }
    glue_unlock(&thread_lock);
    for (int i = 0; i < n; i++) {
        slot_delete(dead[i].cap);
        glue_munmap(dead[i].ipcbuf, PAGE);
        if (dead[i].unmap_size) glue_munmap(dead[i].unmap_base, dead[i].unmap_size);
    }
}

void glue_threads_after_fork(void)
{
    /* The child has only the thread that forked (the main one): the others' thread
     * capabilities were not inherited, their IPC buffers were (as copies). */
    for (int i = 0; i < MAX_THREADS; i++) {
        if (threads[i].state == T_FREE) continue;
        slot_free(threads[i].cap);
        glue_munmap(threads[i].ipcbuf, PAGE);
        threads[i].state = T_FREE;
    }
    main_tid = 0;
}

void glue_thread_entry(void);
_Noreturn void glue_thread_start(int (*func)(void *), void *arg, long idx);
__asm__("    .text\n"
        "    .globl glue_thread_entry\n"
        "    .type glue_thread_entry,@function\n"
        "glue_thread_entry:\n" /* rdi = func, rsi = arg, rdx = index, rsp = the stack */
        "    xor %ebp, %ebp\n"
        "    and $-16, %rsp\n"
        "    call glue_thread_start\n"
        "    ud2\n"
        "    .size glue_thread_entry, .-glue_thread_entry\n");

_Noreturn void glue_thread_start(int (*func)(void *), void *arg, long idx)
{
    tls_index = (int)idx;
    tls_self = threads[idx].cap;
    tls_ipcbuf = threads[idx].ipcbuf;
    glue_exit_thread(func(arg));
}

long glue_clone_thread(int (*func)(void *), void *stack, int flags, void *arg, int *ptid, void *tls,
                       int *ctid)
{
    if (!(flags & L_CLONE_VM)) return -EINVAL;
    reap();
    glue_lock(&thread_lock);
    int idx = -1;
    for (int i = 0; i < MAX_THREADS && idx < 0; i++)
        if (threads[i].state == T_FREE) idx = i;
    if (idx < 0) {
        glue_unlock(&thread_lock);
        return -EAGAIN;
    }
    struct gthread *t = &threads[idx];
    *t = (struct gthread){.state = T_RUNNING, .tid = next_tid++};
    glue_unlock(&thread_lock);

    long r;
    cap_t mem;
    t->ipcbuf = glue_pages(1, &mem);
    t->cap = slot_alloc();
    if (!t->ipcbuf || !t->cap) {
        r = -EAGAIN;
        goto fail;
    }
    if ((r = invoke3(PROC_CAP_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, t->cap)) < 0) {
        slot_free(t->cap);
        t->cap = 0;
        goto fail;
    }
    r = sys_invoke(t->cap, THREAD_CONFIGURE, PROC_CAP_CSPACE, PROC_CAP_VSPACE, t->ipcbuf, mem, 0, 0,
                   0);
    if (r < 0) goto fail;
    uint64_t st[4] = {0};
    if (sys_invoke(glue_self_thread(), THREAD_STATS, 0, 0, 0, 0, 0, 0, st) >= 0)
        invoke1(t->cap, THREAD_SET_PRIORITY, st[1]);

    struct user_regs regs = {0};
    if (!(flags & L_CLONE_SETTLS)) {
        struct user_regs self;
        if ((r = invoke1(glue_self_thread(), THREAD_READ_REGS, (uint64_t)&self)) < 0) goto fail;
        tls = (void *)self.fs_base;
    }
    regs.rip = (uint64_t)glue_thread_entry;
    regs.rsp = (uint64_t)stack & ~15ull;
    regs.rdi = (uint64_t)func;
    regs.rsi = (uint64_t)arg;
    regs.rdx = (uint64_t)idx;
    regs.rflags = 0x202;
    regs.fs_base = (uint64_t)tls;
    if ((r = invoke1(t->cap, THREAD_WRITE_REGS, (uint64_t)&regs)) < 0) goto fail;
    if (flags & L_CLONE_CHILD_CLEARTID) t->ctid = ctid;
    if (flags & L_CLONE_PARENT_SETTID) *ptid = (int)t->tid;
    if (flags & L_CLONE_CHILD_SETTID) *ctid = (int)t->tid;
    long tid = t->tid;
    if ((r = invoke0(t->cap, THREAD_RESUME)) < 0) goto fail;
    return tid;

fail:
    if (t->cap) slot_delete(t->cap);
    if (t->ipcbuf) glue_munmap(t->ipcbuf, PAGE);
    glue_lock(&thread_lock);
    t->state = T_FREE;
    glue_unlock(&thread_lock);
    return r;
}

/* Clears *ctid, wakes its waiters and ends the thread, using only registers: the stack may
 * be freed by another thread as soon as *ctid is 0. */
_Noreturn void glue_exit_final(int *ctid, long code);
#define STR_(x) #x
#define STR(x) STR_(x)
__asm__("    .text\n"
        "    .globl glue_exit_final\n"
        "    .type glue_exit_final,@function\n"
        "glue_exit_final:\n"
        "    mov %rsi, %r12\n"
        "    test %rdi, %rdi\n"
        "    jz 1f\n"
        "    movl $0, (%rdi)\n"
        "    mov $0x7fffffff, %esi\n"
        "    mov $" STR(
            SYS_futex_wake) ", %eax\n"
                            "    syscall\n"
                            "1:  mov %r12, %rdi\n"
                            "    mov $" STR(
                                SYS_exit_thread) ", %eax\n"
                                                 "    syscall\n"
                                                 "    jmp 1b\n"
                                                 "    .size glue_exit_final, .-glue_exit_final\n");

_Noreturn void glue_exit_thread(int code)
{
    if (glue_is_main_thread()) glue_exit_final(main_ctid, code);
    int *ctid = threads[tls_index].ctid;
    glue_lock(&thread_lock);
    threads[tls_index].state = T_EXITING;
    glue_unlock(&thread_lock);
    glue_exit_final(ctid, code);
}

long glue_set_tid_address(int *ctid)
{
    if (glue_is_main_thread())
        main_ctid = ctid;
    else
        threads[tls_index].ctid = ctid;
    return glue_gettid();
}

static uint64_t ts_ns(const struct l_timespec *ts)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
        return ~0ull - 1; /* invalid: the caller checks first */
    if ((uint64_t)ts->tv_sec > (TIMEOUT_FOREVER - 1) / 1000000000ull - 1) return TIMEOUT_FOREVER;
    return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

static long futex_wait(int *uaddr, int val, uint64_t ns)
{
    if (ns == 0) return __atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val ? -EAGAIN : -ETIMEDOUT;
    long r = sys_futex_wait((uint64_t)uaddr, (uint32_t)val, ns);
    return r > 0 ? 0 : r;
}

long glue_futex(int *uaddr, int op, int val, uint64_t timeout, int *uaddr2, int val3)
{
    (void)uaddr2;
    int cmd = op & ~(L_FUTEX_PRIVATE_FLAG | L_FUTEX_CLOCK_REALTIME);
    const struct l_timespec *ts = (const struct l_timespec *)timeout;
    switch (cmd) {
    case L_FUTEX_WAIT: {
        uint64_t ns = TIMEOUT_FOREVER;
        if (ts) {
            if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) return -EINVAL;
            ns = ts_ns(ts);
        }
        return futex_wait(uaddr, val, ns);
    }
    case L_FUTEX_WAIT_BITSET: {
        /* Absolute timeout on CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag. */
        uint64_t ns = TIMEOUT_FOREVER;
        if (ts) {
            if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) return -EINVAL;
            struct l_timespec now;
            glue_clock_gettime((op & L_FUTEX_CLOCK_REALTIME) ? L_CLOCK_REALTIME : L_CLOCK_MONOTONIC,
                               &now);
            uint64_t abs = ts_ns(ts), cur = ts_ns(&now);
            ns = abs > cur ? abs - cur : 0;
        }
        return futex_wait(uaddr, val, ns);
    }
    case L_FUTEX_WAKE:
    case L_FUTEX_WAKE_BITSET:
        return sys_futex_wake((uint64_t)uaddr, (uint64_t)(val < 0 ? 0 : val));
    case L_FUTEX_CMP_REQUEUE:
        if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val3) return -EAGAIN;
        /* fall through */
    case L_FUTEX_REQUEUE: {
        /* No requeue in the kernel: the waiters that would move are woken instead (they
         * see a spurious wake-up and wait again, which futex users must allow). */
        uint64_t n = (uint64_t)(val < 0 ? 0 : val) + (uint32_t)timeout;
        return sys_futex_wake((uint64_t)uaddr, n > 0x7fffffff ? 0x7fffffff : n);
    }
    default:
        return -ENOSYS;
    }
}

static int sleep_word;

long glue_sleep_ns(uint64_t ns)
{
    if (ns == 0) {
        sys_yield();
        return 0;
    }
    long r = sys_futex_wait((uint64_t)&sleep_word, 0, ns);
    return r == -EINTR ? -EINTR : 0;
}

/* Sets FS base of the calling thread, whose capability is cap, to tp.
 *
 * CLUU sets FS base with THREAD_WRITE_REGS, which replaces the whole user register frame of
 * the invoking system call: on return every register comes from the struct except rax (the
 * result). So the struct is read first (THREAD_READ_REGS) to keep what the kernel knows
 * better (rflags, GS base), then filled with the state wanted after the write: rip = just
 * after the write's syscall, rsp = now, the callee-saved registers as now, fs_base = tp.
 * 0 or -errno. */
long glue_set_fs(uint64_t tp, cap_t cap);
__asm__(
    "    .text\n"
    "    .globl glue_set_fs\n"
    "    .type glue_set_fs,@function\n"
    "glue_set_fs:\n"
    "    push %rbx\n"
    "    push %r12\n"
    "    sub $168, %rsp\n" /* struct user_regs (160) + alignment */
    "    mov %rdi, %rbx\n"
    "    mov %rsi, %r12\n"
    "    mov $" STR(
        SYS_invoke) ", %eax\n"
                    "    mov %r12, %rdi\n"
                    "    mov $" STR(
                        THREAD_READ_REGS) ", %esi\n"
                                          "    mov %rsp, %rdx\n"
                                          "    syscall\n"
                                          "    test %rax, %rax\n"
                                          "    jnz 2f\n"
                                          "    mov %rbx, 8(%rsp)\n"
                                          "    mov %rbp, 48(%rsp)\n"
                                          "    mov %rsp, 56(%rsp)\n"
                                          "    mov %r12, 96(%rsp)\n"
                                          "    mov %r13, 104(%rsp)\n"
                                          "    mov %r14, 112(%rsp)\n"
                                          "    mov %r15, 120(%rsp)\n"
                                          "    lea 1f(%rip), %rax\n"
                                          "    mov %rax, 128(%rsp)\n"
                                          "    mov %rbx, 144(%rsp)\n"
                                          "    mov $" STR(
                                              SYS_invoke) ", %eax\n"
                                                          "    mov %r12, %rdi\n"
                                                          "    mov $" STR(
                                                              THREAD_WRITE_REGS) ", %esi\n"
                                                                                 "    mov %rsp, "
                                                                                 "%rdx\n"
                                                                                 "    syscall\n"
                                                                                 "1:\n"
                                                                                 "2:  add $168, "
                                                                                 "%rsp\n"
                                                                                 "    pop %r12\n"
                                                                                 "    pop %rbx\n"
                                                                                 "    ret\n"
                                                                                 "    .size "
                                                                                 "glue_set_fs, "
                                                                                 ".-glue_set_fs\n");
#define OFF(f) __builtin_offsetof(struct user_regs, f)
_Static_assert(sizeof(struct user_regs) == 160, "struct user_regs size");
_Static_assert(OFF(rbx) == 8 && OFF(rbp) == 48 && OFF(rsp) == 56 && OFF(r12) == 96 &&
                   OFF(r13) == 104 && OFF(r14) == 112 && OFF(r15) == 120 && OFF(rip) == 128 &&
                   OFF(fs_base) == 144,
               "struct user_regs layout");

int __cluu_set_thread_area(void *tp)
{
    long r = glue_set_fs((uint64_t)tp, glue_self_thread());
    if (r == 0) tls_ready = 1;
    return (int)r;
}

long glue_arch_prctl(int code, uint64_t addr)
{
    if (code == L_ARCH_SET_FS) return __cluu_set_thread_area((void *)addr);
    if (code == L_ARCH_GET_FS) {
        struct user_regs self;
        long r = invoke1(glue_self_thread(), THREAD_READ_REGS, (uint64_t)&self);
        if (r < 0) return r;
        *(uint64_t *)addr = self.fs_base;
        return 0;
    }
    return -EINVAL;
}

/* Runs func(arg) on stack and ends the process with its result (the child of a fork-style
 * clone). */
_Noreturn void glue_run_on_stack(int (*func)(void *), void *arg, void *stack);
__asm__("    .text\n"
        "    .globl glue_run_on_stack\n"
        "    .type glue_run_on_stack,@function\n"
        "glue_run_on_stack:\n"
        "    mov %rdx, %rsp\n"
        "    and $-16, %rsp\n"
        "    xor %ebp, %ebp\n"
        "    mov %rdi, %rax\n"
        "    mov %rsi, %rdi\n"
        "    call *%rax\n"
        "    mov %eax, %edi\n"
        "    call glue_exit_group\n"
        "    ud2\n"
        "    .size glue_run_on_stack, .-glue_run_on_stack\n");

int __cluu_clone(int (*func)(void *), void *stack, int flags, void *arg, int *ptid, void *tls,
                 int *ctid)
{
    if (flags & L_CLONE_THREAD)
        return (int)glue_clone_thread(func, stack, flags, arg, ptid, tls, ctid);
    /* A new process. Without shared memory in CLUU, CLONE_VM|CLONE_VFORK (posix_spawn) is
     * a fork whose child runs func on the given stack: the parent's memory is only read by
     * the child, which reports to the parent through a pipe, so a copy serves. */
    if ((flags & L_CLONE_VM) && !(flags & L_CLONE_VFORK)) return -ENOSYS;
    long pid = glue_fork();
    if (pid != 0) return (int)pid;
    glue_run_on_stack(func, arg, stack);
}

_Noreturn void __cluu_unmapself(void *base, unsigned long size)
{
    /* The stack is freed by the reaper once the kernel says the thread is dead. */
    if (!glue_is_main_thread()) {
        threads[tls_index].unmap_base = (uint64_t)base;
        threads[tls_index].unmap_size = size;
    }
    glue_exit_thread(0);
}
