/* Endpoints: send/recv/call/reply_recv, long messages, badges, capability transfer,
 * timeouts, reply capabilities, rights. */
#include "harness.h"

#define CS BOOT_CAP_CSPACE
#define VS BOOT_CAP_VSPACE

static volatile int flag, flag2;
static volatile long res[8];
static volatile uint64_t words[IPC_MAX_WORDS];

static void reset(void)
{
    flag = flag2 = 0;
    for (int i = 0; i < 8; i++)
        res[i] = 0;
    for (int i = 0; i < IPC_MAX_WORDS; i++)
        words[i] = 0;
}

/* Threads whose argument is (IPC buffer address | small value): the buffer is page aligned. */
static struct ipc_buffer *arg_buf(uint64_t arg)
{
    return (struct ipc_buffer *)(arg & ~4095ull);
}

static long start_with_buf(struct kthread *t, cap_t cspace, cap_t vspace, kthread_fn fn,
                           uint64_t low)
{
    long r = kthread_create(t, cspace, vspace, 1, fn, 0);
    if (r < 0)
        return r;
    struct user_regs regs;
    kthread_regs(&regs, t, fn, (uint64_t)t->ipcbuf | low);
    r = invoke1(t->tcb, THREAD_WRITE_REGS, (uint64_t)&regs);
    return r < 0 ? r : invoke0(t->tcb, THREAD_RESUME);
}

/* Echo server: answers label + 1, word i + 0x1000 + i (registers), word i + 1 (buffer). */
static long server(uint64_t arg)
{
    cap_t ep = arg & 4095;
    struct ipc_buffer *buf = arg_buf(arg);
    struct ipc_msg m = {0};
    long r = sys_recv(ep, TIMEOUT_FOREVER, &m);
    for (;;) {
        uint64_t len = r < 0 ? 0 : IPC_LEN(m.info), label = r < 0 ? 0 : IPC_LABEL(m.info) + 1;
        for (int i = 0; i < IPC_REG_WORDS; i++)
            m.w[i] += 0x1000 + (uint64_t)i;
        if (buf)
            for (uint64_t i = IPC_REG_WORDS; i < len; i++)
                buf->w[i] += 1;
        else if (len > IPC_REG_WORDS)
            len = IPC_REG_WORDS;
        r = sys_reply_recv(ep, IPC_INFO(label, len, 0), &m);
    }
    return 0;
}

static long start_server(struct kthread *t, cap_t cspace, cap_t vspace, cap_t ep, int with_buf)
{
    if (with_buf)
        return start_with_buf(t, cspace, vspace, server, ep);
    return kthread_start(t, cspace, vspace, 0, server, ep);
}

/* ---- basic transfer ---- */

static long child_send6(uint64_t ep)
{
    struct ipc_msg m = {0};
    for (int i = 0; i < 6; i++)
        m.w[i] = 0xA0A0A0A000000000ull + (uint64_t)i;
    res[0] = sys_send(ep, IPC_INFO(0xABC, 6, 0), &m);
    flag = 1;
    return 0;
}

static void t_ep_send_recv_six_words(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_send6, ep));
    struct ipc_msg m = {0};
    m.badge = 0xdead;
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    CHECK_EQ(IPC_LABEL(m.info), 0xABC);
    CHECK_EQ(IPC_LEN(m.info), 6);
    CHECK_EQ(IPC_NCAPS(m.info), 0);
    CHECK_EQ(m.badge, 0);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(m.w[i], 0xA0A0A0A000000000ull + (uint64_t)i);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
}

static void t_ep_call_reply_roundtrip(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_server(&t, CS, VS, ep, 0));
    for (uint64_t k = 0; k < 20; k++) {
        struct ipc_msg m = {0};
        for (int i = 0; i < 6; i++)
            m.w[i] = k * 100 + (uint64_t)i;
        CHECK_EQ(sys_call(ep, IPC_INFO(k + 7, 6, 0), &m), 0);
        CHECK_EQ(IPC_LABEL(m.info), k + 8);
        CHECK_EQ(IPC_LEN(m.info), 6);
        CHECK_EQ(m.badge, 0);
        for (int i = 0; i < 6; i++)
            CHECK_EQ(m.w[i], k * 100 + (uint64_t)i + 0x1000 + (uint64_t)i);
    }
}

static void t_ep_label_full_width(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_server(&t, CS, VS, ep, 0));
    struct ipc_msg m = {0};
    uint64_t label = 0xFFFFFFFFFFFEull; /* 48 bits; the server adds one */
    CHECK_EQ(sys_call(ep, IPC_INFO(label, 0, 0), &m), 0);
    CHECK_EQ(IPC_LABEL(m.info), 0xFFFFFFFFFFFFull);
    CHECK_EQ(IPC_LEN(m.info), 0);
}

static void t_ep_register_words_full_values(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_server(&t, CS, VS, ep, 0));
    struct ipc_msg m = {0};
    static const uint64_t v[6] = {~0ull - 0x1000,     0x8000000000000000ull, 0,
                                  0x7FFFFFFFFFFFFFFFull, 0xFFFF800000000000ull, 1};
    for (int i = 0; i < 6; i++)
        m.w[i] = v[i];
    CHECK_EQ(sys_call(ep, IPC_INFO(1, 6, 0), &m), 0);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(m.w[i], v[i] + 0x1000 + (uint64_t)i);
}

static long child_send_len(uint64_t arg)
{
    struct ipc_buffer *buf = arg_buf(arg);
    uint64_t ep = arg & 0xFFF;
    static const uint64_t lens[] = {0, 1, 5, 6, 7, 33, 63, 64};
    for (unsigned k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        struct ipc_msg m = {0};
        for (int i = 0; i < 6; i++)
            m.w[i] = 0x100 * k + (uint64_t)i;
        for (int i = 6; i < IPC_MAX_WORDS; i++)
            buf->w[i] = 0x100 * k + (uint64_t)i;
        long r = sys_send(ep, IPC_INFO(k, lens[k], 0), &m);
        if (r)
            res[0] = r;
    }
    flag = 1;
    return 0;
}

static void t_ep_long_messages_all_lengths(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_with_buf(&t, CS, VS, child_send_len, ep));
    static const uint64_t lens[] = {0, 1, 5, 6, 7, 33, 63, 64};
    struct ipc_buffer *b = MY_IPCBUF;
    for (unsigned k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        for (int i = 0; i < IPC_MAX_WORDS; i++)
            b->w[i] = 0xEEEE;
        struct ipc_msg m = {0};
        CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
        CHECK_EQ(IPC_LABEL(m.info), k);
        CHECK_EQ(IPC_LEN(m.info), lens[k]);
        for (uint64_t i = 0; i < lens[k] && i < 6; i++)
            CHECK_EQ(m.w[i], 0x100 * k + i);
        for (uint64_t i = 6; i < lens[k]; i++)
            CHECK_EQ(b->w[i], 0x100 * k + i);
        /* Nothing past the message length is written. */
        for (uint64_t i = lens[k] > 6 ? lens[k] : 6; i < IPC_MAX_WORDS; i++)
            CHECK_EQ(b->w[i], 0xEEEE);
    }
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
}

static void t_ep_long_call_and_reply(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_server(&t, CS, VS, ep, 1));
    struct ipc_buffer *b = MY_IPCBUF;
    for (uint64_t len = 7; len <= 64; len += 19) {
        struct ipc_msg m = {0};
        for (int i = 0; i < 6; i++)
            m.w[i] = (uint64_t)i;
        for (uint64_t i = 6; i < 64; i++)
            b->w[i] = i * 1000 + len;
        CHECK_EQ(sys_call(ep, IPC_INFO(3, len, 0), &m), 0);
        CHECK_EQ(IPC_LEN(m.info), len);
        CHECK_EQ(IPC_LABEL(m.info), 4);
        for (int i = 0; i < 6; i++)
            CHECK_EQ(m.w[i], (uint64_t)i + 0x1000 + (uint64_t)i);
        for (uint64_t i = 6; i < len; i++)
            CHECK_EQ(b->w[i], i * 1000 + len + 1);
    }
}

static void t_ep_length_over_64_einval(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(ep, IPC_INFO(0, 65, 0) | IPC_NONBLOCK, &m), -EINVAL);
    CHECK_EQ(sys_send(ep, IPC_INFO(0, 127, 0) | IPC_NONBLOCK, &m), -EINVAL);
    CHECK_EQ(sys_call(ep, IPC_INFO(0, 100, 0), &m), -EINVAL);
}

static long child_long_no_buf(uint64_t ep)
{
    struct ipc_msg m = {0};
    res[0] = sys_send(ep, IPC_INFO(0, 7, 0) | IPC_NONBLOCK, &m);
    res[1] = sys_call(ep, IPC_INFO(0, 64, 0), &m);
    flag = 1;
    return 0;
}

static void t_ep_long_message_needs_ipc_buffer(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_long_no_buf, ep));
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], -EINVAL);
    CHECK_EQ(res[1], -EINVAL);
}

static long child_send_badge(uint64_t ep)
{
    struct ipc_msg m = {0};
    m.w[0] = ep;
    sys_send(ep, IPC_INFO(0, 1, 0), &m);
    return 0;
}

static void t_ep_badge_identifies_sender(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    cap_t b1 = mint_cap(ep, RIGHT_WRITE, 0x100);
    cap_t b2 = mint_cap(ep, RIGHT_WRITE | RIGHT_GRANT, 0xB0B0B0B0B0ull);
    cap_t b0 = copy_cap(ep, RIGHT_WRITE);
    CHECK(b1 && b2 && b0);
    struct kthread t1, t2, t0;
    CHECK_OK(kthread_start(&t1, CS, VS, 0, child_send_badge, b1));
    CHECK(wait_state(t1.tcb, TS_BLOCKED_SEND, 2000));
    CHECK_OK(kthread_start(&t2, CS, VS, 0, child_send_badge, b2));
    CHECK(wait_state(t2.tcb, TS_BLOCKED_SEND, 2000));
    CHECK_OK(kthread_start(&t0, CS, VS, 0, child_send_badge, b0));
    CHECK(wait_state(t0.tcb, TS_BLOCKED_SEND, 2000));
    struct ipc_msg m = {0};
    /* Senders are served in order. */
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    CHECK_EQ(m.w[0], b1);
    CHECK_EQ(m.badge, 0x100);
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    CHECK_EQ(m.w[0], b2);
    CHECK_EQ(m.badge, 0xB0B0B0B0B0ull);
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    CHECK_EQ(m.w[0], b0);
    CHECK_EQ(m.badge, 0);
    CHECK_EQ(sys_recv(ep, TIMEOUT_POLL, &m), -EAGAIN);
}

static void t_ep_badge_seen_by_server_on_call(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    cap_t b = mint_cap(ep, RIGHT_WRITE, 0x4242);
    CHECK(b);
    struct kthread t;
    CHECK_OK(kthread_create(&t, CS, VS, 0, child_send_badge, b));
    CHECK_OK(invoke0(t.tcb, THREAD_RESUME));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    CHECK_EQ(m.badge, 0x4242);
    /* A reply carries no badge. */
    cap_t ep2 = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep2);
    cap_t b2 = mint_cap(ep2, RIGHT_WRITE, 0x77);
    CHECK(b2);
    struct kthread s;
    CHECK_OK(start_server(&s, CS, VS, ep2, 0));
    m.badge = 5;
    CHECK_EQ(sys_call(b2, IPC_INFO(1, 0, 0), &m), 0);
    CHECK_EQ(m.badge, 0);
}

/* ---- capability transfer ---- */

/* In its own cspace: slot 1 = endpoint (READ); receives into slots 5..7 and signals slot 5. */
static long child_recv_caps(uint64_t arg)
{
    struct ipc_buffer *buf = arg_buf(arg);
    buf->recv_slots[0] = 5;
    buf->recv_slots[1] = 6;
    buf->recv_slots[2] = 7;
    buf->caps_in = 99;
    struct ipc_msg m = {0};
    res[0] = sys_recv(1, TIMEOUT_FOREVER, &m);
    res[1] = (long)m.info;
    res[2] = (long)buf->caps_in;
    res[3] = (long)m.w[0];
    res[4] = sys_signal(5);
    flag = 1;
    return 0;
}

static cap_t child_cspace_with_ep(cap_t ep, uint32_t rights)
{
    cap_t cs = new_obj(OBJ_CSPACE, 32);
    if (!cs || invoke3(cs, CSPACE_COPY, 1, ep, rights) < 0)
        return 0;
    return cs;
}

static void t_ep_cap_transfer_between_cspaces(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ep && n);
    cap_t cs = child_cspace_with_ep(ep, RIGHT_READ);
    CHECK(cs);
    struct kthread t;
    CHECK_OK(start_with_buf(&t, cs, VS, child_recv_caps, 0));
    CHECK(wait_state(t.tcb, TS_BLOCKED_RECV, 2000));
    MY_IPCBUF->caps_out[0] = n;
    struct ipc_msg m = {0};
    m.w[0] = 42;
    CHECK_EQ(sys_send(ep, IPC_INFO(7, 1, 1), &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
    CHECK_EQ(IPC_NCAPS((uint64_t)res[1]), 1);
    CHECK_EQ(IPC_LABEL((uint64_t)res[1]), 7);
    CHECK_EQ(res[2], 1);
    CHECK_EQ(res[3], 42);
    CHECK_EQ(res[4], 0);
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 1);
    CHECK_EQ(invoke1(cs, CSPACE_INFO, 5), OBJ_NOTIFICATION);
    CHECK_EQ(invoke1(cs, CSPACE_INFO, 6), OBJ_NULL);
    /* The sender keeps its capability. */
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
}

static void t_ep_cap_transfer_three_caps_keep_rights_and_badge(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    cap_t mem = new_obj(OBJ_MEMORY, 3);
    CHECK(ep && n && mem);
    cap_t nb = mint_cap(n, RIGHT_WRITE, 0x30);
    cap_t mr = copy_cap(mem, RIGHT_READ);
    CHECK(nb && mr);
    cap_t cs = child_cspace_with_ep(ep, RIGHT_READ);
    CHECK(cs);
    struct kthread t;
    CHECK_OK(start_with_buf(&t, cs, VS, child_recv_caps, 0));
    CHECK(wait_state(t.tcb, TS_BLOCKED_RECV, 2000));
    MY_IPCBUF->caps_out[0] = nb;
    MY_IPCBUF->caps_out[1] = ep;
    MY_IPCBUF->caps_out[2] = mr;
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(ep, IPC_INFO(1, 0, 3), &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
    CHECK_EQ(IPC_NCAPS((uint64_t)res[1]), 3);
    CHECK_EQ(res[2], 3);
    uint64_t out[4];
    CHECK_EQ(sys_invoke(cs, CSPACE_INFO, 5, 0, 0, 0, 0, 0, out), OBJ_NOTIFICATION);
    CHECK_EQ(out[0], RIGHT_WRITE);
    CHECK_EQ(out[1], 0x30);
    CHECK_EQ(sys_invoke(cs, CSPACE_INFO, 6, 0, 0, 0, 0, 0, out), OBJ_ENDPOINT);
    CHECK_EQ(out[0], RIGHT_ALL);
    CHECK_EQ(sys_invoke(cs, CSPACE_INFO, 7, 0, 0, 0, 0, 0, out), OBJ_MEMORY);
    CHECK_EQ(out[0], RIGHT_READ);
    /* The child signalled through the badged capability it received. */
    CHECK_EQ(res[4], 0);
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 0x30);
}

static void t_ep_cap_transfer_needs_grant(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ep && n);
    cap_t nogrant = copy_cap(ep, RIGHT_ALL & ~RIGHT_GRANT);
    CHECK(nogrant);
    MY_IPCBUF->caps_out[0] = n;
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(nogrant, IPC_INFO(0, 0, 1) | IPC_NONBLOCK, &m), -EPERM);
    CHECK_EQ(sys_call(nogrant, IPC_INFO(0, 0, 1), &m), -EPERM);
    /* Without capabilities the same cap sends fine. */
    CHECK_EQ(sys_send(nogrant, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EAGAIN);
}

static void t_ep_transferred_cap_is_revocable(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ep && n);
    cap_t cs = child_cspace_with_ep(ep, RIGHT_READ);
    CHECK(cs);
    struct kthread t;
    CHECK_OK(start_with_buf(&t, cs, VS, child_recv_caps, 0));
    CHECK(wait_state(t.tcb, TS_BLOCKED_RECV, 2000));
    MY_IPCBUF->caps_out[0] = n;
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(ep, IPC_INFO(0, 0, 1), &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(invoke1(cs, CSPACE_INFO, 5), OBJ_NOTIFICATION);
    CHECK_OK(invoke1(CS, CSPACE_REVOKE, n));
    CHECK_EQ(invoke1(cs, CSPACE_INFO, 5), OBJ_NULL);
    CHECK_EQ(cap_type(n), OBJ_NOTIFICATION);
}

static long child_grant_no_buf(uint64_t ep)
{
    struct ipc_msg m = {0};
    res[0] = sys_send(ep, IPC_INFO(0, 0, 1) | IPC_NONBLOCK, &m);
    flag = 1;
    return 0;
}

static void t_ep_cap_transfer_needs_ipc_buffer(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_grant_no_buf, ep));
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], -EINVAL);
}

/* Server in its own cspace: slot 1 = endpoint, slot 2 = notification; replies with slot 2. */
static long server_gives_cap(uint64_t arg)
{
    struct ipc_buffer *buf = arg_buf(arg);
    struct ipc_msg m = {0};
    long r = sys_recv(1, TIMEOUT_FOREVER, &m);
    for (;;) {
        buf->caps_out[0] = 2;
        m.w[0] = (uint64_t)r;
        r = sys_reply_recv(1, IPC_INFO(9, 1, 1), &m);
    }
    return 0;
}

static void t_ep_cap_transfer_in_reply(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ep && n);
    cap_t cs = child_cspace_with_ep(ep, RIGHT_READ);
    CHECK(cs);
    CHECK_OK(invoke4(cs, CSPACE_MINT, 2, n, RIGHT_WRITE, 0x2000));
    struct kthread t;
    CHECK_OK(start_with_buf(&t, cs, VS, server_gives_cap, 0));
    cap_t dst = kt_slot();
    MY_IPCBUF->recv_slots[0] = dst;
    MY_IPCBUF->caps_in = 77;
    struct ipc_msg m = {0};
    CHECK_EQ(sys_call(ep, IPC_INFO(1, 0, 0), &m), 0);
    CHECK_EQ(IPC_LABEL(m.info), 9);
    CHECK_EQ(IPC_NCAPS(m.info), 1);
    CHECK_EQ(MY_IPCBUF->caps_in, 1);
    CHECK_EQ(cap_type(dst), OBJ_NOTIFICATION);
    CHECK_EQ(cap_badge(dst), 0x2000);
    CHECK_EQ(cap_rights(dst), RIGHT_WRITE);
    CHECK_OK(sys_signal(dst));
    CHECK_EQ(sys_wait(n, TIMEOUT_POLL), 0x2000);
}

static void t_ep_plain_message_sets_caps_in_zero(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_server(&t, CS, VS, ep, 0));
    MY_IPCBUF->caps_in = 55;
    struct ipc_msg m = {0};
    CHECK_EQ(sys_call(ep, IPC_INFO(1, 2, 0), &m), 0);
    CHECK_EQ(IPC_NCAPS(m.info), 0);
    CHECK_EQ(MY_IPCBUF->caps_in, 0);
}

/* ---- blocking, polling, timeouts ---- */

static void t_ep_recv_poll_eagain(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct ipc_msg m = {0};
    uint64_t t0 = (uint64_t)sys_clock();
    CHECK_EQ(sys_recv(ep, TIMEOUT_POLL, &m), -EAGAIN);
    CHECK((uint64_t)sys_clock() - t0 < 1 * SEC);
}

static void t_ep_recv_timeout(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct ipc_msg m = {0};
    uint64_t t0 = (uint64_t)sys_clock();
    CHECK_EQ(sys_recv(ep, 50 * MS, &m), -ETIMEDOUT);
    uint64_t dt = (uint64_t)sys_clock() - t0;
    CHECK(dt >= 50 * MS);
    CHECK(dt < 5 * SEC);
    /* The timed-out receiver is off the queue: a non-blocking send finds nobody. */
    CHECK_EQ(sys_send(ep, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EAGAIN);
}

static void t_ep_send_nonblock_eagain(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(ep, IPC_INFO(1, 1, 0) | IPC_NONBLOCK, &m), -EAGAIN);
    /* And it was not queued. */
    CHECK_EQ(sys_recv(ep, TIMEOUT_POLL, &m), -EAGAIN);
}

static void t_ep_send_blocks_until_received(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_send6, ep));
    CHECK(wait_state(t.tcb, TS_BLOCKED_SEND, 2000));
    ksleep_ns(5 * MS);
    CHECK_EQ(flag, 0);
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, TIMEOUT_POLL, &m), 0);
    CHECK_EQ(IPC_LABEL(m.info), 0xABC);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
}

static long child_recv_words(uint64_t ep)
{
    struct ipc_msg m = {0};
    res[0] = sys_recv(ep, TIMEOUT_FOREVER, &m);
    res[1] = (long)m.info;
    for (int i = 0; i < 6; i++)
        words[i] = m.w[i];
    flag = 1;
    return 0;
}

static void t_ep_recv_blocks_until_sent(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_recv_words, ep));
    CHECK(wait_state(t.tcb, TS_BLOCKED_RECV, 2000));
    CHECK_EQ(flag, 0);
    struct ipc_msg m = {0};
    for (int i = 0; i < 6; i++)
        m.w[i] = 0x55 + (uint64_t)i;
    /* A receiver waits, so even a non-blocking send is delivered; the flag is not. */
    CHECK_EQ(sys_send(ep, IPC_INFO(0x66, 6, 0) | IPC_NONBLOCK, &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
    CHECK_EQ((uint64_t)res[1], IPC_INFO(0x66, 6, 0));
    for (int i = 0; i < 6; i++)
        CHECK_EQ(words[i], 0x55 + (uint64_t)i);
}

static long child_call_once(uint64_t ep)
{
    struct ipc_msg m = {0};
    m.w[0] = 10;
    res[0] = sys_call(ep, IPC_INFO(5, 1, 0), &m);
    res[1] = (long)m.info;
    res[2] = (long)m.w[0];
    res[3] = (long)m.w[5];
    flag = 1;
    return 0;
}

static void t_ep_save_reply_and_send(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_call_once, ep));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    CHECK_EQ(IPC_LABEL(m.info), 5);
    CHECK_EQ(m.w[0], 10);
    CHECK_EQ(thread_state(t.tcb), TS_BLOCKED_REPLY);
    cap_t rep = kt_slot();
    CHECK_OK(invoke1(CS, CSPACE_SAVE_REPLY, rep));
    CHECK_EQ(cap_type(rep), OBJ_REPLY);
    /* Only one pending reply: a second save finds none. */
    cap_t rep2 = kt_slot();
    CHECK_EQ(invoke1(CS, CSPACE_SAVE_REPLY, rep2), -EINVAL);
    ksleep_ns(2 * MS);
    CHECK_EQ(flag, 0);
    m.w[0] = 11;
    m.w[5] = 0x5555;
    CHECK_EQ(sys_send(rep, IPC_INFO(6, 6, 0), &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
    CHECK_EQ(IPC_LABEL((uint64_t)res[1]), 6);
    CHECK_EQ(res[2], 11);
    CHECK_EQ(res[3], 0x5555);
    /* One shot: the reply capability is gone. */
    CHECK_EQ(cap_type(rep), OBJ_NULL);
    CHECK_EQ(sys_send(rep, IPC_INFO(0, 0, 0), &m), -EBADF);
}

static void t_ep_reply_cap_can_be_moved(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_call_once, ep));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    cap_t rep = kt_slot(), moved = kt_slot();
    CHECK_OK(invoke1(CS, CSPACE_SAVE_REPLY, rep));
    CHECK_OK(invoke2(CS, CSPACE_MOVE, moved, rep));
    m.w[0] = 99;
    CHECK_EQ(sys_send(moved, IPC_INFO(1, 1, 0), &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[2], 99);
}

/* In its own cspace: receives a reply capability into slot 5 and answers through it. */
static long child_answer_moved_reply(uint64_t arg)
{
    struct ipc_buffer *buf = arg_buf(arg);
    buf->recv_slots[0] = 5;
    struct ipc_msg m = {0};
    res[5] = sys_recv(1, TIMEOUT_FOREVER, &m);
    res[6] = (long)buf->caps_in;
    m.w[0] = m.w[0] + 1;
    res[7] = sys_send(5, IPC_INFO(0, 1, 0), &m);
    flag2 = 1;
    return 0;
}

static void t_ep_reply_cap_moves_in_message(void)
{
    /* A server hands a caller's reply to another server, which answers the caller. */
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0), ep2 = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep && ep2);
    cap_t cs = child_cspace_with_ep(ep2, RIGHT_READ);
    CHECK(cs);
    struct kthread caller, fwd;
    CHECK_OK(kthread_start(&caller, CS, VS, 0, child_call_once, ep));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    cap_t rep = kt_slot();
    CHECK_OK(invoke1(CS, CSPACE_SAVE_REPLY, rep));
    CHECK_OK(start_with_buf(&fwd, cs, VS, child_answer_moved_reply, 0));
    CHECK(wait_state(fwd.tcb, TS_BLOCKED_RECV, 2000));
    MY_IPCBUF->caps_out[0] = rep;
    m.w[0] = 41;
    CHECK_EQ(sys_send(ep2, IPC_INFO(3, 1, 1), &m), 0);
    /* Moved, not copied: the sender's slot is empty. */
    CHECK_EQ(cap_type(rep), OBJ_NULL);
    CHECK(wait_flag(&flag2, 2000));
    CHECK_EQ(res[5], 0);
    CHECK_EQ(res[6], 1);
    CHECK_EQ(res[7], 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
    CHECK_EQ(res[2], 42);
    CHECK_EQ(invoke1(cs, CSPACE_INFO, 5), OBJ_NULL);
}

static void t_ep_deleting_reply_cap_fails_the_call(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_call_once, ep));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    cap_t rep = kt_slot();
    CHECK_OK(invoke1(CS, CSPACE_SAVE_REPLY, rep));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, rep));
    CHECK(wait_flag(&flag, 2000));
    CHECK(res[0] < 0);
}

static void t_ep_server_many_calls(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(start_server(&t, CS, VS, ep, 0));
    for (uint64_t k = 0; k < 2000; k++) {
        struct ipc_msg m = {0};
        m.w[0] = k;
        CHECK_EQ(sys_call(ep, IPC_INFO(k & 0xFF, 1, 0), &m), 0);
        CHECK_EQ(m.w[0], k + 0x1000);
        CHECK_EQ(IPC_LABEL(m.info), (k & 0xFF) + 1);
    }
}

static void t_ep_call_lower_priority_server(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_create(&t, CS, VS, 0, server, ep));
    CHECK_OK(invoke1(t.tcb, THREAD_SET_PRIORITY, 20));
    CHECK_OK(invoke0(t.tcb, THREAD_RESUME));
    for (uint64_t k = 0; k < 50; k++) {
        struct ipc_msg m = {0};
        m.w[3] = k;
        CHECK_EQ(sys_call(ep, IPC_INFO(2, 4, 0), &m), 0);
        CHECK_EQ(m.w[3], k + 0x1003);
    }
}

static void t_ep_ipc_between_vspaces(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t vs = kt_slot();
    CHECK(ep && vs);
    CHECK_OK(invoke1(VS, VSPACE_CLONE, vs));
    struct kthread t;
    CHECK_OK(start_server(&t, CS, vs, ep, 1));
    struct ipc_buffer *b = MY_IPCBUF;
    for (uint64_t k = 0; k < 10; k++) {
        struct ipc_msg m = {0};
        m.w[0] = k;
        for (int i = 6; i < 64; i++)
            b->w[i] = k + (uint64_t)i;
        CHECK_EQ(sys_call(ep, IPC_INFO(1, 64, 0), &m), 0);
        CHECK_EQ(m.w[0], k + 0x1000);
        CHECK_EQ(IPC_LEN(m.info), 64);
        for (int i = 6; i < 64; i++)
            CHECK_EQ(b->w[i], k + (uint64_t)i + 1);
    }
}

static void t_ep_delete_wakes_blocked_receiver(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_recv_words, ep));
    CHECK(wait_state(t.tcb, TS_BLOCKED_RECV, 2000));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, ep));
    CHECK(wait_flag(&flag, 2000));
    CHECK(res[0] < 0);
}

static void t_ep_reply_after_caller_deleted(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_call_once, ep));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(ep, 2 * SEC, &m), 0);
    cap_t rep = kt_slot();
    CHECK_OK(invoke1(CS, CSPACE_SAVE_REPLY, rep));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, t.tcb));
    CHECK(sys_send(rep, IPC_INFO(0, 1, 0), &m) < 0);
    CHECK_EQ(cap_type(rep), OBJ_NULL);
    CHECK_EQ(flag, 0);
}

static void t_ep_delete_wakes_blocked_sender(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_send6, ep));
    CHECK(wait_state(t.tcb, TS_BLOCKED_SEND, 2000));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, ep));
    CHECK(wait_flag(&flag, 2000));
    CHECK(res[0] < 0);
}

static long child_recv_and_hold(uint64_t ep)
{
    struct ipc_msg m = {0};
    res[5] = sys_recv(ep, TIMEOUT_FOREVER, &m);
    flag2 = 1;
    sys_wait(SLOT_SLEEP, TIMEOUT_FOREVER); /* never answers */
    return 0;
}

static void t_ep_server_deleted_fails_pending_call(void)
{
    /* A server that goes away while holding a call must not leave the caller blocked. */
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread srv, cl;
    CHECK_OK(kthread_start(&srv, CS, VS, 0, child_recv_and_hold, ep));
    CHECK(wait_state(srv.tcb, TS_BLOCKED_RECV, 2000));
    CHECK_OK(kthread_start(&cl, CS, VS, 0, child_call_once, ep));
    CHECK(wait_flag(&flag2, 2000));
    CHECK(wait_state(cl.tcb, TS_BLOCKED_REPLY, 2000));
    CHECK_OK(invoke1(CS, CSPACE_DELETE, srv.tcb));
    CHECK(wait_flag(&flag, 2000));
    CHECK(res[0] < 0);
}

static long child_recv_and_exit(uint64_t ep)
{
    struct ipc_msg m = {0};
    res[5] = sys_recv(ep, TIMEOUT_FOREVER, &m);
    flag2 = 1;
    sys_exit_thread(0);
    return 0;
}

static void t_ep_server_exit_fails_pending_call(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread srv, cl;
    CHECK_OK(kthread_start(&srv, CS, VS, 0, child_recv_and_exit, ep));
    CHECK(wait_state(srv.tcb, TS_BLOCKED_RECV, 2000));
    CHECK_OK(kthread_start(&cl, CS, VS, 0, child_call_once, ep));
    CHECK(wait_flag(&flag, 2000));
    CHECK(res[0] < 0);
    CHECK_EQ(thread_state(srv.tcb), TS_DEAD);
}

static long child_send_then_signal(uint64_t arg)
{
    cap_t ep = arg & 0xFFFF, n = arg >> 16;
    struct ipc_msg m = {0};
    ksleep_ns(5 * MS);
    res[0] = sys_send(ep, IPC_INFO(1, 0, 0), &m);
    ksleep_ns(600 * MS);
    res[1] = sys_signal(n);
    flag = 1;
    return 0;
}

static void t_ep_timeout_cancelled_by_message(void)
{
    /* A timeout that did not expire must not fire later, in another wait. */
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ep && n);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_send_then_signal, ep | n << 16));
    struct ipc_msg m = {0};
    uint64_t t0 = (uint64_t)sys_clock();
    CHECK_EQ(sys_recv(ep, 500 * MS, &m), 0);
    CHECK_EQ(sys_wait(n, 5 * SEC), 1);
    CHECK((uint64_t)sys_clock() - t0 >= 600 * MS);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ(res[0], 0);
    CHECK_EQ(res[1], 0);
}

static void t_ep_received_info_drops_nonblock(void)
{
    reset();
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    CHECK(ep);
    struct kthread t;
    CHECK_OK(kthread_start(&t, CS, VS, 0, child_recv_words, ep));
    CHECK(wait_state(t.tcb, TS_BLOCKED_RECV, 2000));
    struct ipc_msg m = {0};
    CHECK_EQ(sys_send(ep, IPC_INFO(0x10, 2, 0) | IPC_NONBLOCK, &m), 0);
    CHECK(wait_flag(&flag, 2000));
    CHECK_EQ((uint64_t)res[1] & IPC_NONBLOCK, 0);
    CHECK_EQ(IPC_LEN((uint64_t)res[1]), 2);
    CHECK_EQ(IPC_LABEL((uint64_t)res[1]), 0x10);
}

static void t_ep_rights(void)
{
    cap_t ep = new_obj(OBJ_ENDPOINT, 0);
    cap_t n = new_obj(OBJ_NOTIFICATION, 0);
    CHECK(ep && n);
    cap_t noread = copy_cap(ep, RIGHT_ALL & ~RIGHT_READ);
    cap_t nowrite = copy_cap(ep, RIGHT_ALL & ~RIGHT_WRITE);
    CHECK(noread && nowrite);
    struct ipc_msg m = {0};
    CHECK_EQ(sys_recv(noread, TIMEOUT_POLL, &m), -EPERM);
    CHECK_EQ(sys_recv(noread, TIMEOUT_FOREVER, &m), -EPERM);
    CHECK_EQ(sys_reply_recv(noread, IPC_INFO(0, 0, 0), &m), -EPERM);
    CHECK_EQ(sys_send(nowrite, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EPERM);
    CHECK_EQ(sys_send(nowrite, IPC_INFO(0, 0, 0), &m), -EPERM);
    CHECK_EQ(sys_call(nowrite, IPC_INFO(0, 0, 0), &m), -EPERM);
    /* Wrong object types. */
    CHECK_EQ(sys_send(n, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EINVAL);
    CHECK_EQ(sys_recv(n, TIMEOUT_POLL, &m), -EINVAL);
    CHECK_EQ(sys_call(BOOT_CAP_THREAD, IPC_INFO(0, 0, 0), &m), -EINVAL);
    CHECK_EQ(sys_reply_recv(BOOT_CAP_UNTYPED, IPC_INFO(0, 0, 0), &m), -EINVAL);
    /* Methods: an endpoint has none. */
    CHECK_EQ(invoke0(ep, 0x100), -EINVAL);
    CHECK_EQ(invoke0(ep, 0), -EINVAL);
    /* The rights that remain work. */
    CHECK_EQ(sys_recv(nowrite, TIMEOUT_POLL, &m), -EAGAIN);
    CHECK_EQ(sys_send(noread, IPC_INFO(0, 0, 0) | IPC_NONBLOCK, &m), -EAGAIN);
}

const struct ktest_case endpoint_cases[] = {
    KCASE(ep_send_recv_six_words),
    KCASE(ep_call_reply_roundtrip),
    KCASE(ep_label_full_width),
    KCASE(ep_register_words_full_values),
    KCASE(ep_long_messages_all_lengths),
    KCASE(ep_long_call_and_reply),
    KCASE(ep_length_over_64_einval),
    KCASE(ep_long_message_needs_ipc_buffer),
    KCASE(ep_badge_identifies_sender),
    KCASE(ep_badge_seen_by_server_on_call),
    KCASE(ep_cap_transfer_between_cspaces),
    KCASE(ep_cap_transfer_three_caps_keep_rights_and_badge),
    KCASE(ep_cap_transfer_needs_grant),
    KCASE(ep_transferred_cap_is_revocable),
    KCASE(ep_cap_transfer_needs_ipc_buffer),
    KCASE(ep_cap_transfer_in_reply),
    KCASE(ep_plain_message_sets_caps_in_zero),
    KCASE(ep_recv_poll_eagain),
    KCASE(ep_recv_timeout),
    KCASE(ep_send_nonblock_eagain),
    KCASE(ep_send_blocks_until_received),
    KCASE(ep_recv_blocks_until_sent),
    KCASE(ep_save_reply_and_send),
    KCASE(ep_reply_cap_can_be_moved),
    KCASE(ep_reply_cap_moves_in_message),
    KCASE(ep_deleting_reply_cap_fails_the_call),
    KCASE(ep_server_many_calls),
    KCASE(ep_call_lower_priority_server),
    KCASE(ep_ipc_between_vspaces),
    KCASE(ep_delete_wakes_blocked_receiver),
    KCASE(ep_delete_wakes_blocked_sender),
    KCASE(ep_reply_after_caller_deleted),
    KCASE(ep_server_deleted_fails_pending_call),
    KCASE(ep_server_exit_fails_pending_call),
    KCASE(ep_timeout_cancelled_by_message),
    KCASE(ep_received_info_drops_nonblock),
    KCASE(ep_rights),
};
KT_TABLE_END(endpoint)
