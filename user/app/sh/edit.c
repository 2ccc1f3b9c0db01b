/* Line editor: raw terminal mode, cursor movement, history with search, Tab completion. */
#define _POSIX_C_SOURCE 200809L
#include "edit.h"
#include "builtins.h"
#include "expand.h"
#include "vars.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define HIST_MAX 1000

enum key {
    K_UP = 1000,
    K_DOWN,
    K_LEFT,
    K_RIGHT,
    K_HOME,
    K_END,
    K_DEL,
    K_NONE,
};

static int tty = -1;
static struct termios orig;
static int have_orig;
static char *hist[HIST_MAX];
static int nhist;
static char *hist_path;

struct ed {
    char *buf;
    size_t len, cap, pos;
    const char *prompt;
    int hidx;
    char *saved; /* the line being typed while browsing history */
    int last_tab;
};

static void out(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

static void hist_push(const char *line)
{
    char *c = strdup(line);
    if (!c) return;
    if (nhist == HIST_MAX) {
        free(hist[0]);
        memmove(hist, hist + 1, sizeof(char *) * (HIST_MAX - 1));
        nhist--;
    }
    hist[nhist++] = c;
}

void edit_init(int fd)
{
    tty = fd;
    if (tcgetattr(fd, &orig) == 0) have_orig = 1;
    const char *home = var_get("HOME");
    if (!home) return;
    size_t len = strlen(home) + 16;
    hist_path = malloc(len);
    if (!hist_path) return;
    snprintf(hist_path, len, "%s/.sh_history", home);
    FILE *f = fopen(hist_path, "r");
    if (!f) return;
    char line[4096];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = 0;
        if (*line) hist_push(line);
    }
    fclose(f);
}

void edit_restore(void)
{
    if (have_orig) tcsetattr(tty, TCSADRAIN, &orig);
}

static int raw_on(void)
{
    if (!have_orig) return -1;
    struct termios r = orig;
    r.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    r.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR);
    r.c_cc[VMIN] = 1;
    r.c_cc[VTIME] = 0;
    return tcsetattr(tty, TCSADRAIN, &r);
}

void hist_add(const char *line)
{
    if (!*line || (nhist && strcmp(hist[nhist - 1], line) == 0)) return;
    hist_push(line);
    if (!hist_path || strchr(line, '\n')) return;
    int fd = open(hist_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) return;
    if (write(fd, line, strlen(line)) >= 0) (void)!write(fd, "\n", 1);
    close(fd);
}

void hist_print(void)
{
    for (int i = 0; i < nhist; i++)
        printf("%5d  %s\n", i + 1, hist[i]);
}

void hist_clear(void)
{
    for (int i = 0; i < nhist; i++)
        free(hist[i]);
    nhist = 0;
    if (hist_path) {
        int fd = open(hist_path, O_WRONLY | O_TRUNC);
        if (fd >= 0) close(fd);
    }
}

static int read_byte(void)
{
    unsigned char c;
    for (;;) {
        ssize_t r = read(tty, &c, 1);
        if (r == 1) return c;
        if (r < 0 && errno == EINTR) continue;
        return -1;
    }
}

static int read_key(void)
{
    int c = read_byte();
    if (c != 27) return c;
    int c1 = read_byte();
    if (c1 != '[' && c1 != 'O') return K_NONE;
    int c2 = read_byte();
    if (c2 >= '0' && c2 <= '9') {
        int n = c2 - '0', c3;
        while ((c3 = read_byte()) >= '0' && c3 <= '9')
            n = n * 10 + c3 - '0';
        if (c3 != '~') return K_NONE;
        return n == 1 || n == 7 ? K_HOME : n == 4 || n == 8 ? K_END : n == 3 ? K_DEL : K_NONE;
    }
    switch (c2) {
    case 'A':
        return K_UP;
    case 'B':
        return K_DOWN;
    case 'C':
        return K_RIGHT;
    case 'D':
        return K_LEFT;
    case 'H':
        return K_HOME;
    case 'F':
        return K_END;
    }
    return K_NONE;
}

static size_t term_cols(void)
{
    struct winsize ws;
    if (ioctl(tty, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    const char *c = var_get("COLUMNS");
    long n = c ? strtol(c, NULL, 10) : 0;
    return n > 0 ? (size_t)n : 80;
}

/* Redraw prompt and line on one row, scrolling sideways so the cursor stays visible. */
static void refresh(struct ed *e)
{
    size_t plen = strlen(e->prompt), cols = term_cols();
    size_t avail = cols > plen + 2 ? cols - plen - 1 : 1;
    size_t start = e->pos >= avail ? e->pos - avail + 1 : 0;
    size_t n = e->len - start < avail ? e->len - start : avail;
    outs("\r");
    outs(e->prompt);
    out(e->buf + start, n);
    outs("\x1b[K");
    if (e->pos < start + n) {
        char mv[32];
        snprintf(mv, sizeof(mv), "\x1b[%zuD", start + n - e->pos);
        outs(mv);
    }
}

static void reserve(struct ed *e, size_t extra)
{
    if (e->len + extra + 1 <= e->cap) return;
    size_t cap = e->cap ? e->cap : 128;
    while (cap < e->len + extra + 1)
        cap *= 2;
    char *nb = realloc(e->buf, cap);
    if (!nb) return;
    e->buf = nb;
    e->cap = cap;
}

static void insert(struct ed *e, const char *s, size_t n)
{
    reserve(e, n);
    if (e->len + n + 1 > e->cap) return;
    memmove(e->buf + e->pos + n, e->buf + e->pos, e->len - e->pos);
    memcpy(e->buf + e->pos, s, n);
    e->len += n;
    e->pos += n;
    e->buf[e->len] = 0;
}

static void erase(struct ed *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to);
    e->len -= to - from;
    if (e->pos > to)
        e->pos -= to - from;
    else if (e->pos > from)
        e->pos = from;
    e->buf[e->len] = 0;
}

static void set_line(struct ed *e, const char *s)
{
    e->len = e->pos = 0;
    insert(e, s, strlen(s));
}

static void history_move(struct ed *e, int dir)
{
    int n = e->hidx + dir;
    if (n < 0 || n > nhist) return;
    if (e->hidx == nhist) {
        free(e->saved);
        e->saved = strndup(e->buf, e->len);
    }
    e->hidx = n;
    set_line(e, n == nhist ? (e->saved ? e->saved : "") : hist[n]);
}

/* Ctrl-R: incremental search backwards; returns 1 if Enter accepted the line. */
static int search(struct ed *e)
{
    char q[256] = "";
    size_t ql = 0;
    int match = -1;
    for (;;) {
        outs("\r(reverse-i-search)`");
        outs(q);
        outs("': ");
        if (match >= 0) outs(hist[match]);
        outs("\x1b[K");
        int k = read_key();
        int from = -1;
        if (k == 18) {
            from = (match >= 0 ? match : nhist) - 1;
        } else if (k == 127 || k == 8) {
            if (ql) q[--ql] = 0;
            from = nhist - 1;
        } else if (k >= 32 && k < 127 && ql + 1 < sizeof(q)) {
            q[ql++] = (char)k;
            q[ql] = 0;
            from = match >= 0 ? match : nhist - 1;
        } else if (k == 7 || k == 3 || k < 0) {
            refresh(e);
            return 0;
        } else {
            if (match >= 0) {
                set_line(e, hist[match]);
                e->hidx = match;
            }
            if (k == '\r' || k == '\n') return 1;
            refresh(e);
            return 0;
        }
        match = -1;
        for (int i = from; i >= 0 && ql; i--) {
            if (strstr(hist[i], q)) {
                match = i;
                break;
            }
        }
    }
}

static void add_unique(struct strvec *sv, const char *s)
{
    for (int i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0) return;
    char *c = strdup(s);
    if (c) sv_push(sv, c);
}

struct cctx {
    struct strvec *sv;
    const char *prefix;
};

static void add_if_prefix(const char *name, void *ctx)
{
    struct cctx *c = ctx;
    if (strncmp(name, c->prefix, strlen(c->prefix)) == 0) add_unique(c->sv, name);
}

static void complete_commands(struct strvec *sv, const char *prefix)
{
    struct cctx c = {sv, prefix};
    builtins_each(add_if_prefix, &c);
    names_each(add_if_prefix, &c);
    const char *path = var_get("PATH");
    if (!path) path = "/bin:/usr/bin";
    char *copy = strdup(path);
    if (!copy) return;
    char *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        DIR *d = opendir(dir);
        if (!d) continue;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, strlen(prefix)) != 0) continue;
            char full[4096];
            snprintf(full, sizeof(full), "%s/%s", dir, de->d_name);
            struct stat st;
            if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
                add_unique(sv, de->d_name);
        }
        closedir(d);
    }
    free(copy);
}

static void complete_paths(struct strvec *sv, const char *word)
{
    const char *slash = strrchr(word, '/');
    size_t dlen = slash ? (size_t)(slash - word) + 1 : 0;
    const char *base = word + dlen;
    char dir[4096];
    if (dlen == 0) {
        snprintf(dir, sizeof(dir), ".");
    } else if (word[0] == '~' && (word[1] == '/') && var_get("HOME")) {
        snprintf(dir, sizeof(dir), "%s%.*s", var_get("HOME"), (int)(dlen - 1), word + 1);
    } else {
        snprintf(dir, sizeof(dir), "%.*s", (int)dlen, word);
    }
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, base, strlen(base)) != 0) continue;
        if (de->d_name[0] == '.' && base[0] != '.') continue;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char full[8192], cand[8192];
        snprintf(full, sizeof(full), "%s/%s", dir, de->d_name);
        struct stat st;
        int isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
        snprintf(cand, sizeof(cand), "%.*s%s%s", (int)dlen, word, de->d_name, isdir ? "/" : "");
        add_unique(sv, cand);
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void insert_escaped(struct ed *e, const char *s)
{
    for (; *s; s++) {
        if (strchr(" \t\\'\"$&;|<>()*?[]`", *s)) insert(e, "\\", 1);
        insert(e, s, 1);
    }
}

static void list_choices(struct ed *e, struct strvec *sv)
{
    size_t w = 0;
    for (int i = 0; i < sv->n; i++) {
        size_t l = strlen(sv->v[i]);
        if (l > w) w = l;
    }
    w += 2;
    int cols = (int)(term_cols() / w);
    if (cols < 1) cols = 1;
    outs("\r\n");
    for (int i = 0; i < sv->n; i++) {
        outs(sv->v[i]);
        if ((i + 1) % cols == 0 || i + 1 == sv->n) {
            outs("\r\n");
        } else {
            for (size_t k = strlen(sv->v[i]); k < w; k++)
                outs(" ");
        }
    }
    refresh(e);
}

static void complete(struct ed *e, int second)
{
    size_t ws = e->pos;
    while (ws > 0 && !strchr(" \t;|&<>()", e->buf[ws - 1]))
        ws--;
    size_t b = ws;
    while (b > 0 && (e->buf[b - 1] == ' ' || e->buf[b - 1] == '\t'))
        b--;
    int cmdpos = b == 0 || strchr(";|&(", e->buf[b - 1]);
    char *word = strndup(e->buf + ws, e->pos - ws);
    if (!word) return;
    struct strvec sv = {0};
    if (cmdpos && !strchr(word, '/'))
        complete_commands(&sv, word);
    else
        complete_paths(&sv, word);
    if (sv.n == 0) {
        outs("\a");
    } else {
        qsort(sv.v, (size_t)sv.n, sizeof(char *), cmp_str);
        size_t lcp = strlen(sv.v[0]);
        for (int i = 1; i < sv.n; i++) {
            size_t k = 0;
            while (k < lcp && sv.v[i][k] == sv.v[0][k])
                k++;
            lcp = k;
        }
        size_t wl = strlen(word);
        if (lcp > wl || sv.n == 1) {
            char *add = strndup(sv.v[0] + wl, lcp > wl ? lcp - wl : 0);
            if (add) {
                insert_escaped(e, add);
                free(add);
            }
            size_t l0 = strlen(sv.v[0]);
            if (sv.n == 1 && (l0 == 0 || sv.v[0][l0 - 1] != '/')) insert(e, " ", 1);
            refresh(e);
        } else if (second) {
            list_choices(e, &sv);
        } else {
            outs("\a");
        }
    }
    sv_free(&sv);
    free(word);
}

char *edit_readline(const char *prompt)
{
    struct ed e = {.prompt = prompt, .hidx = nhist};
    reserve(&e, 0);
    if (!e.buf) return NULL;
    e.buf[0] = 0;
    if (raw_on() < 0) {
        free(e.buf);
        return NULL;
    }
    outs(prompt);
    char *result = NULL;
    int tabs = 0;
    for (;;) {
        int k = read_key();
        int was_tab = tabs;
        tabs = 0;
        if (k < 0 || (k == 4 && e.len == 0)) {
            outs("\r\n");
            break;
        }
        switch (k) {
        case '\r':
        case '\n':
            outs("\r\n");
            result = e.buf;
            e.buf = NULL;
            goto done;
        case 3:
            outs("^C\r\n");
            e.len = 0;
            e.buf[0] = 0;
            result = e.buf;
            e.buf = NULL;
            goto done;
        case 1:
        case K_HOME:
            e.pos = 0;
            break;
        case 5:
        case K_END:
            e.pos = e.len;
            break;
        case 2:
        case K_LEFT:
            if (e.pos > 0) e.pos--;
            break;
        case 6:
        case K_RIGHT:
            if (e.pos < e.len) e.pos++;
            break;
        case 127:
        case 8:
            if (e.pos > 0) erase(&e, e.pos - 1, e.pos);
            break;
        case 4:
        case K_DEL:
            if (e.pos < e.len) erase(&e, e.pos, e.pos + 1);
            break;
        case 11:
            erase(&e, e.pos, e.len);
            break;
        case 21:
            erase(&e, 0, e.pos);
            break;
        case 23: {
            size_t p = e.pos;
            while (p > 0 && e.buf[p - 1] == ' ')
                p--;
            while (p > 0 && e.buf[p - 1] != ' ')
                p--;
            erase(&e, p, e.pos);
            break;
        }
        case 12:
            outs("\x1b[H\x1b[2J");
            break;
        case 16:
        case K_UP:
            history_move(&e, -1);
            break;
        case 14:
        case K_DOWN:
            history_move(&e, 1);
            break;
        case 18:
            if (search(&e)) {
                outs("\r\n");
                result = e.buf;
                e.buf = NULL;
                goto done;
            }
            break;
        case 9:
            complete(&e, was_tab);
            tabs = 1;
            continue;
        default:
            if (k >= 32 && k < 256 && k != 127) {
                char c = (char)k;
                insert(&e, &c, 1);
            }
        }
        refresh(&e);
    }
done:
    edit_restore();
    free(e.buf);
    free(e.saved);
    return result;
}
