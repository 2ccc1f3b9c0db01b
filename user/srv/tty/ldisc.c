/* The line discipline (ldisc.h). Only compiler builtins: it builds freestanding for CLUU and
 * with the host C library for the unit tests. */
#include "ldisc.h"

#define SIGINT 2
#define SIGQUIT 3
#define SIGTSTP 20

void ldisc_default_termios(struct tty_termios *t)
{
    __builtin_memset(t, 0, sizeof *t);
    t->c_iflag = ICRNL | IXON | IUTF8;
    t->c_oflag = OPOST | ONLCR;
    t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
    t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    t->c_cc[VINTR] = 003;
    t->c_cc[VQUIT] = 034;
    t->c_cc[VERASE] = 0177;
    t->c_cc[VKILL] = 025;
    t->c_cc[VEOF] = 004;
    t->c_cc[VTIME] = 0;
    t->c_cc[VMIN] = 1;
    t->c_cc[VSTART] = 021;
    t->c_cc[VSTOP] = 023;
    t->c_cc[VSUSP] = 032;
    t->c_cc[VREPRINT] = 022;
    t->c_cc[VDISCARD] = 017;
    t->c_cc[VWERASE] = 027;
    t->c_cc[VLNEXT] = 026;
}

void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx)
{
    __builtin_memset(ld, 0, sizeof *ld);
    ldisc_default_termios(&ld->t);
    ld->ops = ops;
    ld->ctx = ctx;
}

static void flush_out(struct ldisc *ld)
{
    if (ld->nobuf && ld->ops && ld->ops->output) ld->ops->output(ld->ctx, ld->obuf, ld->nobuf);
    ld->nobuf = 0;
}

/* One byte to the terminal as is; keeps track of the column. */
static void put(struct ldisc *ld, char c)
{
    if (ld->nobuf == sizeof ld->obuf) flush_out(ld);
    ld->obuf[ld->nobuf++] = c;
    unsigned char u = (unsigned char)c;
    if (c == '\r' || c == '\n')
        ld->col = 0;
    else if (c == '\b')
        ld->col -= ld->col > 0;
    else if (c == '\t')
        ld->col = (ld->col | 7) + 1;
    else if (u >= 0x20 && u != 0x7F && (u & 0xC0) != 0x80)
        ld->col++;
}

/* One byte with output processing. */
static void out(struct ldisc *ld, char c)
{
    if (ld->t.c_oflag & OPOST) {
        if (c == '\n' && (ld->t.c_oflag & ONLCR)) {
            put(ld, '\r');
        } else if (c == '\r' && (ld->t.c_oflag & OCRNL)) {
            c = '\n';
        } else if (c == '\r' && (ld->t.c_oflag & ONOCR) && ld->col == 0) {
            return;
        }
    }
    put(ld, c);
}

static bool is_ctl(unsigned char u)
{
    return u < 0x20 || u == 0x7F;
}

/* Echo of one input byte: control characters as ^X with ECHOCTL. */
static void echo(struct ldisc *ld, char c)
{
    if (!(ld->t.c_lflag & ECHO)) return;
    unsigned char u = (unsigned char)c;
    if ((ld->t.c_lflag & ECHOCTL) && is_ctl(u) && c != '\t' && c != '\n') {
        out(ld, '^');
        out(ld, (char)(u ^ 0x40));
        return;
    }
    out(ld, c);
}

static bool is_cc(const struct ldisc *ld, unsigned char c, int idx)
{
    return ld->t.c_cc[idx] != 0 && c == ld->t.c_cc[idx];
}

/* The column the echo of the edited line reaches after its first n bytes. */
static unsigned line_col(const struct ldisc *ld, size_t n)
{
    unsigned col = ld->edit_col;
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)ld->edit[i];
        if ((ld->t.c_iflag & IUTF8) && (u & 0xC0) == 0x80) continue;
        if (u == '\t')
            col = (col | 7) + 1;
        else if (is_ctl(u))
            col += (ld->t.c_lflag & ECHOCTL) ? 2 : 0;
        else
            col++;
    }
    return col;
}

/* Rubs out the screen from column `from` back to column `to`. */
static void rub_out(struct ldisc *ld, unsigned from, unsigned to, bool tab)
{
    for (; from > to; from--) {
        out(ld, '\b');
        if (!tab) {
            out(ld, ' ');
            out(ld, '\b');
        }
    }
}

/* Removes the last character of the edited line (a whole UTF-8 sequence with IUTF8). */
static void erase_char(struct ldisc *ld)
{
    if (ld->nedit == 0) return;
    size_t n = ld->nedit - 1;
    if (ld->t.c_iflag & IUTF8)
        while (n > 0 && ((unsigned char)ld->edit[n] & 0xC0) == 0x80)
            n--;
    bool tab = ld->edit[n] == '\t';
    unsigned before = line_col(ld, ld->nedit), after = line_col(ld, n);
    ld->nedit = n;
    if (!(ld->t.c_lflag & ECHO)) return;
    if (ld->t.c_lflag & ECHOE)
        rub_out(ld, before, after, tab);
    else
        echo(ld, (char)ld->t.c_cc[VERASE]);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void erase_word(struct ldisc *ld)
{
    while (ld->nedit && is_space(ld->edit[ld->nedit - 1]))
        erase_char(ld);
    while (ld->nedit && !is_space(ld->edit[ld->nedit - 1]))
        erase_char(ld);
}

static void kill_line(struct ldisc *ld)
{
    uint32_t lf = ld->t.c_lflag;
    if ((lf & ECHO) && (lf & ECHOK) && (lf & ECHOKE) && (lf & ECHOE)) {
        rub_out(ld, line_col(ld, ld->nedit), ld->edit_col, false);
    } else if (lf & ECHO) {
        echo(ld, (char)ld->t.c_cc[VKILL]);
        if (lf & ECHOK) out(ld, '\n');
    }
    ld->nedit = 0;
}

static void reprint(struct ldisc *ld)
{
    if (!(ld->t.c_lflag & ECHO)) return;
    echo(ld, (char)ld->t.c_cc[VREPRINT]);
    out(ld, '\n');
    ld->edit_col = ld->col;
    for (size_t i = 0; i < ld->nedit; i++)
        echo(ld, ld->edit[i]);
}

/* Moves the edited line to the read queue as one line (len 0 with eof: an end-of-file
 * mark). A line that does not fit is dropped. */
static void finish_line(struct ldisc *ld)
{
    if (ld->nlines < LDISC_LINES && ld->nq + ld->nedit <= LDISC_QUEUE) {
        __builtin_memcpy(ld->q + ld->nq, ld->edit, ld->nedit);
        ld->nq += ld->nedit;
        ld->lines[ld->nlines++] = (uint16_t)ld->nedit;
    }
    ld->nedit = 0;
}

static void add_char(struct ldisc *ld, char c)
{
    /* The last byte of the line is kept for its terminator. */
    if (ld->nedit >= LDISC_LINE_MAX - 1) return;
    if (ld->nedit == 0) ld->edit_col = ld->col;
    ld->edit[ld->nedit++] = c;
    echo(ld, c);
}

static void input_canonical(struct ldisc *ld, char c)
{
    unsigned char u = (unsigned char)c;
    uint32_t lf = ld->t.c_lflag;
    if (ld->lnext) {
        ld->lnext = false;
        add_char(ld, c); /* its echo overwrites the "^" hint */
        return;
    }
    if ((lf & IEXTEN) && is_cc(ld, u, VLNEXT)) {
        ld->lnext = true;
        if (lf & ECHO) {
            out(ld, '^');
            out(ld, '\b');
        }
        return;
    }
    /* Both DEL and ^H erase, whichever VERASE is. */
    if (is_cc(ld, u, VERASE) || u == 0x7F || u == '\b') {
        erase_char(ld);
        return;
    }
    if ((lf & IEXTEN) && is_cc(ld, u, VWERASE)) {
        erase_word(ld);
        return;
    }
    if (is_cc(ld, u, VKILL)) {
        kill_line(ld);
        return;
    }
    if ((lf & IEXTEN) && is_cc(ld, u, VREPRINT)) {
        reprint(ld);
        return;
    }
    if (is_cc(ld, u, VEOF)) {
        finish_line(ld);
        return;
    }
    if (c == '\n' || is_cc(ld, u, VEOL) || is_cc(ld, u, VEOL2)) {
        if (ld->nedit == 0) ld->edit_col = ld->col;
        ld->edit[ld->nedit++] = c;
        if (lf & ECHO)
            echo(ld, c);
        else if (c == '\n' && (lf & ECHONL))
            out(ld, '\n');
        finish_line(ld);
        return;
    }
    add_char(ld, c);
}

static void input_raw(struct ldisc *ld, char c)
{
    if (ld->nq < LDISC_QUEUE) ld->q[ld->nq++] = c;
    echo(ld, c);
}

static void input_byte(struct ldisc *ld, char c)
{
    unsigned char u = (unsigned char)c;
    uint32_t ifl = ld->t.c_iflag;
    if (ifl & ISTRIP) u &= 0x7F;
    c = (char)u;
    if (!ld->lnext) {
        if (c == '\r' && (ifl & IGNCR)) return;
        if (c == '\r' && (ifl & ICRNL))
            c = '\n';
        else if (c == '\n' && (ifl & INLCR))
            c = '\r';
        u = (unsigned char)c;
        if (ld->t.c_lflag & ISIG) {
            int sig = is_cc(ld, u, VINTR)   ? SIGINT
                      : is_cc(ld, u, VQUIT) ? SIGQUIT
                      : is_cc(ld, u, VSUSP) ? SIGTSTP
                                            : 0;
            if (sig) {
                if (!(ld->t.c_lflag & NOFLSH)) ldisc_flush_input(ld);
                echo(ld, c);
                flush_out(ld);
                if (ld->ops && ld->ops->signal) ld->ops->signal(ld->ctx, sig);
                return;
            }
        }
    }
    if (ld->t.c_lflag & ICANON)
        input_canonical(ld, c);
    else
        input_raw(ld, c);
}

void ldisc_input(struct ldisc *ld, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        input_byte(ld, buf[i]);
    flush_out(ld);
}

void ldisc_write(struct ldisc *ld, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out(ld, buf[i]);
    flush_out(ld);
}

size_t ldisc_read(struct ldisc *ld, char *buf, size_t n, bool peek)
{
    size_t k = ld->nq < n ? ld->nq : n;
    if (ld->t.c_lflag & ICANON) {
        if (ld->nlines == 0) return 0;
        if (k > ld->lines[0]) k = ld->lines[0];
    }
    __builtin_memcpy(buf, ld->q, k);
    if (peek) return k;
    __builtin_memmove(ld->q, ld->q + k, ld->nq - k);
    ld->nq -= k;
    if ((ld->t.c_lflag & ICANON) && ld->nlines) {
        if (k == ld->lines[0]) {
            __builtin_memmove(ld->lines, ld->lines + 1, (ld->nlines - 1) * sizeof ld->lines[0]);
            ld->nlines--;
        } else {
            ld->lines[0] = (uint16_t)(ld->lines[0] - k);
        }
    }
    return k;
}

uint64_t ldisc_read_deadline(const struct ldisc *ld, size_t want, uint64_t start_ns,
                             uint64_t last_rx_ns)
{
    if (want == 0) return 0;
    if (ld->t.c_lflag & ICANON) return ld->nlines ? 0 : LDISC_NEVER;
    uint64_t vmin = ld->t.c_cc[VMIN], vtime = ld->t.c_cc[VTIME] * 100000000ull;
    if (vmin == 0) {
        if (ld->nq || vtime == 0) return 0;
        return start_ns + vtime;
    }
    if (ld->nq >= (want < vmin ? want : vmin)) return 0;
    if (vtime && ld->nq) return (last_rx_ns > start_ns ? last_rx_ns : start_ns) + vtime;
    return LDISC_NEVER;
}

size_t ldisc_available(const struct ldisc *ld)
{
    return ld->nq;
}

void ldisc_flush_input(struct ldisc *ld)
{
    ld->nq = 0;
    ld->nlines = 0;
    ld->nedit = 0;
    ld->lnext = false;
}

void ldisc_set_termios(struct ldisc *ld, const struct tty_termios *t, bool flush)
{
    if (flush) ldisc_flush_input(ld);
    bool was_canon = ld->t.c_lflag & ICANON, canon = t->c_lflag & ICANON;
    if (was_canon && !canon) {
        /* The line being edited becomes readable. */
        size_t k = ld->nedit < LDISC_QUEUE - ld->nq ? ld->nedit : LDISC_QUEUE - ld->nq;
        __builtin_memcpy(ld->q + ld->nq, ld->edit, k);
        ld->nq += k;
        ld->nedit = 0;
        ld->nlines = 0;
    } else if (!was_canon && canon) {
        /* What was typed raw reads as one line. */
        ld->nlines = 0;
        if (ld->nq) ld->lines[ld->nlines++] = (uint16_t)ld->nq;
    }
    ld->t = *t;
}
