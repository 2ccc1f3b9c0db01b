#define _POSIX_C_SOURCE 200809L
#include "display.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utf8.h"

#define MSG_SECONDS 5

static const char help[] = "^S save  ^Q quit  ^F find  ^G go to line  ^U undo  ^R redo  ^Z suspend";

/* The output of one redraw, written at once to avoid flicker. */
struct out {
    char *s;
    size_t len, cap;
};

static void out_add(struct out *o, const char *s, size_t n)
{
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n)
            cap *= 2;
        char *p = realloc(o->s, cap);
        if (!p) return; /* drop output rather than fail: the next redraw repaints */
        o->s = p;
        o->cap = cap;
    }
    memcpy(o->s + o->len, s, n);
    o->len += n;
}

static void out_str(struct out *o, const char *s)
{
    out_add(o, s, strlen(s));
}

void display_scroll(struct editor *e)
{
    struct line *l = &e->buf.lines[e->cy];
    int rx = utf8_col_to_rx(l->s, l->len, e->cx, TABSTOP);
    if (e->cy < e->rowoff) e->rowoff = e->cy;
    if (e->cy >= e->rowoff + e->rows) e->rowoff = e->cy - e->rows + 1;
    if (rx < e->coloff) e->coloff = rx;
    if (rx >= e->coloff + e->cols) e->coloff = rx - e->cols + 1;
}

/* Set the SGR state for a character: colour plus inverse for matches and controls. */
static void set_attr(struct out *o, int *cur, int want)
{
    if (*cur == want) return;
    char sgr[32];
    int cls = want & 0xff, inv = want >> 8;
    const char *color = syntax_color((enum hl_class)cls);
    snprintf(sgr, sizeof sgr, "\x1b[0%s%s%s%sm", color ? ";" : "", color ? color : "",
             inv ? ";" : "", inv ? "7" : "");
    out_str(o, sgr);
    *cur = want;
}

static void draw_line(struct editor *e, struct out *o, int row)
{
    struct line *l = &e->buf.lines[row];
    int rx = 0, attr = 0, end = e->coloff + e->cols;
    size_t i = 0, n;
    while (i < l->len && rx < end) {
        uint32_t cp = utf8_decode(l->s, l->len, i, &n);
        int invalid = cp == 0xfffd && n == 1;
        int ctrl = cp < 0x20 || cp == 0x7f;
        int w = cp == '\t' ? TABSTOP - rx % TABSTOP : ctrl ? 2 : utf8_width(cp);
        int match = row == e->match_row && i >= e->match_col && i < e->match_col + e->match_len;
        int want = l->hl[i] | ((match || invalid || (ctrl && cp != '\t')) ? 0x100 : 0);
        if (rx + w <= e->coloff || (w == 0 && rx < e->coloff)) {
            /* left of the view */
        } else if (rx < e->coloff || rx + w > end) {
            /* straddles an edge: pad with spaces */
            set_attr(o, &attr, 0);
            for (int c = rx < e->coloff ? e->coloff : rx; c < rx + w && c < end; c++)
                out_add(o, " ", 1);
        } else {
            set_attr(o, &attr, want);
            if (cp == '\t') {
                for (int c = 0; c < w; c++)
                    out_add(o, " ", 1);
            } else if (ctrl) {
                char buf[2] = {'^', (char)(cp == 0x7f ? '?' : cp + '@')};
                out_add(o, buf, 2);
            } else if (invalid) {
                out_add(o, "?", 1);
            } else {
                out_add(o, l->s + i, n);
            }
        }
        rx += w;
        i += n;
    }
    set_attr(o, &attr, 0);
}

static void draw_status(struct editor *e, struct out *o)
{
    char left[256], right[96];
    struct line *l = &e->buf.lines[e->cy];
    const char *name = e->filename ? e->filename : "[new]";
    int ln = snprintf(left, sizeof left, " %.200s%s - %d lines", name,
                      editor_dirty(e) ? " [modified]" : "", e->buf.nlines);
    int rn = snprintf(right, sizeof right, "%s | Ln %d, Col %d ", syntax_name(e->syn), e->cy + 1,
                      utf8_col_to_rx(l->s, l->len, e->cx, TABSTOP) + 1);
    out_str(o, "\x1b[7m");
    size_t lb = utf8_rx_to_col(left, (size_t)ln, e->cols, 1);
    int lw = utf8_col_to_rx(left, lb, lb, 1);
    out_add(o, left, lb);
    for (int c = lw; c < e->cols; c++) {
        if (e->cols - c == rn) {
            out_add(o, right, (size_t)rn);
            break;
        }
        out_add(o, " ", 1);
    }
    out_str(o, "\x1b[0m\r\n");
}

static void draw_message(struct editor *e, struct out *o)
{
    const char *m = help;
    if (e->msg[0] && (e->msg_sticky || time(NULL) - e->msg_time < MSG_SECONDS)) m = e->msg;
    size_t len = strlen(m);
    out_add(o, m, utf8_rx_to_col(m, len, e->cols, 1));
    out_str(o, "\x1b[K");
}

void display_refresh(struct editor *e)
{
    struct out o = {0};
    char pos[32];
    display_scroll(e);
    syntax_update(e->syn, &e->buf, e->rowoff + e->rows - 1);
    out_str(&o, "\x1b[?25l\x1b[H");
    for (int y = 0; y < e->rows; y++) {
        int row = e->rowoff + y;
        if (row < e->buf.nlines)
            draw_line(e, &o, row);
        else
            out_str(&o, "\x1b[2m~\x1b[0m");
        out_str(&o, "\x1b[K\r\n");
    }
    draw_status(e, &o);
    draw_message(e, &o);
    struct line *l = &e->buf.lines[e->cy];
    int rx = utf8_col_to_rx(l->s, l->len, e->cx, TABSTOP);
    snprintf(pos, sizeof pos, "\x1b[%d;%dH\x1b[?25h", e->cy - e->rowoff + 1, rx - e->coloff + 1);
    out_str(&o, pos);
    const char *p = o.s;
    size_t left = o.len;
    while (left > 0) {
        ssize_t n = write(STDOUT_FILENO, p, left);
        if (n <= 0) break;
        p += n;
        left -= (size_t)n;
    }
    free(o.s);
}

void display_message(struct editor *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->msg_time = time(NULL);
    e->msg_sticky = 0;
}

int display_message_expired(struct editor *e)
{
    if (e->msg[0] && !e->msg_sticky && time(NULL) - e->msg_time >= MSG_SECONDS) {
        e->msg[0] = '\0';
        return 1;
    }
    return 0;
}
