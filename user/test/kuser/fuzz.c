/* System call fuzzing from an unprivileged thread, with a kernel memory leak check. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

#define FUZZ_SEED 0xC1005EED5EED1234ull
#define FUZZ_CALLS 300000
#define FUZZ_NR_MAX 20

/* The fuzzing thread's cspace (64 slots). */
#define F_EP 1     /* endpoint: WRITE | GRANT, badge F_BADGE; a server answers */
#define F_NTF 2    /* notification: READ | WRITE */
#define F_NTF_B 3  /* the same notification: WRITE, badge 0x10 */
#define F_MEM 4    /* one page of memory: READ */
#define F_CS 5     /* its own cspace: READ | CONTROL */
#define F_VS 6     /* its own vspace: READ (query only) */
#define F_IO 7     /* I/O port 0x80: READ */
#define F_SLOTS 64
#define F_BADGE 0xF0
/* The server's cspace (16 slots): its endpoint, received caps in 2..4, its own cspace. */
#define S_EP 1
#define S_CS 5

struct fuzz_shared {
    volatile uint64_t seed, iterations, done, finished;
    volatile uint64_t anomalies, anomaly_nr, anomaly_ret, anomaly_iter;
    volatile uint64_t ipcbuf, served;
    volatile uint64_t calls[FUZZ_NR_MAX + 1], errors[FUZZ_NR_MAX + 1];
    volatile uint64_t shared_va;
};

static const char fuzz_rodata[512] __attribute__((aligned(512))) = "read-only data for the fuzzer";

static const uint64_t known_methods[] = {
    UNTYPED_RETYPE,  UNTYPED_SPLIT,       UNTYPED_INFO,      CSPACE_COPY,     CSPACE_MINT,
    CSPACE_MOVE,     CSPACE_DELETE,       CSPACE_REVOKE,     CSPACE_INFO,     CSPACE_SAVE_REPLY,
    CSPACE_FIND_FREE, THREAD_CONFIGURE,   THREAD_SET_FAULT,  THREAD_SET_PRIORITY,
    THREAD_READ_REGS, THREAD_WRITE_REGS,  THREAD_RESUME,     THREAD_SUSPEND,  THREAD_INTERRUPT,
    THREAD_STATS,    VSPACE_MAP,          VSPACE_UNMAP,      VSPACE_PROTECT,  VSPACE_CLONE,
    VSPACE_QUERY,    MEMORY_INFO,         MEMORY_PHYS,       IRQ_CONTROL_GET, IRQ_SET_NOTIFICATION,
    IRQ_ACK,         IOPORT_IN,           IOPORT_OUT,        IOPORT_ISSUE,
};
#define NKNOWN (sizeof known_methods / sizeof known_methods[0])

static const uint64_t slot_values[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 16, 17, 31,
                                       32, 63, 64, 65, 4095, 4096, 1ull << 32, ~0ull};
static const uint64_t bad_ptrs[] = {0,
                                    8,
                                    0xffffffff80100000ull,
                                    0xffff800000000000ull,
                                    0x0000800000000000ull,
                                    0x8000000000000000ull,
                                    KT_UNMAPPED_VA,
                                    USER_TOP - 8,
                                    ~7ull,
                                    0x00007FFFFFFFF000ull};

/* One argument value for the fuzzer. */
static uint64_t pick(uint64_t *s, uint64_t stackbuf, const struct fuzz_shared *sh)
{
    uint64_t r = xorshift64(s), k = r >> 8;
    switch (r % 12) {
    case 0:
        return k & 15;
    case 1:
        return slot_values[k % (sizeof slot_values / sizeof slot_values[0])];
    case 2: {
        uint64_t valid[] = {stackbuf, sh->shared_va, sh->ipcbuf, (uint64_t)pick,
                            (uint64_t)fuzz_rodata, BOOT_INFO_VA};
        return valid[k % 6] + ((k >> 8) & 0x1F8);
    }
    case 3:
        return bad_ptrs[k % (sizeof bad_ptrs / sizeof bad_ptrs[0])];
    case 4:
        return xorshift64(s);
    case 5:
        return (k & 3) ? known_methods[(k >> 2) % NKNOWN] : (k >> 2) % 0x801;
    case 6:
        return k % 13;
    case 7:
        return k & 0x1F;
    case 8:
        return IPC_INFO(k & 0xFFFF, (k >> 16) % 70, (k >> 24) & 3) |
               ((k >> 30) & 1 ? IPC_NONBLOCK : 0);
    case 9:
        return 1ull << (k % 64);
    case 10:
        return 0 - (k % 200);
    default: {
        static const uint64_t pages[] = {0x400000, 0x10000000, KT_VA_BASE, 0x7FFFFFFFF000ull,
                                         BOOT_STACK_TOP - 4096, 0x1000};
        return pages[k % 6];
    }
    }
}

static int is_errno(long r)
{
    return r >= -133 && r <= -1;
}

static long fuzz_body(uint64_t shared)
{
    struct fuzz_shared *sh = (struct fuzz_shared *)shared;
    struct ipc_buffer *buf = (struct ipc_buffer *)sh->ipcbuf;
    uint64_t s = sh->seed;
    uint64_t stack_area[64];
    memset(stack_area, 0, sizeof stack_area);
    uint64_t stackbuf = (uint64_t)stack_area;
    for (uint64_t i = 0; i < sh->iterations; i++) {
        if ((i & 255) == 0)
            for (int k = 0; k < IPC_MAX_CAPS; k++)
                buf->caps_out[k] = xorshift64(&s) % 10;
        uint64_t nr = xorshift64(&s) % (FUZZ_NR_MAX + 1), a[8], out[8];
        for (int k = 0; k < 8; k++)
            a[k] = pick(&s, stackbuf, sh);
        uint64_t mode = xorshift64(&s);
        switch (nr) {
        case SYS_debug_write: /* never print: bad buffers, empty, or too long */
            if (mode % 3 == 0) {
                a[0] = bad_ptrs[(mode >> 8) % (sizeof bad_ptrs / sizeof bad_ptrs[0])];
                a[1] = 1 + (mode >> 20) % 4096;
            } else if (mode % 3 == 1) {
                a[1] = 0;
            } else {
                a[1] = 4097 + (mode >> 20);
            }
            break;
        case SYS_log_read: /* bad pointers, or a read into stack_area (never past it) */
            if (mode % 3 == 0) {
                a[0] = bad_ptrs[(mode >> 8) % (sizeof bad_ptrs / sizeof bad_ptrs[0])];
            } else {
                a[0] = stackbuf;
                a[1] = bad_ptrs[(mode >> 8) % (sizeof bad_ptrs / sizeof bad_ptrs[0])];
                if (mode % 3 == 2)
                    a[1] = stackbuf + 8;
                a[2] = (mode >> 20) % (sizeof stack_area - 8 + 1);
            }
            break;
        case SYS_recv:
        case SYS_wait: /* never block for long */
            a[1] = (mode & 1) ? TIMEOUT_POLL : (mode >> 8) % 20000;
            break;
        case SYS_futex_wait:
            a[2] = (mode & 1) ? TIMEOUT_POLL : (mode >> 8) % 20000;
            if (mode & 2) { /* a readable word and its current value: really wait */
                uint64_t valid[] = {stackbuf, sh->shared_va, sh->ipcbuf, (uint64_t)pick,
                                    (uint64_t)fuzz_rodata, BOOT_INFO_VA};
                a[0] = (valid[(mode >> 40) % 6] + ((mode >> 48) & 0xFC)) & ~3ull;
                a[1] = *(volatile uint32_t *)a[0];
            }
            break;
        case SYS_exit_thread:
            nr = SYS_clock;
            break;
        case SYS_invoke:
            if (mode & 1) {
                /* Mostly our own capabilities, often with a method of their type. */
                a[0] = 1 + (mode >> 8) % 7;
                if (mode & 2) {
                    static const uint64_t base[8] = {0,     0,     0,     0,
                                                     0x500, 0x200, 0x400, 0x700};
                    static const uint64_t count[8] = {1, 1, 1, 1, 2, 8, 5, 3};
                    a[1] = base[a[0]] + (mode >> 16) % count[a[0]];
                    if (a[0] == F_CS && (mode & 4)) {
                        a[2] = (mode >> 24) % 70;
                        a[3] = (mode >> 32) % 70;
                    }
                    /* Mostly spare its own capabilities 1..7 from delete, move and revoke,
                     * or it soon has nothing left to use. */
                    if (a[0] == F_CS && (a[1] == CSPACE_DELETE || a[1] == CSPACE_MOVE ||
                                         a[1] == CSPACE_REVOKE) && (mode >> 40) % 8) {
                        if (a[2] < 8)
                            a[2] = 8 + a[2] % 56;
                        if (a[1] == CSPACE_MOVE && a[3] < 8)
                            a[3] = 8 + a[3] % 56;
                    }
                    if (a[0] == F_IO && (mode & 4)) {
                        a[2] = 0x80;
                        a[3] = 1 + (mode >> 24) % 4;
                    }
                }
            }
            break;
        case SYS_call:
        case SYS_send:
            if (mode & 1)
                a[0] = F_EP;
            break;
        }
        long r = raw_syscall(nr, a, out);
        sh->calls[nr]++;
        int bad = 0;
        if (r < 0) {
            sh->errors[nr]++;
            bad = !is_errno(r);
        }
        if (nr >= SYS_COUNT && r != -ENOSYS)
            bad = 1;
        if (nr == SYS_clock && r <= 0)
            bad = 1;
        if ((nr == SYS_yield || nr == SYS_signal) && r > 0)
            bad = 1;
        if (bad && !sh->anomalies++) {
            sh->anomaly_nr = nr;
            sh->anomaly_ret = (uint64_t)r;
            sh->anomaly_iter = i;
        }
        sh->done = i + 1;
    }
    sh->finished = 1;
    return 0;
}

/* Answers everything on its endpoint; drops the capabilities it receives. */
static long fuzz_server(uint64_t arg)
{
    struct fuzz_shared *sh = (struct fuzz_shared *)(arg & ~4095ull);
    struct ipc_buffer *buf = (struct ipc_buffer *)(sh->ipcbuf + 4096);
    for (int k = 0; k < IPC_MAX_CAPS; k++)
        buf->recv_slots[k] = 2 + (uint64_t)k;
    struct ipc_msg m = {0};
    sys_recv(S_EP, TIMEOUT_FOREVER, &m);
    for (;;) {
        sh->served++;
        if (buf->caps_in)
            for (uint64_t k = 2; k <= 4; k++)
                invoke1(S_CS, CSPACE_DELETE, k);
        memset(&m, 0, sizeof m);
        sys_reply_recv(S_EP, IPC_INFO(0, 0, 0), &m);
    }
    return 0;
}

#define TRY(e)                                                                                    \
    do {                                                                                          \
        long kt_e_ = (long)(e);                                                                   \
        if (kt_e_ < 0) {                                                                          \
            dprintf_k("kuser-fuzz: setup failed at line %d: %ld\n", __LINE__, kt_e_);             \
            return kt_e_;                                                                         \
        }                                                                                         \
    } while (0)

/* Refills the fuzzer's empty slots 1..7 (it may delete or move its capabilities). */
static void fuzz_refill(cap_t fcs, cap_t ep, cap_t ntf, cap_t mem, cap_t vs, cap_t io)
{
    if (invoke1(fcs, CSPACE_INFO, F_EP) == OBJ_NULL)
        invoke4(fcs, CSPACE_MINT, F_EP, ep, RIGHT_WRITE | RIGHT_GRANT, F_BADGE);
    if (invoke1(fcs, CSPACE_INFO, F_NTF) == OBJ_NULL)
        invoke3(fcs, CSPACE_COPY, F_NTF, ntf, RIGHT_READ | RIGHT_WRITE);
    if (invoke1(fcs, CSPACE_INFO, F_NTF_B) == OBJ_NULL)
        invoke4(fcs, CSPACE_MINT, F_NTF_B, ntf, RIGHT_WRITE, 0x10);
    if (invoke1(fcs, CSPACE_INFO, F_MEM) == OBJ_NULL)
        invoke3(fcs, CSPACE_COPY, F_MEM, mem, RIGHT_READ);
    if (invoke1(fcs, CSPACE_INFO, F_CS) == OBJ_NULL)
        invoke3(fcs, CSPACE_COPY, F_CS, fcs, RIGHT_READ | RIGHT_CONTROL);
    if (invoke1(fcs, CSPACE_INFO, F_VS) == OBJ_NULL)
        invoke3(fcs, CSPACE_COPY, F_VS, vs, RIGHT_READ);
    if (invoke1(fcs, CSPACE_INFO, F_IO) == OBJ_NULL)
        invoke3(fcs, CSPACE_COPY, F_IO, io, RIGHT_READ);
}

struct fuzz_run {
    uint64_t free_before, free_after;
    long quota_before, quota_after;
    struct fuzz_shared result;
    int fault, timeout;
    uint64_t fault_badge, fault_addr, fault_rip, fault_err;
    uint64_t ns;
};

/* Sets up the unprivileged world, runs `calls` random system calls in it, tears it down. */
static long fuzz_run(uint64_t seed, uint64_t calls, int refill, struct fuzz_run *fr)
{
    memset(fr, 0, sizeof *fr);
    kt_cleanup();
    fr->free_before = free_pages();
    fr->quota_before = quota_left();

    cap_t vs = kt_slot();
    TRY(vs ? 0 : -ENOSPC);
    TRY(invoke1(VS, VSPACE_CLONE, vs));
    /* Shared page: fuzz_shared, then the fuzzer's and the server's IPC buffers. */
    cap_t shm = new_obj(OBJ_MEMORY, 3);
    TRY(shm ? 0 : kt_last_err);
    uint64_t mine = map_into(VS, shm, 0, 1, PROT_R | PROT_W);
    uint64_t theirs = va_alloc(3);
    TRY(mine ? 0 : kt_last_err);
    TRY(invoke5(vs, VSPACE_MAP, shm, theirs, 0, 3, PROT_R | PROT_W));
    struct fuzz_shared *sh = (struct fuzz_shared *)mine;
    memset(sh, 0, sizeof *sh);
    sh->seed = seed;
    sh->iterations = calls;
    sh->shared_va = theirs;
    sh->ipcbuf = theirs + 4096;

    cap_t ep = new_obj(OBJ_ENDPOINT, 0), ntf = new_obj(OBJ_NOTIFICATION, 0);
    cap_t mem = new_obj(OBJ_MEMORY, 1), fault = new_obj(OBJ_ENDPOINT, 0);
    cap_t fcs = new_obj(OBJ_CSPACE, F_SLOTS), scs = new_obj(OBJ_CSPACE, 16);
    TRY(ep && ntf && mem && fault && fcs && scs ? 0 : kt_last_err);
    cap_t io = kt_slot();
    TRY(invoke3(BOOT_CAP_IOPORT, IOPORT_ISSUE, 0x80, 1, io));
    TRY(invoke4(fcs, CSPACE_MINT, F_EP, ep, RIGHT_WRITE | RIGHT_GRANT, F_BADGE));
    TRY(invoke3(fcs, CSPACE_COPY, F_NTF, ntf, RIGHT_READ | RIGHT_WRITE));
    TRY(invoke4(fcs, CSPACE_MINT, F_NTF_B, ntf, RIGHT_WRITE, 0x10));
    TRY(invoke3(fcs, CSPACE_COPY, F_MEM, mem, RIGHT_READ));
    TRY(invoke3(fcs, CSPACE_COPY, F_CS, fcs, RIGHT_READ | RIGHT_CONTROL));
    TRY(invoke3(fcs, CSPACE_COPY, F_VS, vs, RIGHT_READ));
    TRY(invoke3(fcs, CSPACE_COPY, F_IO, io, RIGHT_READ));
    TRY(invoke3(scs, CSPACE_COPY, S_EP, ep, RIGHT_READ));
    TRY(invoke3(scs, CSPACE_COPY, S_CS, scs, RIGHT_CONTROL));

    /* The server, then the fuzzer, both in the cloned address space. */
    struct kthread srv, fz;
    TRY(kthread_create(&srv, scs, vs, 0, fuzz_server, 0));
    TRY(sys_invoke(srv.tcb, THREAD_CONFIGURE, scs, vs, theirs + 2 * 4096, shm, 2, 0, 0));
    struct user_regs r;
    kthread_regs(&r, &srv, fuzz_server, theirs);
    TRY(invoke1(srv.tcb, THREAD_WRITE_REGS, (uint64_t)&r));
    TRY(invoke2(srv.tcb, THREAD_SET_FAULT, fault, 0x5E));
    TRY(kthread_create(&fz, fcs, vs, 0, fuzz_body, theirs));
    TRY(sys_invoke(fz.tcb, THREAD_CONFIGURE, fcs, vs, theirs + 4096, shm, 1, 0, 0));
    TRY(invoke2(fz.tcb, THREAD_SET_FAULT, fault, 0xF00F));
    /* sh->ipcbuf is the fuzzer's buffer, the server's is the page after it. */
    TRY(invoke0(srv.tcb, THREAD_RESUME));
    TRY(invoke0(fz.tcb, THREAD_RESUME));

    uint64_t t0 = (uint64_t)sys_clock(), last_pet = t0;
    for (;;) {
        if (sh->finished)
            break;
        struct ipc_msg m = {0};
        if (sys_recv(fault, TIMEOUT_POLL, &m) == 0) {
            fr->fault = 1;
            fr->fault_badge = m.badge;
            fr->fault_addr = m.w[0];
            fr->fault_err = m.w[1];
            fr->fault_rip = m.w[2];
            break;
        }
        /* Give back what the fuzzer deleted or moved away, so it keeps something to use. */
        if (refill)
            fuzz_refill(fcs, ep, ntf, mem, vs, io);
        uint64_t now = (uint64_t)sys_clock();
        if (now - t0 > 240 * SEC) {
            fr->timeout = 1;
            break;
        }
        if (now - last_pet > SEC) {
            kt_pet();
            last_pet = now;
        }
        ksleep_ns(2 * MS);
    }
    fr->ns = (uint64_t)sys_clock() - t0;
    memcpy(&fr->result, sh, sizeof *sh);
    kt_cleanup();
    fr->free_after = free_pages();
    fr->quota_after = quota_left();
    return 0;
}

static void t_fuzz_unprivileged_syscalls(void)
{
    struct fuzz_run fr;
    dprintf_k("kuser-fuzz: seed 0x%lx, %u calls\n", (unsigned long)FUZZ_SEED, FUZZ_CALLS);
    /* A short warm-up run settles the kernel's allocator caches. */
    CHECK_EQ(fuzz_run(FUZZ_SEED ^ 0x5555, 2000, 1, &fr), 0);
    CHECK(fr.result.finished);
    CHECK_EQ(fuzz_run(FUZZ_SEED, FUZZ_CALLS, 1, &fr), 0);
    const struct fuzz_shared *res = &fr.result;
    dprintf_k("kuser-fuzz: %lu calls in %lu ms, %lu served by the server, %lu anomalies; free pages "
              "%lu -> %lu, quota %ld -> %ld\n",
              (unsigned long)res->done, (unsigned long)(fr.ns / MS), (unsigned long)res->served,
              (unsigned long)res->anomalies, (unsigned long)fr.free_before,
              (unsigned long)fr.free_after, fr.quota_before, fr.quota_after);
    for (int nr = 0; nr <= FUZZ_NR_MAX; nr++)
        dprintf_k("kuser-fuzz:   nr %2d: %6lu calls, %6lu errors\n", nr,
                  (unsigned long)res->calls[nr], (unsigned long)res->errors[nr]);
    if (fr.fault)
        FAIL("fuzz thread (badge 0x%lx) faulted at 0x%lx, error 0x%lx, rip 0x%lx after %lu calls",
             (unsigned long)fr.fault_badge, (unsigned long)fr.fault_addr,
             (unsigned long)fr.fault_err, (unsigned long)fr.fault_rip, (unsigned long)res->done);
    if (fr.timeout)
        FAIL("fuzz stalled after %lu of %u calls", (unsigned long)res->done, FUZZ_CALLS);
    if (res->anomalies)
        FAIL("%lu anomalous results, first: nr %lu returned %ld at call %lu",
             (unsigned long)res->anomalies, (unsigned long)res->anomaly_nr,
             (long)res->anomaly_ret, (unsigned long)res->anomaly_iter);
    CHECK_EQ(res->done, FUZZ_CALLS);
    CHECK(res->served > 0);
    CHECK_EQ(fr.quota_after, fr.quota_before);
    CHECK_EQ(fr.free_after, fr.free_before);
    /* The kernel still works. */
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(ep, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EAGAIN);
    CHECK_EQ(sys_recv(ep, TIMEOUT_POLL, &m), -EAGAIN);
    CHECK(sys_clock() > 0);
}

static void t_fuzz_unknown_syscall_numbers(void)
{
    uint64_t s = FUZZ_SEED;
    uint64_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[8];
    for (int i = 0; i < 20000; i++) {
        uint64_t nr = xorshift64(&s);
        if (i & 1)
            nr = SYS_COUNT + nr % 64;
        if (nr < SYS_COUNT)
            continue;
        long r = raw_syscall(nr, a, out);
        if (r != -ENOSYS)
            FAIL("system call 0x%lx returned %ld", (unsigned long)nr, r);
    }
}

static void t_fuzz_privileged_methods_on_scratch_objects(void)
{
    /* Random methods and arguments on objects made for the purpose, through capabilities in a
     * scratch cspace region; the kernel must keep its quota accounting straight. */
    long q = quota_left();
    uint64_t s = FUZZ_SEED ^ 0xABCDEF;
    cap_t objs[8];
    objs[0] = new_obj(OBJ_ENDPOINT, 0);
    objs[1] = new_obj(OBJ_NOTIFICATION, 0);
    objs[2] = new_obj(OBJ_MEMORY, 2);
    objs[3] = new_obj(OBJ_CSPACE, 16);
    objs[4] = new_obj(OBJ_VSPACE, 0);
    objs[5] = new_obj(OBJ_THREAD, 0);
    objs[6] = kt_slot();
    CHECK_OK(invoke2(BOOT_CAP_UNTYPED, UNTYPED_SPLIT, 256 * 1024, objs[6]));
    objs[7] = kt_slot();
    CHECK_OK(invoke3(BOOT_CAP_IOPORT, IOPORT_ISSUE, 0x80, 1, objs[7]));
    for (int i = 0; i < 8; i++)
        CHECK(objs[i]);
    cap_t first = kt_slot();
    for (int i = 0; i < 32; i++)
        CHECK(kt_slot());
    /* Boot-area slots that are empty now are cleaned up afterwards (the harness only
     * cleans from KT_FIRST_SLOT). */
    static bool empty_low[KT_FIRST_SLOT];
    for (cap_t c = 1; c < KT_FIRST_SLOT; c++)
        empty_low[c] = cap_type(c) == OBJ_NULL;
    struct user_regs regs = {0};
    for (int i = 0; i < 30000; i++) {
        uint64_t r = xorshift64(&s);
        cap_t c = objs[r % 8];
        uint64_t method = known_methods[(r >> 8) % NKNOWN];
        uint64_t a[6];
        for (int k = 0; k < 6; k++) {
            uint64_t v = xorshift64(&s);
            switch (v % 5) {
            case 0:
                a[k] = first + v % 33; /* a scratch slot */
                break;
            case 1:
                a[k] = objs[(v >> 8) % 8];
                break;
            case 2:
                a[k] = (v >> 8) % 16;
                break;
            case 3:
                a[k] = (uint64_t)&regs;
                break;
            default:
                a[k] = v;
            }
        }
        /* Keep away from our own address space, cspace and thread. */
        if (method == THREAD_CONFIGURE || method == THREAD_RESUME || method == VSPACE_MAP ||
            method == UNTYPED_RETYPE || method == IRQ_CONTROL_GET || method == IOPORT_OUT ||
            method == IOPORT_IN || method == THREAD_SET_FAULT)
            continue;
        /* The only cspace invoked is the scratch one; sources are in ours: never move
         * anything but scratch capabilities out of it. */
        if (method == CSPACE_MOVE)
            a[1] = first + a[1] % 33;
        if (method == THREAD_SET_PRIORITY)
            a[0] %= 300;
        long res = sys_invoke(c, method, a[0], a[1], a[2], a[3], a[4], a[5], 0);
        if (res < 0 && !is_errno(res))
            FAIL("method 0x%lx on slot %lu returned %ld", (unsigned long)method,
                 (unsigned long)c, res);
    }
    for (cap_t c = 1; c < KT_FIRST_SLOT; c++)
        if (empty_low[c] && cap_type(c) != OBJ_NULL) {
            invoke1(CS, CSPACE_REVOKE, c);
            invoke1(CS, CSPACE_DELETE, c);
        }
    kt_cleanup();
    CHECK_EQ(quota_left(), q);
    /* Our own capabilities are intact. */
    CHECK_EQ(cap_type(BOOT_CAP_CSPACE), OBJ_CSPACE);
    CHECK_EQ(cap_type(BOOT_CAP_VSPACE), OBJ_VSPACE);
    CHECK_EQ(cap_type(BOOT_CAP_UNTYPED), OBJ_UNTYPED);
}

const struct ktest_case fuzz_cases[] = {
    KCASE(fuzz_unknown_syscall_numbers),
    KCASE(fuzz_privileged_methods_on_scratch_objects),
    KCASE(fuzz_unprivileged_syscalls),
};
KT_TABLE_END(fuzz)
