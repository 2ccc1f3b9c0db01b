#pragma once
/* Helpers shared by the vt host tests. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "vt.h"

#define SB_LINES 1000

/* A terminal with its buffers, as a console server would keep one. */
struct term {
    struct vt vt;
    struct vt_cell main[VT_MAX_COLS * 64];
    struct vt_cell alt[VT_MAX_COLS * 64];
    struct vt_cell sb[80 * SB_LINES];
    char reply[256];
    size_t nreply;
};

static void term_reply(void *ctx, const char *b, size_t n)
{
    struct term *t = ctx;
    assert_true(t->nreply + n < sizeof(t->reply));
    memcpy(t->reply + t->nreply, b, n);
    t->nreply += n;
    t->reply[t->nreply] = 0;
}

static inline struct term *term_new(int cols, int rows)
{
    static struct term term;
    struct term *t = &term;
    memset(t, 0, sizeof(*t));
    assert_true(cols <= 80 && rows <= 64);
    assert_int_equal(vt_init(&t->vt, cols, rows, t->main, t->alt, t->sb, SB_LINES), 0);
    vt_set_reply(&t->vt, term_reply, t);
    return t;
}

static inline void put(struct term *t, const char *s)
{
    vt_write(&t->vt, s, strlen(s));
}

static inline void putf(struct term *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof(buf));
    vt_write(&t->vt, buf, (size_t)n);
}

/* Text of a row of cells, trailing blanks dropped; non-ASCII shows as '#'. */
static inline const char *cells_text(const struct vt_cell *c, int cols)
{
    static char buf[VT_MAX_COLS + 1];
    int n = 0;
    for (int x = 0; x < cols; x++)
        buf[n++] = c[x].cp < 0x80 ? (char)c[x].cp : '#';
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = 0;
    return buf;
}

/* Text of screen row y of the live grid. */
static inline const char *row(struct term *t, int y)
{
    return cells_text(vt_screen_row(&t->vt, y), t->vt.cols);
}

static inline const struct vt_cell *cell(struct term *t, int x, int y)
{
    return &vt_screen_row(&t->vt, y)[x];
}

#define assert_cursor(t, cx, cy)                                                                   \
    do {                                                                                           \
        assert_int_equal((t)->vt.x, (cx));                                                         \
        assert_int_equal((t)->vt.y, (cy));                                                         \
    } while (0)

/* Reads a whole file into a malloc'd buffer. */
static inline uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}
