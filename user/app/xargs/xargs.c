#define _XOPEN_SOURCE 700
// xargs: builds command lines from standard input and runs them.
//   xargs [-0rt] [-n number | -I replstr] [-s size] [command [initial-arg...]]
// Items are separated by blanks and newlines, with '...', "..." and backslash quoting (-0:
// by NUL bytes, taken literally). -n puts at most number items on a command line; -I runs
// the command once per input line with replstr replaced by the line in the initial
// arguments. A command's arguments (each with its NUL) take at most size bytes, and never
// more than exec accepts with the environment and the program's path: on CLUU procmgr's
// PM_SPAWN_BYTES, elsewhere ARG_MAX - 2048, at most 128 KiB. The command runs with
// fork and exec, its stdin /dev/null. Exit status: 0; 123 if a command exited with 1..125;
// 124 if one exited with 255, 125 if one was killed, 126 if one could not run and 127 if it
// was not found (each of these stops xargs; a command's own 126 or 127 counts as such);
// 1 for bad input or a line too long.
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef CLUU_ABI
#include "abi/proto/procmgr.h" // PM_SPAWN_BYTES: what an exec request carries
// libcluu's pm_exec sends at most 64 arguments (and 64 environment strings).
#define SYSTEM_MAX_ARGS 64
#else
#define SYSTEM_MAX_ARGS 0 // no limit but the bytes
#endif

extern char **environ;

static bool nul_sep, trace, no_empty;
static const char *repl;
static long max_items;
static int status;
// The bytes a command line's arguments may take, and what the environment and the
// program's path take of the system's limit.
static size_t limit, fixed_bytes;

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

// Runs argv and waits: 0, or -1 when xargs must stop.
static int run(char *const argv[])
{
    if (trace) print_trace(argv);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        warn_errno("fork");
        status = 126;
        return -1;
    }
    if (pid == 0) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd > 0) {
            dup2(fd, 0);
            close(fd);
        }
        execvp(argv[0], argv);
        int e = errno;
        warn_errno(argv[0]);
        _exit(e == ENOENT ? 127 : 126);
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
    int code = WEXITSTATUS(st);
    if (code == 255) {
        warn_msg("%s: exited with status 255; aborting", argv[0]);
        status = 124;
        return -1;
    }
    if (code == 126 || code == 127) {
        status = code;
        return -1;
    }
    if (code != 0) status = 123;
    return 0;
}

// The bytes a list of arguments adds to a command line.
static size_t arg_bytes(char *const v[], size_t n)
{
    size_t b = 0;
    for (size_t i = 0; i < n; i++)
        b += strlen(v[i]) + 1;
    return b;
}

// Runs the initial arguments followed by n items; 0, or -1 when xargs must stop.
static int run_items(const struct list *init, char *const items[], size_t n)
{
    char **argv = xmalloc((init->n + n + 1) * sizeof *argv);
    memcpy(argv, init->v, init->n * sizeof *argv);
    if (n) memcpy(argv + init->n, items, n * sizeof *argv);
    argv[init->n + n] = NULL;
    int r = run(argv);
    free(argv);
    return r;
}

// The limit for the arguments: the system's, less the environment and the longest path the
// command may be found at (the image name an exec request carries), or -s if smaller.
static void set_limit(const char *cmd, long size)
{
#ifdef CLUU_ABI
    size_t sys = PM_SPAWN_BYTES;
#else
    long am = sysconf(_SC_ARG_MAX);
    size_t sys = am > 4096 ? (size_t)am - 2048 : 2048;
    if (sys > 128 * 1024) sys = 128 * 1024;
#endif
    fixed_bytes = 0;
    for (char **e = environ; *e; e++)
        fixed_bytes += strlen(*e) + 1;
    size_t path = strlen(cmd) + 1;
    const char *dirs = getenv("PATH");
    if (!strchr(cmd, '/') && dirs) {
        for (const char *d = dirs;; d++) {
            size_t dl = strcspn(d, ":");
            if (dl + 1 + strlen(cmd) + 1 > path) path = dl + 1 + strlen(cmd) + 1;
            d += dl;
            if (!*d) break;
        }
    }
    fixed_bytes += path;
    // What is left for the arguments, or less with -s.
    limit = sys > fixed_bytes ? sys - fixed_bytes : 0;
    if (size > 0 && (size_t)size < limit) limit = (size_t)size;
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
    int r;
    if (arg_bytes(cmd.v, cmd.n) > limit) {
        warn_msg("argument line too long");
        status = 1;
        r = -1;
    } else {
        r = run(cmd.v);
    }
    for (size_t i = 0; i < cmd.n; i++)
        free(cmd.v[i]);
    free(cmd.v);
    if (r < 0) exit(status);
}

// Runs what was collected and empties the list; 0, or -1 when xargs must stop.
static int flush(const struct list *init, struct list *items)
{
    int r = run_items(init, items->v, items->n);
    for (size_t i = 0; i < items->n; i++)
        free(items->v[i]);
    items->n = 0;
    return r;
}

int main(int argc, char *argv[])
{
    prog_init("xargs", "[-0rt] [-n number | -I replstr] [-s size] [command [initial-arg...]]");
    int c;
    long size = 0;
    // "+": the command's own options are not xargs's.
    while ((c = next_opt(argc, argv, "+0rtn:I:s:")) != -1) {
        if (c == '0') {
            nul_sep = true;
        } else if (c == 'r') {
            no_empty = true;
        } else if (c == 't') {
            trace = true;
        } else if (c == 'n' || c == 's') {
            long v;
            if (parse_long(optarg, &v) < 0 || v < 1) {
                warn_msg("invalid number '%s' for -%c", optarg, c);
                usage();
            }
            *(c == 'n' ? &max_items : &size) = v;
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
    set_limit(init.v[0], size);
    size_t base = arg_bytes(init.v, init.n);
    if (base > limit) die_msg("the environment and the command leave no room for arguments");
#if SYSTEM_MAX_ARGS
    if (init.n >= SYSTEM_MAX_ARGS) die_msg("too many initial arguments");
    if (!max_items || max_items > (long)(SYSTEM_MAX_ARGS - init.n))
        max_items = (long)(SYSTEM_MAX_ARGS - init.n);
#endif
    struct str item = {0};
    int r;
    if (repl) {
        while ((r = next_item(&item, true)) > 0)
            run_replaced(&init, item.s);
        free(item.s);
        free(init.v);
        return r < 0 ? 1 : status;
    }
    // Items are collected into lines of at most -n items and the size limit.
    struct list items = {0};
    size_t bytes = base;
    bool ran = false;
    while ((r = next_item(&item, false)) > 0) {
        size_t b = item.n + 1;
        if (base + b > limit) {
            warn_msg("argument line too long");
            if (items.n > 0) flush(&init, &items);
            return 1;
        }
        if (bytes + b > limit) {
            ran = true;
            if (flush(&init, &items) < 0) return status;
            bytes = base;
        }
        list_add(&items, xstrdup(item.s));
        bytes += b;
        if (max_items && (long)items.n == max_items) {
            ran = true;
            if (flush(&init, &items) < 0) return status;
            bytes = base;
        }
    }
    // What was read before an error still runs; with no items at all the command runs once
    // (as GNU does) unless -r.
    if (items.n > 0 || (!ran && !no_empty && r == 0))
        if (flush(&init, &items) < 0) return status;
    free(items.v);
    free(init.v);
    free(item.s);
    return r < 0 ? 1 : status;
}
