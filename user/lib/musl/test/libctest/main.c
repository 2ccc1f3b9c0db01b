/* libctest: the C library on CLUU (musl + the glue in user/lib/musl/glue), run inside CLUU
 * from libctest.conf. The cases live in one file per area; each case returns NULL when it
 * passes or a reason; cases that need a service the machine does not run (vfs, a procmgr
 * request not implemented yet) are skipped, not failed. The summary line is
 * "libctest: N passed, M failed, K skipped".
 *
 * "libctest only NAME..." runs the cases named; "libctest exit CODE" exits with CODE, "libctest
 * echo TEXT" prints TEXT and $LIBCTEST_ENV, "libctest fdcheck N" exits 0 if fd N is closed (the
 * children of the exec and spawn cases); "libctest stdio" and "libctest tty" are the
 * /dev/null and terminal runs. */
#include "libctest.h"

char libctest_why[256];
int have_vfs;

uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const struct test *const areas[] = {
    misc_tests, stdio_tests, mem_tests,  thread_tests, signal_tests,
    proc_tests, file_tests,  pipe_tests, dir_tests,    errno_tests,
};

/* "libctest stdio", started with stdio=/dev/null: fds 0..2 are /dev/null, then closing 1
 * and 2 puts stdout and stderr back on the console fallback. */
static int stdio_mode(void)
{
    int fails = 0;
    struct stat st[3];
    for (int fd = 0; fd < 3; fd++)
        if (fstat(fd, &st[fd]) != 0 || !S_ISCHR(st[fd].st_mode)) fails |= 1 << fd;
    if (isatty(0) || errno != ENOTTY) fails |= 8;
    if (write(1, "to /dev/null\n", 13) != 13) fails |= 16;
    char c;
    if (read(0, &c, 1) != 0) fails |= 32;
    if (st[1].st_ino != st[2].st_ino) fails |= 64;
    close(1);
    if (dup2(2, 1) != 1 || fcntl(1, F_GETFD) != 0) fails |= 128;
    close(1);
    close(2);
    if (write(1, "libctest-stdio: console again\n", 31) != 31) fails |= 256;
    printf("libctest-stdio: %s (0x%x)\n", fails ? "FAIL" : "ok", fails);
    fflush(stdout);
    return fails ? 1 : 0;
}

/* "libctest tty" (bootconf=libctty.conf): termios and poll on /dev/ttyS0, driven by
 * tests/system/test_libc.py typing on the serial console. Reports on stdout (the console). */
static int tty_passed, tty_failed;
static void tty_check(int ok, const char *what)
{
    if (ok)
        tty_passed++;
    else
        tty_failed++;
    printf("libctest-tty: %s %s (errno %d)\n", ok ? "ok" : "FAIL", what, errno);
}

static int tty_mode(void)
{
    int fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY);
    tty_check(fd >= 0, "open /dev/ttyS0");
    if (fd < 0) return 1;
    tty_check(isatty(fd) == 1, "isatty");
    struct termios orig, raw;
    tty_check(tcgetattr(fd, &orig) == 0 && (orig.c_lflag & ICANON) && (orig.c_lflag & ECHO),
              "tcgetattr (TCGETS, 60 bytes): canonical, echo");
    struct winsize ws, ws2 = {.ws_row = 30, .ws_col = 100}, got;
    tty_check(ioctl(fd, TIOCGWINSZ, &ws) == 0, "TIOCGWINSZ");
    tty_check(ioctl(fd, TIOCSWINSZ, &ws2) == 0 && ioctl(fd, TIOCGWINSZ, &got) == 0 &&
                  got.ws_row == 30 && got.ws_col == 100,
              "TIOCSWINSZ then TIOCGWINSZ");
    ioctl(fd, TIOCSWINSZ, &ws);
    pid_t pg = tcgetpgrp(fd);
    tty_check(pg >= 0 || errno == ENOTTY, "tcgetpgrp (TIOCGPGRP)");
    struct pollfd pf = {fd, POLLOUT, 0};
    tty_check(poll(&pf, 1, 0) == 1 && (pf.revents & POLLOUT), "poll POLLOUT");
    tty_check(tcflush(fd, TCIFLUSH) == 0 && tcdrain(fd) == 0, "tcflush, tcdrain");

    raw = orig;
    cfmakeraw(&raw);
    tty_check(tcsetattr(fd, TCSANOW, &raw) == 0, "tcsetattr raw (TCSETS)");
    struct termios now;
    tty_check(tcgetattr(fd, &now) == 0 && !(now.c_lflag & (ICANON | ECHO)), "raw mode read back");
    write(fd, "libctest-tty raw> ", 18);
    char c = 0;
    ssize_t n = read(fd, &c, 1);
    tty_check(n == 1 && c == 'Q', "raw read of one byte");
    tty_check(tcsetattr(fd, TCSAFLUSH, &orig) == 0, "tcsetattr restore (TCSETSF)");

    pf = (struct pollfd){fd, POLLIN, 0};
    tty_check(poll(&pf, 1, 0) == 0, "poll POLLIN, nothing typed");
    write(fd, "libctest-tty line> ", 19);
    int pr = poll(&pf, 1, 20000);
    tty_check(pr == 1 && (pf.revents & POLLIN), "poll POLLIN waits for a line");
    int avail = 0;
    tty_check(ioctl(fd, FIONREAD, &avail) == 0 && avail >= 3, "FIONREAD");
    char line[32] = {0};
    n = read(fd, line, sizeof line - 1);
    tty_check(n == 3 && !strcmp(line, "xy\n"), "canonical read of a line");
    close(fd);
    printf("libctest-tty: %d passed, %d failed\n", tty_passed, tty_failed);
    return tty_failed ? 1 : 0;
}

static int listed(const char *name, char **names)
{
    for (; *names; names++)
        if (!strcmp(*names, name)) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "tty")) return tty_mode();
    if (argc == 2 && !strcmp(argv[1], "stdio")) return stdio_mode();
    if (argc == 3 && !strcmp(argv[1], "echo")) {
        const char *env = getenv("LIBCTEST_ENV");
        printf("%s %s\n", argv[2], env ? env : "(no env)");
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "exit")) return atoi(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "fdcheck"))
        return fcntl(atoi(argv[2]), F_GETFD) == -1 && errno == EBADF ? 0 : 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int only = argc >= 3 && !strcmp(argv[1], "only");
    struct stat st;
    have_vfs = stat("/", &st) == 0;
    size_t total = 0;
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
        for (const struct test *t = areas[a]; t->fn; t++)
            total++;
    printf("libctest: %zu cases, vfs %s\n", total,
           have_vfs ? "present" : "absent (file cases skipped)");
    int passed = 0, failed = 0, skipped = 0;
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
        for (const struct test *t = areas[a]; t->fn; t++) {
            if (only && !listed(t->name, argv + 2)) continue;
            errno = 0;
            const char *r = t->fn();
            if (r == SKIP) {
                skipped++;
                printf("libctest: SKIP %s\n", t->name);
            } else if (r) {
                failed++;
                printf("libctest: FAIL %s: %s\n", t->name, r);
            } else {
                passed++;
                printf("libctest: ok %s\n", t->name);
            }
        }
    }
    printf("libctest: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
