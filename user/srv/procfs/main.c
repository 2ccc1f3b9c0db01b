/* procfs: /proc, mounted in vfs as a remote file system. vfs hands on the requests whose
 * path is under /proc with the client's reply capability and never waits for us (we call
 * procmgr, which calls vfs); we answer the client directly and serve the opened files.
 *
 * Two threads: the receiver only takes messages off the endpoint into a queue (saving each
 * caller's reply), so vfs's non-blocking send finds it ready; the main thread works through
 * the queue, calling procmgr and vfs as it needs, and samples the load every 5 s. */
#include "procfs.h"
#include "lib/string.h"

#define O_ACCMODE 03
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define AT_SYMLINK_NOFOLLOW 0x100
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define POLLIN 1
#define ENOTTY 25
#define QLEN 32
#define MAX_FILES 128
#define FILE_BUF 8192
#define LOAD_PERIOD_NS 5000000000ull

struct entry {
    uint64_t label, badge, len;
    uint64_t w[IPC_REG_WORDS];
    char data[FILE_IO_MAX + 1];
    cap_t in_slot, reply_slot; /* a received capability; the caller's saved reply */
    bool has_cap, has_reply;
};

struct pfile {
    uint64_t id; /* 0: free */
    struct node node;
    struct who who;
    int holders;
    uint32_t flags;
    uint64_t off;
    char *buf;
    size_t len;
    bool have; /* buf holds the text (or directory records) of the last read from 0 */
};

static cap_t ep, notif, spare_in, spare_reply;
static struct entry q[QLEN];
static uint32_t q_head, q_tail; /* receiver advances head, the main thread tail */
static struct ipc_buffer *rx_buf;
static struct pfile files[MAX_FILES];
static uint32_t generation = 1;

static struct ipc_buffer *ib(void)
{
    return (struct ipc_buffer *)cluu_ipcbuf_va;
}

static bool is_forward(uint64_t label)
{
    return label == VFS_OPEN || label == VFS_STAT || label == VFS_READLINK || label == VFS_ACCESS;
}

static void busy_answer(cap_t to)
{
    struct ipc_msg a = {0};
    a.w[0] = (uint64_t)-EAGAIN;
    sys_send(to, IPC_INFO(0, 1, 0), &a);
}

static __attribute__((noreturn)) void receiver(void)
{
    for (;;) {
        uint32_t h = q_head, t = __atomic_load_n(&q_tail, __ATOMIC_ACQUIRE);
        struct entry *e = h - t < QLEN ? &q[h % QLEN] : NULL;
        cap_t in = e ? e->in_slot : spare_in, rep = e ? e->reply_slot : spare_reply;
        rx_buf->recv_slots[0] = in;
        rx_buf->recv_slots[1] = rx_buf->recv_slots[2] = 0;
        struct ipc_msg m = {0};
        if (sys_recv(ep, TIMEOUT_FOREVER, &m) < 0) continue;
        bool has_cap = rx_buf->caps_in > 0;
        bool has_reply = invoke1(CAP_SELF_CSPACE, CSPACE_SAVE_REPLY, rep) == 0;
        if (!e) { /* the queue is full: busy, never wait */
            if (has_reply) busy_answer(rep);
            if (has_cap && m.badge == 0 && is_forward(IPC_LABEL(m.info)))
                busy_answer(in);
            else if (has_cap)
                invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, in);
            continue;
        }
        e->label = IPC_LABEL(m.info);
        e->badge = m.badge;
        e->len = IPC_LEN(m.info);
        for (int i = 0; i < IPC_REG_WORDS; i++)
            e->w[i] = (uint64_t)i < e->len ? m.w[i] : 0;
        size_t bytes = e->len > IPC_REG_WORDS ? (e->len - IPC_REG_WORDS) * 8 : 0;
        if (bytes > FILE_IO_MAX) bytes = FILE_IO_MAX;
        memcpy(e->data, &rx_buf->w[IPC_REG_WORDS], bytes);
        e->data[bytes] = 0;
        e->has_cap = has_cap;
        e->has_reply = has_reply;
        __atomic_store_n(&q_head, h + 1, __ATOMIC_RELEASE);
        sys_signal(notif);
    }
}

static long start_receiver(void)
{
    cap_t stack_mem, buf_mem, th = slot_alloc();
    uint8_t *stack = pages_alloc(4, &stack_mem);
    rx_buf = pages_alloc(1, &buf_mem);
    if (!th || !stack || !rx_buf) return -ENOMEM;
    long r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, th);
    if (r == 0)
        r = sys_invoke(th, THREAD_CONFIGURE, CAP_SELF_CSPACE, CAP_SELF_VSPACE, (uint64_t)rx_buf,
                       buf_mem, 0, 0, 0);
    struct user_regs regs = {0};
    regs.rip = (unsigned long)receiver;
    regs.rsp = (unsigned long)(stack + 4 * 4096 - 8);
    if (r == 0) r = invoke1(th, THREAD_WRITE_REGS, (uint64_t)&regs);
    if (r == 0) r = invoke0(th, THREAD_RESUME);
    return r;
}

/* Answers to (a reply capability): result, words 1..5, bytes of data, one capability. */
static long answer(cap_t to, long result, const uint64_t *w, const void *data, size_t bytes,
                   cap_t cap)
{
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)result;
    for (int i = 1; w && i < IPC_REG_WORDS; i++)
        m.w[i] = w[i - 1];
    if (bytes) memcpy(&ib()->w[IPC_REG_WORDS], data, bytes);
    if (cap) ib()->caps_out[0] = cap;
    return sys_send(
        to, IPC_INFO(0, bytes ? IPC_REG_WORDS + (bytes + 7) / 8 : IPC_REG_WORDS, cap ? 1 : 0), &m);
}

static struct pfile *file_get(uint64_t badge)
{
    uint64_t i = (badge & 0xFF) - 1;
    if (i >= MAX_FILES || files[i].id != badge || !badge) return NULL;
    return &files[i];
}

static void file_free(struct pfile *f)
{
    free(f->buf);
    memset(f, 0, sizeof *f);
}

static long do_open(const struct who *w, const struct entry *e, cap_t *cap, uint64_t *type,
                    struct pfile **out)
{
    uint32_t flags = (uint32_t)e->w[0];
    struct node n;
    long r = node_resolve(w, e->data, !(flags & O_NOFOLLOW), &n);
    if (r == -ENOENT && (flags & O_CREAT)) return -EACCES;
    if (r < 0) return r;
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return -EEXIST;
    uint32_t fmt;
    {
        struct file_stat st;
        node_stat(&n, &st);
        fmt = st.mode & S_IFMT;
    }
    if (fmt == S_IFLNK) return -ELOOP;
    if ((flags & O_DIRECTORY) && fmt != S_IFDIR) return -ENOTDIR;
    if ((flags & O_ACCMODE) != 0 || (flags & O_TRUNC)) return fmt == S_IFDIR ? -EISDIR : -EACCES;
    if ((r = node_access(w, &n, 4)) < 0) return r;
    struct pfile *f = NULL;
    for (int i = 0; i < MAX_FILES && !f; i++)
        if (!files[i].id) f = &files[i];
    if (!f) return -ENFILE;
    char *buf = malloc(FILE_BUF);
    cap_t s = slot_alloc();
    if (!buf || !s) {
        free(buf);
        if (s) slot_free(s);
        return -ENOMEM;
    }
    uint64_t id = ((uint64_t)(generation++ & 0xFFFFFF) << 8) | (uint64_t)(f - files + 1);
    if (invoke4(CAP_SELF_CSPACE, CSPACE_MINT, s, ep, RIGHT_WRITE | RIGHT_GRANT, id) < 0) {
        free(buf);
        slot_free(s);
        return -ENFILE;
    }
    memset(f, 0, sizeof *f);
    f->id = id;
    f->node = n;
    f->who = *w;
    f->holders = 1;
    f->flags = flags & O_ACCMODE;
    f->buf = buf;
    *cap = s;
    *type = fmt;
    *out = f;
    return 0;
}

/* A request vfs handed on: the answer goes to the client's reply in e->in_slot. */
static void forwarded(struct entry *e)
{
    struct who w = {(uint32_t)e->w[2], (uint32_t)e->w[3], (long)e->w[4]};
    struct node n;
    long r;
    uint64_t out[5] = {0};
    static char text[VFS_PATH_MAX];
    switch (e->label) {
    case VFS_OPEN: {
        cap_t cap = 0;
        struct pfile *f = NULL;
        r = do_open(&w, e, &cap, &out[0], &f);
        long sent = answer(e->in_slot, r, out, NULL, 0, cap);
        if (cap) {
            if (sent < 0) file_free(f); /* the client is gone */
            slot_delete(cap);
        }
        return;
    }
    case VFS_STAT:
        r = node_resolve(&w, e->data, !(e->w[0] & AT_SYMLINK_NOFOLLOW), &n);
        if (r == 0) {
            struct file_stat st;
            node_stat(&n, &st);
            answer(e->in_slot, 0, NULL, &st, sizeof st, 0);
            return;
        }
        break;
    case VFS_READLINK:
        r = node_resolve(&w, e->data, false, &n);
        if (r == 0) r = node_readlink(&w, &n, text, sizeof text);
        if (r > 0) {
            answer(e->in_slot, r, NULL, text, (size_t)r, 0);
            return;
        }
        break;
    case VFS_ACCESS:
        r = node_resolve(&w, e->data, true, &n);
        if (r == 0 && (e->w[0] & 2)) r = -EACCES; /* nothing here is writable */
        if (r == 0) r = node_access(&w, &n, (int)e->w[0]);
        break;
    default:
        r = -ENOSYS;
    }
    answer(e->in_slot, r, NULL, NULL, 0, 0);
}

/* Regenerates f's text (or directory records) when reading from its start. */
static long refresh(struct pfile *f, uint64_t off)
{
    if (off != 0 && f->have) return 0;
    bool dir = f->node.type == N_ROOT || f->node.type == N_PID || f->node.type == N_FDDIR;
    long r = dir ? node_dirents(&f->who, &f->node, (uint8_t *)f->buf, FILE_BUF)
                 : node_content(&f->who, &f->node, f->buf, FILE_BUF);
    if (r < 0) return r;
    f->len = (size_t)r < FILE_BUF - 1 ? (size_t)r : FILE_BUF - 1;
    f->have = true;
    return 0;
}

static bool is_dir_file(const struct pfile *f)
{
    return f->node.type == N_ROOT || f->node.type == N_PID || f->node.type == N_FDDIR;
}

/* Whole struct linux_dirent64 records from off that fit in max bytes. */
static size_t dirents_fit(const struct pfile *f, uint64_t off, size_t max)
{
    size_t n = 0;
    while (off + n + 19 <= f->len) {
        uint16_t rl;
        memcpy(&rl, f->buf + off + n + 16, 2);
        if (!rl || n + rl > max) break;
        n += rl;
    }
    return n;
}

/* A request on an open file (badge = its id). */
static void file_request(struct entry *e)
{
    struct pfile *f = file_get(e->badge);
    long r = -EBADF;
    uint64_t out[5] = {0};
    const void *data = NULL;
    size_t bytes = 0;
    if (!f) goto done;
    switch (e->label) {
    case FILE_READ: {
        if (is_dir_file(f)) {
            r = -EISDIR;
            break;
        }
        uint64_t off = e->w[1] == FILE_OFF_CUR ? f->off : e->w[1];
        if ((r = refresh(f, off)) < 0) break;
        size_t n = e->w[0] < FILE_IO_MAX ? (size_t)e->w[0] : FILE_IO_MAX;
        if (off >= f->len)
            n = 0;
        else if (n > f->len - off)
            n = f->len - off;
        data = f->buf + off;
        bytes = n;
        if (e->w[1] == FILE_OFF_CUR) f->off += n;
        r = (long)n;
        break;
    }
    case FILE_GETDENTS: {
        if (!is_dir_file(f)) {
            r = -ENOTDIR;
            break;
        }
        if ((r = refresh(f, f->off)) < 0) break;
        size_t n = dirents_fit(f, f->off, e->w[0] < FILE_IO_MAX ? (size_t)e->w[0] : FILE_IO_MAX);
        if (n == 0 && f->off < f->len) {
            r = -EINVAL; /* the buffer cannot hold the next record */
            break;
        }
        data = f->buf + f->off;
        bytes = n;
        f->off += n;
        r = (long)n;
        break;
    }
    case FILE_SEEK: {
        int64_t base = e->w[1] == SEEK_SET   ? 0
                       : e->w[1] == SEEK_CUR ? (int64_t)f->off
                       : e->w[1] == SEEK_END ? (int64_t)f->len
                                             : -1;
        int64_t to = base + (int64_t)e->w[0];
        if (base < 0 || to < 0) {
            r = -EINVAL;
            break;
        }
        f->off = (uint64_t)to;
        r = to;
        break;
    }
    case FILE_STAT: {
        static struct file_stat st;
        node_stat(&f->node, &st);
        data = &st;
        bytes = sizeof st;
        r = 0;
        break;
    }
    case FILE_GETFL:
        r = f->flags;
        break;
    case FILE_SETFL:
    case FILE_POLL:
        r = e->label == FILE_POLL ? (long)(e->w[0] & POLLIN) : 0;
        break;
    case FILE_DUP:
        f->holders++;
        r = 0;
        break;
    case FILE_CLOSE:
        if (--f->holders <= 0) file_free(f);
        r = 0;
        break;
    case FILE_IOCTL:
        r = -ENOTTY;
        break;
    case FILE_CHMOD:
    case FILE_CHOWN:
        r = -EPERM;
        break;
    case FILE_WRITE:
    case FILE_TRUNCATE:
        r = -EBADF; /* opened read-only */
        break;
    default:
        r = -EINVAL;
    }
done:
    if (e->has_reply) answer(e->reply_slot, r, out, data, bytes, 0);
}

static void cpu_detect(void)
{
    struct procfs_cpu *c = &procfs_cpu;
    uint32_t a, b, cx, d, regs[12];
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(cx), "=d"(d) : "a"(0), "c"(0));
    uint32_t max = a;
    memcpy(c->vendor, &b, 4);
    memcpy(c->vendor + 4, &d, 4);
    memcpy(c->vendor + 8, &cx, 4);
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(cx), "=d"(d) : "a"(1), "c"(0));
    c->stepping = a & 0xF;
    c->family = (a >> 8) & 0xF;
    c->model = (a >> 4) & 0xF;
    if (c->family == 0xF) c->family += (a >> 20) & 0xFF;
    if (c->family >= 6) c->model |= ((a >> 16) & 0xF) << 4;
    c->ecx1 = cx;
    c->edx1 = d;
    if (max >= 7) {
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(cx), "=d"(d) : "a"(7), "c"(0));
        c->ebx7 = b;
        c->ecx7 = cx;
    }
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(cx), "=d"(d) : "a"(0x80000000), "c"(0));
    uint32_t xmax = a;
    if (xmax >= 0x80000001) {
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(cx), "=d"(d) : "a"(0x80000001), "c"(0));
        c->ecx81 = cx;
        c->edx81 = d;
    }
    if (xmax >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++)
            __asm__ volatile("cpuid"
                             : "=a"(regs[4 * i]), "=b"(regs[4 * i + 1]), "=c"(regs[4 * i + 2]),
                               "=d"(regs[4 * i + 3])
                             : "a"(0x80000002 + i), "c"(0));
        memcpy(c->model_name, regs, 48);
        c->model_name[48] = 0;
    }
    /* The TSC rate over 20 ms of the clock. */
    uint64_t t0 = __builtin_ia32_rdtsc(), c0 = (uint64_t)sys_clock();
    sys_wait(notif, 20000000ull);
    uint64_t t1 = __builtin_ia32_rdtsc(), c1 = (uint64_t)sys_clock();
    if (c1 > c0) c->mhz = (uint32_t)((t1 - t0) * 1000 / (c1 - c0));
}

static long mount_proc(void)
{
    cap_t s = slot_alloc();
    if (!s) return -ENOSPC;
    long r = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, s, ep, RIGHT_WRITE | RIGHT_GRANT, 0);
    if (r < 0) return r;
    static const char path[] = "/proc";
    memcpy(&ib()->w[IPC_REG_WORDS], path, sizeof path);
    ib()->caps_out[0] = s;
    struct ipc_msg m = {0};
    m.w[0] = VFS_FS_PROCFS;
    r = sys_call(PROC_CAP_VFS, IPC_INFO(VFS_MOUNT, IPC_REG_WORDS + 1, 1), &m);
    if (r == 0) r = (long)m.w[0];
    slot_delete(s);
    return r;
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    ep = slot_alloc();
    notif = slot_alloc();
    spare_in = slot_alloc();
    spare_reply = slot_alloc();
    long r = ep && notif && spare_in && spare_reply ? 0 : -ENOSPC;
    for (int i = 0; r == 0 && i < QLEN; i++) {
        q[i].in_slot = slot_alloc();
        q[i].reply_slot = slot_alloc();
        if (!q[i].in_slot || !q[i].reply_slot) r = -ENOSPC;
    }
    if (r == 0) r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_ENDPOINT, 0, ep);
    if (r == 0) r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, notif);
    if (r == 0) {
        node_init();
        cpu_detect();
        r = start_receiver();
    }
    if (r == 0) r = mount_proc();
    if (r < 0) {
        dprintf_k("procfs: cannot start: error %ld\n", r);
        return 1;
    }
    dprintf_k("procfs: mounted on /proc\n");
    uint64_t next_sample = (uint64_t)sys_clock() + LOAD_PERIOD_NS;
    for (;;) {
        uint64_t now = (uint64_t)sys_clock();
        if (now >= next_sample) {
            struct procfs_sys s;
            if (sys_get(&s) == 0) loadavg_update(procfs_load, s.running);
            next_sample = now + LOAD_PERIOD_NS;
        }
        uint32_t t = q_tail;
        if (t == __atomic_load_n(&q_head, __ATOMIC_ACQUIRE)) {
            sys_wait(notif, next_sample - now);
            continue;
        }
        struct entry *e = &q[t % QLEN];
        if (e->badge == 0) {
            if (e->has_cap && is_forward(e->label))
                forwarded(e);
            else if (e->has_reply)
                answer(e->reply_slot, -EPERM, NULL, NULL, 0, 0);
        } else {
            file_request(e);
        }
        /* Whatever was not used up goes before the entry is reused. */
        if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, e->in_slot) > 0)
            invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, e->in_slot);
        if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, e->reply_slot) > 0)
            invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, e->reply_slot);
        __atomic_store_n(&q_tail, t + 1, __ATOMIC_RELEASE);
    }
}
