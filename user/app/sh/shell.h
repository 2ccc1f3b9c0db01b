#pragma once
#include <signal.h>
#include <sys/types.h>

/* Global state of one shell process. */
struct shell {
    int status;       /* $? */
    pid_t rootpid;    /* $$ */
    pid_t lastbg;     /* $! (0: none yet) */
    const char *arg0; /* $0 */
    int interactive;
    int jobctl; /* job control active (set -m, interactive terminal) */
    int ttyfd;  /* the controlling terminal, or -1 */
    pid_t pgid; /* the shell's own process group */
    int opt_e, opt_u, opt_x, opt_f, opt_v, opt_n;
    int opt_a;      /* allexport: every variable assigned is exported */
    int opt_C;      /* noclobber: > does not overwrite an existing regular file */
    int subshell;   /* this process is a fork of the shell */
    int no_errexit; /* inside a condition, where set -e does not apply */
    int skip;       /* pending break/continue/return */
    int skipcount;  /* loops left to break out of */
    int loopdepth;
    int funcdepth;
    int evaldepth;
    int special_error; /* a special builtin reported an error (fatal unless interactive) */
};

enum { SKIP_NONE, SKIP_BREAK, SKIP_CONTINUE, SKIP_RETURN };

extern struct shell sh;

/* Set when Ctrl-C interrupted the shell itself or its foreground job (interactive only):
 * running loops and lists stop and the prompt comes back. */
extern volatile sig_atomic_t sh_interrupted;

/* Leave the shell: run the EXIT trap, save history, restore the terminal. */
_Noreturn void sh_exit(int status);
/* Parse and run every command of src in this shell; returns the last status. */
int sh_eval(const char *src, const char *srcname);
/* Run a script file in this shell with the given positional parameters. */
int sh_source(const char *path, int argc, char **argv, int keep_params);
/* Letters of the active options, for $-. */
void sh_flags(char *out, int size);
