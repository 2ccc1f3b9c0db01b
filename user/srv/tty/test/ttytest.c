/* ttytest: a terminal client for tests/system/test_tty.py. Opens /dev/ttyS0 (through vfs
 * when it has profile VFS, else through the registry name tty.ttyS0), then runs steps that
 * the test drives from the serial console: each step writes a prompt on the terminal and
 * reports on the kernel log, as "ttytest: ...", what the terminal gave it. */
#include "fsclient.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/tty.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define O_RDWR 02
#define O_NONBLOCK 04000
#define S_IFCHR 0020000u
#define POLLIN 1
#define POLLOUT 4

static cap_t tty;
static volatile int sigints;

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    dprintf_k("ttytest: %s\n", buf);
}

/* buf as printable text: \n, \r, \t, \xNN. */
static const char *show(const char *buf, long n)
{
    static char out[1024];
    size_t o = 0;
    for (long i = 0; i < n && o < sizeof out - 5; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n')
            o += (size_t)ksnprintf(out + o, sizeof out - o, "\\n");
        else if (c == '\r')
            o += (size_t)ksnprintf(out + o, sizeof out - o, "\\r");
        else if (c < 0x20 || c >= 0x7F || c == '\\')
            o += (size_t)ksnprintf(out + o, sizeof out - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    out[o] = 0;
    return out;
}

static void say(const char *s)
{
    file_write(tty, s, strlen(s), FILE_OFF_CUR);
}

static long rd(char *buf, size_t n)
{
    struct ipc_msg m = {0};
    m.w[0] = n;
    m.w[1] = FILE_OFF_CUR;
    long r = sys_call(tty, IPC_INFO(FILE_READ, 2, 0), &m);
    if (r < 0) return r;
    r = (long)m.w[0];
    if (r > 0) memcpy(buf, &((struct ipc_buffer *)cluu_ipcbuf_va)->w[IPC_REG_WORDS], (size_t)r);
    return r;
}

static void sleep_ms(uint64_t ms)
{
    static cap_t n;
    if (!n) {
        n = slot_alloc();
        invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, n);
    }
    sys_wait(n, ms * 1000000ull);
}

static long open_tty(void)
{
    if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, PROC_CAP_VFS) == OBJ_ENDPOINT) {
        unsigned type = 0;
        long r = vfs_open(PROC_CAP_VFS, "/dev/ttyS0", O_RDWR, 0, &tty, &type);
        report("opened /dev/ttyS0 through vfs: %ld (type %o)", r, type);
        if (r == 0) return 0;
    }
    cap_t opener;
    long r = registry_lookup(PROC_CAP_REGISTRY, "tty.ttyS0", &opener);
    if (r < 0) return r;
    tty = slot_alloc();
    struct ipc_buffer *ib = (struct ipc_buffer *)cluu_ipcbuf_va;
    ib->recv_slots[0] = tty;
    struct ipc_msg m = {0};
    m.w[0] = O_RDWR;
    r = sys_call(opener, IPC_INFO(VFS_OPEN, 4, 0), &m);
    if (r == 0) r = (long)m.w[0];
    if (r == 0 && ib->caps_in != 1) r = -EIO;
    report("opened tty.ttyS0 through the registry: %ld (type %lo)", r, (unsigned long)m.w[1]);
    return r;
}

static void on_sigint(int sig)
{
    (void)sig;
    sigints++;
}

static long get_termios(struct tty_termios *t)
{
    return file_ioctl(tty, TCGETS, 0, t, 0, sizeof *t);
}

static long set_termios(unsigned long req, struct tty_termios *t)
{
    return file_ioctl(tty, req, 0, t, sizeof *t, 0);
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    char buf[FILE_IO_MAX];
    long r = open_tty();
    if (r < 0) {
        report("cannot open the terminal: %ld", r);
        return 1;
    }
    struct file_stat st;
    r = file_stat(tty, &st);
    report("stat %ld mode %o rdev %lx", r, st.mode, (unsigned long)st.rdev);

    /* Canonical lines: the test types them with erase, kill and word-erase characters. */
    for (int i = 1; i <= 3; i++) {
        char prompt[32];
        ksnprintf(prompt, sizeof prompt, "line%d> ", i);
        say(prompt);
        r = rd(buf, sizeof buf);
        report("line %d (%ld) [%s]", i, r, show(buf, r));
    }

    /* Output processing: ONLCR turns \n into \r\n. */
    say("out:two\nlines\n");

    struct tty_winsize ws = {0};
    r = file_ioctl(tty, TIOCGWINSZ, 0, &ws, 0, sizeof ws);
    report("winsize %ld rows %u cols %u", r, ws.ws_row, ws.ws_col);
    ws = (struct tty_winsize){40, 100, 0, 0};
    r = file_ioctl(tty, TIOCSWINSZ, 0, &ws, sizeof ws, 0);
    ws = (struct tty_winsize){0};
    long r2 = file_ioctl(tty, TIOCGWINSZ, 0, &ws, 0, sizeof ws);
    report("winsize set %ld get %ld rows %u cols %u", r, r2, ws.ws_row, ws.ws_col);

    /* Raw mode: no echo, no signals, no CR translation, one byte at a time. */
    struct tty_termios saved, raw;
    r = get_termios(&saved);
    report("termios %ld iflag %o oflag %o lflag %o erase %d vmin %d", r, saved.c_iflag,
           saved.c_oflag, saved.c_lflag, saved.c_cc[VERASE], saved.c_cc[VMIN]);
    raw = saved;
    raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~ICRNL;
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    r = set_termios(TCSETS, &raw);
    struct tty_termios check;
    get_termios(&check);
    report("raw set %ld lflag %o", r, check.c_lflag);
    say("raw> ");
    for (int i = 0; i < 4; i++) {
        r = rd(buf, 1);
        report("raw byte %d (%ld) %s", i, r, show(buf, r));
    }
    /* FIONREAD and poll: the test types three bytes while we sleep. */
    say("fionread> ");
    sleep_ms(1500);
    int32_t avail = -1;
    r = file_ioctl(tty, FIONREAD, 0, &avail, 0, sizeof avail);
    long pr = file_call(tty, FILE_POLL, POLLIN | POLLOUT, 0);
    report("fionread %ld avail %d poll %lx", r, avail, (unsigned long)pr);
    r = rd(buf, sizeof buf);
    report("raw read (%ld) [%s]", r, show(buf, r));
    /* Non-blocking: nothing typed, so -EAGAIN. */
    long fl = file_call(tty, FILE_GETFL, 0, 0);
    file_call(tty, FILE_SETFL, (uint64_t)fl | O_NONBLOCK, 0);
    r = rd(buf, sizeof buf);
    pr = file_call(tty, FILE_POLL, POLLIN | POLLOUT, 0);
    report("nonblocking read %ld poll %lx", r, (unsigned long)pr);
    file_call(tty, FILE_SETFL, (uint64_t)fl, 0);
    /* VMIN 0, VTIME 5: a read with nothing typed returns 0 after half a second. */
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 5;
    set_termios(TCSETS, &raw);
    uint64_t t0 = (uint64_t)sys_clock();
    r = rd(buf, sizeof buf);
    report("vtime read %ld after %lu ms", r,
           (unsigned long)(((uint64_t)sys_clock() - t0) / 1000000));

    /* Back to canonical: end of file with ^D. */
    r = set_termios(TCSETSF, &saved);
    report("canonical again %ld", r);
    say("eof> ");
    r = rd(buf, sizeof buf);
    report("eof read 1 (%ld) [%s]", r, show(buf, r));
    r = rd(buf, sizeof buf);
    report("eof read 2 (%ld) [%s]", r, show(buf, r));

    /* ^C: SIGINT to the foreground group, which is ours. */
    long pgid = pm_setpgid(PROC_CAP_PROCMGR, 0, 0);
    pgid = pm_getpgid(PROC_CAP_PROCMGR, 0);
    int32_t pg = (int32_t)pgid;
    r = file_ioctl(tty, TIOCSPGRP, 0, &pg, sizeof pg, 0);
    pg = 0;
    r2 = file_ioctl(tty, TIOCGPGRP, 0, &pg, 0, sizeof pg);
    report("pgrp set %ld get %ld pgrp %d (own %ld)", r, r2, pg, pgid);
    cluu_signal(SIGINT, on_sigint, 0, 0);
    say("intr> ");
    r = rd(buf, sizeof buf);
    report("interrupted read %ld sigints %d", r, sigints);
    /* The line typed before ^C was discarded; this one is read. */
    say("after> ");
    r = rd(buf, sizeof buf);
    report("after read (%ld) [%s]", r, show(buf, r));

    file_call(tty, FILE_CLOSE, 0, 0);
    report("done");
    return 0;
}
