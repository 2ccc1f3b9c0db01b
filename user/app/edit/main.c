#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "display.h"
#include "editor.h"
#include "fileio.h"
#include "input.h"
#include "utf8.h"

static volatile sig_atomic_t winch_seen, cont_seen;

int editor_dirty(const struct editor *e)
{
    return undo_state(&e->undo) != e->saved_state;
}

static void on_winch(int sig)
{
    (void)sig;
    winch_seen = 1;
}

static void on_fatal(int sig)
{
    term_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void on_tstp(int sig);

/* Stop like any job: give the terminal back, stop, and take it again when continued. */
static void suspend_self(void)
{
    sigset_t set;
    term_restore();
    set_handler(SIGTSTP, SIG_DFL, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGTSTP);
    set_handler(SIGTSTP, on_tstp, 0);
    cont_seen = 1;
}

static void on_tstp(int sig)
{
    (void)sig;
    int saved = errno;
    suspend_self();
    errno = saved;
}

static void on_cont(int sig)
{
    (void)sig;
    cont_seen = 1;
}

static void install_signals(void)
{
    static const int fatal[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGSEGV,
                                SIGBUS, SIGFPE, SIGILL,  SIGABRT, SIGPIPE};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        set_handler(fatal[i], on_fatal, SA_NODEFER | SA_RESETHAND);
    set_handler(SIGWINCH, on_winch, 0);
    set_handler(SIGCONT, on_cont, 0);
    set_handler(SIGTSTP, on_tstp, 0);
}

static void update_size(struct editor *e)
{
    int rows = 24, cols = 80;
    term_size(e->fd, &rows, &cols);
    e->rows = rows > 3 ? rows - 2 : 1;
    e->cols = cols > 1 ? cols : 1;
}

static _Noreturn void die(const char *what)
{
    int err = errno;
    term_restore();
    fprintf(stderr, "edit: %s: %s\n", what, strerror(err));
    exit(1);
}

/* Take the terminal back after a stop; the size may have changed meanwhile. */
static void resume(struct editor *e)
{
    cont_seen = 0;
    if (term_raw(e->fd) < 0) die("terminal");
    winch_seen = 1;
}

/* Wait for a key, redrawing after resizes, continuation and expired messages. */
static int next_key(struct editor *e)
{
    for (;;) {
        if (cont_seen) resume(e);
        if (winch_seen) {
            winch_seen = 0;
            update_size(e);
            display_refresh(e);
        } else if (display_message_expired(e)) {
            display_refresh(e);
        }
        int k = input_read_key(e->fd);
        if (k == KEY_CLOSED) {
            term_restore();
            exit(1);
        }
        if (k != KEY_NONE) return k;
    }
}

static void set_want(struct editor *e)
{
    struct line *l = &e->buf.lines[e->cy];
    e->want_rx = utf8_col_to_rx(l->s, l->len, e->cx, TABSTOP);
}

static void report_nomem(struct editor *e)
{
    display_message(e, "Out of memory: change not made");
}

static void insert_text(struct editor *e, const char *s, size_t n, int merge)
{
    int row;
    size_t col;
    if (buf_insert(&e->buf, e->cy, e->cx, s, n, &row, &col) < 0) {
        report_nomem(e);
        return;
    }
    if (undo_record(&e->undo, UNDO_INSERT, e->cy, e->cx, s, n, merge) < 0) report_nomem(e);
    e->cy = row;
    e->cx = col;
    set_want(e);
}

static void delete_range(struct editor *e, int r1, size_t c1, int r2, size_t c2)
{
    char *text;
    size_t len;
    if (buf_delete(&e->buf, r1, c1, r2, c2, &text, &len) < 0) {
        report_nomem(e);
        return;
    }
    if (undo_record(&e->undo, UNDO_DELETE, r1, c1, text, len, 1) < 0) report_nomem(e);
    free(text);
    e->cy = r1;
    e->cx = c1;
    set_want(e);
}

static void backspace(struct editor *e)
{
    if (e->cx > 0)
        delete_range(e, e->cy, utf8_prev(e->buf.lines[e->cy].s, e->cx), e->cy, e->cx);
    else if (e->cy > 0)
        delete_range(e, e->cy - 1, e->buf.lines[e->cy - 1].len, e->cy, 0);
}

static void delete_forward(struct editor *e)
{
    struct line *l = &e->buf.lines[e->cy];
    if (e->cx < l->len)
        delete_range(e, e->cy, e->cx, e->cy, e->cx + utf8_seqlen(l->s, l->len, e->cx));
    else if (e->cy + 1 < e->buf.nlines)
        delete_range(e, e->cy, e->cx, e->cy + 1, 0);
}

static int is_word_at(const struct line *l, size_t i)
{
    unsigned char c = (unsigned char)l->s[i];
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static void move(struct editor *e, int key)
{
    struct line *l = &e->buf.lines[e->cy];
    int vertical = 0;
    switch (key) {
    case KEY_LEFT:
        if (e->cx > 0)
            e->cx = utf8_prev(l->s, e->cx);
        else if (e->cy > 0)
            e->cx = e->buf.lines[--e->cy].len;
        break;
    case KEY_RIGHT:
        if (e->cx < l->len)
            e->cx += utf8_seqlen(l->s, l->len, e->cx);
        else if (e->cy + 1 < e->buf.nlines)
            e->cy++, e->cx = 0;
        break;
    case KEY_CTRL_LEFT:
        while (e->cx > 0 && !is_word_at(l, e->cx - 1))
            e->cx--;
        while (e->cx > 0 && is_word_at(l, e->cx - 1))
            e->cx--;
        break;
    case KEY_CTRL_RIGHT:
        while (e->cx < l->len && !is_word_at(l, e->cx))
            e->cx++;
        while (e->cx < l->len && is_word_at(l, e->cx))
            e->cx++;
        break;
    case KEY_UP:
        e->cy -= e->cy > 0;
        vertical = 1;
        break;
    case KEY_DOWN:
        e->cy += e->cy + 1 < e->buf.nlines;
        vertical = 1;
        break;
    case KEY_PGUP:
        e->cy = e->cy > e->rows ? e->cy - e->rows : 0;
        e->rowoff = e->rowoff > e->rows ? e->rowoff - e->rows : 0;
        vertical = 1;
        break;
    case KEY_PGDN:
        e->cy = e->cy + e->rows < e->buf.nlines ? e->cy + e->rows : e->buf.nlines - 1;
        e->rowoff += e->rows;
        if (e->rowoff > e->cy) e->rowoff = e->cy;
        vertical = 1;
        break;
    case KEY_HOME:
        e->cx = 0;
        break;
    case KEY_END:
        e->cx = l->len;
        break;
    case KEY_CTRL_HOME:
        e->cy = 0, e->cx = 0;
        break;
    case KEY_CTRL_END:
        e->cy = e->buf.nlines - 1;
        e->cx = e->buf.lines[e->cy].len;
        break;
    }
    l = &e->buf.lines[e->cy];
    if (vertical)
        e->cx = utf8_rx_to_col(l->s, l->len, e->want_rx, TABSTOP);
    else
        set_want(e);
    undo_break(&e->undo);
}

/* Ask on the bottom line; returns the answer (malloc'd) or NULL if cancelled with Esc.
 * cb, if given, sees the text after every key. */
static char *prompt(struct editor *e, const char *fmt,
                    void (*cb)(struct editor *, const char *, int))
{
    size_t cap = 128, len = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    s[0] = '\0';
    for (;;) {
        snprintf(e->msg, sizeof e->msg, fmt, s);
        e->msg_sticky = 1;
        display_refresh(e);
        int k = next_key(e);
        if (k == KEY_ESC || k == CTRL('q')) {
            if (cb) cb(e, s, KEY_ESC);
            free(s);
            s = NULL;
            break;
        } else if (k == '\r' || k == '\n') {
            if (cb) cb(e, s, '\r');
            break;
        } else if (k == KEY_BACKSPACE || k == KEY_DEL) {
            len = utf8_prev(s, len);
            s[len] = '\0';
        } else if (k >= 0x20 && k < KEY_UP && k != 0x7f) {
            char enc[4];
            size_t n = utf8_encode((uint32_t)k, enc);
            if (len + n + 1 > cap) {
                char *t = realloc(s, cap * 2);
                if (!t) continue;
                s = t;
                cap *= 2;
            }
            memcpy(s + len, enc, n);
            len += n;
            s[len] = '\0';
        }
        if (cb) cb(e, s, k);
    }
    e->msg[0] = '\0';
    e->msg_sticky = 0;
    return s;
}

/* Find q in line l at or after byte from (forward) or before byte from (backward). */
static long find_in_line(const struct line *l, const char *q, size_t qn, size_t from, int fwd)
{
    if (qn > l->len) return -1;
    if (fwd) {
        for (size_t i = from; i + qn <= l->len; i++)
            if (memcmp(l->s + i, q, qn) == 0) return (long)i;
    } else {
        for (size_t i = from < l->len - qn + 1 ? from : l->len - qn + 1; i-- > 0;)
            if (memcmp(l->s + i, q, qn) == 0) return (long)i;
    }
    return -1;
}

static struct {
    int cy, rowoff, coloff;
    size_t cx;
    int found; /* the query has a match */
} find_origin;

static void find_cb(struct editor *e, const char *q, int key)
{
    size_t qn = strlen(q);
    if (key == KEY_ESC || key == '\r') {
        if (key == KEY_ESC) {
            e->cy = find_origin.cy, e->cx = find_origin.cx;
            e->rowoff = find_origin.rowoff, e->coloff = find_origin.coloff;
        }
        e->match_row = -1;
        return;
    }
    int fwd = 1, row;
    size_t from;
    if (key == KEY_DOWN || key == KEY_RIGHT || key == CTRL('f')) {
        if (e->match_row < 0) return;
        row = e->match_row, from = e->match_col + 1;
    } else if (key == KEY_UP || key == KEY_LEFT) {
        if (e->match_row < 0) return;
        row = e->match_row, from = e->match_col, fwd = 0;
    } else {
        row = find_origin.cy, from = find_origin.cx; /* the text changed: search again */
    }
    e->match_row = -1;
    find_origin.found = 0;
    if (qn == 0) return;
    for (int n = 0; n <= e->buf.nlines; n++) {
        long at = find_in_line(&e->buf.lines[row], q, qn, from, fwd);
        if (at >= 0) {
            e->match_row = e->cy = row;
            e->match_col = e->cx = (size_t)at;
            e->match_len = qn;
            find_origin.found = 1;
            set_want(e);
            return;
        }
        row = fwd ? (row + 1) % e->buf.nlines : (row + e->buf.nlines - 1) % e->buf.nlines;
        from = fwd ? 0 : e->buf.lines[row].len + 1;
    }
}

static void find(struct editor *e)
{
    find_origin.cy = e->cy, find_origin.cx = e->cx;
    find_origin.rowoff = e->rowoff, find_origin.coloff = e->coloff;
    e->match_row = -1;
    char *q = prompt(e, "Find: %s  (arrows: next/previous, Enter: stop, Esc: cancel)", find_cb);
    if (q && q[0] && !find_origin.found) display_message(e, "Not found: %s", q);
    free(q);
    undo_break(&e->undo);
}

static void go_to_line(struct editor *e)
{
    char *s = prompt(e, "Go to line: %s", NULL);
    if (!s) return;
    char *end;
    long n = strtol(s, &end, 10);
    if (s[0] && *end == '\0' && n > 0) {
        e->cy = n > e->buf.nlines ? e->buf.nlines - 1 : (int)n - 1;
        e->cx = 0;
        set_want(e);
        undo_break(&e->undo);
    } else if (s[0]) {
        display_message(e, "Not a line number: %s", s);
    }
    free(s);
}

static void set_filename(struct editor *e, const char *name)
{
    char *copy = strdup(name);
    if (!copy) {
        report_nomem(e);
        return;
    }
    free(e->filename);
    e->filename = copy;
    e->syn = syntax_detect(name, e->buf.lines[0].s);
    e->buf.hl_valid = 0;
}

/* Returns 0 when the buffer was written. */
static int save(struct editor *e)
{
    if (!e->filename) {
        char *name = prompt(e, "Save as: %s", NULL);
        if (!name || !name[0]) {
            free(name);
            display_message(e, "Save cancelled");
            return -1;
        }
        set_filename(e, name);
        free(name);
    }
    size_t n;
    int err = file_save(&e->buf, e->filename, &n);
    if (err) {
        display_message(e, "Cannot save %s: %s", e->filename, strerror(err));
        return -1;
    }
    e->saved_state = undo_state(&e->undo);
    undo_break(&e->undo);
    display_message(e, "Wrote %zu bytes to %s", n, e->filename);
    return 0;
}

/* Returns 1 if the editor should exit. */
static int quit(struct editor *e)
{
    if (!editor_dirty(e)) return 1;
    snprintf(e->msg, sizeof e->msg,
             "Unsaved changes! Quit without saving? (y: discard, s: save, other: stay)");
    e->msg_sticky = 1;
    display_refresh(e);
    int k = next_key(e);
    e->msg[0] = '\0';
    e->msg_sticky = 0;
    if (k == 'y' || k == 'Y') return 1;
    if ((k == 's' || k == 'S') && save(e) == 0) return 1;
    return 0;
}

static void do_undo(struct editor *e, int redo)
{
    int row;
    size_t col;
    int r =
        redo ? undo_redo(&e->undo, &e->buf, &row, &col) : undo_undo(&e->undo, &e->buf, &row, &col);
    if (r < 0) {
        display_message(e, redo ? "Nothing to redo" : "Nothing to undo");
        return;
    }
    e->cy = row;
    e->cx = col;
    set_want(e);
}

/* Handle one key; returns 1 to exit. */
static int handle_key(struct editor *e, int k)
{
    switch (k) {
    case CTRL('q'):
        return quit(e);
    case CTRL('s'):
        save(e);
        break;
    case CTRL('f'):
        find(e);
        break;
    case CTRL('g'):
        go_to_line(e);
        break;
    case CTRL('z'):
        suspend_self();
        resume(e);
        update_size(e);
        break;
    case CTRL('u'):
        do_undo(e, 0);
        break;
    case CTRL('r'):
        do_undo(e, 1);
        break;
    case CTRL('c'):
        display_message(e, "Press Ctrl-Q to quit");
        break;
    case '\r':
    case '\n':
        insert_text(e, "\n", 1, 0);
        break;
    case KEY_BACKSPACE:
        backspace(e);
        break;
    case KEY_DEL:
        delete_forward(e);
        break;
    case '\t':
        insert_text(e, "\t", 1, 1);
        break;
    case KEY_ESC:
        break;
    default:
        if (k >= KEY_UP) {
            move(e, k);
        } else if (k >= 0x20 && k != 0x7f) {
            char enc[4];
            insert_text(e, enc, utf8_encode((uint32_t)k, enc), 1);
        }
    }
    return 0;
}

static void editor_open(struct editor *e, const char *path)
{
    set_filename(e, path);
    int err = file_load(&e->buf, path);
    if (err == ENOENT)
        display_message(e, "New file: %s", path);
    else if (err)
        display_message(e, "Cannot read %s: %s", path, strerror(err));
    e->syn = syntax_detect(path, e->buf.lines[0].s);
    e->buf.hl_valid = 0;
}

int main(int argc, char **argv)
{
    static struct editor ed;
    struct editor *e = &ed;

    if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
        fprintf(stderr, "usage: edit [file]\n");
        return 2;
    }
    e->fd = STDIN_FILENO;
    e->match_row = -1;
    if (!isatty(e->fd) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "edit: standard input and output must be a terminal\n");
        return 1;
    }
    if (buf_init(&e->buf) < 0) {
        fprintf(stderr, "edit: out of memory\n");
        return 1;
    }
    undo_init(&e->undo);
    if (argc == 2) editor_open(e, argv[1]);
    install_signals();
    atexit(term_restore);
    if (term_raw(e->fd) < 0) die("terminal");
    update_size(e);
    for (;;) {
        display_refresh(e);
        if (handle_key(e, next_key(e))) break;
    }
    term_restore();
    buf_free(&e->buf);
    undo_free(&e->undo);
    free(e->filename);
    return 0;
}
