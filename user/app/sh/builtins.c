/* Builtin commands of the shell (echo, printf and test are in bi_util.c, job control in
 * jobs.c). */
#define _POSIX_C_SOURCE 200809L
#include "builtins.h"
#include "edit.h"
#include "exec.h"
#include "expand.h"
#include "jobs.h"
#include "parse.h"
#include "shell.h"
#include "vars.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXSIG 65

static char *traps[MAXSIG];
static int ignored_on_entry[MAXSIG];
static volatile sig_atomic_t pending[MAXSIG];
static volatile sig_atomic_t any_pending;

static void on_signal(int sig)
{
    if (sig > 0 && sig < MAXSIG) pending[sig] = 1;
    any_pending = 1;
}

void trap_init(void)
{
    for (int s = 1; s < MAXSIG; s++) {
        struct sigaction sa;
        if (sigaction(s, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) ignored_on_entry[s] = 1;
    }
}

void trap_check(void)
{
    if (!any_pending) return;
    any_pending = 0;
    for (int s = 1; s < MAXSIG; s++) {
        if (!pending[s]) continue;
        pending[s] = 0;
        if (traps[s] && *traps[s]) {
            int st = sh.status;
            sh_eval(traps[s], NULL);
            sh.status = st;
        }
    }
}

static void set_disposition(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

void trap_child_reset(void)
{
    for (int s = 1; s < MAXSIG; s++) {
        if (traps[s] && *traps[s]) {
            set_disposition(s, SIG_DFL);
            free(traps[s]);
            traps[s] = NULL;
        }
    }
    sh_interrupted = 0;
    int interactive_sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof(interactive_sigs) / sizeof(int); i++) {
        int s = interactive_sigs[i];
        if (!ignored_on_entry[s] && !traps[s]) set_disposition(s, SIG_DFL);
    }
    free(traps[0]);
    traps[0] = NULL;
}

void trap_run_exit(void)
{
    char *t = traps[0];
    if (!t) return;
    traps[0] = NULL;
    sh_eval(t, NULL);
    free(t);
}

static int bi_trap(int argc, char **argv)
{
    if (argc == 1) {
        for (int s = 0; s < MAXSIG; s++) {
            if (!traps[s]) continue;
            const char *n = s ? sig_name(s) : "EXIT";
            printf("trap -- '%s' %s\n", traps[s], n ? n : "?");
        }
        return 0;
    }
    int i = 1;
    if (strcmp(argv[1], "--") == 0) i++;
    const char *action = argv[i];
    int reset = 0;
    if (sig_number(action) >= 0 && strcmp(action, "") != 0) {
        reset = 1; /* "trap SIG..." resets like "trap - SIG..." */
    } else {
        i++;
        reset = strcmp(action, "-") == 0;
    }
    int rc = 0;
    for (; i < argc; i++) {
        int s = sig_number(argv[i]);
        if (s < 0 || s >= MAXSIG || s == SIGKILL || s == SIGSTOP) {
            fprintf(stderr, "sh: trap: %s: bad signal\n", argv[i]);
            sh.special_error = 1;
            rc = 1;
            continue;
        }
        free(traps[s]);
        traps[s] = NULL;
        if (s && !sh.interactive && ignored_on_entry[s]) continue;
        if (reset) {
            int keep_ign = sh.interactive && (s == SIGINT || s == SIGQUIT || s == SIGTSTP ||
                                              s == SIGTTIN || s == SIGTTOU);
            if (s) set_disposition(s, keep_ign ? SIG_IGN : SIG_DFL);
            continue;
        }
        traps[s] = strdup(action);
        if (s) set_disposition(s, *action ? on_signal : SIG_IGN);
    }
    return rc;
}

static int bi_true(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int bi_false(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 1;
}

static int bi_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : var_get("HOME");
    int print = 0;
    if (!dir) {
        fputs("sh: cd: HOME not set\n", stderr);
        return 1;
    }
    if (strcmp(dir, "-") == 0) {
        dir = var_get("OLDPWD");
        if (!dir) {
            fputs("sh: cd: OLDPWD not set\n", stderr);
            return 1;
        }
        print = 1;
    }
    char *target = strdup(dir);
    if (!target || chdir(target) < 0) {
        fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
        free(target);
        return 2;
    }
    char cwd[4096];
    const char *old = var_get("PWD");
    if (old)
        var_set("OLDPWD", old);
    else
        var_set("OLDPWD", target);
    if (getcwd(cwd, sizeof(cwd))) var_set("PWD", cwd);
    if (print) printf("%s\n", cwd);
    free(target);
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char cwd[4096];
    if (!getcwd(cwd, sizeof(cwd))) {
        fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", cwd);
    return 0;
}

/* Read one byte at a time so the rest of the input stays for the next reader. */
static int bi_read(int argc, char **argv)
{
    int raw = 0, i = 1;
    const char *prompt = NULL;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "-r") == 0) {
            raw = 1;
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            prompt = argv[++i];
        } else {
            fprintf(stderr, "sh: read: %s: bad option\n", argv[i]);
            return 2;
        }
    }
    if (prompt) {
        fputs(prompt, stderr);
        fflush(stderr);
    }
    size_t len = 0, cap = 128;
    char *line = malloc(cap);
    char *quoted = malloc(cap); /* 1 where a backslash protected the character */
    int eof = 0;
    for (;;) {
        char c;
        ssize_t r = read(0, &c, 1);
        if (r < 0 && errno == EINTR && !sh_interrupted) continue;
        if (r <= 0) {
            eof = 1;
            break;
        }
        int q = 0;
        if (c == '\\' && !raw) {
            if (read(0, &c, 1) <= 0) {
                eof = 1;
                break;
            }
            if (c == '\n') continue;
            q = 1;
        } else if (c == '\n') {
            break;
        }
        if (len + 2 > cap) {
            cap *= 2;
            line = realloc(line, cap);
            quoted = realloc(quoted, cap);
        }
        if (!line || !quoted) return 2;
        line[len] = c;
        quoted[len++] = (char)q;
    }
    line[len] = 0;
    const char *sep = var_get("IFS");
    if (!sep) sep = " \t\n";
    int nnames = argc - i;
    char *reply_name = "REPLY";
    char **names = nnames ? argv + i : &reply_name;
    if (!nnames) nnames = 1;
    size_t p = 0;
#define IS_SEP(k) (!quoted[k] && strchr(sep, line[k]) && line[k])
#define IS_WS(k) (IS_SEP(k) && strchr(" \t\n", line[k]))
    while (p < len && IS_WS(p))
        p++;
    for (int n = 0; n < nnames; n++) {
        size_t start = p, end;
        if (n == nnames - 1) {
            end = len;
            while (end > start && IS_WS(end - 1))
                end--;
            p = len;
        } else {
            while (p < len && !IS_SEP(p))
                p++;
            end = p;
            while (p < len && IS_WS(p))
                p++;
            if (p < len && IS_SEP(p)) {
                p++;
                while (p < len && IS_WS(p))
                    p++;
            }
        }
        char *val = strndup(line + start, end - start);
        if (val) var_set(names[n], val);
        free(val);
    }
#undef IS_SEP
#undef IS_WS
    free(line);
    free(quoted);
    return eof && len == 0 ? 1 : eof ? 1 : 0;
}

static int bi_shift(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 0 || n > pos_params.n) {
        fprintf(stderr, "sh: shift: can't shift that many\n");
        sh.special_error = 1;
        return 1;
    }
    for (int i = 0; i < n; i++)
        free(pos_params.v[i]);
    memmove(pos_params.v, pos_params.v + n, sizeof(char *) * (size_t)(pos_params.n - n + 1));
    pos_params.n -= n;
    return 0;
}

static int bi_exit(int argc, char **argv)
{
    sh_exit(argc > 1 ? atoi(argv[1]) : sh.status);
}

static int assign_words(int argc, char **argv, void (*mark)(const char *))
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        size_t nl = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (!parse_is_name(argv[i], nl)) {
            fprintf(stderr, "sh: %s: %s: bad variable name\n", argv[0], argv[i]);
            sh.special_error = 1;
            rc = 1;
            continue;
        }
        char *name = strndup(argv[i], nl);
        if (!name) return 1;
        if (eq && var_set(name, eq + 1) < 0) {
            sh.special_error = 1;
            rc = 1;
        }
        mark(name);
        free(name);
    }
    return rc;
}

static int bi_export(int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
        var_print(VARS_EXPORTED);
        return 0;
    }
    return assign_words(argc, argv, var_export);
}

static int bi_readonly(int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
        var_print(VARS_READONLY);
        return 0;
    }
    return assign_words(argc, argv, var_readonly);
}

static int bi_unset(int argc, char **argv)
{
    int funcs = 0, i = 1;
    if (argc > 1 && strcmp(argv[1], "-f") == 0) {
        funcs = 1;
        i++;
    } else if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        i++;
    }
    int rc = 0;
    for (; i < argc; i++) {
        if (funcs) {
            func_unset(argv[i]);
        } else if (var_unset(argv[i]) < 0) {
            sh.special_error = 1;
            rc = 1;
        }
    }
    return rc;
}

static struct {
    char letter;
    const char *name;
    int *flag;
} options[] = {
    {'e', "errexit", &sh.opt_e},  {'u', "nounset", &sh.opt_u},   {'x', "xtrace", &sh.opt_x},
    {'f', "noglob", &sh.opt_f},   {'v', "verbose", &sh.opt_v},   {'n', "noexec", &sh.opt_n},
    {'m', "monitor", &sh.jobctl}, {'a', "allexport", &sh.opt_a}, {'C', "noclobber", &sh.opt_C},
};

void sh_flags(char *out, int size)
{
    int k = 0;
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]) && k + 2 < size; i++)
        if (*options[i].flag) out[k++] = options[i].letter;
    if (sh.interactive && k + 2 < size) out[k++] = 'i';
    out[k] = 0;
}

static int set_option(char letter, const char *name, int on)
{
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        if ((name && strcmp(name, options[i].name) == 0) ||
            (!name && letter == options[i].letter)) {
            if (options[i].flag == &sh.jobctl && on && (sh.ttyfd < 0 || sh.subshell)) return 0;
            *options[i].flag = on;
            return 0;
        }
    }
    if (name)
        fprintf(stderr, "sh: set: %s: bad option\n", name);
    else
        fprintf(stderr, "sh: set: -%c: bad option\n", letter);
    return -1;
}

static int bi_set(int argc, char **argv)
{
    if (argc == 1) {
        var_print(VARS_ALL);
        return 0;
    }
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            goto params;
        }
        if ((a[0] != '-' && a[0] != '+') || !a[1]) break;
        int on = a[0] == '-';
        if (a[1] == 'o') {
            if (i + 1 >= argc) {
                for (size_t k = 0; k < sizeof(options) / sizeof(options[0]); k++)
                    printf("%-12s%s\n", options[k].name, *options[k].flag ? "on" : "off");
                return 0;
            }
            if (set_option(0, argv[++i], on) < 0) {
                sh.special_error = 1;
                return 2;
            }
            continue;
        }
        for (const char *c = a + 1; *c; c++)
            if (set_option(*c, NULL, on) < 0) {
                sh.special_error = 1;
                return 2;
            }
    }
    if (i >= argc) return 0;
params:
    pos_free(pos_replace(argc - i, argv + i));
    return 0;
}

static int bi_alias(int argc, char **argv)
{
    if (argc == 1) return alias_print(NULL);
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            if (alias_print(argv[i]) < 0) {
                fprintf(stderr, "sh: alias: %s: not found\n", argv[i]);
                rc = 1;
            }
            continue;
        }
        char *name = strndup(argv[i], (size_t)(eq - argv[i]));
        if (name) alias_set(name, eq + 1);
        free(name);
    }
    return rc;
}

static int bi_unalias(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-a") == 0) {
        alias_unset_all();
        return 0;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (alias_unset(argv[i]) < 0) {
            fprintf(stderr, "sh: unalias: %s: not found\n", argv[i]);
            rc = 1;
        }
    }
    return rc;
}

/* Search PATH for an executable file; returns a malloc'd path or NULL. */
static char *path_search(const char *cmd, int want_exec)
{
    const char *p = var_get("PATH");
    if (!p) p = "/bin:/usr/bin";
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t dl = colon ? (size_t)(colon - p) : strlen(p);
        size_t len = dl + strlen(cmd) + 3;
        char *try = malloc(len);
        if (!try) return NULL;
        snprintf(try, len, "%.*s/%s", (int)dl, dl ? p : ".", cmd);
        struct stat st;
        if (stat(try, &st) == 0 && S_ISREG(st.st_mode) && (!want_exec || access(try, X_OK) == 0))
            return try;
        free(try);
        if (!colon) return NULL;
        p = colon + 1;
    }
}

static int bi_source(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "sh: %s: filename argument required\n", argv[0]);
        sh.special_error = 1;
        return 2;
    }
    char *path = strchr(argv[1], '/') ? NULL : path_search(argv[1], 0);
    if (access(path ? path : argv[1], R_OK) < 0) {
        fprintf(stderr, "sh: %s: %s: %s\n", argv[0], argv[1], strerror(errno));
        sh.special_error = 1;
        free(path);
        return 2;
    }
    int st = sh_source(path ? path : argv[1], argc - 2, argv + 2, argc <= 2);
    free(path);
    return st;
}

static int bi_eval(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s) return 2;
    s[0] = 0;
    for (int i = 1; i < argc; i++) {
        if (i > 1) strcat(s, " ");
        strcat(s, argv[i]);
    }
    int st = sh_eval(s, NULL);
    free(s);
    return st;
}

static int bi_exec(int argc, char **argv)
{
    /* Handled in exec.c, which keeps the redirections. */
    (void)argc;
    (void)argv;
    return 0;
}

static int bi_return(int argc, char **argv)
{
    if (sh.funcdepth == 0 && sh.evaldepth == 0) {
        fputs("sh: return: not in a function\n", stderr);
        return 1;
    }
    sh.skip = SKIP_RETURN;
    return argc > 1 ? atoi(argv[1]) & 0xff : sh.status;
}

static int loop_control(int argc, char **argv, int kind)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 1) {
        fprintf(stderr, "sh: %s: bad number\n", argv[0]);
        sh.special_error = 1;
        return 1;
    }
    if (sh.loopdepth == 0) return 0;
    sh.skip = kind;
    sh.skipcount = n > sh.loopdepth ? sh.loopdepth : n;
    return 0;
}

static int bi_break(int argc, char **argv)
{
    return loop_control(argc, argv, SKIP_BREAK);
}

static int bi_continue(int argc, char **argv)
{
    return loop_control(argc, argv, SKIP_CONTINUE);
}

static int bi_type(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *n = argv[i];
        const char *a = alias_get(n);
        char *p = NULL;
        if (a)
            printf("%s is an alias for %s\n", n, a);
        else if (parse_is_keyword(n))
            printf("%s is a shell keyword\n", n);
        else if (func_get(n))
            printf("%s is a shell function\n", n);
        else if (builtin_find(n))
            printf("%s is a shell builtin\n", n);
        else if (strchr(n, '/') ? access(n, X_OK) == 0 : (p = path_search(n, 1)) != NULL)
            printf("%s is %s\n", n, p ? p : n);
        else {
            fprintf(stderr, "sh: type: %s: not found\n", n);
            rc = 127;
        }
        free(p);
    }
    return rc;
}

/* command -v / -V NAME...: how NAME would be run (running it is done in exec.c). */
static int bi_command(int argc, char **argv)
{
    if (argc < 2) return 0;
    int verbose = strcmp(argv[1], "-V") == 0;
    if (strcmp(argv[1], "-v") != 0 && !verbose) {
        fprintf(stderr, "sh: command: %s: bad option\n", argv[1]);
        return 2;
    }
    if (verbose) return bi_type(argc - 1, argv + 1);
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        const char *n = argv[i];
        const char *a = alias_get(n);
        char *p = NULL;
        if (a)
            printf("alias %s='%s'\n", n, a);
        else if (parse_is_keyword(n) || func_get(n) || builtin_find(n))
            printf("%s\n", n);
        else if (strchr(n, '/') ? access(n, X_OK) == 0 : (p = path_search(n, 1)) != NULL)
            printf("%s\n", p ? p : n);
        else
            rc = 127;
        free(p);
    }
    return rc;
}

static int bi_history(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-c") == 0)
        hist_clear();
    else
        hist_print();
    return 0;
}

static int bi_spawn(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    return exec_spawn(argv + 1, strcmp(argv[0], "spawnbg") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* container run NAME [ARG...] | list | inspect NAME: images live in /var/images/NAME
 * (manifest and Cluufile); run goes through /bin/crun as a foreground job. */
static int bi_container(int argc, char **argv)
{
    const char *images = "/var/images";
    if (argc >= 3 && strcmp(argv[1], "run") == 0) {
        /* argv belongs to the caller (its words are freed later): a new vector. */
        char **v = calloc((size_t)argc, sizeof *v);
        if (!v) return 1;
        v[0] = "crun";
        for (int i = 2; i < argc; i++)
            v[i - 1] = argv[i];
        int rc = exec_spawn(v, 0);
        free(v);
        return rc;
    }
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        DIR *d = opendir(images);
        if (!d) {
            fprintf(stderr, "container: %s: %s\n", images, strerror(errno));
            return 1;
        }
        struct dirent *e;
        char **names = NULL;
        size_t n = 0;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char **nn = realloc(names, (n + 1) * sizeof *names);
            if (!nn) break;
            names = nn;
            names[n++] = strdup(e->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n; i++) {
            char path[512], line[256], profile[256] = "";
            snprintf(path, sizeof path, "%s/%s/manifest", images, names[i]);
            FILE *f = fopen(path, "r");
            while (f && fgets(line, sizeof line, f))
                if (strncmp(line, "profile ", 8) == 0)
                    snprintf(profile, sizeof profile, "%s", line + 8);
            if (f) fclose(f);
            profile[strcspn(profile, "\n")] = 0;
            printf("%-12s %s\n", names[i], profile);
            free(names[i]);
        }
        free(names);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "inspect") == 0) {
        char path[512], buf[4096];
        snprintf(path, sizeof path, "%s/%s/manifest", images, argv[2]);
        FILE *f = fopen(path, "r");
        if (!f) {
            fprintf(stderr, "container: %s: no such image (%s)\n", argv[2], strerror(errno));
            return 1;
        }
        size_t k;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, k, stdout);
        fclose(f);
        return 0;
    }
    fputs("usage: container run NAME [ARG...] | container list | container inspect NAME\n", stderr);
    return 2;
}

static int bi_help(int argc, char **argv);

static const struct builtin builtins[] = {
    {":", bi_true, 1, "do nothing, successfully"},
    {".", bi_source, 1, "FILE [ARG...]: run FILE in this shell"},
    {"[", bi_test, 0, "EXPR ]: same as test"},
    {"alias", bi_alias, 0, "[NAME[=VALUE]...]: define or show aliases"},
    {"bg", bi_bg, 0, "[%N]: continue a stopped job in the background"},
    {"break", bi_break, 1, "[N]: leave N enclosing loops"},
    {"cd", bi_cd, 0, "[DIR|-]: change the working directory"},
    {"container", bi_container, 0,
     "run NAME [ARG...] | list | inspect NAME: run and show container images"},
    {"command", bi_command, 0,
     "[-v|-V] NAME [ARG...]: run NAME skipping functions, or describe it"},
    {"continue", bi_continue, 1, "[N]: next iteration of the Nth enclosing loop"},
    {"echo", bi_echo, 0, "[-n] [ARG...]: print arguments (backslash escapes understood)"},
    {"eval", bi_eval, 1, "[ARG...]: run the arguments as a command"},
    {"exec", bi_exec, 1, "[PROGRAM [ARG...]]: replace the shell, or keep redirections"},
    {"exit", bi_exit, 1, "[N]: leave the shell"},
    {"export", bi_export, 1, "[NAME[=VALUE]...]: export variables to programs"},
    {"false", bi_false, 0, "fail"},
    {"fg", bi_fg, 0, "[%N]: bring a job to the foreground"},
    {"getopts", bi_getopts, 0, "OPTSTRING NAME [ARG...]: parse options"},
    {"help", bi_help, 0, "[NAME]: describe builtins"},
    {"history", bi_history, 0, "[-c]: show (or clear) the command history"},
    {"jobs", bi_jobs, 0, "[-p]: list jobs"},
    {"kill", bi_kill, 0, "[-s SIG|-SIG] %N|PID...: send a signal (-l lists signals)"},
    {"local", bi_local, 0, "NAME[=VALUE]...: variables local to a function"},
    {"printf", bi_printf, 0, "FORMAT [ARG...]: formatted output"},
    {"pwd", bi_pwd, 0, "print the working directory"},
    {"read", bi_read, 0, "[-r] [-p PROMPT] [NAME...]: read a line into variables"},
    {"readonly", bi_readonly, 1, "NAME[=VALUE]...: make variables read-only"},
    {"return", bi_return, 1, "[N]: return from a function or sourced file"},
    {"set", bi_set, 1, "[-aCeufxvm] [-o OPT] [--] [ARG...]: options and positional parameters"},
    {"shift", bi_shift, 1, "[N]: drop the first N positional parameters"},
    {"source", bi_source, 1, "FILE [ARG...]: run FILE in this shell"},
    {"spawn", bi_spawn, 0, "PROGRAM [ARG...]: run /bin/PROGRAM as a foreground job"},
    {"spawnbg", bi_spawn, 0, "PROGRAM [ARG...]: run /bin/PROGRAM as a background job"},
    {"stop", bi_stop, 0, "[%N]: stop a background job"},
    {"test", bi_test, 0, "EXPR: evaluate a condition"},
    {"trap", bi_trap, 1, "[ACTION SIG...]: run ACTION when a signal (or EXIT) arrives"},
    {"true", bi_true, 0, "succeed"},
    {"type", bi_type, 0, "NAME...: tell how a name would be run"},
    {"umask", bi_umask, 0, "[-S] [MASK]: show or set the file creation mask"},
    {"unalias", bi_unalias, 0, "[-a] NAME...: remove aliases"},
    {"unset", bi_unset, 1, "[-f|-v] NAME...: remove variables or functions"},
    {"wait", bi_wait, 0, "[%N|PID...]: wait for background jobs"},
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int bi_help(int argc, char **argv)
{
    int rc = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            const struct builtin *b = builtin_find(argv[i]);
            if (b) {
                printf("%s %s\n", b->name, b->help);
            } else {
                fprintf(stderr, "sh: help: no builtin named %s\n", argv[i]);
                rc = 1;
            }
        }
        return rc;
    }
    puts("CLUU sh builtins:");
    for (size_t i = 0; i < NBUILTINS; i++)
        printf("  %-10s %s\n", builtins[i].name, builtins[i].help);
    puts("The language: POSIX sh (pipelines, redirections, if/while/until/for/case,\n"
         "functions, $(...), $((...)), globbing). spawn runs /bin/PROGRAM; on CLUU a\n"
         "program installed as an image runs with its image's profile. container run\n"
         "starts an image by name through procmgr.");
    return 0;
}

const struct builtin *builtin_find(const char *name)
{
    for (size_t i = 0; i < NBUILTINS; i++)
        if (strcmp(builtins[i].name, name) == 0) return &builtins[i];
    return NULL;
}

void builtins_each(void (*fn)(const char *name, void *ctx), void *ctx)
{
    for (size_t i = 0; i < NBUILTINS; i++)
        fn(builtins[i].name, ctx);
}
