#define _XOPEN_SOURCE 700
// kill: sends a signal to processes: kill [-s name | -name | -num] pid..., or kill -l [status].
#include "util.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int num;
} sigs[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"FPE", SIGFPE},
    {"KILL", SIGKILL},     {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE},     {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
    {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"SYS", SIGSYS},
};
#define NSIGS (sizeof sigs / sizeof sigs[0])

// A signal name (with or without "SIG", any case) or number; -1 if unknown.
static int signal_number(const char *s)
{
    long n;
    if (parse_long(s, &n) == 0) return n >= 0 && n < 65 ? (int)n : -1;
    if (strncasecmp(s, "SIG", 3) == 0) s += 3;
    for (size_t i = 0; i < NSIGS; i++) {
        if (strcasecmp(s, sigs[i].name) == 0) return sigs[i].num;
    }
    return -1;
}

static const char *signal_name(int num)
{
    for (size_t i = 0; i < NSIGS; i++) {
        if (sigs[i].num == num) return sigs[i].name;
    }
    return NULL;
}

static int list(const char *arg)
{
    if (!arg) {
        // In number order, one line, as shells print it.
        for (int n = 1; n < 65; n++) {
            const char *name = signal_name(n);
            if (name) printf("%s%s", n > 1 ? " " : "", name);
        }
        putchar('\n');
        return finish_stdout();
    }
    long n;
    if (parse_long(arg, &n) == 0) {
        // An exit status of a killed process is 128 + the signal number.
        const char *name = signal_name((int)(n > 128 ? n - 128 : n));
        if (!name) die_msg("%s: unknown signal", arg);
        puts(name);
    } else {
        int num = signal_number(arg);
        if (num < 0) die_msg("%s: unknown signal", arg);
        printf("%d\n", num);
    }
    return finish_stdout();
}

int main(int argc, char *argv[])
{
    prog_init("kill", "[-s signal | -signal] pid... | -l [status]");
    int sig = SIGTERM;
    int i = 1;
    // By hand: "-9" and "-KILL" are options that getopt cannot describe.
    if (i < argc && strcmp(argv[i], "-l") == 0) return list(i + 1 < argc ? argv[i + 1] : NULL);
    if (i < argc && strcmp(argv[i], "-s") == 0) {
        if (i + 1 >= argc) usage();
        sig = signal_number(argv[i + 1]);
        if (sig < 0) die_msg("%s: unknown signal", argv[i + 1]);
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0 &&
               (isalpha((unsigned char)argv[i][1]) || isdigit((unsigned char)argv[i][1]))) {
        sig = signal_number(argv[i] + 1);
        if (sig < 0) die_msg("%s: unknown signal", argv[i] + 1);
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0) i++;
    if (i == argc) usage();
    int status = 0;
    for (; i < argc; i++) {
        long pid;
        if (parse_long(argv[i], &pid) < 0) {
            warn_msg("%s: not a process id", argv[i]);
            status = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) < 0) {
            warn_errno(argv[i]);
            status = 1;
        }
    }
    return status;
}
