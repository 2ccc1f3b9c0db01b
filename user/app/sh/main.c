/* CLUU shell: startup, the read-parse-run loop, scripts and sh -c. */
#define _POSIX_C_SOURCE 200809L
#include "builtins.h"
#include "edit.h"
#include "exec.h"
#include "expand.h"
#include "jobs.h"
#include "parse.h"
#include "shell.h"
#include "vars.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

struct shell sh = {.ttyfd = -1};
volatile sig_atomic_t sh_interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    sh_interrupted = 1;
}

/* The terminal hung up: leave it in its normal modes (tcsetattr is async-signal-safe). */
static void on_sighup(int sig)
{
    edit_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int use_editor;

_Noreturn void sh_exit(int status)
{
    sh.status = status; /* $? in the EXIT trap */
    trap_run_exit();
    fflush(NULL);
    if (use_editor && !sh.subshell) {
        edit_restore();
        jobs_hangup();
    }
    exit(status & 0xff);
}

static int count_lines(const char *s, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to && s[i]; i++)
        n += s[i] == '\n';
    return n;
}

int sh_eval(const char *src, const char *srcname)
{
    size_t pos = 0, len = strlen(src);
    int lineno = 1, st = 0;
    while (pos < len) {
        struct parse_result r = parse_command(src, pos, lineno, 1, srcname);
        if (r.status == PARSE_EOF || r.status == PARSE_EMPTY) break;
        if (r.status != PARSE_OK) {
            st = 2;
            if (!sh.interactive) sh_exit(2);
            break;
        }
        if (sh.opt_v) fprintf(stderr, "%.*s", (int)(r.end - pos), src + pos);
        struct arena *old = exec_set_arena(r.arena);
        if (!sh.opt_n) st = exec_node(r.node, 0);
        exec_set_arena(old);
        arena_release(r.arena);
        lineno += count_lines(src, pos, r.end);
        pos = r.end;
        if (sh.skip) break;
    }
    sh.status = st;
    return st;
}

static char *read_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(fd);
    if (buf) buf[len] = 0;
    return buf;
}

int sh_source(const char *path, int argc, char **argv, int keep_params)
{
    char *text = read_file(path);
    if (!text) {
        fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
        return 127;
    }
    struct posparams old = {0};
    if (!keep_params) old = pos_replace(argc, argv);
    sh.evaldepth++;
    int st = sh_eval(text, path);
    sh.evaldepth--;
    if (sh.skip == SKIP_RETURN) sh.skip = SKIP_NONE;
    if (!keep_params) pos_restore(old);
    free(text);
    return st;
}

/* Read one line from fd 0 a byte at a time, so programs the script runs see the rest. */
static char *read_plain_line(void)
{
    size_t len = 0, cap = 128;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        char c;
        ssize_t r = read(0, &c, 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            if (len == 0) {
                free(buf);
                return NULL;
            }
            break;
        }
        if (len + 2 >= cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        buf[len++] = c;
        if (c == '\n') break;
    }
    buf[len] = 0;
    return buf;
}

static char *prompt_string(const char *var, const char *dflt)
{
    const char *p = var_get(var);
    char *e = expand_word(p ? p : dflt);
    return e ? e : strdup(dflt);
}

static char *read_line(int more)
{
    if (!sh.interactive) return read_plain_line();
    char *prompt = more ? prompt_string("PS2", "> ") : prompt_string("PS1", "$ ");
    char *line;
    if (use_editor) {
        fflush(NULL);
        line = edit_readline(prompt ? prompt : "$ ");
        if (line) {
            size_t n = strlen(line);
            char *nl = realloc(line, n + 2);
            if (nl) {
                line = nl;
                line[n] = '\n';
                line[n + 1] = 0;
            }
        }
    } else {
        fputs(prompt ? prompt : "$ ", stderr);
        fflush(stderr);
        line = read_plain_line();
    }
    free(prompt);
    return line;
}

static void interactive_loop(void)
{
    size_t len = 0, cap = 256;
    char *buf = malloc(cap);
    int lineno = 1;
    if (!buf) sh_exit(2);
    buf[0] = 0;
    for (;;) {
        if (sh.interactive && len == 0) jobs_reap(1);
        char *line = read_line(len > 0);
        if (!line) {
            if (len > 0) {
                struct parse_result r = parse_command(buf, 0, lineno, 1, NULL);
                arena_release(r.arena);
                if (r.status == PARSE_OK) {
                    struct arena *old = exec_set_arena(r.arena);
                    exec_node(r.node, 0);
                    exec_set_arena(old);
                } else if (r.status == PARSE_ERROR) {
                    sh.status = 2;
                }
            }
            break;
        }
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            while (len + n + 1 > cap)
                cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) sh_exit(2);
            buf = nb;
        }
        memcpy(buf + len, line, n + 1);
        len += n;
        free(line);
        struct parse_result r = parse_command(buf, 0, lineno, 0, NULL);
        if (r.status == PARSE_INCOMPLETE) continue;
        if (sh.interactive && r.status != PARSE_EMPTY && r.status != PARSE_EOF) {
            size_t hl = len;
            while (hl > 0 && buf[hl - 1] == '\n')
                hl--;
            buf[hl] = 0;
            hist_add(buf);
            buf[hl] = hl < len ? '\n' : 0;
        }
        if (r.status == PARSE_ERROR) {
            sh.status = 2;
            if (!sh.interactive) sh_exit(2);
        } else if (r.status == PARSE_OK) {
            sh_interrupted = 0;
            if (sh.opt_v) fputs(buf, stderr);
            struct arena *old = exec_set_arena(r.arena);
            if (!sh.opt_n) exec_node(r.node, 0);
            exec_set_arena(old);
            arena_release(r.arena);
            sh.skip = SKIP_NONE;
        }
        lineno += count_lines(buf, 0, len);
        len = 0;
        buf[0] = 0;
    }
    free(buf);
}

static void setup_interactive(void)
{
    sh.ttyfd = fcntl(0, F_DUPFD_CLOEXEC, 10);
    if (sh.ttyfd < 0) return;
    /* Wait until we are in the foreground, then take our own process group. A terminal
     * with no foreground group yet (0) is ours to take. */
    pid_t fg;
    while ((fg = tcgetpgrp(sh.ttyfd)) > 0 && fg != getpgrp())
        kill(-getpgrp(), SIGTTIN);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint; /* no SA_RESTART: a builtin waiting for input gives up */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, on_sighup);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    sh.pgid = getpid();
    if (getpgrp() != sh.pgid && setpgid(0, sh.pgid) < 0) sh.pgid = getpgrp();
    if (tcsetpgrp(sh.ttyfd, sh.pgid) == 0) sh.jobctl = 1;
    edit_init(sh.ttyfd);
    use_editor = 1;
}

static void usage(void)
{
    fputs("usage: sh [-aCeufxvmi] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    sh.rootpid = getpid();
    sh.arg0 = argv[0];
    trap_init();
    vars_import(environ);
    if (!var_get("PATH")) var_set("PATH", "/bin:/usr/bin");
    var_set("PS2", "> ");
    if (!var_get("PS1")) var_set("PS1", geteuid() == 0 ? "# " : "$ ");
    char cwd[4096];
    if (getcwd(cwd, sizeof(cwd))) {
        var_set("PWD", cwd);
        var_export("PWD");
    }
    const char *command = NULL;
    int force_interactive = 0, read_stdin = 0, monitor = -1;
    int i = 1;
    for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        int on = argv[i][0] == '-';
        for (const char *c = argv[i] + 1; *c; c++) {
            switch (*c) {
            case 'c':
                command = "";
                break;
            case 'i':
                force_interactive = on;
                break;
            case 's':
                read_stdin = 1;
                break;
            case 'e':
                sh.opt_e = on;
                break;
            case 'u':
                sh.opt_u = on;
                break;
            case 'x':
                sh.opt_x = on;
                break;
            case 'f':
                sh.opt_f = on;
                break;
            case 'v':
                sh.opt_v = on;
                break;
            case 'n':
                sh.opt_n = on;
                break;
            case 'm':
                monitor = on;
                break;
            case 'a':
                sh.opt_a = on;
                break;
            case 'C':
                sh.opt_C = on;
                break;
            default:
                usage();
            }
        }
    }
    if (command) {
        if (i >= argc) usage();
        command = argv[i++];
        if (i < argc) sh.arg0 = argv[i++];
        pos_free(pos_replace(argc - i, argv + i));
        sh_exit(sh_eval(command, NULL));
    }
    if (i < argc && !read_stdin) {
        sh.arg0 = argv[i];
        const char *script = argv[i++];
        int st = sh_source(script, argc - i, argv + i, 0);
        sh_exit(st);
    }
    pos_free(pos_replace(argc - i, argv + i));
    sh.interactive = force_interactive || (isatty(0) && isatty(2));
    if (sh.interactive && isatty(0) && monitor != 0) setup_interactive();
    interactive_loop();
    if (sh.interactive) fputs("exit\n", stderr);
    sh_exit(sh.status);
}
