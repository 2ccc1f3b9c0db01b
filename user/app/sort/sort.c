#define _XOPEN_SOURCE 700
// sort: sorts lines: sort [-nru] [-t char] [-k field[,field]] [-o output] [file...].
// Keys are whole fields (no character offsets); equal keys fall back to the whole line.
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct line {
    char *s;
    size_t len; // without the newline
};

static bool numeric, reverse, unique;
static int sep = -1;             // -t character, or -1 for runs of blanks
static long key_first, key_last; // 1-based fields, 0 when unset

// The start and end of the key of s, fields key_first..key_last.
static void key_span(const struct line *l, const char **start, const char **end)
{
    const char *p = l->s, *e = l->s + l->len;
    if (key_first == 0) {
        *start = p;
        *end = e;
        return;
    }
    // Field i begins after the (i-1)th separator; with blanks, leading blanks belong to it.
    long field = 1;
    const char *fs = p;
    const char *ks = e, *ke = e;
    while (1) {
        const char *q = fs;
        if (sep < 0) {
            while (q < e && isblank((unsigned char)*q))
                q++;
            while (q < e && !isblank((unsigned char)*q))
                q++;
        } else {
            while (q < e && *q != sep)
                q++;
        }
        if (field == key_first) ks = fs;
        if (key_last && field == key_last) {
            ke = q;
            break;
        }
        if (q >= e) break;
        fs = sep < 0 ? q : q + 1;
        field++;
    }
    if (ks > ke) ks = ke;
    *start = ks;
    *end = ke;
}

// Leading number of [s, e): optional blanks, sign, digits, fraction; 0 if there is none.
static long double leading_number(const char *s, const char *e)
{
    while (s < e && isblank((unsigned char)*s))
        s++;
    bool neg = false;
    if (s < e && *s == '-') {
        neg = true;
        s++;
    }
    long double v = 0;
    for (; s < e && isdigit((unsigned char)*s); s++)
        v = v * 10 + (*s - '0');
    if (s < e && *s == '.') {
        long double scale = 0.1L;
        for (s++; s < e && isdigit((unsigned char)*s); s++, scale /= 10)
            v += (*s - '0') * scale;
    }
    return neg ? -v : v;
}

static int compare_keys(const struct line *a, const struct line *b)
{
    const char *as, *ae, *bs, *be;
    key_span(a, &as, &ae);
    key_span(b, &bs, &be);
    if (numeric) {
        long double x = leading_number(as, ae), y = leading_number(bs, be);
        return x < y ? -1 : x > y;
    }
    size_t al = (size_t)(ae - as), bl = (size_t)(be - bs);
    int c = memcmp(as, bs, al < bl ? al : bl);
    if (c) return c;
    return al < bl ? -1 : al > bl;
}

static int compare_lines(const void *pa, const void *pb)
{
    const struct line *a = pa, *b = pb;
    int c = compare_keys(a, b);
    if (c == 0 && !unique) {
        size_t n = a->len < b->len ? a->len : b->len;
        c = memcmp(a->s, b->s, n);
        if (c == 0) c = a->len < b->len ? -1 : a->len > b->len;
    }
    return reverse ? -c : c;
}

static struct line *lines;
static size_t nlines, cap;

static int read_lines(FILE *f, const char *name)
{
    char *buf = NULL;
    size_t bcap = 0;
    ssize_t len;
    while ((len = getline(&buf, &bcap, f)) >= 0) {
        if (nlines == cap) {
            cap = cap ? cap * 2 : 1024;
            lines = xrealloc(lines, cap * sizeof *lines);
        }
        if (len > 0 && buf[len - 1] == '\n') len--;
        lines[nlines].s = buf;
        lines[nlines].len = (size_t)len;
        nlines++;
        buf = NULL;
        bcap = 0;
    }
    free(buf);
    if (ferror(f)) {
        warn_errno(name);
        return -1;
    }
    return 0;
}

static int parse_field(const char *s, long *out)
{
    // "2" or "2.1": character offsets other than 1 are not supported.
    char *dot = strchr(s, '.');
    char buf[32];
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (dot && strcmp(dot, ".1") != 0 && strcmp(dot, ".0") != 0) return -1;
    return parse_long(buf, out) < 0 || *out < 1 ? -1 : 0;
}

int main(int argc, char *argv[])
{
    prog_init("sort", "[-nru] [-t char] [-k field[,field]] [-o output] [file...]");
    prog_set_fail(2);
    const char *output = NULL;
    int c;
    while ((c = next_opt(argc, argv, "nruo:t:k:")) != -1) {
        switch (c) {
        case 'n':
            numeric = true;
            break;
        case 'r':
            reverse = true;
            break;
        case 'u':
            unique = true;
            break;
        case 'o':
            output = optarg;
            break;
        case 't':
            if (strlen(optarg) != 1) die_msg("separator must be one character: '%s'", optarg);
            sep = (unsigned char)optarg[0];
            break;
        case 'k': {
            char *comma = strchr(optarg, ',');
            if (comma) *comma = '\0';
            if (parse_field(optarg, &key_first) < 0 ||
                (comma && parse_field(comma + 1, &key_last) < 0) ||
                (key_last && key_last < key_first))
                die_msg("invalid key '%s'", optarg);
            break;
        }
        }
    }
    int status = 0;
    if (optind == argc && read_lines(stdin, "stdin") < 0) status = 2;
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            if (read_lines(stdin, "stdin") < 0) status = 2;
            continue;
        }
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            warn_errno(argv[i]);
            status = 2;
            continue;
        }
        if (read_lines(f, argv[i]) < 0) status = 2;
        fclose(f);
    }
    // Nothing is written over when an input failed: "sort -o f f" must not lose f.
    if (status) return status;
    if (nlines > 1) qsort(lines, nlines, sizeof *lines, compare_lines);
    FILE *out = stdout;
    if (output && !(out = fopen(output, "w"))) die_errno(output);
    for (size_t i = 0; i < nlines; i++) {
        if (unique && i > 0 && compare_keys(&lines[i - 1], &lines[i]) == 0) continue;
        fwrite(lines[i].s, 1, lines[i].len, out);
        fputc('\n', out);
    }
    if (out != stdout) {
        if (fclose(out) != 0) die_errno(output);
    }
    return finish_stdout() ? 2 : 0;
}
