#pragma once
#include <stddef.h>

/* One line of text, without its newline, and its highlight classes (one per byte). */
struct line {
    char *s;
    size_t len, cap;
    unsigned char *hl;
    int hl_open; /* highlight state at the end of the line (an open comment or string) */
};

/* A text buffer: always at least one (possibly empty) line. */
struct buffer {
    struct line *lines;
    int nlines, cap;
    int hl_valid;    /* lines below this index have a stale highlight */
    int trailing_nl; /* the last line ends with a newline when saved */
};

/* Make b an empty buffer of one empty line; returns 0 or -1 when out of memory. */
int buf_init(struct buffer *b);
void buf_free(struct buffer *b);
/* Replace the contents with text split at newlines. */
int buf_set_text(struct buffer *b, const char *text, size_t len);
/* Insert text (which may hold newlines) at row/col; the end position goes to erow and ecol. */
int buf_insert(struct buffer *b, int row, size_t col, const char *text, size_t len, int *erow,
               size_t *ecol);
/* Remove the text from (r1,c1) to (r2,c2); the removed text goes to *out (malloc'd). */
int buf_delete(struct buffer *b, int r1, size_t c1, int r2, size_t c2, char **out, size_t *outlen);
/* The whole text, lines joined by newlines, plus the final one if trailing_nl. */
char *buf_text(const struct buffer *b, size_t *len);
/* Position after inserting text at row/col (without changing the buffer). */
void buf_end_pos(int row, size_t col, const char *text, size_t len, int *erow, size_t *ecol);
