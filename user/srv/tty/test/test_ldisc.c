/* Host unit tests of the line discipline (ldisc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ldisc.h"

static char echoed[4096];
static size_t nechoed;
static int sigs[16], nsigs;

static void cap_output(void *ctx, const char *buf, size_t n)
{
    (void)ctx;
    assert_true(nechoed + n < sizeof echoed);
    memcpy(echoed + nechoed, buf, n);
    nechoed += n;
    echoed[nechoed] = 0;
}

static void cap_signal(void *ctx, int sig)
{
    (void)ctx;
    sigs[nsigs++] = sig;
}

static const struct ldisc_ops ops = {cap_output, cap_signal};
static struct ldisc ld;

static int setup(void **state)
{
    (void)state;
    ldisc_init(&ld, &ops, NULL);
    nechoed = 0;
    echoed[0] = 0;
    nsigs = 0;
    return 0;
}

static void type(const char *s)
{
    ldisc_input(&ld, s, strlen(s));
}

/* Reads everything a read of n bytes returns now, NUL-terminated; the count. */
static long readn(char *buf, size_t n)
{
    if (ldisc_read_deadline(&ld, n, 0, 0) != 0) return -1; /* would block */
    size_t k = ldisc_read(&ld, buf, n, false);
    buf[k] = 0;
    return (long)k;
}

static void set_raw(uint8_t vmin, uint8_t vtime)
{
    struct tty_termios t = ld.t;
    t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
    t.c_iflag &= ~ICRNL;
    t.c_cc[VMIN] = vmin;
    t.c_cc[VTIME] = vtime;
    ldisc_set_termios(&ld, &t, false);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct tty_termios), 36);
    assert_true(ld.t.c_lflag & ICANON);
    assert_true(ld.t.c_lflag & ECHO);
    assert_true(ld.t.c_lflag & ISIG);
    assert_true(ld.t.c_iflag & ICRNL);
    assert_int_equal(ld.t.c_oflag & (OPOST | ONLCR), OPOST | ONLCR);
    assert_int_equal(ld.t.c_cc[VERASE], 0177);
    assert_int_equal(ld.t.c_cc[VKILL], 025);
    assert_int_equal(ld.t.c_cc[VEOF], 4);
    assert_int_equal(ld.t.c_cc[VMIN], 1);
}

static void test_canonical_line(void **state)
{
    (void)state;
    char buf[64];
    type("hello");
    assert_int_equal(readn(buf, sizeof buf), -1); /* no line yet */
    assert_int_equal(ldisc_available(&ld), 0);
    type("\r"); /* ICRNL */
    assert_int_equal(ldisc_available(&ld), 6);
    assert_int_equal(readn(buf, sizeof buf), 6);
    assert_string_equal(buf, "hello\n");
    assert_string_equal(echoed, "hello\r\n"); /* echo with ONLCR */
}

static void test_one_line_per_read(void **state)
{
    (void)state;
    char buf[64];
    type("ab\ncd\n");
    assert_int_equal(readn(buf, sizeof buf), 3);
    assert_string_equal(buf, "ab\n");
    /* A short read leaves the rest of the line. */
    assert_int_equal(readn(buf, 1), 1);
    assert_string_equal(buf, "c");
    assert_int_equal(readn(buf, sizeof buf), 2);
    assert_string_equal(buf, "d\n");
    assert_int_equal(readn(buf, sizeof buf), -1);
}

static void test_erase(void **state)
{
    (void)state;
    char buf[64];
    type("hellx\x7fo wrold\b\b\b\borld\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "hello world\n");
    /* ECHOE: each erase rubs out one column. */
    assert_string_equal(echoed, "hellx\b \bo wrold\b \b\b \b\b \b\b \borld\r\n");
}

static void test_erase_without_echoe(void **state)
{
    (void)state;
    char buf[64];
    ld.t.c_lflag &= ~ECHOE;
    type("ab\x7f\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "a\n");
    assert_string_equal(echoed, "ab^?\r\n"); /* the erase character is echoed instead */
}

static void test_erase_at_line_start(void **state)
{
    (void)state;
    char buf[64];
    type("\x7f\x7fx\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "x\n");
    assert_string_equal(echoed, "x\r\n");
}

static void test_erase_control_and_utf8(void **state)
{
    (void)state;
    char buf[64];
    /* A literal ^A (via ^V) echoes as two columns and is erased as two. */
    type("a\x16\x01");
    assert_string_equal(echoed, "a^\b^A");
    nechoed = 0;
    type("\x7f");
    assert_string_equal(echoed, "\b \b\b \b");
    /* A UTF-8 character is erased whole. */
    nechoed = 0;
    type("\xc3\xa9\x7f\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "a\n");
    assert_string_equal(echoed, "\xc3\xa9\b \b\r\n");
}

static void test_erase_tab(void **state)
{
    (void)state;
    char buf[64];
    type("ab\t");
    nechoed = 0;
    type("\x7f");
    /* From column 8 back to column 2: backspaces only. */
    assert_string_equal(echoed, "\b\b\b\b\b\b");
    type("c\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "abc\n");
}

static void test_kill(void **state)
{
    (void)state;
    char buf[64];
    type("garbage\x15good\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "good\n");
    /* ECHOKE: the killed line is rubbed out. */
    assert_string_equal(echoed, "garbage\b \b\b \b\b \b\b \b\b \b\b \b\b \bgood\r\n");
}

static void test_kill_echok(void **state)
{
    (void)state;
    char buf[64];
    ld.t.c_lflag &= ~ECHOKE;
    type("xy\x15z\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "z\n");
    assert_string_equal(echoed, "xy^U\r\nz\r\n");
}

static void test_word_erase(void **state)
{
    (void)state;
    char buf[64];
    type("one two  \x17three\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "one three\n");
    type("single\x17\x17x\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "x\n");
}

static void test_no_echo(void **state)
{
    (void)state;
    char buf[64];
    ld.t.c_lflag &= ~ECHO;
    type("secret\r");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "secret\n");
    assert_int_equal(nechoed, 0);
    /* ECHONL still shows the newline. */
    ld.t.c_lflag |= ECHONL;
    type("pw\n");
    assert_string_equal(echoed, "\r\n");
}

static void test_signals(void **state)
{
    (void)state;
    char buf[64];
    type("typed\x03");
    assert_int_equal(nsigs, 1);
    assert_int_equal(sigs[0], 2); /* SIGINT */
    assert_string_equal(echoed, "typed^C");
    type("\x1c\x1a");
    assert_int_equal(nsigs, 3);
    assert_int_equal(sigs[1], 3);  /* SIGQUIT */
    assert_int_equal(sigs[2], 20); /* SIGTSTP */
    /* The line typed before ^C is discarded. */
    type("new\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "new\n");
}

static void test_signals_noflsh_and_off(void **state)
{
    (void)state;
    char buf[64];
    ld.t.c_lflag |= NOFLSH;
    type("keep\x03\n");
    assert_int_equal(nsigs, 1);
    readn(buf, sizeof buf);
    assert_string_equal(buf, "keep\n");
    /* Without ISIG, ^C is data. */
    ld.t.c_lflag &= ~ISIG;
    type("\x03\n");
    assert_int_equal(nsigs, 1);
    readn(buf, sizeof buf);
    assert_string_equal(buf, "\x03\n");
}

static void test_eof(void **state)
{
    (void)state;
    char buf[64];
    type("\x04");
    assert_int_equal(readn(buf, sizeof buf), 0);  /* end of file at line start */
    assert_int_equal(readn(buf, sizeof buf), -1); /* consumed */
    type("abc\x04");
    assert_int_equal(readn(buf, sizeof buf), 3); /* ^D mid-line: the line without a newline */
    assert_string_equal(buf, "abc");
    assert_int_equal(nechoed, 3);
    /* A zero-byte read does not eat the end-of-file mark. */
    type("\x04");
    assert_int_equal(ldisc_read_deadline(&ld, 0, 0, 0), 0);
    assert_int_equal(readn(buf, sizeof buf), 0);
}

static void test_lnext(void **state)
{
    (void)state;
    char buf[64];
    type("\x16\x7f\x16\x03\n");
    readn(buf, sizeof buf);
    assert_string_equal(buf, "\x7f\x03\n");
    assert_int_equal(nsigs, 0);
}

static void test_icrnl_inlcr_igncr(void **state)
{
    (void)state;
    char buf[64];
    ld.t.c_iflag &= ~ICRNL;
    set_raw(1, 0);
    type("\r");
    assert_int_equal(readn(buf, sizeof buf), 1);
    assert_int_equal(buf[0], '\r');
    ld.t.c_iflag |= ICRNL;
    type("\r");
    readn(buf, sizeof buf);
    assert_int_equal(buf[0], '\n');
    ld.t.c_iflag = INLCR;
    type("\n");
    readn(buf, sizeof buf);
    assert_int_equal(buf[0], '\r');
    ld.t.c_iflag = IGNCR;
    type("\rq");
    assert_int_equal(readn(buf, sizeof buf), 1);
    assert_int_equal(buf[0], 'q');
}

static void test_output_processing(void **state)
{
    (void)state;
    ldisc_write(&ld, "a\nb\n", 4);
    assert_string_equal(echoed, "a\r\nb\r\n");
    nechoed = 0;
    ld.t.c_oflag &= ~ONLCR;
    ldisc_write(&ld, "a\n", 2);
    assert_string_equal(echoed, "a\n");
    nechoed = 0;
    ld.t.c_oflag = OPOST | OCRNL;
    ldisc_write(&ld, "a\r", 2);
    assert_string_equal(echoed, "a\n");
    nechoed = 0;
    ld.t.c_oflag = ONLCR; /* without OPOST nothing is processed */
    ldisc_write(&ld, "x\n", 2);
    assert_string_equal(echoed, "x\n");
}

static void test_raw(void **state)
{
    (void)state;
    char buf[64];
    set_raw(1, 0);
    assert_int_equal(readn(buf, sizeof buf), -1);
    type("a");
    assert_int_equal(nechoed, 0); /* no echo */
    assert_int_equal(readn(buf, sizeof buf), 1);
    assert_string_equal(buf, "a");
    /* No editing, no signals: every byte is data. */
    type("x\x7f\x15\x03\x04");
    assert_int_equal(nsigs, 0);
    assert_int_equal(ldisc_available(&ld), 5);
    assert_int_equal(readn(buf, sizeof buf), 5);
    assert_memory_equal(buf, "x\x7f\x15\x03\x04", 5);
}

static void test_raw_echo(void **state)
{
    (void)state;
    struct tty_termios t = ld.t;
    t.c_lflag &= ~ICANON;
    ldisc_set_termios(&ld, &t, false);
    type("k\x01");
    assert_string_equal(echoed, "k^A");
}

static void test_vmin_vtime(void **state)
{
    (void)state;
    const uint64_t ms = 1000000;
    set_raw(3, 0);
    type("ab");
    assert_int_equal(ldisc_read_deadline(&ld, 10, 0, 0), LDISC_NEVER);
    assert_int_equal(ldisc_read_deadline(&ld, 2, 0, 0), 0); /* asked for less than VMIN */
    type("c");
    assert_int_equal(ldisc_read_deadline(&ld, 10, 0, 0), 0);
    ldisc_flush_input(&ld);
    /* VMIN 0, VTIME 5: at most half a second from the start of the read. */
    set_raw(0, 5);
    assert_int_equal(ldisc_read_deadline(&ld, 10, 1000 * ms, 0), 1500 * ms);
    type("z");
    assert_int_equal(ldisc_read_deadline(&ld, 10, 1000 * ms, 0), 0);
    ldisc_flush_input(&ld);
    /* VMIN 0, VTIME 0: never waits. */
    set_raw(0, 0);
    assert_int_equal(ldisc_read_deadline(&ld, 10, 0, 0), 0);
    /* VMIN 4, VTIME 2: an inter-byte timer once the first byte is there. */
    set_raw(4, 2);
    assert_int_equal(ldisc_read_deadline(&ld, 10, 0, 0), LDISC_NEVER);
    type("q");
    assert_int_equal(ldisc_read_deadline(&ld, 10, 100 * ms, 300 * ms), 500 * ms);
}

static void test_mode_switch(void **state)
{
    (void)state;
    char buf[64];
    type("part");
    struct tty_termios canon = ld.t;
    set_raw(1, 0);
    /* The edited line becomes readable in raw mode. */
    assert_int_equal(readn(buf, sizeof buf), 4);
    assert_string_equal(buf, "part");
    type("xy");
    ldisc_set_termios(&ld, &canon, false);
    assert_int_equal(readn(buf, sizeof buf), 2);
    assert_string_equal(buf, "xy");
    /* TCSETSF discards what was typed. */
    type("gone\n");
    ldisc_set_termios(&ld, &canon, true);
    assert_int_equal(readn(buf, sizeof buf), -1);
}

static void test_peek(void **state)
{
    (void)state;
    char buf[64];
    type("abc\n");
    assert_int_equal(ldisc_read(&ld, buf, sizeof buf, true), 4);
    assert_int_equal(ldisc_available(&ld), 4);
    assert_int_equal(ldisc_read(&ld, buf, sizeof buf, false), 4);
    assert_int_equal(ldisc_available(&ld), 0);
}

static void test_long_line(void **state)
{
    (void)state;
    static char big[LDISC_LINE_MAX + 100], buf[LDISC_LINE_MAX + 100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    ld.t.c_lflag &= ~ECHO;
    type(big);
    assert_int_equal(ld.nedit, LDISC_LINE_MAX - 1);
    type("\n"); /* the terminator still fits */
    size_t k = ldisc_read(&ld, buf, sizeof buf, false);
    assert_int_equal(k, LDISC_LINE_MAX);
    assert_int_equal(buf[k - 1], '\n');
}

static void test_reprint(void **state)
{
    (void)state;
    type("abc");
    nechoed = 0;
    type("\x12");
    assert_string_equal(echoed, "^R\r\nabc");
}

#define T(f) cmocka_unit_test_setup(f, setup)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_defaults),
        T(test_canonical_line),
        T(test_one_line_per_read),
        T(test_erase),
        T(test_erase_without_echoe),
        T(test_erase_at_line_start),
        T(test_erase_control_and_utf8),
        T(test_erase_tab),
        T(test_kill),
        T(test_kill_echok),
        T(test_word_erase),
        T(test_no_echo),
        T(test_signals),
        T(test_signals_noflsh_and_off),
        T(test_eof),
        T(test_lnext),
        T(test_icrnl_inlcr_igncr),
        T(test_output_processing),
        T(test_raw),
        T(test_raw_echo),
        T(test_vmin_vtime),
        T(test_mode_switch),
        T(test_peek),
        T(test_long_line),
        T(test_reprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
