/* Recursive-descent parser for the POSIX sh subset, over the tokens of lex.c. */
#define _POSIX_C_SOURCE 200809L
#include "lex.h"
#include "vars.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct node *new_node(struct parser *p, enum node_type t)
{
    struct node *n = lex_alloc(p, sizeof(*n));
    n->type = t;
    n->lineno = p->lineno;
    return n;
}

static char *source_text(struct parser *p, size_t from, size_t to)
{
    while (to > from && (p->buf[to - 1] == ' ' || p->buf[to - 1] == '\t' ||
                         p->buf[to - 1] == '\n' || p->buf[to - 1] == ';'))
        to--;
    return lex_strndup(p, p->buf + from, to > from ? to - from : 0);
}

static void push_word(struct parser *p, char ***v, int *n, char *w)
{
    char **nv = lex_alloc(p, sizeof(char *) * (size_t)(*n + 2));
    if (*n) memcpy(nv, *v, sizeof(char *) * (size_t)*n);
    nv[(*n)++] = w;
    *v = nv;
}

static int is_redir_tok(enum tok t)
{
    return t >= T_LESS;
}

static void parse_redirect(struct parser *p, struct redir **list)
{
    struct redir *r = lex_alloc(p, sizeof(*r));
    enum tok t = p->tok;
    int fd = p->fd;
    lex_consume(p);
    lex_peek(p);
    if (p->tok != T_WORD) lex_unexpected(p);
    r->word = p->word;
    static const enum redir_type map[] = {R_IN,    R_OUT,    R_APPEND, R_HEREDOC, R_HEREDOC,
                                          R_DUPIN, R_DUPOUT, R_RDWR,   R_CLOBBER};
    r->type = map[t - T_LESS];
    int in = t == T_LESS || t == T_DLESS || t == T_DLESSDASH || t == T_LESSAND || t == T_LESSGREAT;
    r->fd = fd >= 0 ? fd : in ? 0 : 1;
    if (r->type == R_HEREDOC) {
        r->strip_tabs = t == T_DLESSDASH;
        r->here_quoted = p->quoted;
        r->word = lex_unquote(p, p->word);
        struct redir **pp = &p->pending;
        while (*pp)
            pp = &(*pp)->next_pending;
        *pp = r;
    }
    lex_consume(p);
    while (*list)
        list = &(*list)->next;
    *list = r;
}

static void parse_redirects(struct parser *p, struct redir **list)
{
    while (lex_peek(p), is_redir_tok(p->tok))
        parse_redirect(p, list);
}

static int alias_active(struct parser *p, const char *name)
{
    for (int i = 0; i < p->nactive; i++)
        if (p->active[i].end > p->tokstart && strcmp(p->active[i].name, name) == 0) return 1;
    return 0;
}

/* Replace the current word token with its alias value; returns 1 if it did. */
static int try_alias(struct parser *p)
{
    if (p->noalias || p->quoted || p->nactive >= MAX_ALIAS) return 0;
    const char *val = alias_get(p->word);
    if (!val || alias_active(p, p->word)) return 0;
    size_t vlen = strlen(val), wlen = p->pos - p->tokstart;
    char *nb = malloc(p->len - wlen + vlen + 1);
    if (!nb) return 0;
    memcpy(nb, p->buf, p->tokstart);
    memcpy(nb + p->tokstart, val, vlen);
    memcpy(nb + p->tokstart + vlen, p->buf + p->pos, p->len - p->pos + 1);
    free(p->buf);
    p->buf = nb;
    p->len = p->len - wlen + vlen;
    p->shift += (long)vlen - (long)wlen;
    p->active[p->nactive].name = lex_strndup(p, p->word, strlen(p->word));
    p->active[p->nactive++].end = p->tokstart + vlen;
    p->alias_next = vlen > 0 && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t');
    p->alias_next_pos = p->tokstart + vlen;
    p->pos = p->tokstart;
    p->have = 0;
    return 1;
}

static struct node *parse_compound(struct parser *p);

static struct node *parse_simple(struct parser *p)
{
    struct node *n = new_node(p, N_CMD);
    for (;;) {
        lex_peek(p);
        if (is_redir_tok(p->tok)) {
            parse_redirect(p, &n->redirs);
            continue;
        }
        if (p->tok != T_WORD) break;
        int after = p->alias_next && p->tokstart >= p->alias_next_pos;
        if (n->nwords == 0 || after) {
            if (after) p->alias_next = 0;
            if (try_alias(p)) {
                lex_peek(p);
                if (n->nwords == 0 && p->tok == T_WORD && !p->quoted && parse_is_keyword(p->word) &&
                    !n->nassigns && !n->redirs)
                    return parse_compound(p);
                continue;
            }
        }
        char *w = p->word;
        char *eq = strchr(w, '=');
        if (n->nwords == 0 && eq && eq > w && parse_is_name(w, (size_t)(eq - w))) {
            push_word(p, &n->assigns, &n->nassigns, w);
            lex_consume(p);
            continue;
        }
        int quoted = p->quoted;
        lex_consume(p);
        if (n->nwords == 0 && !n->nassigns && !quoted && parse_is_name(w, strlen(w))) {
            lex_peek(p);
            if (p->tok == T_LPAREN) {
                lex_consume(p);
                lex_peek(p);
                if (p->tok != T_RPAREN) lex_unexpected(p);
                lex_consume(p);
                lex_skip_newlines(p);
                struct node *f = new_node(p, N_FUNC);
                f->name = w;
                f->body = parse_compound(p);
                return f;
            }
        }
        push_word(p, &n->words, &n->nwords, w);
    }
    p->alias_next = 0;
    if (!n->nwords && !n->nassigns && !n->redirs) lex_unexpected(p);
    return n;
}

static struct node *need_list(struct parser *p)
{
    struct node *n = parse_list(p);
    if (!n) lex_unexpected(p);
    return n;
}

static struct node *parse_if(struct parser *p)
{
    struct node *n = new_node(p, N_IF);
    lex_consume(p);
    n->left = need_list(p);
    lex_expect_kw(p, "then");
    n->body = need_list(p);
    if (lex_is_kw(p, "elif")) {
        n->els = parse_if(p);
        return n;
    }
    if (lex_is_kw(p, "else")) {
        lex_consume(p);
        n->els = need_list(p);
    }
    lex_expect_kw(p, "fi");
    return n;
}

static struct node *parse_for(struct parser *p)
{
    struct node *n = new_node(p, N_FOR);
    lex_consume(p);
    lex_peek(p);
    if (p->tok != T_WORD || !parse_is_name(p->word, strlen(p->word))) lex_unexpected(p);
    n->name = p->word;
    lex_consume(p);
    lex_skip_newlines(p);
    if (lex_is_kw(p, "in")) {
        lex_consume(p);
        n->has_in = 1;
        while (lex_peek(p), p->tok == T_WORD) {
            push_word(p, &n->words, &n->nwords, p->word);
            lex_consume(p);
        }
        if (p->tok != T_SEMI && p->tok != T_NEWLINE) lex_unexpected(p);
        lex_consume(p);
    } else if (p->tok == T_SEMI) {
        lex_consume(p);
    }
    lex_skip_newlines(p);
    lex_expect_kw(p, "do");
    n->body = need_list(p);
    lex_expect_kw(p, "done");
    return n;
}

static struct node *parse_case(struct parser *p)
{
    struct node *n = new_node(p, N_CASE);
    lex_consume(p);
    lex_peek(p);
    if (p->tok != T_WORD) lex_unexpected(p);
    push_word(p, &n->words, &n->nwords, p->word);
    lex_consume(p);
    lex_skip_newlines(p);
    lex_expect_kw(p, "in");
    lex_skip_newlines(p);
    struct case_item **tail = &n->items;
    while (!lex_is_kw(p, "esac")) {
        struct case_item *it = lex_alloc(p, sizeof(*it));
        if (p->tok == T_LPAREN) lex_consume(p);
        for (;;) {
            lex_peek(p);
            if (p->tok != T_WORD) lex_unexpected(p);
            push_word(p, &it->pats, &it->npats, p->word);
            lex_consume(p);
            lex_peek(p);
            if (p->tok != T_PIPE) break;
            lex_consume(p);
        }
        if (p->tok != T_RPAREN) lex_unexpected(p);
        lex_consume(p);
        it->body = parse_list(p);
        *tail = it;
        tail = &it->next;
        lex_peek(p);
        if (p->tok == T_DSEMI) {
            lex_consume(p);
            lex_skip_newlines(p);
        } else if (!lex_is_kw(p, "esac")) {
            lex_unexpected(p);
        }
    }
    lex_consume(p);
    return n;
}

static struct node *parse_compound(struct parser *p)
{
    struct node *n;
    if (++p->depth > MAX_DEPTH) lex_fail(p, "syntax error: nesting too deep");
    lex_peek(p);
    if (p->tok == T_LPAREN) {
        lex_consume(p);
        n = new_node(p, N_SUBSHELL);
        n->body = need_list(p);
        lex_peek(p);
        if (p->tok != T_RPAREN) lex_unexpected(p);
        lex_consume(p);
    } else if (lex_is_kw(p, "{")) {
        lex_consume(p);
        n = new_node(p, N_GROUP);
        n->body = need_list(p);
        lex_expect_kw(p, "}");
    } else if (lex_is_kw(p, "if")) {
        n = parse_if(p);
    } else if (lex_is_kw(p, "while") || lex_is_kw(p, "until")) {
        n = new_node(p, lex_is_kw(p, "while") ? N_WHILE : N_UNTIL);
        lex_consume(p);
        n->left = need_list(p);
        lex_expect_kw(p, "do");
        n->body = need_list(p);
        lex_expect_kw(p, "done");
    } else if (lex_is_kw(p, "for")) {
        n = parse_for(p);
    } else if (lex_is_kw(p, "case")) {
        n = parse_case(p);
    } else {
        lex_unexpected(p);
    }
    parse_redirects(p, &n->redirs);
    p->depth--;
    return n;
}

static struct node *parse_command_node(struct parser *p)
{
    lex_peek(p);
    if (p->tok == T_LPAREN) return parse_compound(p);
    if (p->tok == T_WORD && !p->quoted &&
        (lex_is_kw(p, "{") || lex_is_kw(p, "if") || lex_is_kw(p, "while") ||
         lex_is_kw(p, "until") || lex_is_kw(p, "for") || lex_is_kw(p, "case")))
        return parse_compound(p);
    if (p->tok == T_WORD && !p->quoted && parse_is_keyword(p->word)) lex_unexpected(p);
    return parse_simple(p);
}

static struct node *parse_pipeline(struct parser *p)
{
    struct node *n = new_node(p, N_PIPE);
    size_t start = (lex_peek(p), p->tokstart);
    if (lex_is_kw(p, "!")) {
        n->negate = 1;
        lex_consume(p);
    }
    for (;;) {
        struct node *c = parse_command_node(p);
        struct node **nk = lex_alloc(p, sizeof(*nk) * (size_t)(n->nkids + 1));
        if (n->nkids) memcpy(nk, n->kids, sizeof(*nk) * (size_t)n->nkids);
        nk[n->nkids++] = c;
        n->kids = nk;
        lex_peek(p);
        if (p->tok != T_PIPE) break;
        lex_consume(p);
        lex_skip_newlines(p);
    }
    n->text = source_text(p, start, p->tokstart);
    return n;
}

static struct node *parse_and_or(struct parser *p)
{
    size_t start = (lex_peek(p), p->tokstart);
    struct node *n = parse_pipeline(p);
    for (;;) {
        lex_peek(p);
        if (p->tok != T_AND && p->tok != T_OR) break;
        struct node *a = new_node(p, p->tok == T_AND ? N_AND : N_OR);
        lex_consume(p);
        lex_skip_newlines(p);
        a->left = n;
        a->right = parse_pipeline(p);
        a->text = source_text(p, start, p->tokstart);
        n = a;
    }
    return n;
}

static int ends_list(struct parser *p)
{
    lex_peek(p);
    if (p->tok == T_EOF || p->tok == T_RPAREN || p->tok == T_DSEMI) return 1;
    static const char *stop[] = {"then", "else", "elif", "fi", "do", "done", "esac", "}"};
    for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
        if (lex_is_kw(p, stop[i])) return 1;
    return 0;
}

static struct node *seq(struct parser *p, struct node *a, struct node *b)
{
    if (!a) return b;
    struct node *s = new_node(p, N_SEQ);
    s->left = a;
    s->right = b;
    return s;
}

/* A compound list: and-or lists separated by ; & or newlines, up to a terminator. */
struct node *parse_list(struct parser *p)
{
    struct node *list = NULL;
    lex_skip_newlines(p);
    while (!ends_list(p)) {
        struct node *n = parse_and_or(p);
        lex_peek(p);
        if (p->tok == T_AMP) {
            struct node *bg = new_node(p, N_BG);
            bg->left = n;
            n = bg;
        }
        list = seq(p, list, n);
        if (p->tok == T_AMP || p->tok == T_SEMI || p->tok == T_NEWLINE) {
            lex_consume(p);
            lex_skip_newlines(p);
        } else {
            break;
        }
    }
    return list;
}

struct parse_result parse_command(const char *buf, size_t pos, int lineno, int final,
                                  const char *srcname)
{
    struct parse_result r = {PARSE_ERROR, NULL, NULL, pos};
    struct parser *p = lex_new(buf, pos, lineno, final);
    if (!p) return r;
    p->src = srcname;
    int code = setjmp(p->jb);
    if (code) {
        arena_release(p->arena);
        r.status = code;
        /* Skip the rest of the bad line so the caller can go on. */
        size_t e = p->pos < p->len ? p->pos : p->len;
        while (e < p->len && p->buf[e] != '\n')
            e++;
        long end = (long)e + (e < p->len) - p->shift;
        r.end = end > (long)pos ? (size_t)end : pos + 1;
        lex_free(p);
        return r;
    }
    lex_peek(p);
    while (p->tok == T_NEWLINE) {
        lex_consume(p);
        lex_peek(p);
    }
    if (p->tok == T_EOF) {
        r.status = p->pos > pos ? PARSE_EMPTY : PARSE_EOF;
        r.end = p->len;
        arena_release(p->arena);
        lex_free(p);
        return r;
    }
    struct node *list = NULL;
    for (;;) {
        struct node *n = parse_and_or(p);
        lex_peek(p);
        if (p->tok == T_AMP) {
            struct node *bg = new_node(p, N_BG);
            bg->left = n;
            n = bg;
        }
        list = seq(p, list, n);
        if (p->tok == T_AMP || p->tok == T_SEMI) {
            lex_consume(p);
            lex_peek(p);
            if (p->tok == T_NEWLINE || p->tok == T_EOF) break;
            continue;
        }
        break;
    }
    if (p->tok == T_NEWLINE)
        lex_consume(p);
    else if (p->tok != T_EOF)
        lex_unexpected(p);
    if (p->pending) {
        if (!p->final) lex_incomplete(p);
        lex_read_heredocs(p); /* the input ended on the operator's line: empty bodies */
    }
    r.status = PARSE_OK;
    r.node = list;
    r.arena = p->arena;
    r.end = (size_t)((long)p->pos - p->shift);
    lex_free(p);
    return r;
}

size_t parse_cmdsubst_end(const char *s, size_t start)
{
    struct parser *p = lex_new(s, start, 1, 1);
    if (!p) return (size_t)-1;
    p->noalias = 1;
    size_t end = (size_t)-1;
    if (!setjmp(p->jb)) {
        parse_list(p);
        lex_peek(p);
        if (p->tok == T_RPAREN) end = p->pos - 1;
    }
    arena_release(p->arena);
    lex_free(p);
    return end;
}
