/* The echo, printf, test, local and getopts builtins. */
#define _POSIX_C_SOURCE 200809L
#include "builtins.h"
#include "parse.h"
#include "vars.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Print s interpreting backslash escapes; returns 1 if \c asked to stop all output. With
 * echo_octal, octal escapes are written \0NNN (echo and %b), otherwise \NNN (formats). */
static int put_escaped(const char *s, int echo_octal, size_t *consumed, int one)
{
    const char *start = s;
    while (*s) {
        if (*s != '\\' || !s[1]) {
            putchar(*s++);
            if (one) break;
            continue;
        }
        s++;
        char c = *s++;
        switch (c) {
        case 'a':
            putchar('\a');
            break;
        case 'b':
            putchar('\b');
            break;
        case 'c':
            if (consumed) *consumed = (size_t)(s - start);
            return 1;
        case 'f':
            putchar('\f');
            break;
        case 'n':
            putchar('\n');
            break;
        case 'r':
            putchar('\r');
            break;
        case 't':
            putchar('\t');
            break;
        case 'v':
            putchar('\v');
            break;
        case '\\':
            putchar('\\');
            break;
        default:
            if (c >= '0' && c <= '7') {
                /* \0NNN in echo and %b, also \NNN (as dash takes it); \NNN in formats */
                int zero = echo_octal && c == '0';
                int v = zero ? 0 : c - '0';
                for (int k = 0; k < (zero ? 3 : 2) && *s >= '0' && *s <= '7'; k++)
                    v = v * 8 + (*s++ - '0');
                putchar(v & 0xff);
            } else {
                putchar('\\');
                putchar(c);
            }
        }
        if (one) break;
    }
    if (consumed) *consumed = (size_t)(s - start);
    return 0;
}

int bi_echo(int argc, char **argv)
{
    int i = 1, newline = 1;
    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (; i < argc; i++) {
        if (put_escaped(argv[i], 1, NULL, 0)) return 0;
        if (i + 1 < argc) putchar(' ');
    }
    if (newline) putchar('\n');
    return 0;
}

static int num_arg(const char *s, long long *out, int is_unsigned)
{
    if (!s) {
        *out = 0;
        return 0;
    }
    if (s[0] == '\'' || s[0] == '"') {
        *out = (unsigned char)s[1];
        return 0;
    }
    char *end;
    errno = 0;
    *out = is_unsigned && s[0] != '-' ? (long long)strtoull(s, &end, 0) : strtoll(s, &end, 0);
    if (end == s || *end || errno) {
        fprintf(stderr, "sh: printf: %s: invalid number\n", s);
        return -1;
    }
    return 0;
}

int bi_printf(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--") == 0) {
        argv++;
        argc--;
    }
    if (argc < 2) {
        fputs("usage: printf FORMAT [ARG...]\n", stderr);
        return 2;
    }
    const char *fmt = argv[1];
    int ai = 2, rc = 0;
    do {
        int used = ai;
        for (const char *f = fmt; *f;) {
            if (*f == '\\') {
                size_t n;
                if (put_escaped(f, 0, &n, 1)) return rc;
                f += n;
                continue;
            }
            if (*f != '%') {
                putchar(*f++);
                continue;
            }
            if (f[1] == '%') {
                putchar('%');
                f += 2;
                continue;
            }
            char spec[64];
            size_t k = 0;
            spec[k++] = *f++;
            while (*f && strchr("-+ #0", *f) && k < 40)
                spec[k++] = *f++;
            for (int part = 0; part < 2; part++) {
                if (part == 1) {
                    if (*f != '.') break;
                    spec[k++] = *f++;
                }
                if (*f == '*') {
                    long long w;
                    if (num_arg(ai < argc ? argv[ai] : NULL, &w, 0) < 0) rc = 1;
                    ai++;
                    k += (size_t)snprintf(spec + k, sizeof(spec) - k, "%d", (int)w);
                    f++;
                } else {
                    while (*f >= '0' && *f <= '9' && k < 50)
                        spec[k++] = *f++;
                }
            }
            char conv = *f;
            if (!conv || !strchr("sbcdiouxXeEfgG", conv)) {
                fprintf(stderr, "sh: printf: %%%c: invalid directive\n", conv ? conv : ' ');
                return 1;
            }
            f++;
            const char *arg = ai < argc ? argv[ai] : NULL;
            ai++;
            if (conv == 'b') {
                if (put_escaped(arg ? arg : "", 1, NULL, 0)) return rc;
                continue;
            }
            if (conv == 's' || conv == 'c') {
                spec[k++] = conv;
                spec[k] = 0;
                if (conv == 'c') {
                    spec[k - 1] = 's';
                    char one[2] = {arg ? arg[0] : 0, 0};
                    printf(spec, one);
                } else {
                    printf(spec, arg ? arg : "");
                }
                continue;
            }
            if (strchr("eEfgG", conv)) {
                spec[k++] = conv;
                spec[k] = 0;
                printf(spec, arg ? strtod(arg, NULL) : 0.0);
                continue;
            }
            long long v;
            if (num_arg(arg, &v, strchr("ouxX", conv) != NULL) < 0) rc = 1;
            spec[k++] = 'l';
            spec[k++] = 'l';
            spec[k++] = conv;
            spec[k] = 0;
            if (strchr("di", conv))
                printf(spec, v);
            else
                printf(spec, (unsigned long long)v);
        }
        if (ai == used) break;
    } while (ai < argc);
    return rc;
}

/* test: recursive descent over the arguments. */
struct tst {
    char **a;
    int n, i;
    int err;
};

static int t_expr(struct tst *t);

static int is_binop(const char *s)
{
    static const char *ops[] = {"=",   "!=",  "<",   ">",   "-eq", "-ne", "-lt",
                                "-le", "-gt", "-ge", "-nt", "-ot", "-ef"};
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (strcmp(s, ops[i]) == 0) return 1;
    return 0;
}

static int is_unop(const char *s)
{
    return s[0] == '-' && s[1] && !s[2] && strchr("bcdefghLnprsStuwxz", s[1]);
}

static long long t_int(struct tst *t, const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || errno) {
        fprintf(stderr, "sh: test: %s: integer expected\n", s);
        t->err = 1;
    }
    return v;
}

static int t_binary(struct tst *t, const char *l, const char *op, const char *r)
{
    if (strcmp(op, "=") == 0) return strcmp(l, r) == 0;
    if (strcmp(op, "!=") == 0) return strcmp(l, r) != 0;
    if (strcmp(op, "<") == 0) return strcmp(l, r) < 0;
    if (strcmp(op, ">") == 0) return strcmp(l, r) > 0;
    if (strcmp(op, "-nt") == 0 || strcmp(op, "-ot") == 0 || strcmp(op, "-ef") == 0) {
        struct stat a, b;
        int ha = stat(l, &a) == 0, hb = stat(r, &b) == 0;
        if (strcmp(op, "-ef") == 0) return ha && hb && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
        if (strcmp(op, "-nt") == 0) return ha && (!hb || a.st_mtime > b.st_mtime);
        return hb && (!ha || a.st_mtime < b.st_mtime);
    }
    long long x = t_int(t, l), y = t_int(t, r);
    if (strcmp(op, "-eq") == 0) return x == y;
    if (strcmp(op, "-ne") == 0) return x != y;
    if (strcmp(op, "-lt") == 0) return x < y;
    if (strcmp(op, "-le") == 0) return x <= y;
    if (strcmp(op, "-gt") == 0) return x > y;
    return x >= y;
}

static int t_unary(char op, const char *s)
{
    struct stat st;
    switch (op) {
    case 'n':
        return *s != 0;
    case 'z':
        return *s == 0;
    case 't':
        return isatty(atoi(s));
    case 'h':
    case 'L':
        return lstat(s, &st) == 0 && S_ISLNK(st.st_mode);
    case 'r':
        return access(s, R_OK) == 0;
    case 'w':
        return access(s, W_OK) == 0;
    case 'x':
        return access(s, X_OK) == 0;
    }
    if (stat(s, &st) < 0) return 0;
    switch (op) {
    case 'b':
        return S_ISBLK(st.st_mode);
    case 'c':
        return S_ISCHR(st.st_mode);
    case 'd':
        return S_ISDIR(st.st_mode);
    case 'f':
        return S_ISREG(st.st_mode);
    case 'g':
        return (st.st_mode & S_ISGID) != 0;
    case 'p':
        return S_ISFIFO(st.st_mode);
    case 's':
        return st.st_size > 0;
    case 'S':
        return S_ISSOCK(st.st_mode);
    case 'u':
        return (st.st_mode & S_ISUID) != 0;
    }
    return 1; /* -e */
}

static const char *t_next(struct tst *t)
{
    if (t->i >= t->n) {
        if (!t->err) fputs("sh: test: argument expected\n", stderr);
        t->err = 1;
        return "";
    }
    return t->a[t->i++];
}

static int t_primary(struct tst *t)
{
    int left = t->n - t->i;
    const char *s = t_next(t);
    if (left >= 3 && is_binop(t->a[t->i])) {
        const char *op = t->a[t->i++];
        return t_binary(t, s, op, t_next(t));
    }
    if (strcmp(s, "!") == 0 && left >= 2) return !t_primary(t);
    if (strcmp(s, "(") == 0 && left >= 2) {
        int v = t_expr(t);
        if (t->i >= t->n || strcmp(t->a[t->i], ")") != 0) {
            if (!t->err) fputs("sh: test: ')' expected\n", stderr);
            t->err = 1;
            return 0;
        }
        t->i++;
        return v;
    }
    if (is_unop(s) && left >= 2) return t_unary(s[1], t_next(t));
    return *s != 0;
}

static int t_and(struct tst *t)
{
    int v = t_primary(t);
    while (t->i < t->n && strcmp(t->a[t->i], "-a") == 0) {
        t->i++;
        int r = t_primary(t);
        v = v && r;
    }
    return v;
}

static int t_expr(struct tst *t)
{
    int v = t_and(t);
    while (t->i < t->n && strcmp(t->a[t->i], "-o") == 0) {
        t->i++;
        int r = t_and(t);
        v = v || r;
    }
    return v;
}

int bi_test(int argc, char **argv)
{
    if (strcmp(argv[0], "[") == 0) {
        if (strcmp(argv[argc - 1], "]") != 0) {
            fputs("sh: [: missing ]\n", stderr);
            return 2;
        }
        argc--;
    }
    struct tst t = {argv + 1, argc - 1, 0, 0};
    if (t.n == 0) return 1;
    int v = t_expr(&t);
    if (!t.err && t.i < t.n) {
        fprintf(stderr, "sh: test: %s: unexpected operator\n", t.a[t.i]);
        t.err = 1;
    }
    return t.err ? 2 : !v;
}

/* Apply one symbolic clause list like "u=rwx,g+w,o-r" to a mask of permissions (the bits a
 * new file gets); -1 if it is malformed. */
static int symbolic_mode(const char *s, mode_t *perm)
{
    while (*s) {
        mode_t who = 0;
        for (; *s && strchr("ugoa", *s); s++)
            who |= *s == 'u' ? 0700 : *s == 'g' ? 070 : *s == 'o' ? 07 : 0777;
        if (!who) who = 0777;
        if (!*s || !strchr("+-=", *s)) return -1;
        while (*s && strchr("+-=", *s)) {
            char op = *s++;
            mode_t bits = 0;
            for (; *s && strchr("rwx", *s); s++)
                bits |= *s == 'r' ? 0444 : *s == 'w' ? 0222 : 0111;
            bits &= who;
            if (op == '+')
                *perm |= bits;
            else if (op == '-')
                *perm &= ~bits;
            else
                *perm = (*perm & ~who) | bits;
        }
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return 0;
}

int bi_umask(int argc, char **argv)
{
    mode_t old = umask(0);
    umask(old);
    int i = 1, sym = 0;
    if (i < argc && strcmp(argv[i], "-S") == 0) {
        sym = 1;
        i++;
    }
    if (i >= argc) {
        if (!sym) {
            printf("%04o\n", (unsigned)old);
            return 0;
        }
        mode_t p = ~old & 0777;
        char out[32];
        int k = 0;
        const char *who = "ugo";
        for (int w = 0; w < 3; w++) {
            int shift = 6 - 3 * w;
            out[k++] = who[w];
            out[k++] = '=';
            if (p >> shift & 4) out[k++] = 'r';
            if (p >> shift & 2) out[k++] = 'w';
            if (p >> shift & 1) out[k++] = 'x';
            if (w < 2) out[k++] = ',';
        }
        out[k] = 0;
        puts(out);
        return 0;
    }
    const char *m = argv[i];
    mode_t mask;
    if (m[0] >= '0' && m[0] <= '7') {
        char *end;
        long v = strtol(m, &end, 8);
        if (*end || v > 0777) {
            fprintf(stderr, "sh: umask: %s: bad mask\n", m);
            return 2;
        }
        mask = (mode_t)v;
    } else {
        mode_t perm = ~old & 0777;
        if (symbolic_mode(m, &perm) < 0) {
            fprintf(stderr, "sh: umask: %s: bad mask\n", m);
            return 2;
        }
        mask = ~perm & 0777;
    }
    umask(mask);
    return 0;
}

int bi_local(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        size_t nl = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        char *name = strndup(argv[i], nl);
        if (!name || !parse_is_name(name, nl)) {
            fprintf(stderr, "sh: local: %s: bad variable name\n", argv[i]);
            free(name);
            rc = 1;
            continue;
        }
        if (var_local(name) < 0) {
            fputs("sh: local: not in a function\n", stderr);
            free(name);
            return 1;
        }
        if (eq && var_set(name, eq + 1) < 0) rc = 1;
        free(name);
    }
    return rc;
}

/* getopts keeps its place inside a group of options like -abc between calls. */
static int getopts_off;
static long getopts_last = -1;

static void getopts_set(const char *name, char c, const char *arg)
{
    char s[2] = {c, 0};
    var_set(name, s);
    if (arg)
        var_set("OPTARG", arg);
    else
        var_unset("OPTARG");
}

int bi_getopts(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: getopts OPTSTRING NAME [ARG...]\n", stderr);
        return 2;
    }
    const char *opts = argv[1], *name = argv[2];
    int silent = opts[0] == ':';
    char **args = argc > 3 ? argv + 3 : pos_params.v;
    int nargs = argc > 3 ? argc - 3 : pos_params.n;
    const char *oi = var_get("OPTIND");
    long optind = oi ? strtol(oi, NULL, 10) : 1;
    if (optind < 1) optind = 1;
    if (optind != getopts_last) getopts_off = 0;
    int rc = 0;
    if (optind > nargs) {
        rc = 1;
    } else {
        const char *arg = args[optind - 1];
        if (getopts_off == 0) {
            if (arg[0] != '-' || !arg[1]) {
                rc = 1;
            } else if (strcmp(arg, "--") == 0) {
                optind++;
                rc = 1;
            } else {
                getopts_off = 1;
            }
        }
        if (rc == 0) {
            char c = arg[getopts_off++];
            const char *p = c != ':' ? strchr(opts, c) : NULL;
            int at_end = arg[getopts_off] == 0;
            if (!p) {
                if (!silent) fprintf(stderr, "sh: illegal option -- %c\n", c);
                char s[2] = {c, 0};
                getopts_set(name, '?', silent ? s : NULL);
            } else if (p[1] == ':') {
                if (!at_end) {
                    getopts_set(name, c, arg + getopts_off);
                } else if (optind < nargs) {
                    getopts_set(name, c, args[optind]);
                    optind++;
                } else {
                    if (!silent) fprintf(stderr, "sh: option requires an argument -- %c\n", c);
                    char s[2] = {c, 0};
                    getopts_set(name, silent ? ':' : '?', silent ? s : NULL);
                }
                at_end = 1;
            } else {
                getopts_set(name, c, NULL);
            }
            if (at_end) {
                optind++;
                getopts_off = 0;
            }
        }
    }
    if (rc) {
        getopts_set(name, '?', NULL);
        getopts_off = 0;
    }
    char buf[24];
    snprintf(buf, sizeof(buf), "%ld", optind);
    var_set("OPTIND", buf);
    getopts_last = optind;
    return rc;
}
