#pragma once
/* Shared between the lexer (lex.c) and the parser (parse.c); not for other modules. */
#include "parse.h"

#include <setjmp.h>
#include <stddef.h>

enum tok {
    T_NONE,
    T_WORD,
    T_NEWLINE,
    T_EOF,
    T_SEMI,
    T_AMP,
    T_PIPE,
    T_AND,
    T_OR,
    T_DSEMI,
    T_LPAREN,
    T_RPAREN,
    T_LESS,
    T_GREAT,
    T_DGREAT,
    T_DLESS,
    T_DLESSDASH,
    T_LESSAND,
    T_GREATAND,
    T_LESSGREAT,
    T_CLOBBER,
};

#define MAX_DEPTH 200
#define MAX_ALIAS 16

struct parser {
    char *buf;
    size_t len, pos;
    long shift; /* growth of buf through alias substitution */
    int lineno;
    int final;
    const char *src;
    struct arena *arena;
    jmp_buf jb;
    int depth;
    int noalias;
    int alias_next;        /* an alias value ended in a blank: check the word after it */
    size_t alias_next_pos; /* where that alias value ends */
    struct {
        const char *name;
        size_t end;
    } active[MAX_ALIAS];
    int nactive;
    /* current token */
    int have;
    enum tok tok;
    char *word;
    int quoted;
    int fd;
    size_t tokstart;
    struct redir *pending;
};

void *lex_alloc(struct parser *p, size_t n);
char *lex_strndup(struct parser *p, const char *s, size_t n);
/* Report a syntax error (or, with input still to come, an unfinished construct) and
 * unwind to the parse entry point. */
_Noreturn void lex_fail(struct parser *p, const char *what);
_Noreturn void lex_incomplete(struct parser *p);
_Noreturn void lex_unexpected(struct parser *p);
/* Make the next token current (lexing lazily), or take it. */
void lex_peek(struct parser *p);
void lex_consume(struct parser *p);
int lex_is_kw(struct parser *p, const char *kw);
void lex_expect_kw(struct parser *p, const char *kw);
void lex_skip_newlines(struct parser *p);
/* Read the bodies of the here-documents whose operators came before the newline just
 * taken (at the end of final input, what is left, even without the delimiter). */
void lex_read_heredocs(struct parser *p);
/* Quote removal for a here-document delimiter. */
char *lex_unquote(struct parser *p, const char *w);
struct parser *lex_new(const char *buf, size_t pos, int lineno, int final);
void lex_free(struct parser *p);
/* The compound-list rule of the parser; the lexer runs it to find the end of "$(". */
struct node *parse_list(struct parser *p);
