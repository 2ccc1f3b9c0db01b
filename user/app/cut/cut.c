#define _XOPEN_SOURCE 700
// cut: prints selected parts of lines.
//   cut -b list [-n] [file...]    cut -c list [file...]    cut -f list [-d delim] [-s] [file...]
// A list is numbers and ranges (N, N-M, N-, -M) separated by commas or blanks; the selected
// parts come out in input order. Characters are bytes (the C locale); -n is accepted.
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct range {
    unsigned long lo, hi;
};

static struct range *ranges;
static size_t nranges;
static char mode; // 'b', 'c' or 'f'
static char delim = '\t';
static bool only_delimited;

static unsigned long number(const char *s, const char *end, const char *list)
{
    char *e;
    errno = 0;
    unsigned long v = strtoul(s, &e, 10);
    if (e != end || s == end || *s == '-' || *s == '+' || errno) die_msg("invalid list '%s'", list);
    if (v == 0) die_msg("positions are numbered from 1: '%s'", list);
    return v;
}

static void parse_list(const char *list)
{
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ", \t");
        if (len == 0) {
            p++;
            continue;
        }
        const char *end = p + len, *dash = memchr(p, '-', len);
        struct range r;
        if (!dash) {
            r.lo = r.hi = number(p, end, list);
        } else {
            if (dash == p && dash + 1 == end) die_msg("invalid range '-' in '%s'", list);
            r.lo = dash == p ? 1 : number(p, dash, list);
            r.hi = dash + 1 == end ? ULONG_MAX : number(dash + 1, end, list);
            if (r.hi < r.lo) die_msg("decreasing range in '%s'", list);
        }
        ranges = xrealloc(ranges, (nranges + 1) * sizeof *ranges);
        ranges[nranges++] = r;
        p = end;
    }
    if (nranges == 0) die_msg("empty list");
}

static bool selected(unsigned long pos)
{
    for (size_t i = 0; i < nranges; i++)
        if (pos >= ranges[i].lo && pos <= ranges[i].hi) return true;
    return false;
}

static void cut_line(const char *line, size_t len)
{
    if (mode != 'f') {
        for (size_t i = 0; i < len; i++)
            if (selected(i + 1)) putchar(line[i]);
        putchar('\n');
        return;
    }
    if (!memchr(line, delim, len)) {
        if (!only_delimited) {
            fwrite(line, 1, len, stdout);
            putchar('\n');
        }
        return;
    }
    bool first = true;
    unsigned long field = 1;
    for (size_t start = 0; start <= len; field++) {
        const char *d = memchr(line + start, delim, len - start);
        size_t end = d ? (size_t)(d - line) : len;
        if (selected(field)) {
            if (!first) putchar(delim);
            fwrite(line + start, 1, end - start, stdout);
            first = false;
        }
        start = end + 1;
    }
    putchar('\n');
}

static int cut_file(FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0)
        cut_line(line, (size_t)n - (n > 0 && line[n - 1] == '\n'));
    free(line);
    if (ferror(f)) {
        warn_errno(name);
        return 1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    prog_init("cut", "-b list [-n] [file...] | -c list [file...] | -f list [-d delim] [-s] "
                     "[file...]");
    const char *list = NULL;
    bool delim_given = false;
    int c;
    while ((c = next_opt(argc, argv, "b:c:f:d:ns")) != -1) {
        switch (c) {
        case 'b':
        case 'c':
        case 'f':
            if (mode) {
                warn_msg("only one of -b, -c and -f may be given");
                usage();
            }
            mode = (char)c;
            list = optarg;
            break;
        case 'd':
            if (strlen(optarg) != 1) die_msg("the delimiter must be a single character");
            delim = optarg[0];
            delim_given = true;
            break;
        case 's':
            only_delimited = true;
            break;
        default: // -n: characters are bytes here, so nothing to keep whole
            break;
        }
    }
    if (!mode) {
        warn_msg("one of -b, -c or -f is needed");
        usage();
    }
    if ((delim_given || only_delimited) && mode != 'f') {
        warn_msg("-d and -s only go with -f");
        usage();
    }
    parse_list(list);
    int status = 0;
    if (optind == argc) return cut_file(stdin, "stdin") | finish_stdout();
    for (int i = optind; i < argc; i++) {
        if (!strcmp(argv[i], "-")) {
            status |= cut_file(stdin, "stdin");
            clearerr(stdin);
            continue;
        }
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        status |= cut_file(f, argv[i]);
        fclose(f);
    }
    free(ranges);
    return status | finish_stdout();
}
