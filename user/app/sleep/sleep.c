#define _XOPEN_SOURCE 700
// sleep: waits for a number of seconds (a decimal fraction is allowed).
#include "util.h"

#include <errno.h>
#include <time.h>

// Parses "12", "0.5" or "3."; -1 if malformed.
static int parse_seconds(const char *s, struct timespec *ts)
{
    long long sec = 0, nsec = 0;
    const char *p = s;
    if (*p < '0' && *p != '.') return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (sec > 100000000000LL) return -1;
        sec = sec * 10 + (*p - '0');
    }
    if (*p == '.') {
        p++;
        long long scale = 100000000;
        for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
            nsec += (*p - '0') * scale;
    }
    if (*p != '\0' || p == s || (p == s + 1 && *s == '.')) return -1;
    ts->tv_sec = (time_t)sec;
    ts->tv_nsec = (long)nsec;
    return 0;
}

int main(int argc, char *argv[])
{
    prog_init("sleep", "seconds");
    if (next_opt(argc, argv, "") != -1 || optind + 1 != argc) usage();
    struct timespec ts;
    if (parse_seconds(argv[optind], &ts) < 0) {
        warn_msg("invalid time interval '%s'", argv[optind]);
        usage();
    }
    while (nanosleep(&ts, &ts) < 0) {
        if (errno != EINTR) die_errno("nanosleep");
    }
    return 0;
}
