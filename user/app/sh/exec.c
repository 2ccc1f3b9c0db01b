/* Execution of syntax trees: commands, pipelines, redirections, control flow. */
#define _POSIX_C_SOURCE 200809L
#include "exec.h"
#include "builtins.h"
#include "expand.h"
#include "jobs.h"
#include "parse.h"
#include "shell.h"
#include "vars.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FUNC_DEPTH 1000

struct saved_fd {
    int fd;
    int saved; /* -1: fd was closed before */
    struct saved_fd *next;
};

static struct arena *cur_arena;
static unsigned long exec_subst_count;
static const char *cur_text; /* text of the pipeline being run, for job listings */

struct arena *exec_set_arena(struct arena *a)
{
    struct arena *old = cur_arena;
    cur_arena = a;
    return old;
}

static _Noreturn void exit_child(int status)
{
    sh.status = status;
    trap_run_exit();
    fflush(NULL);
    _exit(status & 0xff);
}

void exec_child_setup(int pgid, int fg)
{
    if (sh.jobctl) {
        setpgid(0, pgid);
        if (fg && sh.ttyfd >= 0) tcsetpgrp(sh.ttyfd, pgid ? pgid : getpid());
    }
    sh.subshell = 1;
    sh.jobctl = 0;
    sh.interactive = 0;
    jobs_forget();
    trap_child_reset();
    if (sh.ttyfd >= 0) {
        close(sh.ttyfd);
        sh.ttyfd = -1;
    }
}

/* An error POSIX makes fatal to a non-interactive shell (expansion, assignment, or a
 * redirection of a special builtin): the script (or subshell) ends with status 2. */
static int fatal_error(void)
{
    if (!sh.interactive) sh_exit(2);
    return 2;
}

static pid_t xfork(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    return pid;
}

static int save_fd(int fd, struct saved_fd **save)
{
    if (!save) return 0;
    struct saved_fd *s = malloc(sizeof(*s));
    if (!s) return -1;
    s->fd = fd;
    s->saved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    if (s->saved < 0 && errno != EBADF) {
        free(s);
        return -1;
    }
    s->next = *save;
    *save = s;
    return 0;
}

static void restore_fds(struct saved_fd *s)
{
    fflush(NULL);
    while (s) {
        struct saved_fd *n = s->next;
        if (s->saved >= 0) {
            dup2(s->saved, s->fd);
            close(s->saved);
        } else {
            close(s->fd);
        }
        free(s);
        s = n;
    }
}

static int heredoc_fd(const char *body)
{
    int p[2];
    if (pipe(p) < 0) return -1;
    size_t len = strlen(body);
    if (len <= 4096) {
        if (write(p[1], body, len) < 0) {
            close(p[0]);
            close(p[1]);
            return -1;
        }
    } else {
        pid_t pid = xfork();
        if (pid == 0) {
            close(p[0]);
            size_t off = 0;
            while (off < len) {
                ssize_t w = write(p[1], body + off, len - off);
                if (w <= 0) break;
                off += (size_t)w;
            }
            _exit(0);
        }
    }
    close(p[1]);
    return p[0];
}

/* ">" under set -C: create the file, or open an existing one that is not a regular file. */
static int noclobber_open(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) return open(path, O_WRONLY);
    errno = EEXIST;
    return -1;
}

/* Perform redirections; with save, remember the old descriptors for restore_fds. */
static int apply_redirs(struct redir *r, struct saved_fd **save)
{
    fflush(NULL);
    for (; r; r = r->next) {
        char *target;
        if (r->type == R_HEREDOC)
            target = r->here_quoted ? strdup(r->here ? r->here : "")
                                    : expand_heredoc(r->here ? r->here : "");
        else
            target = expand_word(r->word);
        if (!target) {
            fatal_error();
            return -1;
        }
        int fd = -1;
        if (save_fd(r->fd, save) < 0) {
            free(target);
            return -1;
        }
        switch (r->type) {
        case R_IN:
            fd = open(target, O_RDONLY);
            break;
        case R_OUT:
            if (sh.opt_C) {
                fd = noclobber_open(target);
                break;
            }
            /* fall through */
        case R_CLOBBER:
            fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
            break;
        case R_APPEND:
            fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0666);
            break;
        case R_RDWR:
            fd = open(target, O_RDWR | O_CREAT, 0666);
            break;
        case R_HEREDOC:
            fd = heredoc_fd(target);
            break;
        case R_DUPIN:
        case R_DUPOUT:
            if (strcmp(target, "-") == 0) {
                close(r->fd);
                free(target);
                continue;
            }
            {
                char *end;
                long src = strtol(target, &end, 10);
                if (*end || end == target || src < 0 || fcntl((int)src, F_GETFD) < 0) {
                    fprintf(stderr, "sh: %s: bad file descriptor\n", target);
                    free(target);
                    return -1;
                }
                if (src != r->fd && dup2((int)src, r->fd) < 0) {
                    fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
                    free(target);
                    return -1;
                }
            }
            free(target);
            continue;
        }
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", r->type == R_HEREDOC ? "here-document" : target,
                    strerror(errno));
            free(target);
            return -1;
        }
        if (fd != r->fd) {
            dup2(fd, r->fd);
            close(fd);
        }
        free(target);
    }
    return 0;
}

int exec_program(char **argv)
{
    char **env = var_environ();
    const char *cmd = argv[0];
    int err = ENOENT;
    char path[4096];
    if (strchr(cmd, '/')) {
        execve(cmd, argv, env);
        err = errno;
        snprintf(path, sizeof(path), "%s", cmd);
    } else {
        const char *p = var_get("PATH");
        if (!p) p = "/bin:/usr/bin";
        for (;;) {
            const char *colon = strchr(p, ':');
            size_t dl = colon ? (size_t)(colon - p) : strlen(p);
            char try[4096];
            snprintf(try, sizeof(try), "%.*s%s%s", (int)dl, dl ? p : ".", "/", cmd);
            execve(try, argv, env);
            if (errno == ENOEXEC) {
                err = ENOEXEC;
                snprintf(path, sizeof(path), "%s", try);
                break;
            }
            if (errno != ENOENT && errno != ENOTDIR) {
                err = errno;
                snprintf(path, sizeof(path), "%s", try);
            }
            if (!colon) break;
            p = colon + 1;
        }
    }
    var_free_env(env);
    if (err == ENOEXEC) {
        int argc = 0;
        while (argv[argc])
            argc++;
        exit_child(sh_source(path, argc - 1, argv + 1, 0));
    }
    if (err == ENOENT) {
        fprintf(stderr, "sh: %s: not found\n", cmd);
        return 127;
    }
    fprintf(stderr, "sh: %s: %s\n", cmd, strerror(err));
    return 126;
}

struct saved_var {
    char *name;
    char *value;
    int exported;
};

/* Assign NAME=value words; with saved, remember old values so they can be put back. */
static int do_assigns(char **assigns, int n, struct saved_var *saved, int export)
{
    for (int i = 0; i < n; i++) {
        char *eq = strchr(assigns[i], '=');
        char *name = strndup(assigns[i], (size_t)(eq - assigns[i]));
        char *val = expand_word(eq + 1);
        if (!name || !val) {
            free(name);
            free(val);
            return -1;
        }
        if (sh.opt_x) fprintf(stderr, "+ %s=%s\n", name, val);
        if (saved) {
            const char *old = var_get(name);
            saved[i].name = strdup(name);
            saved[i].value = old ? strdup(old) : NULL;
            saved[i].exported = var_is_exported(name);
        }
        int rc = var_set(name, val);
        if (export && rc == 0) var_export(name);
        free(name);
        free(val);
        if (rc < 0) {
            if (saved) {
                free(saved[i].name);
                free(saved[i].value);
                saved[i].name = NULL;
            }
            return -1;
        }
    }
    return 0;
}

static void undo_assigns(struct saved_var *saved, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        if (!saved[i].name) continue;
        if (saved[i].value) {
            var_set(saved[i].name, saved[i].value);
        } else {
            var_unset(saved[i].name);
            if (saved[i].exported) var_export(saved[i].name);
        }
        free(saved[i].name);
        free(saved[i].value);
    }
}

static int call_function(struct node *body, int argc, char **argv)
{
    if (sh.funcdepth >= MAX_FUNC_DEPTH) {
        fprintf(stderr, "sh: %s: function nesting too deep\n", argv[0]);
        return 2;
    }
    struct posparams old = pos_replace(argc - 1, argv + 1);
    int loopdepth = sh.loopdepth;
    sh.loopdepth = 0;
    sh.funcdepth++;
    locals_push();
    int st = exec_node(body, 0);
    locals_pop();
    sh.funcdepth--;
    sh.loopdepth = loopdepth;
    if (sh.skip == SKIP_RETURN) sh.skip = SKIP_NONE;
    pos_restore(old);
    return st;
}

/* Fork a process for a one-process job and run it in the foreground or background. */
/* The child runs either the tree n, or the expanded command argv (with the redirections
 * and assignments of the simple command cmd, if given). */
static int run_forked(struct node *n, char **argv, struct node *cmd, int bg)
{
    struct job *j = job_new(cur_text ? cur_text : argv ? argv[0] : "");
    pid_t pid = xfork();
    if (pid < 0) {
        return 2;
    }
    if (pid == 0) {
        exec_child_setup(0, !bg);
        if (bg && !sh.jobctl) {
            signal(SIGINT, SIG_IGN);
            signal(SIGQUIT, SIG_IGN);
        }
        if (n) exit_child(exec_node(n, EX_FORKED));
        if (cmd && (apply_redirs(cmd->redirs, NULL) < 0 ||
                    do_assigns(cmd->assigns, cmd->nassigns, NULL, 1) < 0))
            exit_child(2);
        exit_child(exec_program(argv));
    }
    if (sh.jobctl) setpgid(pid, pid);
    job_add_proc(j, pid);
    if (bg) {
        job_background(j);
        return 0;
    }
    return job_wait_fg(j);
}

int exec_spawn(char **argv, int bg)
{
    /* /bin/PROGRAM in a child; on CLUU procmgr runs a program that is installed as an image
     * with its image's profile and mounts (the exec does it). */
    char path[4096];
    char *saved = argv[0];
    if (!strchr(argv[0], '/')) {
        snprintf(path, sizeof(path), "/bin/%s", argv[0]);
        argv[0] = path;
    }
    int st = run_forked(NULL, argv, NULL, bg);
    argv[0] = saved;
    return st;
}

static void trace(char **argv)
{
    fputc('+', stderr);
    for (int i = 0; argv[i]; i++)
        fprintf(stderr, " %s", argv[i]);
    fputc('\n', stderr);
}

static int exec_simple(struct node *n, int flags)
{
    struct strvec args = {0};
    unsigned long substs = exec_subst_count;
    if (expand_words(n->words, n->nwords, &args) < 0) {
        sv_free(&args);
        return fatal_error();
    }
    if (args.n == 0) {
        int st = 0;
        if (do_assigns(n->assigns, n->nassigns, NULL, 0) < 0)
            return fatal_error();
        else if (exec_subst_count != substs)
            st = sh.status; /* the status of the last command substitution */
        struct saved_fd *save = NULL;
        if (apply_redirs(n->redirs, &save) < 0) st = 2;
        restore_fds(save);
        return st;
    }
    if (sh.opt_x) trace(args.v);
    /* "command NAME" runs NAME skipping functions; "command -v" is the builtin. */
    char **av = args.v;
    int ac = args.n, skip_fn = 0;
    while (ac > 1 && strcmp(av[0], "command") == 0 && av[1][0] != '-') {
        av++;
        ac--;
        skip_fn = 1;
    }
    const char *cmd = av[0];
    struct node *fn = skip_fn ? NULL : func_get(cmd);
    const struct builtin *bi = fn ? NULL : builtin_find(cmd);
    int st;
    if (bi && strcmp(cmd, "exec") == 0) {
        st = 0;
        if (apply_redirs(n->redirs, NULL) < 0 || do_assigns(n->assigns, n->nassigns, NULL, 1))
            st = fatal_error();
        else if (ac > 1) {
            st = exec_program(av + 1);
            if (!sh.interactive) sh_exit(st);
        }
    } else if (fn || bi) {
        struct saved_var *sv = calloc((size_t)n->nassigns + 1, sizeof(*sv));
        struct saved_fd *save = NULL;
        int special = bi && bi->special;
        if (!sv) {
            st = 2;
        } else if (do_assigns(n->assigns, n->nassigns, special ? NULL : sv, 0) < 0) {
            st = fatal_error();
        } else if (apply_redirs(n->redirs, &save) < 0) {
            st = special ? fatal_error() : 2;
        } else if (fn) {
            st = call_function(fn, ac, av);
        } else {
            sh.special_error = 0;
            st = bi->fn(ac, av);
            if (fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "sh: %s: write error: %s\n", cmd, strerror(errno));
                clearerr(stdout);
                if (st == 0) st = 1;
            }
            if (special && sh.special_error) st = fatal_error();
        }
        restore_fds(save);
        if (sv && !special) undo_assigns(sv, n->nassigns);
        free(sv);
    } else if (flags & EX_FORKED) {
        if (apply_redirs(n->redirs, NULL) < 0 || do_assigns(n->assigns, n->nassigns, NULL, 1))
            exit_child(2);
        exit_child(exec_program(av));
    } else {
        st = run_forked(NULL, av, n, 0);
    }
    sv_free(&args);
    return st;
}

static int exec_pipeline(struct node *n, int flags, int bg)
{
    const char *saved_text = cur_text;
    cur_text = n->text;
    int st;
    if (n->nkids == 1 && !bg) {
        if (n->negate) sh.no_errexit++;
        st = exec_node(n->kids[0], flags);
        if (n->negate) {
            sh.no_errexit--;
            st = !st;
        }
        cur_text = saved_text;
        return st;
    }
    struct job *j = job_new(n->text);
    int prev = -1;
    for (int i = 0; i < n->nkids; i++) {
        int p[2] = {-1, -1};
        if (i + 1 < n->nkids && pipe(p) < 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            break;
        }
        pid_t pid = xfork();
        if (pid == 0) {
            exec_child_setup(job_pgid(j), !bg);
            if (bg && !sh.jobctl) {
                signal(SIGINT, SIG_IGN);
                signal(SIGQUIT, SIG_IGN);
            }
            if (prev >= 0) {
                dup2(prev, 0);
                close(prev);
            }
            if (p[1] >= 0) {
                dup2(p[1], 1);
                close(p[1]);
                close(p[0]);
            }
            exit_child(exec_node(n->kids[i], EX_FORKED));
        }
        if (pid > 0) {
            if (sh.jobctl) setpgid(pid, job_pgid(j) ? job_pgid(j) : pid);
            job_add_proc(j, pid);
        }
        if (prev >= 0) close(prev);
        if (p[1] >= 0) close(p[1]);
        prev = p[0];
    }
    if (prev >= 0) close(prev);
    cur_text = saved_text;
    if (bg) {
        job_background(j);
        return 0;
    }
    st = job_wait_fg(j);
    return n->negate ? !st : st;
}

char *exec_cmdsubst(const char *text)
{
    int p[2];
    if (pipe(p) < 0) {
        fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
        return strdup("");
    }
    pid_t pid = xfork();
    if (pid == 0) {
        close(p[0]);
        sh.jobctl = 0;
        exec_child_setup(0, 0);
        if (p[1] != 1) {
            dup2(p[1], 1);
            close(p[1]);
        }
        exit_child(sh_eval(text, NULL));
    }
    close(p[1]);
    size_t len = 0, cap = 256;
    char *out = malloc(cap);
    for (;;) {
        if (!out) break;
        if (len + 1 >= cap) {
            cap *= 2;
            char *no = realloc(out, cap);
            if (!no) {
                free(out);
                out = NULL;
                break;
            }
            out = no;
        }
        ssize_t r = read(p[0], out + len, cap - len - 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(p[0]);
    int st = 0;
    if (pid > 0) {
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        sh.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        exec_subst_count++;
    }
    if (!out) return strdup("");
    while (len > 0 && out[len - 1] == '\n')
        len--;
    out[len] = 0;
    return out;
}

static int loop_skip(void)
{
    /* Returns 1 to leave the loop, 0 to go on. */
    if (sh.skip != SKIP_BREAK && sh.skip != SKIP_CONTINUE) return sh.skip != SKIP_NONE;
    if (--sh.skipcount > 0) return 1;
    int brk = sh.skip == SKIP_BREAK;
    sh.skip = SKIP_NONE;
    return brk;
}

static int exec_loop(struct node *n)
{
    int st = 0;
    sh.loopdepth++;
    for (;;) {
        sh.no_errexit++;
        int c = exec_node(n->left, 0);
        sh.no_errexit--;
        if (sh.skip) {
            if (loop_skip()) break;
            continue;
        }
        if ((c == 0) != (n->type == N_WHILE)) break;
        st = exec_node(n->body, 0);
        if ((sh.skip && loop_skip()) || sh_interrupted) break;
    }
    sh.loopdepth--;
    return st;
}

static int exec_for(struct node *n)
{
    struct strvec items = {0};
    if (n->has_in) {
        if (expand_words(n->words, n->nwords, &items) < 0) {
            sv_free(&items);
            return fatal_error();
        }
    } else {
        for (int i = 0; i < pos_params.n; i++)
            sv_push(&items, strdup(pos_params.v[i]));
    }
    int st = 0;
    sh.loopdepth++;
    for (int i = 0; i < items.n; i++) {
        if (var_set(n->name, items.v[i]) < 0) {
            st = 1;
            break;
        }
        st = exec_node(n->body, 0);
        if ((sh.skip && loop_skip()) || sh_interrupted) break;
    }
    sh.loopdepth--;
    sv_free(&items);
    return st;
}

static int exec_case(struct node *n)
{
    char *word = expand_word(n->words[0]);
    if (!word) return fatal_error();
    int st = 0;
    for (struct case_item *it = n->items; it; it = it->next) {
        for (int i = 0; i < it->npats; i++) {
            char *pat = expand_pattern(it->pats[i]);
            int m = pat && fnmatch(pat, word, 0) == 0;
            free(pat);
            if (m) {
                st = it->body ? exec_node(it->body, 0) : 0;
                free(word);
                return st;
            }
        }
    }
    free(word);
    return st;
}

static int exec_bg(struct node *n)
{
    if (n->type == N_PIPE) return exec_pipeline(n, 0, 1);
    const char *saved = cur_text;
    cur_text = n->text;
    run_forked(n, NULL, NULL, 1);
    cur_text = saved;
    return 0;
}

int exec_node(struct node *n, int flags)
{
    if (!n) return 0;
    if (sh_interrupted) return sh.status = 130;
    int st = 0;
    int last = flags & EX_FORKED;
    switch (n->type) {
    case N_SEQ:
        exec_node(n->left, 0);
        if (sh.skip) return sh.status;
        st = exec_node(n->right, last);
        break;
    case N_AND:
    case N_OR:
        sh.no_errexit++;
        st = exec_node(n->left, 0);
        sh.no_errexit--;
        if (sh.skip) return st;
        if ((st == 0) == (n->type == N_AND)) st = exec_node(n->right, last);
        break;
    case N_BG:
        st = exec_bg(n->left);
        break;
    case N_PIPE:
        st = exec_pipeline(n, last, 0);
        sh.status = st;
        if (sh.opt_e && st != 0 && !sh.no_errexit && !n->negate && !sh.skip) sh_exit(st);
        break;
    case N_CMD:
        st = exec_simple(n, last);
        break;
    case N_SUBSHELL:
        if (last) {
            if (apply_redirs(n->redirs, NULL) < 0) exit_child(2);
            exit_child(exec_node(n->body, EX_FORKED));
        }
        st = run_forked(n, NULL, NULL, 0);
        break;
    case N_GROUP:
    case N_IF:
    case N_WHILE:
    case N_UNTIL:
    case N_FOR:
    case N_CASE: {
        struct saved_fd *save = NULL;
        if (apply_redirs(n->redirs, &save) < 0) {
            restore_fds(save);
            st = 2;
            break;
        }
        if (n->type == N_GROUP) {
            st = exec_node(n->body, save ? 0 : last);
        } else if (n->type == N_IF) {
            sh.no_errexit++;
            int c = exec_node(n->left, 0);
            sh.no_errexit--;
            if (sh.skip)
                st = c;
            else if (c == 0)
                st = exec_node(n->body, save ? 0 : last);
            else
                st = n->els ? exec_node(n->els, save ? 0 : last) : 0;
        } else if (n->type == N_FOR) {
            st = exec_for(n);
        } else if (n->type == N_CASE) {
            st = exec_case(n);
        } else {
            st = exec_loop(n);
        }
        restore_fds(save);
        break;
    }
    case N_FUNC:
        func_set(n->name, n->body);
        arena_keep(cur_arena);
        st = 0;
        break;
    }
    sh.status = st;
    trap_check();
    return st;
}
