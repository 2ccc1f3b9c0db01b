#define _XOPEN_SOURCE 700
// tr: translates, deletes or squeezes bytes from stdin to stdout.
//   tr [-Cc] [-s] string1 string2    tr -s [-Cc] string1
//   tr -d [-Cc] string1              tr -ds [-Cc] string1 string2
// Strings know escapes (\n, \t, \\, \ooo...), ranges (a-z), classes ([:upper:]),
// equivalence classes ([=c=], the byte itself in the C locale) and repeats ([c*n], and in
// string2 [c*] to fill up to the length of string1). Bytes are compared in the C locale.
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// An expanded string: its bytes in order; star is where a [c*] fill goes (-1: none).
struct set {
    unsigned char *c;
    size_t n, cap;
    long star;
    bool has_class; // holds a class other than upper/lower (refused in string2)
};

static void add(struct set *s, unsigned char c)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->c = xrealloc(s->c, s->cap);
    }
    s->c[s->n++] = c;
}

static const struct {
    const char *name;
    int (*fn)(int);
} classes[] = {
    {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
    {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
    {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
};

// One character of the string at *p, with backslash escapes; advances *p.
static unsigned char one_char(const char **p)
{
    const char *s = *p;
    if (*s != '\\' || s[1] == '\0') {
        *p = s + 1;
        return (unsigned char)*s;
    }
    s++;
    if (*s >= '0' && *s <= '7') {
        unsigned v = 0;
        for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++, s++)
            v = v * 8 + (unsigned)(*s - '0');
        *p = s;
        return (unsigned char)v;
    }
    static const char from[] = "abfnrtv", to[] = "\a\b\f\n\r\t\v";
    const char *e = strchr(from, *s);
    *p = s + 1;
    return e && *s ? (unsigned char)to[e - from] : (unsigned char)*s;
}

// "[:name:]" at p: appends the class's bytes and returns the text after it; NULL if p does
// not start one. An unknown name is an error.
static const char *bracket_class(const char *p, struct set *s)
{
    if (p[0] != '[' || p[1] != ':') return NULL;
    const char *end = strstr(p + 2, ":]");
    if (!end) return NULL;
    size_t len = (size_t)(end - (p + 2));
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        if (strlen(classes[i].name) == len && !strncmp(classes[i].name, p + 2, len)) {
            for (int c = 0; c < 256; c++)
                if (classes[i].fn(c)) add(s, (unsigned char)c);
            if (strcmp(classes[i].name, "upper") && strcmp(classes[i].name, "lower"))
                s->has_class = true;
            return end + 2;
        }
    }
    die_msg("invalid character class '%.*s'", (int)len, p + 2);
}

// "[=c=]" or "[c*n]"/"[c*]" at p; NULL if p starts neither.
static const char *bracket_other(const char *p, struct set *s, bool second)
{
    if (p[0] != '[' || p[1] == '\0') return NULL;
    if (p[1] == '=') {
        const char *q = p + 2;
        unsigned char c = one_char(&q);
        if (q[0] != '=' || q[1] != ']') return NULL;
        add(s, c);
        return q + 2;
    }
    const char *q = p + 1;
    unsigned char c = one_char(&q);
    if (*q != '*') return NULL;
    const char *num = ++q;
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q != ']') return NULL;
    if (!second) die_msg("the [c*] repeat construct may not appear in string1");
    // POSIX: a leading 0 makes the count octal; an empty or zero count fills up.
    unsigned long count = strtoul(num, NULL, num[0] == '0' ? 8 : 10);
    if (q == num || count == 0) {
        if (s->star >= 0) die_msg("only one [c*] repeat construct may appear in string2");
        s->star = (long)s->n;
        add(s, c);
    } else {
        if (count > 1 << 20) die_msg("repeat count in '%.*s' is too large", (int)(q + 1 - p), p);
        for (unsigned long i = 0; i < count; i++)
            add(s, c);
    }
    return q + 1;
}

static void expand(const char *p, struct set *s, bool second)
{
    s->star = -1;
    while (*p) {
        const char *next;
        if ((next = bracket_class(p, s)) || (next = bracket_other(p, s, second))) {
            p = next;
            continue;
        }
        unsigned char lo = one_char(&p);
        if (p[0] == '-' && p[1] != '\0') {
            const char *q = p + 1;
            unsigned char hi = one_char(&q);
            if (hi < lo)
                die_msg("range-endpoints of '%c-%c' are in reverse collating sequence order", lo,
                        hi);
            for (int c = lo; c <= hi; c++)
                add(s, (unsigned char)c);
            p = q;
            continue;
        }
        add(s, lo);
    }
}

// The set's bytes as a membership table, complemented with -c.
static void members(const struct set *s, bool complement, bool in[256])
{
    memset(in, 0, 256 * sizeof in[0]);
    for (size_t i = 0; i < s->n; i++)
        in[s->c[i]] = true;
    if (complement)
        for (int c = 0; c < 256; c++)
            in[c] = !in[c];
}

int main(int argc, char *argv[])
{
    prog_init("tr", "[-Ccds] string1 [string2]");
    bool complement = false, del = false, squeeze = false;
    int c;
    while ((c = next_opt(argc, argv, "Ccds")) != -1) {
        if (c == 'C' || c == 'c')
            complement = true;
        else if (c == 'd')
            del = true;
        else
            squeeze = true;
    }
    int nargs = argc - optind;
    bool translate = !del && nargs == 2;
    if (nargs < 1) usage();
    if (nargs > 2 || (del && !squeeze && nargs != 1) || (del && squeeze && nargs != 2) ||
        (!del && !squeeze && nargs != 2)) {
        if (nargs > 1 && (nargs > 2 || del))
            warn_msg("extra operand '%s'", argv[optind + (nargs > 2 ? 2 : 1)]);
        else
            warn_msg("missing operand after '%s'", argv[optind]);
        usage();
    }
    struct set s1 = {0}, s2 = {0};
    expand(argv[optind], &s1, false);
    if (nargs == 2) expand(argv[optind + 1], &s2, translate);

    bool in1[256], sq[256];
    members(&s1, complement, in1);
    unsigned char map[256];
    for (int i = 0; i < 256; i++)
        map[i] = (unsigned char)i;
    if (translate) {
        if (s2.has_class)
            die_msg("when translating, string2 may only hold the classes [:lower:] and "
                    "[:upper:]");
        // string1's bytes in order (the complement ascending), mapped position by position
        // to string2 with its [c*] filled in and its last byte repeated (as GNU and BSD do).
        unsigned char from[256];
        size_t nsrc = 0;
        if (complement) {
            for (int i = 0; i < 256; i++)
                if (in1[i]) from[nsrc++] = (unsigned char)i;
        }
        const unsigned char *src = complement ? from : s1.c;
        if (!complement) nsrc = s1.n;
        if (s2.n == 0 && nsrc > 0) die_msg("string2 must not be empty when translating");
        size_t fixed = s2.n - (s2.star >= 0), fill = nsrc > fixed ? nsrc - fixed : 0;
        unsigned char *to = xmalloc(nsrc);
        size_t k = 0;
        for (size_t j = 0; j < s2.n && k < nsrc; j++) {
            if ((long)j == s2.star) {
                for (size_t f = 0; f < fill && k < nsrc; f++)
                    to[k++] = s2.c[j];
            } else {
                to[k++] = s2.c[j];
            }
        }
        for (; k < nsrc; k++)
            to[k] = k ? to[k - 1] : s2.c[0];
        for (size_t i = 0; i < nsrc; i++)
            map[src[i]] = to[i];
        free(to);
    }
    const struct set *sqset = nargs == 2 ? &s2 : &s1;
    members(sqset, nargs == 1 && complement, sq);

    static unsigned char buf[65536], out[65536];
    int last = -1;
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, stdin)) > 0) {
        size_t o = 0;
        for (size_t i = 0; i < r; i++) {
            unsigned char b = buf[i];
            if (del && in1[b]) continue;
            b = map[b];
            if (squeeze && sq[b] && last == b) continue;
            last = b;
            out[o++] = b;
        }
        if (fwrite(out, 1, o, stdout) != o) break;
    }
    int status = 0;
    if (ferror(stdin)) {
        warn_errno("stdin");
        status = 1;
    }
    free(s1.c);
    free(s2.c);
    return status | finish_stdout();
}
