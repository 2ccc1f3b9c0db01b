#pragma once

/* Growable NULL-terminated vector of malloc'd strings. */
struct strvec {
    char **v;
    int n, cap;
};
void sv_push(struct strvec *sv, char *s);
void sv_free(struct strvec *sv);

/* Expand words with field splitting and globbing, appending to out; -1 on error. */
int expand_words(char **words, int n, struct strvec *out);
/* Expand one word to one string without splitting or globbing; NULL on error. */
char *expand_word(const char *raw);
/* Expand a pattern word: quoted characters come out backslash-escaped for fnmatch. */
char *expand_pattern(const char *raw);
/* Expand the body of an unquoted here-document. */
char *expand_heredoc(const char *body);
/* Evaluate an arithmetic expression (already expanded); -1 after a message on error. */
int arith_eval(const char *expr, long *out);
