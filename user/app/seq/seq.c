#define _XOPEN_SOURCE 700
// seq: prints a sequence of numbers: seq [-w] [-s sep] [first [incr]] last.
// The output has as many decimals as the most precise of first and incr.
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int decimals(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || strpbrk(s, "eE")) return 0;
    return (int)strlen(dot + 1);
}

static double number(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || errno || v != v) {
        warn_msg("invalid number '%s'", s);
        usage();
    }
    return v;
}

static bool is_number_start(const char *s)
{
    return s[0] == '-' && ((s[1] >= '0' && s[1] <= '9') || s[1] == '.');
}

int main(int argc, char *argv[])
{
    prog_init("seq", "[-w] [-s separator] [first [increment]] last");
    const char *sep = "\n";
    bool equal_width = false;
    int i = 1;
    // By hand: a negative first number must not be taken for an option.
    for (; i < argc && argv[i][0] == '-' && argv[i][1] && !is_number_start(argv[i]); i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "-w") == 0) {
            equal_width = true;
        } else if (strncmp(argv[i], "-s", 2) == 0) {
            if (argv[i][2])
                sep = argv[i] + 2;
            else if (i + 1 < argc)
                sep = argv[++i];
            else
                usage();
        } else {
            warn_msg("unknown option -- '%s'", argv[i] + 1);
            usage();
        }
    }
    int n = argc - i;
    if (n < 1 || n > 3) usage();
    double first = 1, incr = 1, last;
    int prec = 0;
    if (n >= 2) {
        first = number(argv[i]);
        prec = decimals(argv[i]);
    }
    if (n == 3) {
        incr = number(argv[i + 1]);
        if (decimals(argv[i + 1]) > prec) prec = decimals(argv[i + 1]);
    }
    last = number(argv[argc - 1]);
    if (incr == 0) die_msg("invalid zero increment");
    int width = 0;
    if (equal_width) {
        char buf[64];
        int a = snprintf(buf, sizeof buf, "%.*f", prec, first);
        int b = snprintf(buf, sizeof buf, "%.*f", prec, last);
        width = a > b ? a : b;
    }
    // first + k*incr, not a running sum, so that the error does not accumulate.
    double eps = incr * 1e-10;
    for (long long k = 0;; k++) {
        double v = first + (double)k * incr;
        if ((incr > 0 && v > last + eps) || (incr < 0 && v < last + eps)) break;
        if (k > 0) fputs(sep, stdout);
        if (v == 0) v = 0; // no "-0"
        printf("%0*.*f", width, prec, v);
    }
    if (!(incr > 0 ? first > last : first < last)) putchar('\n');
    return finish_stdout();
}
