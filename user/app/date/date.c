#define _XOPEN_SOURCE 700
// date: prints the date and time: date [-u] [-d @seconds] [+format].
// Setting the clock is not supported.
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char *argv[])
{
    prog_init("date", "[-u] [-d @seconds] [+format]");
    bool utc = false;
    const char *when = NULL;
    int c;
    while ((c = next_opt(argc, argv, "ud:")) != -1) {
        if (c == 'u')
            utc = true;
        else
            when = optarg;
    }
    const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
    if (optind < argc) {
        if (argv[optind][0] != '+' || optind + 1 != argc) {
            warn_msg("setting the date is not supported");
            usage();
        }
        fmt = argv[optind] + 1;
    }
    if (utc && setenv("TZ", "UTC0", 1) < 0) die_errno("setenv");
    tzset();
    time_t t;
    if (when) {
        long secs;
        if (when[0] != '@' || parse_long(when + 1, &secs) < 0)
            die_msg("invalid date '%s' (only @seconds is understood)", when);
        t = (time_t)secs;
    } else {
        t = time(NULL);
    }
    struct tm tm;
    if (!localtime_r(&t, &tm)) die_errno("localtime");
    if (*fmt == '\0') {
        putchar('\n');
        return finish_stdout();
    }
    // strftime's 0 is ambiguous (empty result or too small), so grow until it fits.
    size_t size = 256;
    for (;;) {
        char *buf = xmalloc(size);
        size_t n = strftime(buf, size, fmt, &tm);
        if (n > 0 || size > 65536) {
            printf("%s\n", buf);
            free(buf);
            break;
        }
        free(buf);
        size *= 4;
    }
    return finish_stdout();
}
