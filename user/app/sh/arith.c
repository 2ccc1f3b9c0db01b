/* Arithmetic expansion: integer expressions with C operators and variables. */
#define _POSIX_C_SOURCE 200809L
#include "expand.h"
#include "parse.h"
#include "vars.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ar {
    const char *s;
    int skip; /* inside an unevaluated branch: no assignments, no errors */
    int err;
};

static long expr(struct ar *a);

static void ws(struct ar *a)
{
    while (isspace((unsigned char)*a->s))
        a->s++;
}

static int accept(struct ar *a, const char *op)
{
    ws(a);
    size_t n = strlen(op);
    if (strncmp(a->s, op, n) != 0) return 0;
    /* Do not take "<" from "<<" or "<=", "&" from "&&" and so on. */
    if (n == 1 && strchr("<>&|=", op[0]) && (a->s[1] == op[0] || a->s[1] == '=')) return 0;
    if (n == 2 && op[0] == op[1] && strchr("<>", op[0]) && a->s[2] == '=') return 0;
    if (n == 1 && strchr("*/%+-^!", op[0]) && a->s[1] == '=') return 0;
    a->s += n;
    return 1;
}

static void error(struct ar *a, const char *msg)
{
    if (!a->err) fprintf(stderr, "sh: arithmetic: %s\n", msg);
    a->err = 1;
}

static long var_value(struct ar *a, const char *name)
{
    const char *v = var_get(name);
    if (!v || !*v) return 0;
    char *end;
    long r = strtol(v, &end, 0);
    while (isspace((unsigned char)*end))
        end++;
    if (*end) error(a, "variable is not a number");
    return r;
}

static long assign(struct ar *a, const char *name, long v)
{
    if (!a->skip) {
        char buf[32];
        snprintf(buf, sizeof(buf), "%ld", v);
        if (var_set(name, buf) < 0) a->err = 1;
    }
    return v;
}

static long binop(struct ar *a, long l, const char *op, long r)
{
    switch (op[0]) {
    case '*':
        return (long)((unsigned long)l * (unsigned long)r);
    case '/':
    case '%':
        if (r == 0) {
            if (!a->skip) error(a, "division by zero");
            return 0;
        }
        if (r == -1) return op[0] == '/' ? (long)(0 - (unsigned long)l) : 0;
        return op[0] == '/' ? l / r : l % r;
    case '+':
        return (long)((unsigned long)l + (unsigned long)r);
    case '-':
        return (long)((unsigned long)l - (unsigned long)r);
    case '<':
        return (long)((unsigned long)l << (r & 63));
    case '>':
        return l >> (r & 63);
    case '&':
        return l & r;
    case '^':
        return l ^ r;
    case '|':
        return l | r;
    }
    return 0;
}

static long primary(struct ar *a)
{
    ws(a);
    if (accept(a, "(")) {
        long v = expr(a);
        if (!accept(a, ")")) error(a, "missing ')'");
        return v;
    }
    if (isdigit((unsigned char)*a->s)) {
        char *end;
        long v = strtol(a->s, &end, 0);
        if (isalnum((unsigned char)*end) || *end == '_') error(a, "bad number");
        a->s = end;
        return v;
    }
    if (isalpha((unsigned char)*a->s) || *a->s == '_') {
        const char *st = a->s;
        while (isalnum((unsigned char)*a->s) || *a->s == '_')
            a->s++;
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)(a->s - st), st);
        ws(a);
        static const char *ops[] = {"<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|="};
        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
            if (strncmp(a->s, ops[i], strlen(ops[i])) == 0) {
                a->s += strlen(ops[i]);
                long r = expr(a);
                return assign(a, name, binop(a, var_value(a, name), ops[i], r));
            }
        }
        if (a->s[0] == '=' && a->s[1] != '=') {
            a->s++;
            return assign(a, name, expr(a));
        }
        return var_value(a, name);
    }
    error(a, *a->s ? "syntax error" : "missing operand");
    return 0;
}

static long unary(struct ar *a)
{
    ws(a);
    if (accept(a, "-")) return (long)(0 - (unsigned long)unary(a));
    if (accept(a, "+")) return unary(a);
    if (accept(a, "!")) return !unary(a);
    if (accept(a, "~")) return ~unary(a);
    return primary(a);
}

/* Binary levels from tightest to loosest. */
static const char *levels[][4] = {
    {"*", "/", "%", NULL}, {"+", "-", NULL}, {"<<", ">>", NULL}, {"<=", ">=", "<", ">"},
    {"==", "!=", NULL},    {"&", NULL},      {"^", NULL},        {"|", NULL},
};

static long binary(struct ar *a, int level)
{
    if (level < 0) return unary(a);
    long l = binary(a, level - 1);
    for (;;) {
        const char *op = NULL;
        for (int i = 0; i < 4 && levels[level][i]; i++)
            if (accept(a, levels[level][i])) {
                op = levels[level][i];
                break;
            }
        if (!op || a->err) return l;
        long r = binary(a, level - 1);
        if (level == 3)
            l = op[1] == '=' ? (op[0] == '<' ? l <= r : l >= r) : (op[0] == '<' ? l < r : l > r);
        else if (level == 4)
            l = op[0] == '=' ? l == r : l != r;
        else
            l = binop(a, l, op, r);
    }
}

static long logic_and(struct ar *a)
{
    long l = binary(a, 7);
    while (accept(a, "&&")) {
        if (!l) a->skip++;
        long r = binary(a, 7);
        if (!l) a->skip--;
        l = l && r;
    }
    return l;
}

static long logic_or(struct ar *a)
{
    long l = logic_and(a);
    while (accept(a, "||")) {
        if (l) a->skip++;
        long r = logic_and(a);
        if (l) a->skip--;
        l = l || r;
    }
    return l;
}

static long expr(struct ar *a)
{
    long c = logic_or(a);
    if (!accept(a, "?")) return c;
    if (!c) a->skip++;
    long t = expr(a);
    if (!c) a->skip--;
    if (!accept(a, ":")) error(a, "missing ':'");
    if (c) a->skip++;
    long f = expr(a);
    if (c) a->skip--;
    return c ? t : f;
}

int arith_eval(const char *s, long *out)
{
    struct ar a = {.s = s};
    ws(&a);
    if (!*a.s) {
        *out = 0;
        return 0;
    }
    *out = expr(&a);
    ws(&a);
    if (*a.s && !a.err) error(&a, "syntax error");
    return a.err ? -1 : 0;
}
