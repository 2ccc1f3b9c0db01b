/* Lexer: words with their quoting kept raw, operators, here-document bodies; and the
 * arena that holds a parse. */
#define _POSIX_C_SOURCE 200809L
#include "lex.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ablock {
    struct ablock *next;
    size_t used, cap;
    _Alignas(16) char data[];
};

struct arena {
    struct ablock *blocks;
    int keep;
};

static const char *tok_names[] = {"",   "word", "newline", "end of file", ";",  "&",  "|",
                                  "&&", "||",   ";;",      "(",           ")",  "<",  ">",
                                  ">>", "<<",   "<<-",     "<&",          ">&", "<>", ">|"};

void *lex_alloc(struct parser *p, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct ablock *b = p->arena->blocks;
    if (!b || b->used + n > b->cap) {
        size_t cap = n > 8192 ? n : 8192;
        b = malloc(sizeof(*b) + cap);
        if (!b) {
            fputs("sh: out of memory\n", stderr);
            exit(2);
        }
        b->cap = cap;
        b->used = 0;
        b->next = p->arena->blocks;
        p->arena->blocks = b;
    }
    void *r = b->data + b->used;
    b->used += n;
    memset(r, 0, n);
    return r;
}

char *lex_strndup(struct parser *p, const char *s, size_t n)
{
    char *r = lex_alloc(p, n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

void arena_keep(struct arena *a)
{
    if (a) a->keep = 1;
}

void arena_release(struct arena *a)
{
    if (!a || a->keep) return;
    while (a->blocks) {
        struct ablock *n = a->blocks->next;
        free(a->blocks);
        a->blocks = n;
    }
    free(a);
}

int parse_is_name(const char *s, size_t len)
{
    if (len == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

static const char *keywords[] = {"if",   "then",  "else",  "elif", "fi", "do", "done", "case",
                                 "esac", "while", "until", "for",  "{",  "}",  "!",    "in"};

int parse_is_keyword(const char *w)
{
    for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
        if (strcmp(w, keywords[i]) == 0) return 1;
    return 0;
}

/* Growable string used while scanning a word. */
struct sbuf {
    char *s;
    size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            fputs("sh: out of memory\n", stderr);
            exit(2);
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void sb_addc(struct sbuf *b, char c)
{
    sb_add(b, &c, 1);
}

_Noreturn void lex_fail(struct parser *p, const char *what)
{
    if (p->src)
        fprintf(stderr, "sh: %s: line %d: ", p->src, p->lineno);
    else
        fprintf(stderr, "sh: line %d: ", p->lineno);
    fprintf(stderr, "%s\n", what);
    longjmp(p->jb, PARSE_ERROR);
}

/* The input ended inside a construct. */
_Noreturn void lex_incomplete(struct parser *p)
{
    if (!p->final) longjmp(p->jb, PARSE_INCOMPLETE);
    lex_fail(p, "syntax error: unexpected end of file");
}

_Noreturn void lex_unexpected(struct parser *p)
{
    if (p->tok == T_EOF) lex_incomplete(p);
    char msg[160];
    snprintf(msg, sizeof(msg), "syntax error near unexpected token '%.100s'",
             p->tok == T_WORD ? p->word : tok_names[p->tok]);
    lex_fail(p, msg);
}

static int at_end(struct parser *p, size_t i)
{
    return i >= p->len;
}

void lex_read_heredocs(struct parser *p)
{
    for (struct redir *r = p->pending; r; r = r->next_pending) {
        struct sbuf body = {0};
        for (;;) {
            if (at_end(p, p->pos)) {
                if (!p->final) lex_incomplete(p);
                break;
            }
            size_t eol = p->pos;
            while (eol < p->len && p->buf[eol] != '\n')
                eol++;
            if (eol >= p->len && !p->final) lex_incomplete(p);
            size_t s = p->pos;
            if (r->strip_tabs)
                while (s < eol && p->buf[s] == '\t')
                    s++;
            p->pos = eol < p->len ? eol + 1 : eol;
            p->lineno++;
            if (eol - s == strlen(r->word) && memcmp(p->buf + s, r->word, eol - s) == 0) break;
            sb_add(&body, p->buf + s, eol - s);
            if (eol < p->len) sb_addc(&body, '\n'); /* the input's last line may have none */
        }
        r->here = lex_strndup(p, body.s ? body.s : "", body.len);
        free(body.s);
    }
    p->pending = NULL;
}

static void scan_dollar(struct parser *p, struct sbuf *w);
static void scan_backquote(struct parser *p, struct sbuf *w);

static void scan_dquote(struct parser *p, struct sbuf *w)
{
    sb_addc(w, '"');
    p->pos++;
    for (;;) {
        if (at_end(p, p->pos)) lex_incomplete(p);
        char c = p->buf[p->pos];
        if (c == '"') {
            sb_addc(w, c);
            p->pos++;
            return;
        } else if (c == '\\') {
            if (at_end(p, p->pos + 1)) lex_incomplete(p);
            if (p->buf[p->pos + 1] == '\n') {
                p->lineno++;
                p->pos += 2;
                continue;
            }
            sb_add(w, p->buf + p->pos, 2);
            p->pos += 2;
        } else if (c == '$') {
            scan_dollar(p, w);
        } else if (c == '`') {
            scan_backquote(p, w);
        } else {
            if (c == '\n') p->lineno++;
            sb_addc(w, c);
            p->pos++;
        }
    }
}

static void scan_backquote(struct parser *p, struct sbuf *w)
{
    size_t i = p->pos + 1;
    for (;;) {
        if (at_end(p, i)) lex_incomplete(p);
        if (p->buf[i] == '\\' && !at_end(p, i + 1)) {
            i += 2;
            continue;
        }
        if (p->buf[i] == '\n') p->lineno++;
        if (p->buf[i] == '`') break;
        i++;
    }
    sb_add(w, p->buf + p->pos, i + 1 - p->pos);
    p->pos = i + 1;
}

void lex_peek(struct parser *p);

/* Find the ')' closing a command substitution by parsing its body. */
static size_t skip_cmdsubst(struct parser *p, size_t start)
{
    int have = p->have, quoted = p->quoted, fd = p->fd;
    enum tok tok = p->tok;
    char *word = p->word;
    size_t tokstart = p->tokstart;
    struct redir *pending = p->pending;
    if (++p->depth > MAX_DEPTH) lex_fail(p, "syntax error: nesting too deep");
    p->pending = NULL;
    p->pos = start;
    p->have = 0;
    p->noalias++;
    parse_list(p);
    lex_peek(p);
    if (p->tok != T_RPAREN) lex_unexpected(p);
    size_t end = p->pos - 1;
    p->noalias--;
    p->depth--;
    p->have = have;
    p->tok = tok;
    p->quoted = quoted;
    p->fd = fd;
    p->word = word;
    p->tokstart = tokstart;
    p->pending = pending;
    return end;
}

static void scan_dollar(struct parser *p, struct sbuf *w)
{
    size_t i = p->pos;
    if (at_end(p, i + 1)) {
        sb_addc(w, '$');
        p->pos++;
        return;
    }
    char n = p->buf[i + 1];
    if (n == '(' && !at_end(p, i + 2) && p->buf[i + 2] == '(') {
        int depth = 0;
        size_t j = i + 3;
        for (;;) {
            if (at_end(p, j + 1)) lex_incomplete(p);
            char c = p->buf[j];
            if (c == '\n') p->lineno++;
            if (c == '(')
                depth++;
            else if (c == ')') {
                if (depth == 0 && p->buf[j + 1] == ')') break;
                depth--;
            }
            j++;
        }
        sb_add(w, p->buf + i, j + 2 - i);
        p->pos = j + 2;
    } else if (n == '(') {
        size_t end = skip_cmdsubst(p, i + 2);
        sb_add(w, p->buf + i, end + 1 - i);
        p->pos = end + 1;
    } else if (n == '{') {
        int depth = 0;
        size_t j = i + 2;
        for (;;) {
            if (at_end(p, j)) lex_incomplete(p);
            char c = p->buf[j];
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                j++;
                while (!at_end(p, j) && p->buf[j] != c) {
                    if (c == '"' && p->buf[j] == '\\') j++;
                    j++;
                }
                if (at_end(p, j)) lex_incomplete(p);
            } else if (c == '\n') {
                p->lineno++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth-- == 0) break;
            }
            j++;
        }
        sb_add(w, p->buf + i, j + 1 - i);
        p->pos = j + 1;
    } else {
        sb_addc(w, '$');
        p->pos++;
    }
}

static int is_meta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
           c == '>' || c == '(' || c == ')';
}

static void scan_word(struct parser *p)
{
    struct sbuf w = {0};
    p->quoted = 0;
    while (!at_end(p, p->pos)) {
        char c = p->buf[p->pos];
        if (is_meta(c)) break;
        if (c == '\\') {
            if (at_end(p, p->pos + 1)) {
                if (!p->final) lex_incomplete(p);
                sb_addc(&w, c);
                p->pos++;
                continue;
            }
            if (p->buf[p->pos + 1] == '\n') {
                p->lineno++;
                p->pos += 2;
                continue;
            }
            sb_add(&w, p->buf + p->pos, 2);
            p->pos += 2;
            p->quoted = 1;
        } else if (c == '\'') {
            size_t j = p->pos + 1;
            while (!at_end(p, j) && p->buf[j] != '\'') {
                if (p->buf[j] == '\n') p->lineno++;
                j++;
            }
            if (at_end(p, j)) lex_incomplete(p);
            sb_add(&w, p->buf + p->pos, j + 1 - p->pos);
            p->pos = j + 1;
            p->quoted = 1;
        } else if (c == '"') {
            scan_dquote(p, &w);
            p->quoted = 1;
        } else if (c == '`') {
            scan_backquote(p, &w);
        } else if (c == '$') {
            scan_dollar(p, &w);
        } else {
            sb_addc(&w, c);
            p->pos++;
        }
    }
    p->word = lex_strndup(p, w.s ? w.s : "", w.len);
    free(w.s);
    p->tok = T_WORD;
}

static void lex(struct parser *p)
{
    p->fd = -1;
    p->word = NULL;
    for (;;) {
        if (at_end(p, p->pos)) break;
        char c = p->buf[p->pos];
        if (c == ' ' || c == '\t') {
            p->pos++;
        } else if (c == '\\' && !at_end(p, p->pos + 1) && p->buf[p->pos + 1] == '\n') {
            p->pos += 2;
            p->lineno++;
        } else if (c == '\\' && at_end(p, p->pos + 1) && !p->final) {
            lex_incomplete(p);
        } else if (c == '#') {
            while (!at_end(p, p->pos) && p->buf[p->pos] != '\n')
                p->pos++;
        } else {
            break;
        }
    }
    p->tokstart = p->pos;
    if (at_end(p, p->pos)) {
        p->tok = T_EOF;
        return;
    }
    const char *s = p->buf + p->pos;
    size_t left = p->len - p->pos;
    size_t digits = 0;
    while (digits < left && s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (digits > 0 && digits < 4 && digits < left && (s[digits] == '<' || s[digits] == '>')) {
        p->fd = atoi(s);
        p->pos += digits;
        s += digits;
        left -= digits;
    }
    struct {
        const char *op;
        enum tok tok;
    } ops[] = {{"&&", T_AND},       {"||", T_OR},      {";;", T_DSEMI},   {"<<-", T_DLESSDASH},
               {"<<", T_DLESS},     {">>", T_DGREAT},  {"<&", T_LESSAND}, {">&", T_GREATAND},
               {"<>", T_LESSGREAT}, {">|", T_CLOBBER}, {"\n", T_NEWLINE}, {";", T_SEMI},
               {"&", T_AMP},        {"|", T_PIPE},     {"(", T_LPAREN},   {")", T_RPAREN},
               {"<", T_LESS},       {">", T_GREAT}};
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        size_t n = strlen(ops[i].op);
        if (n <= left && memcmp(s, ops[i].op, n) == 0) {
            p->pos += n;
            p->tok = ops[i].tok;
            if (p->tok == T_NEWLINE) {
                p->lineno++;
                if (p->pending) lex_read_heredocs(p);
            }
            return;
        }
    }
    scan_word(p);
}

void lex_peek(struct parser *p)
{
    if (!p->have) {
        lex(p);
        p->have = 1;
    }
}

void lex_consume(struct parser *p)
{
    lex_peek(p);
    p->have = 0;
}

int lex_is_kw(struct parser *p, const char *kw)
{
    lex_peek(p);
    return p->tok == T_WORD && !p->quoted && strcmp(p->word, kw) == 0;
}

void lex_expect_kw(struct parser *p, const char *kw)
{
    if (!lex_is_kw(p, kw)) lex_unexpected(p);
    lex_consume(p);
}

void lex_skip_newlines(struct parser *p)
{
    while (lex_peek(p), p->tok == T_NEWLINE)
        lex_consume(p);
}

struct parser *lex_new(const char *buf, size_t pos, int lineno, int final)
{
    struct parser *p = calloc(1, sizeof(*p));
    if (!p) return NULL;
    p->len = strlen(buf);
    p->buf = malloc(p->len + 1);
    p->arena = calloc(1, sizeof(*p->arena));
    if (!p->buf || !p->arena) {
        free(p->buf);
        free(p->arena);
        free(p);
        return NULL;
    }
    memcpy(p->buf, buf, p->len + 1);
    p->pos = pos;
    p->lineno = lineno;
    p->final = final;
    return p;
}

void lex_free(struct parser *p)
{
    free(p->buf);
    free(p);
}

char *lex_unquote(struct parser *p, const char *w)
{
    struct sbuf d = {0};
    for (const char *s = w; *s; s++) {
        if (*s == '\\' && s[1])
            sb_addc(&d, *++s);
        else if (*s != '\'' && *s != '"')
            sb_addc(&d, *s);
    }
    char *r = lex_strndup(p, d.s ? d.s : "", d.len);
    free(d.s);
    return r;
}
