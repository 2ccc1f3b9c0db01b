#pragma once
#include <stddef.h>

/* Syntax tree of the shell language; nodes live in an arena owned by one parse. */

enum node_type {
    N_CMD,      /* simple command: assignments, words, redirections */
    N_PIPE,     /* kids[0] | kids[1] | ...; negate for "!" */
    N_AND,      /* left && right */
    N_OR,       /* left || right */
    N_SEQ,      /* left ; right */
    N_BG,       /* left & */
    N_SUBSHELL, /* ( body ) */
    N_GROUP,    /* { body; } */
    N_IF,       /* if cond then body else els */
    N_WHILE,    /* while cond do body */
    N_UNTIL,    /* until cond do body */
    N_FOR,      /* for name in words do body */
    N_CASE,     /* case word in items esac */
    N_FUNC,     /* name() body */
};

enum redir_type { R_IN, R_OUT, R_APPEND, R_HEREDOC, R_DUPIN, R_DUPOUT, R_RDWR, R_CLOBBER };

struct redir {
    enum redir_type type;
    int fd;
    char *word;      /* target (raw) or heredoc delimiter */
    char *here;      /* heredoc body */
    int here_quoted; /* delimiter was quoted: body is literal */
    int strip_tabs;  /* <<- */
    struct redir *next;
    struct redir *next_pending;
};

struct case_item {
    char **pats;
    int npats;
    struct node *body;
    struct case_item *next;
};

struct node {
    enum node_type type;
    int lineno;
    char *text; /* source text of the command, for job listings */
    struct node *left, *right, *body, *els;
    struct node **kids; /* N_PIPE */
    int nkids;
    int negate;
    char **words; /* N_CMD words, N_FOR list, N_CASE word in words[0] */
    int nwords;
    char **assigns;
    int nassigns;
    char *name; /* N_FOR variable, N_FUNC name */
    int has_in; /* N_FOR: "in" given */
    struct redir *redirs;
    struct case_item *items;
};

struct arena;

enum parse_status { PARSE_OK, PARSE_EMPTY, PARSE_EOF, PARSE_INCOMPLETE, PARSE_ERROR };

struct parse_result {
    enum parse_status status;
    struct node *node; /* valid for PARSE_OK */
    struct arena *arena;
    size_t end; /* offset just after the parsed command */
};

/* Parse one complete command (up to a newline) from buf at offset pos. With final set the
 * input cannot grow, so an unfinished construct is a syntax error rather than INCOMPLETE. */
struct parse_result parse_command(const char *buf, size_t pos, int lineno, int final,
                                  const char *srcname);
/* Offset of the ')' closing a "$(" whose body starts at s[start], or (size_t)-1. */
size_t parse_cmdsubst_end(const char *s, size_t start);
/* Keep an arena alive after its command ran (a function body points into it). */
void arena_keep(struct arena *a);
/* Free an arena unless it is kept. */
void arena_release(struct arena *a);
/* Is word a reserved word of the language? */
int parse_is_keyword(const char *word);
/* Is s a valid variable name up to len characters? */
int parse_is_name(const char *s, size_t len);
