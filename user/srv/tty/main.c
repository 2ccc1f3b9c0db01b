/* tty: the terminal server. Serves /dev/ttyS0 (COM1) and the framebuffer terminals /dev/tty1..
 * (console.c) as open files (abi/proto/file.h), all with the one line discipline of ldisc.c;
 * terminal ioctls as abi/proto/tty.h. Each open-file description is a badge on the server's
 * endpoint. */
#include "tty.h"
#include "abi/proto/fb.h"
#include "abi/proto/kbd.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/registry.h"
#include "abi/proto/vfs.h"
#include "fsclient.h"
#include "lib/string.h"

#define O_ACCMODE 03
#define O_NONBLOCK 04000
#define S_IFCHR 0020000u
#define POLLIN 0x001
#define POLLOUT 0x004
#define ENOTTY 25
#define ESPIPE 29
#define TTY_MODE (S_IFCHR | 0620)
#define MAX_DESCS 64
#define MAX_READERS 32
#define VFS_WAIT_MS 3000

struct desc {
    uint64_t id; /* the badge; 0: free */
    uint32_t flags;
    int holders;
    struct tty *tty;
};

/* A blocked read, answered through its saved reply capability. */
struct reader {
    cap_t reply; /* 0: free */
    struct desc *d;
    size_t want;
    uint64_t start_ns;
};

static cap_t ep;
#define NTTYS (1 + CONSOLE_VTS)
static struct tty ttys[NTTYS]; /* ttyS0, then tty1.. */
static const char *const tty_paths[NTTYS] = {"/dev/ttyS0", "/dev/tty1", "/dev/tty2"};
_Static_assert(CONSOLE_VTS == 2, "one /dev path per console terminal");
static struct desc descs[MAX_DESCS];
static struct reader readers[MAX_READERS];
static uint64_t next_id = 1;
static cap_t delete_after_reply[2]; /* capabilities the last reply carried */

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

static uint64_t now_ns(void)
{
    return (uint64_t)sys_clock();
}

static void tty_output(void *ctx, const char *buf, size_t n)
{
    struct tty *t = ctx;
    t->hw_write(t, buf, n);
}

static void tty_signal(void *ctx, int sig)
{
    struct tty *t = ctx;
    static bool warned;
    if (t->pgrp > 0)
        serial_queue_kill(t->pgrp, sig);
    else if (!warned) {
        warned = true;
        dprintf_k("tty: %s: signal %d typed with no foreground group\n", t->name, sig);
    }
}

static const struct ldisc_ops tty_ops = {tty_output, tty_signal};

static struct desc *desc_find(uint64_t badge)
{
    for (int i = 0; i < MAX_DESCS; i++)
        if (descs[i].id && descs[i].id == badge) return &descs[i];
    return NULL;
}

/* Sends a reply through a saved reply capability (deleted by the send). */
static long reply_saved(cap_t reply, long result, uint64_t len)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)result;
    long r = sys_send(reply, IPC_INFO(0, len, 0), &m);
    if (r < 0)
        slot_delete(reply); /* the caller is gone (a signal interrupted it) */
    else
        slot_free(reply);
    return r;
}

/* Answers the blocked readers that can be answered now, oldest first. */
static void readers_service(void)
{
    uint64_t now = now_ns();
    for (int i = 0; i < MAX_READERS; i++) {
        struct reader *rd = &readers[i];
        if (!rd->reply) continue;
        struct tty *t = rd->d->tty;
        uint64_t dl = ldisc_read_deadline(&t->ld, rd->want, rd->start_ns, t->last_rx_ns);
        if (dl != 0 && now < dl) continue;
        char *data = (char *)&ib()->w[IPC_REG_WORDS];
        size_t n = ldisc_read(&t->ld, data, rd->want, true);
        long r = reply_saved(rd->reply, (long)n, IPC_REG_WORDS + (n + 7) / 8);
        if (r == 0) ldisc_read(&t->ld, data, rd->want, false); /* delivered: consume it */
        rd->reply = 0;
    }
}

/* How long the loop may wait before a VTIME timer runs out. */
static uint64_t readers_timeout(void)
{
    uint64_t first = TIMEOUT_FOREVER, now = now_ns();
    for (int i = 0; i < MAX_READERS; i++) {
        struct reader *rd = &readers[i];
        if (!rd->reply) continue;
        struct tty *t = rd->d->tty;
        uint64_t dl = ldisc_read_deadline(&t->ld, rd->want, rd->start_ns, t->last_rx_ns);
        if (dl == LDISC_NEVER) continue;
        uint64_t left = dl > now ? dl - now : 0;
        if (left < first) first = left;
    }
    return first;
}

/* How long the loop may wait: a read's VTIME timer or a deferred console frame. Never 0,
 * which would make the receive a poll (-EAGAIN at once). */
static uint64_t loop_timeout(void)
{
    uint64_t a = readers_timeout(), b = console_timeout();
    uint64_t t = a < b ? a : b;
    return t ? t : 1;
}

static void readers_cancel(struct desc *d, long err)
{
    for (int i = 0; i < MAX_READERS; i++)
        if (readers[i].reply && readers[i].d == d) {
            reply_saved(readers[i].reply, err, 1);
            readers[i].reply = 0;
        }
}

/* The request being handled. */
struct req {
    struct ipc_msg *m;
    struct desc *d;
    uint64_t out_len; /* words of the reply */
    uint64_t w1;      /* the reply's word 1 */
    uint64_t w2_4[3]; /* and its words 2..4 */
    bool deferred;    /* answered later (a blocked read) */
};

static long h_read(struct req *r)
{
    struct tty *t = r->d->tty;
    size_t want = r->m->w[0] < FILE_IO_MAX ? r->m->w[0] : FILE_IO_MAX;
    if ((r->d->flags & O_ACCMODE) == 1) return -EBADF;
    uint64_t now = now_ns();
    if (want == 0) return 0;
    if (ldisc_read_deadline(&t->ld, want, now, t->last_rx_ns) == 0) {
        size_t n = ldisc_read(&t->ld, (char *)&ib()->w[IPC_REG_WORDS], want, false);
        r->out_len = IPC_REG_WORDS + (n + 7) / 8;
        return (long)n;
    }
    if (r->d->flags & O_NONBLOCK) return -EAGAIN;
    struct reader *rd = NULL;
    for (int i = 0; i < MAX_READERS && !rd; i++)
        if (!readers[i].reply) rd = &readers[i];
    if (!rd) return -EAGAIN;
    cap_t s = slot_alloc();
    if (!s) return -ENOMEM;
    if (invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) < 0) {
        slot_free(s);
        return -EINVAL;
    }
    *rd = (struct reader){s, r->d, want, now};
    r->deferred = true;
    return 0;
}

static long h_write(struct req *r)
{
    size_t n = r->m->w[0];
    uint64_t len = IPC_LEN(r->m->info);
    if ((r->d->flags & O_ACCMODE) == 0) return -EBADF;
    if (n > FILE_IO_MAX || len < IPC_REG_WORDS || n > (len - IPC_REG_WORDS) * 8) return -EINVAL;
    ldisc_write(&r->d->tty->ld, (const char *)&ib()->w[IPC_REG_WORDS], n);
    return (long)n;
}

/* The int argument of an ioctl: in words 6.. when the request carries 4 bytes, else w1. */
static long int_arg(struct req *r)
{
    if (r->m->w[2] >= 4 && IPC_LEN(r->m->info) > IPC_REG_WORDS) {
        int32_t v;
        memcpy(&v, &ib()->w[IPC_REG_WORDS], 4);
        return v;
    }
    return (long)r->m->w[1];
}

static long int_result(struct req *r, long v)
{
    int32_t i = (int32_t)v;
    memcpy(&ib()->w[IPC_REG_WORDS], &i, 4);
    r->out_len = IPC_REG_WORDS + 1;
    r->w1 = (uint64_t)v;
    return 0;
}

/* A structure argument of `size` bytes, or NULL when the request is short. */
static void *struct_arg(struct req *r, size_t size)
{
    uint64_t len = IPC_LEN(r->m->info);
    if (r->m->w[2] < size || len < IPC_REG_WORDS || (len - IPC_REG_WORDS) * 8 < size) return NULL;
    return &ib()->w[IPC_REG_WORDS];
}

static long h_ioctl(struct req *r)
{
    struct tty *t = r->d->tty;
    uint64_t req = r->m->w[0];
    void *data = &ib()->w[IPC_REG_WORDS];
    switch (req) {
    case TCGETS:
        memcpy(data, &t->ld.t, sizeof t->ld.t);
        r->out_len = IPC_REG_WORDS + (sizeof t->ld.t + 7) / 8;
        return 0;
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
        struct tty_termios *nt = struct_arg(r, sizeof *nt);
        if (!nt) return -EINVAL;
        struct tty_termios copy;
        memcpy(&copy, nt, sizeof copy);
        /* Output is written synchronously, so "after draining" is now. */
        ldisc_set_termios(&t->ld, &copy, req == TCSETSF);
        return 0;
    }
    case TCFLSH: {
        long how = (long)r->m->w[1];
        if (how != TCIFLUSH && how != TCOFLUSH && how != TCIOFLUSH) return -EINVAL;
        if (how != TCOFLUSH) ldisc_flush_input(&t->ld);
        return 0;
    }
    case TCSBRK:
        /* tcdrain: output is on its way once written, and on a console once drawn. */
        if (t->hw_write == console_write) console_flush();
        return 0;
    case TCXONC:
        return 0;
    case TIOCGWINSZ:
        memcpy(data, &t->ws, sizeof t->ws);
        r->out_len = IPC_REG_WORDS + 1;
        return 0;
    case TIOCSWINSZ: {
        struct tty_winsize *ws = struct_arg(r, sizeof *ws);
        if (!ws) return -EINVAL;
        memcpy(&t->ws, ws, sizeof t->ws);
        /* SIGWINCH to the foreground group, as Linux does. */
        if (t->pgrp > 0) serial_queue_kill(t->pgrp, 28);
        return 0;
    }
    case TIOCGPGRP:
        return int_result(r, t->pgrp);
    case TIOCSPGRP: {
        long pg = int_arg(r);
        if (pg <= 0) return -EINVAL;
        t->pgrp = pg;
        return 0;
    }
    case TIOCGSID:
        return t->sid ? int_result(r, t->sid) : -ENOTTY;
    case TIOCSCTTY: {
        long sid = int_arg(r);
        if (sid <= 0) return -EINVAL;
        if (t->sid && t->sid != sid && r->m->w[1] != 1) return -EPERM;
        t->sid = sid;
        t->pgrp = sid;
        return 0;
    }
    case TIOCNOTTY:
        t->sid = 0;
        t->pgrp = 0;
        return 0;
    case FIONREAD:
        return int_result(r, (long)ldisc_available(&t->ld));
    case TIOCOUTQ:
        return int_result(r, 0);
    }
    return -ENOTTY;
}

static long h_poll(struct req *r)
{
    struct tty *t = r->d->tty;
    long ready = POLLOUT;
    if (ldisc_read_deadline(&t->ld, 1, now_ns(), t->last_rx_ns) == 0) ready |= POLLIN;
    return ready & (long)r->m->w[0];
}

static long h_stat(struct req *r)
{
    struct file_stat st;
    memset(&st, 0, sizeof st);
    st.dev = 5;
    st.ino = (uint64_t)(r->d->tty - ttys) + 1;
    st.mode = TTY_MODE;
    st.nlink = 1;
    st.rdev = r->d->tty->rdev;
    memcpy(&ib()->w[IPC_REG_WORDS], &st, sizeof st);
    r->out_len = IPC_REG_WORDS + sizeof st / 8;
    return 0;
}

static long h_close(struct req *r)
{
    if (--r->d->holders > 0) return 0;
    readers_cancel(r->d, -EBADF);
    r->d->id = 0;
    return 0;
}

static long h_getfl(struct req *r)
{
    return r->d->flags;
}

static long h_setfl(struct req *r)
{
    r->d->flags = (r->d->flags & ~(uint32_t)O_NONBLOCK) | ((uint32_t)r->m->w[0] & O_NONBLOCK);
    return 0;
}

static long h_dup(struct req *r)
{
    r->d->holders++;
    return 0;
}

static long h_seek(struct req *r)
{
    (void)r;
    return -ESPIPE;
}

static long h_sync(struct req *r)
{
    (void)r;
    return 0;
}

/* The open-file requests a terminal answers; others get -EINVAL. */
static const struct {
    uint64_t label;
    long (*fn)(struct req *r);
} file_table[] = {
    {FILE_READ, h_read},   {FILE_WRITE, h_write}, {FILE_IOCTL, h_ioctl}, {FILE_POLL, h_poll},
    {FILE_STAT, h_stat},   {FILE_GETFL, h_getfl}, {FILE_SETFL, h_setfl}, {FILE_DUP, h_dup},
    {FILE_CLOSE, h_close}, {FILE_SEEK, h_seek},   {FILE_SYNC, h_sync},
};

static long h_file(struct req *r)
{
    for (size_t i = 0; i < sizeof file_table / sizeof file_table[0]; i++)
        if (file_table[i].label == IPC_LABEL(r->m->info)) return file_table[i].fn(r);
    return -EINVAL;
}

/* VFS_OPEN (forwarded by vfs, or straight from a holder of the registry name): a fresh
 * open-file description and its capability. */
static long h_open(struct req *r, struct tty *t)
{
    struct desc *d = NULL;
    for (int i = 0; i < MAX_DESCS && !d; i++)
        if (!descs[i].id) d = &descs[i];
    if (!d) return -ENFILE;
    cap_t s = slot_alloc();
    if (!s) return -ENFILE;
    uint64_t id = next_id++;
    if (invoke4(CAP_SELF_CSPACE, CSPACE_MINT, s, ep, RIGHT_WRITE, id) < 0) {
        slot_free(s);
        return -ENOMEM;
    }
    *d = (struct desc){id, (uint32_t)r->m->w[0] & (O_ACCMODE | O_NONBLOCK), 1, t};
    ib()->caps_out[0] = s;
    delete_after_reply[0] = s;
    r->w1 = S_IFCHR;
    return 0;
}

static int lease_holders; /* descriptors naming the framebuffer lease (FILE_DUP, FILE_CLOSE) */

/* FB_ACQUIRE: the lease (an open file of its own badge) and the framebuffer memory. */
static long h_fb_acquire(struct req *r)
{
    cap_t lease = slot_alloc(), mem = slot_alloc();
    uint64_t geom[4];
    long e = lease && mem ? 0 : -ENOMEM;
    if (e == 0) e = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, lease, ep, RIGHT_WRITE, BADGE_FB_LEASE);
    if (e == 0) e = console_fb_lend(mem, geom, (long)r->m->w[0]);
    if (e < 0) {
        if (lease) slot_delete(lease);
        if (mem) slot_delete(mem);
        return e;
    }
    r->w1 = geom[0];
    memcpy(r->w2_4, &geom[1], sizeof r->w2_4);
    lease_holders = 1;
    ib()->caps_out[0] = lease;
    ib()->caps_out[1] = mem;
    delete_after_reply[0] = lease;
    delete_after_reply[1] = mem;
    r->out_len = 5;
    return 0;
}

/* The lease: its FILE_CLOSE (sent by procmgr too when the holder exits) gives the
 * framebuffer back. */
static long h_fb_lease(struct req *r)
{
    if (IPC_LABEL(r->m->info) == FILE_DUP) {
        lease_holders++;
        return 0;
    }
    if (IPC_LABEL(r->m->info) != FILE_CLOSE) return -EINVAL;
    if (--lease_holders <= 0) console_fb_return();
    return 0;
}

static void on_rx(struct ipc_msg *m)
{
    size_t n = m->w[0] < TTY_RX_MAX ? m->w[0] : TTY_RX_MAX;
    char buf[TTY_RX_MAX];
    memcpy(buf, &m->w[1], n);
    ttys[0].last_rx_ns = now_ns();
    ldisc_input(&ttys[0].ld, buf, n);
}

/* Attaches terminal i to the file system as its /dev path; returns its opener capability. */
static cap_t attach_one(cap_t vfs, int i)
{
    cap_t opener = slot_alloc();
    if (!opener || invoke4(CAP_SELF_CSPACE, CSPACE_MINT, opener, ep, RIGHT_WRITE | RIGHT_GRANT,
                           BADGE_OPENER + (uint64_t)i) < 0) {
        dprintf_k("tty: cannot mint the opener capability\n");
        return 0;
    }
    if (!vfs) return opener;
    const char *path = ttys[i].path;
    size_t n = strlen(path) + 1;
    memcpy(&ib()->w[IPC_REG_WORDS], path, n);
    struct ipc_msg m = {0};
    m.w[0] = TTY_MODE;
    ib()->caps_out[0] = opener;
    long e = sys_call(vfs, IPC_INFO(VFS_ATTACH, IPC_REG_WORDS + (n + 7) / 8, 1), &m);
    if (e == 0) e = (long)m.w[0];
    if (e == 0)
        dprintf_k("tty: attached %s\n", path);
    else
        dprintf_k("tty: VFS_ATTACH of %s failed (%ld)\n", path, e);
    return opener;
}

static void attach(void)
{
    cap_t vfs = 0;
    long e = -ENOENT;
    cap_t nap = slot_alloc();
    if (nap && invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, nap) < 0) nap = 0;
    for (int i = 0; i < VFS_WAIT_MS / 50 && e < 0; i++) {
        e = registry_lookup(PROC_CAP_REGISTRY, "vfs.control", &vfs);
        if (e < 0 && nap) sys_wait(nap, 50000000ull);
    }
    if (nap) slot_delete(nap);
    if (e < 0) {
        vfs = 0;
        dprintf_k("tty: no vfs.control; serving through the registry only\n");
    }
    cap_t serial_opener = attach_one(vfs, 0);
    for (int i = 1; i < NTTYS; i++) {
        /* Also as tty.NAME in the registry, for services (make bench) that run without vfs. */
        char name[16] = "tty.";
        memcpy(name + 4, ttys[i].name, strlen(ttys[i].name) + 1);
        cap_t o = attach_one(vfs, i);
        if (o) registry_register(PROC_CAP_REGISTRY, name, o);
    }
    if (vfs) slot_delete(vfs);
    /* The keyboard driver's way in, registered before the name init waits for. */
    cap_t keys = slot_alloc();
    if (keys && invoke4(CAP_SELF_CSPACE, CSPACE_MINT, keys, ep, RIGHT_WRITE, BADGE_KEYS) == 0)
        e = registry_register(PROC_CAP_REGISTRY, KBD_CONSOLE_NAME, keys);
    else
        e = -ENOSPC;
    if (e < 0) dprintf_k("tty: cannot register %s (%ld)\n", KBD_CONSOLE_NAME, e);
    cap_t fb = slot_alloc();
    if (fb &&
        invoke4(CAP_SELF_CSPACE, CSPACE_MINT, fb, ep, RIGHT_WRITE | RIGHT_GRANT, BADGE_FB) == 0)
        e = registry_register(PROC_CAP_REGISTRY, FB_REGISTRY_NAME, fb);
    else
        e = -ENOSPC;
    if (e < 0) dprintf_k("tty: cannot register %s (%ld)\n", FB_REGISTRY_NAME, e);
    e = serial_opener ? registry_register(PROC_CAP_REGISTRY, "tty.ttyS0", serial_opener) : -ENOSPC;
    if (e < 0) dprintf_k("tty: cannot register tty.ttyS0 (%ld)\n", e);
}

static void serial_out(struct tty *t, const char *buf, size_t n)
{
    (void)t;
    serial_write(buf, n);
}

static void tty_setup(int i, const char *name, uint32_t rdev,
                      void (*hw_write)(struct tty *, const char *, size_t))
{
    struct tty *t = &ttys[i];
    t->name = name;
    t->path = tty_paths[i];
    t->index = i - 1;
    t->rdev = rdev;
    t->hw_write = hw_write;
    t->ws = (struct tty_winsize){24, 80, 0, 0};
    ldisc_init(&t->ld, &tty_ops, t);
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    ep = slot_alloc();
    long e = ep ? invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep) : -ENOSPC;
    tty_setup(0, "ttyS0", (4 << 8) | 64, serial_out); /* Linux's ttyS0: major 4, minor 64 */
    tty_setup(1, "tty1", (4 << 8) | 1, console_write);
    tty_setup(2, "tty2", (4 << 8) | 2, console_write);
    if (e == 0) e = serial_start(PROC_CAP_IOPORT, PROC_CAP_IRQ_CONTROL, ep);
    if (e < 0) {
        dprintf_k("tty: cannot start: error %ld\n", e);
        return 1;
    }
    struct tty *vt_ttys[CONSOLE_VTS] = {&ttys[1], &ttys[2]};
    long ce = console_start(vt_ttys);
    if (ce < 0) dprintf_k("tty: console: error %ld; /dev/tty1.. still work, unseen\n", ce);
    attach();
    dprintf_k("tty: ready\n");

    struct ipc_msg m = {0};
    long rr = sys_recv(ep, TIMEOUT_FOREVER, &m);
    for (;;) {
        for (int i = 0; i < 2; i++)
            if (delete_after_reply[i]) {
                slot_delete(delete_after_reply[i]);
                delete_after_reply[i] = 0;
            }
        struct req r = {&m, NULL, 1, 0, {0}, false};
        long result = -EBADF;
        uint64_t ncaps = 0;
        if (rr == -ETIMEDOUT || rr == -EAGAIN) {
            readers_service();
            console_tick();
            rr = sys_recv(ep, loop_timeout(), &m);
            continue;
        }
        if (rr < 0) {
            rr = sys_recv(ep, loop_timeout(), &m);
            continue;
        }
        if (m.badge == BADGE_RX && IPC_LABEL(m.info) == TTY_GONE) {
            console_fb_holder_gone((long)m.w[0]);
            result = 0;
        } else if (m.badge == BADGE_RX) {
            on_rx(&m);
            result = 0;
        } else if (m.badge == BADGE_KEYS) {
            if (IPC_LABEL(m.info) == KBD_EVENT && IPC_LEN(m.info) >= KBD_EVENT_WORDS) {
                console_key(&m);
                result = 0;
            } else {
                result = -EINVAL;
            }
        } else if (m.badge == BADGE_FB) {
            result = IPC_LABEL(m.info) == FB_ACQUIRE ? h_fb_acquire(&r) : -EINVAL;
            ncaps = result == 0 ? 2 : 0;
        } else if (m.badge == BADGE_FB_LEASE) {
            result = h_fb_lease(&r);
        } else if (m.badge >= BADGE_OPENER && m.badge < BADGE_OPENER + NTTYS) {
            struct tty *t = &ttys[m.badge - BADGE_OPENER];
            result = IPC_LABEL(m.info) == VFS_OPEN ? h_open(&r, t) : -EINVAL;
            ncaps = result == 0;
        } else if ((r.d = desc_find(m.badge)) != NULL) {
            result = h_file(&r);
        }
        /* Bytes or a termios change may let blocked readers go; answer this caller first. */
        bool service =
            m.badge == BADGE_RX || m.badge == BADGE_KEYS || IPC_LABEL(m.info) == FILE_IOCTL;
        uint64_t timeout = loop_timeout();
        if (r.deferred) {
            rr = sys_recv(ep, timeout, &m);
            continue;
        }
        m = (struct ipc_msg){0};
        m.w[0] = (uint64_t)result;
        m.w[1] = r.w1;
        memcpy(&m.w[2], r.w2_4, sizeof r.w2_4);
        uint64_t info = IPC_INFO(0, r.out_len > 2 ? r.out_len : 2, ncaps);
        if (!service && timeout == TIMEOUT_FOREVER) {
            rr = sys_reply_recv(ep, info, &m);
            continue;
        }
        /* Answer through a saved reply so that the next receive can have a timeout. */
        cap_t s = slot_alloc();
        if (s && invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, s) == 0) {
            if (sys_send(s, info, &m) < 0)
                slot_delete(s);
            else
                slot_free(s);
        } else if (s) {
            slot_free(s); /* a one-way message (FILE_CLOSE): nobody to answer */
        }
        if (service) readers_service();
        rr = sys_recv(ep, loop_timeout(), &m);
    }
}
