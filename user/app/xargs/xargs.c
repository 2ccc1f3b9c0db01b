#define _XOPEN_SOURCE 700
// xargs: builds command lines from standard input and runs them.
//   xargs [-0rt] [-n number | -I replstr] [command [initial-arg...]]
// Items are separated by blanks and newlines, with '...', "..." and backslash quoting (-0:
// by NUL bytes, taken literally). -n puts at most number items on a command line; -I runs
// the command once per input line with replstr replaced by the line in the initial
// arguments. A command line the system refuses as too long (E2BIG) is split and retried.
// The command's stdin is /dev/null. Exit status: 0; 123 if a command failed; 124 if one
// exited with 255 (xargs stops); 125 if one was killed; 126/127 if it could not run.
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

static bool nul_sep, trace, no_empty;
static const char *repl;
static long max_items;
static int status;

// A growable byte string and a growable list of strings.
struct str {
    char *s;
    size_t n, cap;
};
struct list {
    char **v;
    size_t n, cap;
};

static void str_add(struct str *b, char c)
{
    if (b->n + 1 >= b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->s = xrealloc(b->s, b->cap);
    }
    b->s[b->n++] = c;
    b->s[b->n] = '\0';
}

// Empties b, keeping it a valid C string.
static void str_clear(struct str *b)
{
    if (!b->s) {
        b->cap = 64;
        b->s = xmalloc(b->cap);
    }
    b->n = 0;
    b->s[0] = '\0';
}

static void list_add(struct list *l, char *s)
{
    if (l->n + 2 > l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

// The next item from stdin into *b: 1, 0 at end of input, -1 after a reported error. With
// whole_line (-I), an item is a line without its leading blanks; empty lines are skipped.
static int next_item(struct str *b, bool whole_line)
{
    str_clear(b);
    int c;
    if (nul_sep) {
        while ((c = getchar()) != EOF && c != '\0')
            str_add(b, (char)c);
        if (c == EOF && b->n == 0) return ferror(stdin) ? (warn_errno("stdin"), -1) : 0;
        return 1;
    }
    char quote = 0;
    bool have = false;
    while ((c = getchar()) != EOF) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\n')
                break;
            else
                str_add(b, (char)c);
            continue;
        }
        if (c == '\n' || (!whole_line && (c == ' ' || c == '\t'))) {
            if (have) return 1;
            continue;
        }
        if ((c == ' ' || c == '\t') && !have) continue; // -I: leading blanks
        have = true;
        if (c == '\'' || c == '"') {
            quote = (char)c;
        } else if (c == '\\') {
            if ((c = getchar()) == EOF) break;
            str_add(b, (char)c);
        } else {
            str_add(b, (char)c);
        }
    }
    if (quote) {
        warn_msg("unmatched %s quote; quotes are special to xargs unless -0 is used",
                 quote == '\'' ? "single" : "double");
        return -1;
    }
    if (ferror(stdin)) {
        warn_errno("stdin");
        return -1;
    }
    return have ? 1 : 0;
}

// Writes argv as a shell would read it back: plain words bare, others in single quotes.
static void print_trace(char *const argv[])
{
    for (size_t i = 0; argv[i]; i++) {
        const char *a = argv[i];
        bool plain = *a != '\0';
        for (const char *p = a; *p && plain; p++)
            plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("_@%+=:,./-", *p);
        fputs(i ? " " : "", stderr);
        if (plain) {
            fputs(a, stderr);
            continue;
        }
        fputc('\'', stderr);
        for (const char *p = a; *p; p++)
            fputs(*p == '\'' ? "'\\''" : (char[]){*p, '\0'}, stderr);
        fputc('\'', stderr);
    }
    fputc('\n', stderr);
}

#define TOO_LONG 1

// Runs argv and waits: 0, -1 when xargs must stop, TOO_LONG when the system refused the
// command line as too long (nothing ran).
static int run(char *const argv[])
{
    if (trace) print_trace(argv);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e == E2BIG) return TOO_LONG;
    if (e) {
        errno = e;
        warn_errno(argv[0]);
        status = e == ENOENT ? 127 : 126;
        return -1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            warn_errno("waitpid");
            status = 125;
            return -1;
        }
    }
    if (WIFSIGNALED(st)) {
        warn_msg("%s: terminated by signal %d", argv[0], WTERMSIG(st));
        status = 125;
        return -1;
    }
    if (WEXITSTATUS(st) == 255) {
        warn_msg("%s: exited with status 255; aborting", argv[0]);
        status = 124;
        return -1;
    }
    if (WEXITSTATUS(st) != 0) status = 123;
    return 0;
}

// Runs the initial arguments followed by n items; a line refused as too long runs again as
// two lines of half the items each. 0, or -1 when xargs must stop.
static int run_items(const struct list *init, char *const items[], size_t n)
{
    char **argv = xmalloc((init->n + n + 1) * sizeof *argv);
    memcpy(argv, init->v, init->n * sizeof *argv);
    if (n) memcpy(argv + init->n, items, n * sizeof *argv);
    argv[init->n + n] = NULL;
    int r = run(argv);
    if (r == TOO_LONG && n < 2) {
        errno = E2BIG;
        warn_errno(argv[0]);
        status = 126;
        r = -1;
    }
    free(argv);
    if (r == TOO_LONG) {
        if (trace) fputs("xargs: the line is too long; it runs in two parts\n", stderr);
        r = run_items(init, items, n / 2);
        if (r == 0) r = run_items(init, items + n / 2, n - n / 2);
    }
    return r;
}

// The initial arguments with every replstr replaced by item.
static void run_replaced(struct list *init, const char *item)
{
    struct list cmd = {0};
    size_t rl = strlen(repl);
    for (size_t i = 0; i < init->n; i++) {
        struct str s = {0};
        str_clear(&s);
        for (const char *p = init->v[i]; *p;) {
            if (!strncmp(p, repl, rl)) {
                for (const char *q = item; *q; q++)
                    str_add(&s, *q);
                p += rl;
            } else {
                str_add(&s, *p++);
            }
        }
        list_add(&cmd, s.s);
    }
    int r = run(cmd.v);
    if (r == TOO_LONG) {
        errno = E2BIG;
        warn_errno(cmd.v[0]);
        status = 126;
        r = -1;
    }
    for (size_t i = 0; i < cmd.n; i++)
        free(cmd.v[i]);
    free(cmd.v);
    if (r < 0) exit(status);
}

int main(int argc, char *argv[])
{
    prog_init("xargs", "[-0rt] [-n number | -I replstr] [command [initial-arg...]]");
    int c;
    // "+": the command's own options are not xargs's.
    while ((c = next_opt(argc, argv, "+0rtn:I:")) != -1) {
        if (c == '0') {
            nul_sep = true;
        } else if (c == 'r') {
            no_empty = true;
        } else if (c == 't') {
            trace = true;
        } else if (c == 'n') {
            if (parse_long(optarg, &max_items) < 0 || max_items < 1) {
                warn_msg("invalid number '%s' for -n", optarg);
                usage();
            }
        } else {
            if (!*optarg) die_msg("the replacement string of -I must not be empty");
            repl = optarg;
        }
    }
    struct list init = {0};
    static char echo[] = "echo";
    if (optind == argc) list_add(&init, echo);
    for (int i = optind; i < argc; i++)
        list_add(&init, argv[i]);
    struct str item = {0};
    int r;
    if (repl) {
        while ((r = next_item(&item, true)) > 0)
            run_replaced(&init, item.s);
        free(item.s);
        free(init.v);
        return r < 0 ? 1 : status;
    }
    // Items are collected and run in lines of -n (or all at once).
    struct list items = {0};
    bool ran = false;
    while ((r = next_item(&item, false)) > 0) {
        list_add(&items, xstrdup(item.s));
        if (max_items && (long)items.n == max_items) {
            int e = run_items(&init, items.v, items.n);
            ran = true;
            for (size_t i = 0; i < items.n; i++)
                free(items.v[i]);
            items.n = 0;
            if (e < 0) return status;
        }
    }
    // What was read before an error still runs; with no items at all the command runs once
    // (as GNU does) unless -r.
    if (items.n > 0 || (!ran && !no_empty && r == 0))
        if (run_items(&init, items.v, items.n) < 0) return status;
    for (size_t i = 0; i < items.n; i++)
        free(items.v[i]);
    free(items.v);
    free(init.v);
    free(item.s);
    return r < 0 ? 1 : status;
}
