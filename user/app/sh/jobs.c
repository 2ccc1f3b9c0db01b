/* Job control: process groups, the terminal's foreground group, job table and builtins. */
#define _POSIX_C_SOURCE 200809L
#include "jobs.h"
#include "shell.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

enum pstate { P_RUNNING, P_STOPPED, P_DONE };

struct proc {
    pid_t pid;
    int status;
    enum pstate state;
};

struct job {
    int id;
    pid_t pgid;
    int own_group; /* made with job control: signal the group, not the shell's */
    struct proc *procs;
    int nprocs;
    char *text;
    int fg;
    int reported_stop;
    unsigned long seq; /* for the current job "+" */
    struct job *next;
};

static struct job *jobs;
static unsigned long seq_counter;

static const struct {
    const char *name;
    int sig;
} signals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},   {"TRAP", SIGTRAP},
    {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"FPE", SIGFPE},   {"KILL", SIGKILL}, {"USR1", SIGUSR1},
    {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG},   {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"SYS", SIGSYS},
};

int sig_number(const char *name)
{
    if (name[0] >= '0' && name[0] <= '9') {
        char *end;
        long n = strtol(name, &end, 10);
        return *end || n < 0 || n > 64 ? -1 : (int)n;
    }
    if (strncasecmp(name, "SIG", 3) == 0) name += 3;
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        if (strcasecmp(name, signals[i].name) == 0) return signals[i].sig;
    if (strcasecmp(name, "EXIT") == 0) return 0;
    return -1;
}

const char *sig_name(int sig)
{
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        if (signals[i].sig == sig) return signals[i].name;
    return NULL;
}

struct job *job_new(const char *text)
{
    struct job *j = calloc(1, sizeof(*j));
    if (!j) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    int id = 1;
    for (;;) {
        struct job *o = jobs;
        while (o && o->id != id)
            o = o->next;
        if (!o) break;
        id++;
    }
    j->id = id;
    j->text = strdup(text ? text : "");
    j->fg = 1;
    j->own_group = sh.jobctl;
    j->seq = ++seq_counter;
    struct job **pp = &jobs;
    while (*pp)
        pp = &(*pp)->next;
    *pp = j;
    return j;
}

pid_t job_pgid(struct job *j)
{
    return j->pgid;
}

void job_add_proc(struct job *j, pid_t pid)
{
    struct proc *np = realloc(j->procs, sizeof(*np) * (size_t)(j->nprocs + 1));
    if (!np) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    j->procs = np;
    j->procs[j->nprocs++] = (struct proc){pid, 0, P_RUNNING};
    if (!j->pgid) j->pgid = pid;
}

static void job_free(struct job *j)
{
    for (struct job **pp = &jobs; *pp; pp = &(*pp)->next) {
        if (*pp == j) {
            *pp = j->next;
            break;
        }
    }
    free(j->procs);
    free(j->text);
    free(j);
}

static enum pstate job_state(struct job *j)
{
    int stopped = 0;
    for (int i = 0; i < j->nprocs; i++) {
        if (j->procs[i].state == P_RUNNING) return P_RUNNING;
        stopped |= j->procs[i].state == P_STOPPED;
    }
    return stopped ? P_STOPPED : P_DONE;
}

static void update(pid_t pid, int st)
{
    for (struct job *j = jobs; j; j = j->next) {
        for (int i = 0; i < j->nprocs; i++) {
            struct proc *p = &j->procs[i];
            if (p->pid != pid) continue;
            if (WIFSTOPPED(st)) {
                p->state = P_STOPPED;
                p->status = st;
            } else if (WIFCONTINUED(st)) {
                p->state = P_RUNNING;
            } else {
                p->state = P_DONE;
                p->status = st;
            }
            return;
        }
    }
}

static int status_of(int st)
{
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    if (WIFSTOPPED(st)) return 128 + WSTOPSIG(st);
    return 0;
}

static int job_status(struct job *j)
{
    return j->nprocs ? status_of(j->procs[j->nprocs - 1].status) : 0;
}

static void describe(struct job *j, char *buf, size_t size)
{
    enum pstate s = job_state(j);
    if (s == P_RUNNING) {
        snprintf(buf, size, "Running");
    } else if (s == P_STOPPED) {
        snprintf(buf, size, "Stopped");
    } else {
        int st = j->procs[j->nprocs - 1].status;
        if (WIFSIGNALED(st)) {
            const char *n = sig_name(WTERMSIG(st));
            snprintf(buf, size, "Killed (SIG%s)", n ? n : "?");
        } else if (WEXITSTATUS(st)) {
            snprintf(buf, size, "Done(%d)", WEXITSTATUS(st));
        } else {
            snprintf(buf, size, "Done");
        }
    }
}

static struct job *current_job(int which)
{
    struct job *best = NULL, *second = NULL;
    for (struct job *j = jobs; j; j = j->next) {
        if (j->fg) continue;
        if (!best || j->seq > best->seq) {
            second = best;
            best = j;
        } else if (!second || j->seq > second->seq) {
            second = j;
        }
    }
    return which ? second : best;
}

static void print_job(struct job *j, FILE *f)
{
    char state[40];
    describe(j, state, sizeof(state));
    char mark = j == current_job(0) ? '+' : j == current_job(1) ? '-' : ' ';
    fprintf(f, "[%d]%c  %-16s %s\n", j->id, mark, state, j->text);
}

/* Wait for any child; returns -1 when there is none left. */
static int wait_one(int flags)
{
    int st;
    pid_t pid = waitpid(-1, &st, flags);
    if (pid > 0) {
        update(pid, st);
        return 1;
    }
    if (pid < 0 && errno == EINTR) return 1;
    return pid == 0 ? 0 : -1;
}

int job_wait_fg(struct job *j)
{
    j->fg = 1;
    if (sh.jobctl && sh.ttyfd >= 0) tcsetpgrp(sh.ttyfd, j->pgid);
    while (job_state(j) == P_RUNNING) {
        if (wait_one(sh.jobctl ? WUNTRACED : 0) < 0) {
            for (int i = 0; i < j->nprocs; i++)
                if (j->procs[i].state == P_RUNNING) j->procs[i].state = P_DONE;
        }
    }
    if (sh.jobctl && sh.ttyfd >= 0) {
        tcsetpgrp(sh.ttyfd, sh.pgid);
    }
    int status = job_status(j);
    if (job_state(j) == P_STOPPED) {
        j->fg = 0;
        j->seq = ++seq_counter;
        j->reported_stop = 1;
        if (sh.interactive) sh_interrupted = 1;
        fputc('\n', stderr);
        print_job(j, stderr);
        return status;
    }
    int st = j->procs[j->nprocs - 1].status;
    if (WIFSIGNALED(st) && WTERMSIG(st) != SIGPIPE) {
        if (WTERMSIG(st) != SIGINT)
            fprintf(stderr, "%s\n", strsignal(WTERMSIG(st)));
        else if (sh.interactive) {
            sh_interrupted = 1;
            fputc('\n', stderr);
        }
    }
    job_free(j);
    return status;
}

void job_background(struct job *j)
{
    j->fg = 0;
    j->seq = ++seq_counter;
    sh.lastbg = j->nprocs ? j->procs[j->nprocs - 1].pid : 0;
    if (sh.interactive) fprintf(stderr, "[%d] %ld\n", j->id, (long)sh.lastbg);
}

void jobs_reap(int notify)
{
    while (wait_one(WNOHANG | WUNTRACED | WCONTINUED) > 0)
        ;
    if (!notify) return;
    struct job *next;
    for (struct job *j = jobs; j; j = next) {
        next = j->next;
        if (j->fg) continue;
        enum pstate s = job_state(j);
        if (s == P_DONE) {
            print_job(j, stderr);
            job_free(j);
        } else if (s == P_STOPPED && !j->reported_stop) {
            j->reported_stop = 1;
            print_job(j, stderr);
        } else if (s == P_RUNNING) {
            j->reported_stop = 0;
        }
    }
}

void jobs_forget(void)
{
    while (jobs)
        job_free(jobs);
}

int jobs_stopped(void)
{
    for (struct job *j = jobs; j; j = j->next)
        if (job_state(j) == P_STOPPED) return 1;
    return 0;
}

static void job_signal(struct job *j, int sig)
{
    if (j->own_group && j->pgid > 0) {
        kill(-j->pgid, sig);
        return;
    }
    for (int i = 0; i < j->nprocs; i++)
        if (j->procs[i].state != P_DONE) kill(j->procs[i].pid, sig);
}

void jobs_hangup(void)
{
    for (struct job *j = jobs; j; j = j->next) {
        if (job_state(j) == P_STOPPED) {
            job_signal(j, SIGHUP);
            job_signal(j, SIGCONT);
        }
    }
}

/* Find a job from "%n", "%+", "%-", "%name" or a process id. */
static struct job *find_job(const char *spec, const char *who)
{
    struct job *found = NULL;
    if (!spec || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0) {
        found = current_job(0);
    } else if (strcmp(spec, "%-") == 0) {
        found = current_job(1);
    } else if (spec[0] == '%' && spec[1] >= '0' && spec[1] <= '9') {
        int id = atoi(spec + 1);
        for (struct job *j = jobs; j; j = j->next)
            if (!j->fg && j->id == id) found = j;
    } else if (spec[0] == '%') {
        for (struct job *j = jobs; j; j = j->next)
            if (!j->fg && strncmp(j->text, spec + 1, strlen(spec + 1)) == 0) found = j;
    } else {
        pid_t pid = (pid_t)atol(spec);
        for (struct job *j = jobs; j; j = j->next)
            for (int i = 0; i < j->nprocs; i++)
                if (!j->fg && j->procs[i].pid == pid) found = j;
    }
    if (!found) fprintf(stderr, "sh: %s: %s: no such job\n", who, spec ? spec : "current");
    return found;
}

int bi_jobs(int argc, char **argv)
{
    jobs_reap(0);
    int pids = argc > 1 && strcmp(argv[1], "-p") == 0;
    struct job *next;
    for (struct job *j = jobs; j; j = next) {
        next = j->next;
        if (j->fg) continue;
        if (pids) {
            printf("%ld\n", (long)j->pgid);
            continue;
        }
        print_job(j, stdout);
        if (job_state(j) == P_DONE) job_free(j);
    }
    return 0;
}

static void continue_job(struct job *j)
{
    for (int i = 0; i < j->nprocs; i++)
        if (j->procs[i].state == P_STOPPED) j->procs[i].state = P_RUNNING;
    j->reported_stop = 0;
    job_signal(j, SIGCONT);
}

int bi_fg(int argc, char **argv)
{
    if (!sh.jobctl) {
        fputs("sh: fg: no job control\n", stderr);
        return 1;
    }
    struct job *j = find_job(argc > 1 ? argv[1] : NULL, "fg");
    if (!j) return 1;
    printf("%s\n", j->text);
    fflush(stdout);
    j->fg = 1;
    tcsetpgrp(sh.ttyfd, j->pgid);
    continue_job(j);
    return job_wait_fg(j);
}

int bi_bg(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc || i == 1; i++) {
        struct job *j = find_job(argc > 1 ? argv[i] : NULL, "bg");
        if (!j) {
            rc = 1;
            break;
        }
        continue_job(j);
        j->seq = ++seq_counter;
        printf("[%d] %s &\n", j->id, j->text);
    }
    return rc;
}

int bi_stop(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc || i == 1; i++) {
        struct job *j = find_job(argc > 1 ? argv[i] : NULL, "stop");
        if (!j) {
            rc = 1;
            break;
        }
        job_signal(j, SIGSTOP);
    }
    return rc;
}

int bi_kill(int argc, char **argv)
{
    int sig = SIGTERM, i = 1;
    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        for (size_t k = 0; k < sizeof(signals) / sizeof(signals[0]); k++)
            printf("%s%c", signals[k].name,
                   k + 1 < sizeof(signals) / sizeof(signals[0]) ? ' ' : '\n');
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "-s") == 0) {
        sig = sig_number(argv[2]);
        i = 3;
    } else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
        sig = sig_number(argv[1] + 1);
        i = 2;
    }
    if (sig < 0) {
        fprintf(stderr, "sh: kill: %s: invalid signal\n", argv[i - 1]);
        return 1;
    }
    if (i >= argc) {
        fputs("usage: kill [-s SIG | -SIG] %job|pid...\n", stderr);
        return 2;
    }
    int rc = 0;
    for (; i < argc; i++) {
        if (argv[i][0] == '%') {
            struct job *j = find_job(argv[i], "kill");
            if (!j) {
                rc = 1;
                continue;
            }
            job_signal(j, sig);
            if (sig == SIGKILL || sig == SIGTERM || sig == SIGHUP || sig == SIGINT)
                job_signal(j, SIGCONT);
            continue;
        }
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (*end || end == argv[i]) {
            fprintf(stderr, "sh: kill: %s: arguments must be process or job IDs\n", argv[i]);
            rc = 1;
        } else if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "sh: kill: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
    }
    return rc;
}

static int wait_job(struct job *j)
{
    while (job_state(j) == P_RUNNING)
        if (wait_one(0) < 0 || sh_interrupted) return 130;
    int st = job_status(j);
    if (job_state(j) == P_DONE) {
        int raw = j->procs[j->nprocs - 1].status;
        if (WIFSIGNALED(raw) && WTERMSIG(raw) != SIGINT && WTERMSIG(raw) != SIGPIPE) {
            if (sh.interactive)
                print_job(j, stderr);
            else
                fprintf(stderr, "%s\n", strsignal(WTERMSIG(raw)));
        }
        job_free(j);
    }
    return st;
}

int bi_wait(int argc, char **argv)
{
    if (argc < 2) {
        struct job *next;
        for (struct job *j = jobs; j; j = next) {
            next = j->next;
            if (!j->fg && job_state(j) != P_STOPPED) wait_job(j);
        }
        return 0;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct job *found = NULL;
        if (argv[i][0] == '%') {
            found = find_job(argv[i], "wait");
        } else {
            pid_t pid = (pid_t)atol(argv[i]);
            for (struct job *j = jobs; j; j = j->next)
                for (int k = 0; k < j->nprocs; k++)
                    if (j->procs[k].pid == pid) found = j;
        }
        rc = found ? wait_job(found) : 127;
    }
    return rc;
}
