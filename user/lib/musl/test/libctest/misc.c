/* libctest: time, identity, uname, randomness, the console, libc odds and ends. */
#include "libctest.h"
#include <sys/socket.h>

static const char *t_clock_monotonic(void)
{
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    for (int i = 0; i < 1000; i++) {
        CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
        CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
        CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000);
        a = b;
    }
    CHECK(clock_gettime(CLOCK_REALTIME, &b) == 0);
    CHECK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b) == 0);
    CHECK(clock_gettime(12345, &b) == -1 && errno == EINVAL);
    return NULL;
}

static const char *t_nanosleep(void)
{
    struct timespec ts = {0, 50000000};
    uint64_t t0 = now_ns();
    CHECK(nanosleep(&ts, NULL) == 0);
    uint64_t dt = now_ns() - t0;
    CHECK(dt >= 50000000 && dt < 1000000000);
    t0 = now_ns();
    CHECK(usleep(20000) == 0);
    CHECK(now_ns() - t0 >= 20000000);
    ts.tv_nsec = 2000000000;
    CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
    return NULL;
}

static const char *t_clock_nanosleep_abs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t t0 = now_ns();
    ts.tv_nsec += 30000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0);
    CHECK(now_ns() - t0 >= 29000000);
    return NULL;
}

static const char *t_gettimeofday(void)
{
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0);
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    time_t t = time(NULL);
    CHECK(t >= tv.tv_sec);
    return NULL;
}

static const char *t_enosys(void)
{
    errno = 0;
    CHECK(syscall(SYS_ptrace, 0, 0, 0, 0) == -1 && errno == ENOSYS);
    errno = 0;
    CHECK(syscall(SYS_timer_create, 0, NULL, NULL) == -1 && errno == ENOSYS);
    /* No address family exists: sockets fail as Linux's would without one. */
    CHECK(socket(AF_UNIX, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT);
    CHECK(socket(AF_INET, SOCK_DGRAM, 0) == -1 && errno == EAFNOSUPPORT);
    return NULL;
}

static const char *t_uname(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0);
    CHECK(strcmp(u.sysname, "CLUU") == 0);
    CHECK(strcmp(u.machine, "x86_64") == 0);
    CHECK(u.release[0] >= '0' && u.release[0] <= '9');
    return NULL;
}

static const char *t_ids(void)
{
    pid_t pid = getpid();
    CHECK(pid > 0);
    CHECK(getpid() == pid);
    CHECK(gettid() == pid);
    CHECK(getppid() >= 0);
    CHECK((int)getuid() >= 0 && (int)geteuid() >= 0 && (int)getgid() >= 0 && (int)getegid() >= 0);
    return NULL;
}

static const char *t_pgrp(void)
{
    pid_t g = getpgrp();
    if (g < 0 && errno == ENOSYS) return SKIP;
    CHECK(g > 0);
    CHECK(getpgid(0) == g);
    pid_t s = getsid(0);
    CHECK(s > 0);
    return NULL;
}

static const char *t_getrandom(void)
{
    unsigned char a[64] = {0}, b[64] = {0};
    CHECK(getrandom(a, sizeof a, 0) == sizeof a);
    CHECK(getrandom(b, sizeof b, 0) == sizeof b);
    CHECK(memcmp(a, b, sizeof a) != 0);
    return NULL;
}

static const char *t_stdio_console(void)
{
    /* stdout without an fd 1 is the debug console: writes succeed. */
    CHECK(printf("libctest: printf %d %s %.2f\n", 42, "works", 1.5) > 0);
    CHECK(fflush(stdout) == 0);
    CHECK(write(2, "libctest: stderr works\n", 23) == 23);
    return NULL;
}

static const char *t_libc_misc(void)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%05d|%-4s|%x|%g", 42, "ab", 255, 0.25);
    CHECK(strcmp(buf, "00042|ab  |ff|0.25") == 0);
    CHECK(strtol("-123", NULL, 10) == -123);
    CHECK(strtod("2.5e3", NULL) == 2500.0);
    CHECK(strlen(buf) == 18 && !strncmp(strstr(buf, "ff"), "ff|", 3));
    return NULL;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static const char *t_qsort_setjmp(void)
{
    int v[6] = {5, 3, 1, 4, 2, 0};
    qsort(v, 6, sizeof v[0], cmp_int);
    for (int i = 0; i < 6; i++)
        CHECK(v[i] == i);
    static jmp_buf jb;
    volatile int n = 0;
    if (setjmp(jb) < 3) {
        n++;
        longjmp(jb, n);
    }
    CHECK(n == 3);
    return NULL;
}

static const char *t_env(void)
{
    CHECK(setenv("LIBCTEST", "yes", 1) == 0);
    CHECK(strcmp(getenv("LIBCTEST"), "yes") == 0);
    CHECK(unsetenv("LIBCTEST") == 0);
    CHECK(getenv("LIBCTEST") == NULL);
    return NULL;
}

static const char *t_time_format(void)
{
    /* Calendar arithmetic in UTC (no time zone is configured). */
    setenv("TZ", "UTC", 1);
    tzset();
    time_t t = 1700000000; /* 2023-11-14 22:13:20 UTC, a Tuesday */
    struct tm tm;
    CHECK(gmtime_r(&t, &tm) == &tm);
    CHECK(tm.tm_year == 123 && tm.tm_mon == 10 && tm.tm_mday == 14 && tm.tm_hour == 22 &&
          tm.tm_min == 13 && tm.tm_sec == 20 && tm.tm_wday == 2 && tm.tm_yday == 317);
    char buf[64];
    CHECK(strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tm) == 27);
    CHECK(!strcmp(buf, "2023-11-14 22:13:20 Tue 318"));
    CHECK(timegm(&tm) == t && mktime(&tm) == t);
    struct tm lt;
    CHECK(localtime_r(&t, &lt) && lt.tm_hour == 22);
    tm.tm_mday += 20; /* normalised into December */
    CHECK(mktime(&tm) == t + 20 * 86400 && tm.tm_mon == 11 && tm.tm_mday == 4);
    struct tm parsed = {0};
    CHECK(strptime("2000-02-29 12:00", "%Y-%m-%d %H:%M", &parsed) != NULL);
    CHECK(timegm(&parsed) == 951825600);
    CHECK(difftime(t + 90, t) == 90.0);
    /* The wall clock is later than this test was written. */
    CHECK(time(NULL) > 1700000000);
    unsetenv("TZ");
    return NULL;
}

static const char *t_sysconf(void)
{
    CHECK(sysconf(_SC_PAGESIZE) == 4096 && getpagesize() == 4096);
    CHECK(sysconf(_SC_OPEN_MAX) >= 64);
    CHECK(sysconf(_SC_CLK_TCK) == 100);
    CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    struct utsname u;
    char host[65];
    CHECK(uname(&u) == 0 && gethostname(host, sizeof host) == 0);
    CHECK(!strcmp(host, u.nodename) && host[0]);
    /* CPU time: a busy loop shows in clock() and the thread's clock. */
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0);
    clock_t c0 = clock();
    volatile unsigned x = 0;
    uint64_t t0 = now_ns();
    while (now_ns() - t0 < 30000000)
        x++;
    clock_t c1 = clock();
    CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b) == 0);
    CHECK(c0 != (clock_t)-1 && c1 > c0);
    CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec));
    return NULL;
}

const struct test misc_tests[] = {
    {t_stdio_console, "stdio_console"},
    {t_clock_monotonic, "clock_monotonic"},
    {t_nanosleep, "nanosleep"},
    {t_clock_nanosleep_abs, "clock_nanosleep_abs"},
    {t_gettimeofday, "gettimeofday"},
    {t_enosys, "enosys"},
    {t_uname, "uname"},
    {t_ids, "ids"},
    {t_pgrp, "pgrp"},
    {t_getrandom, "getrandom"},
    {t_libc_misc, "libc_misc"},
    {t_qsort_setjmp, "qsort_setjmp"},
    {t_env, "env"},
    {t_time_format, "time_format"},
    {t_sysconf, "sysconf"},
    {NULL, NULL},
};
