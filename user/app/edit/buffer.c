#include "buffer.h"

#include <stdlib.h>
#include <string.h>

static int line_reserve(struct line *l, size_t need)
{
    if (need + 1 <= l->cap) return 0;
    size_t cap = l->cap ? l->cap : 16;
    while (cap < need + 1)
        cap *= 2;
    char *s = realloc(l->s, cap);
    if (!s) return -1;
    unsigned char *hl = realloc(l->hl, cap);
    if (!hl) {
        l->s = s;
        return -1;
    }
    l->s = s;
    l->hl = hl;
    l->cap = cap;
    return 0;
}

static int line_set(struct line *l, const char *s, size_t len)
{
    memset(l, 0, sizeof *l);
    if (line_reserve(l, len) < 0) return -1;
    memcpy(l->s, s, len);
    l->len = len;
    l->s[len] = '\0';
    memset(l->hl, 0, len);
    return 0;
}

static void line_free(struct line *l)
{
    free(l->s);
    free(l->hl);
}

/* Make room for n more lines at index at. */
static int lines_open(struct buffer *b, int at, int n)
{
    if (b->nlines + n > b->cap) {
        int cap = b->cap ? b->cap : 16;
        while (cap < b->nlines + n)
            cap *= 2;
        struct line *ls = realloc(b->lines, (size_t)cap * sizeof *ls);
        if (!ls) return -1;
        b->lines = ls;
        b->cap = cap;
    }
    memmove(&b->lines[at + n], &b->lines[at], (size_t)(b->nlines - at) * sizeof *b->lines);
    b->nlines += n;
    return 0;
}

static void touch(struct buffer *b, int row)
{
    if (row < b->hl_valid) b->hl_valid = row;
}

int buf_init(struct buffer *b)
{
    memset(b, 0, sizeof *b);
    b->trailing_nl = 1;
    if (lines_open(b, 0, 1) < 0) return -1;
    return line_set(&b->lines[0], "", 0);
}

void buf_free(struct buffer *b)
{
    for (int i = 0; i < b->nlines; i++)
        line_free(&b->lines[i]);
    free(b->lines);
    memset(b, 0, sizeof *b);
}

int buf_set_text(struct buffer *b, const char *text, size_t len)
{
    struct buffer nb;
    int row;
    size_t col;

    if (buf_init(&nb) < 0) return -1;
    nb.trailing_nl = len == 0 || text[len - 1] == '\n';
    if (nb.trailing_nl && len > 0) len--;
    if (buf_insert(&nb, 0, 0, text, len, &row, &col) < 0) {
        buf_free(&nb);
        return -1;
    }
    buf_free(b);
    *b = nb;
    return 0;
}

void buf_end_pos(int row, size_t col, const char *text, size_t len, int *erow, size_t *ecol)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            row++;
            col = 0;
        } else {
            col++;
        }
    }
    *erow = row;
    *ecol = col;
}

int buf_insert(struct buffer *b, int row, size_t col, const char *text, size_t len, int *erow,
               size_t *ecol)
{
    int nl = 0;
    for (size_t i = 0; i < len; i++)
        nl += text[i] == '\n';
    struct line *l = &b->lines[row];
    if (col > l->len) col = l->len;
    touch(b, row);

    if (nl == 0) {
        if (line_reserve(l, l->len + len) < 0) return -1;
        memmove(l->s + col + len, l->s + col, l->len - col + 1);
        memmove(l->hl + col + len, l->hl + col, l->len - col);
        memcpy(l->s + col, text, len);
        memset(l->hl + col, 0, len);
        l->len += len;
        *erow = row;
        *ecol = col + len;
        return 0;
    }

    /* Build the new lines first so that failure leaves the buffer unchanged. */
    struct line *nls = calloc((size_t)nl, sizeof *nls);
    if (!nls) return -1;
    const char *tail = l->s + col;
    size_t taillen = l->len - col;
    size_t start = 0;
    int k = 0, err = 0;
    for (size_t i = 0; i <= len && !err; i++) {
        if (i < len && text[i] != '\n') continue;
        if (k == 0) {
            start = i + 1; /* first segment joins the current line */
            k++;
            continue;
        }
        struct line *nlp = &nls[k - 1];
        size_t seg = i - start;
        if (k == nl) {
            if (line_set(nlp, text + start, seg) < 0 || line_reserve(nlp, seg + taillen) < 0) {
                err = 1;
                break;
            }
            memcpy(nlp->s + seg, tail, taillen);
            nlp->len = seg + taillen;
            nlp->s[nlp->len] = '\0';
            memset(nlp->hl, 0, nlp->len);
        } else if (line_set(nlp, text + start, seg) < 0) {
            err = 1;
        }
        start = i + 1;
        k++;
    }
    size_t firstlen = 0;
    while (firstlen < len && text[firstlen] != '\n')
        firstlen++;
    if (!err && line_reserve(l, col + firstlen) < 0) err = 1;
    if (err || lines_open(b, row + 1, nl) < 0) {
        for (int i = 0; i < nl; i++)
            line_free(&nls[i]);
        free(nls);
        return -1;
    }
    l = &b->lines[row];
    memcpy(l->s + col, text, firstlen);
    l->len = col + firstlen;
    l->s[l->len] = '\0';
    memcpy(&b->lines[row + 1], nls, (size_t)nl * sizeof *nls);
    free(nls);
    buf_end_pos(row, col, text, len, erow, ecol);
    return 0;
}

int buf_delete(struct buffer *b, int r1, size_t c1, int r2, size_t c2, char **out, size_t *outlen)
{
    if (r2 < r1 || (r2 == r1 && c2 < c1)) {
        int tr = r1;
        size_t tc = c1;
        r1 = r2, c1 = c2, r2 = tr, c2 = tc;
    }
    if (c1 > b->lines[r1].len) c1 = b->lines[r1].len;
    if (c2 > b->lines[r2].len) c2 = b->lines[r2].len;
    touch(b, r1);

    size_t n = 0;
    for (int r = r1; r <= r2; r++) {
        size_t from = r == r1 ? c1 : 0, to = r == r2 ? c2 : b->lines[r].len;
        n += to - from + (r < r2);
    }
    char *text = malloc(n + 1);
    if (!text) return -1;
    size_t pos = 0;
    for (int r = r1; r <= r2; r++) {
        size_t from = r == r1 ? c1 : 0, to = r == r2 ? c2 : b->lines[r].len;
        memcpy(text + pos, b->lines[r].s + from, to - from);
        pos += to - from;
        if (r < r2) text[pos++] = '\n';
    }
    text[pos] = '\0';

    struct line *first = &b->lines[r1], *last = &b->lines[r2];
    size_t taillen = last->len - c2;
    if (line_reserve(first, c1 + taillen) < 0) {
        free(text);
        return -1;
    }
    last = &b->lines[r2];
    memmove(first->s + c1, last->s + c2, taillen);
    memset(first->hl + c1, 0, taillen);
    first->len = c1 + taillen;
    first->s[first->len] = '\0';
    for (int r = r1 + 1; r <= r2; r++)
        line_free(&b->lines[r]);
    memmove(&b->lines[r1 + 1], &b->lines[r2 + 1], (size_t)(b->nlines - r2 - 1) * sizeof *b->lines);
    b->nlines -= r2 - r1;
    if (out) {
        *out = text;
        *outlen = n;
    } else {
        free(text);
    }
    return 0;
}

char *buf_text(const struct buffer *b, size_t *len)
{
    size_t n = 0;
    int empty = b->nlines == 1 && b->lines[0].len == 0;
    for (int r = 0; r < b->nlines; r++)
        n += b->lines[r].len + 1;
    char *s = malloc(n + 1);
    if (!s) return NULL;
    size_t pos = 0;
    for (int r = 0; r < b->nlines; r++) {
        memcpy(s + pos, b->lines[r].s, b->lines[r].len);
        pos += b->lines[r].len;
        if (r + 1 < b->nlines || (b->trailing_nl && !empty)) s[pos++] = '\n';
    }
    s[pos] = '\0';
    *len = pos;
    return s;
}
