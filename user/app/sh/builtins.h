#pragma once

typedef int (*builtin_fn)(int argc, char **argv);

struct builtin {
    const char *name;
    builtin_fn fn;
    int special; /* POSIX special builtin: variable assignments before it stay */
    const char *help;
};

const struct builtin *builtin_find(const char *name);
/* Call fn for each builtin name (for completion). */
void builtins_each(void (*fn)(const char *name, void *ctx), void *ctx);

/* Traps. */
void trap_init(void);
/* Run the commands of traps whose signals arrived. */
void trap_check(void);
/* In a forked child: trapped signals back to default, interactive ones too. */
void trap_child_reset(void);
/* Run the EXIT trap once. */
void trap_run_exit(void);

/* Builtins defined in bi_util.c. */
int bi_echo(int argc, char **argv);
int bi_printf(int argc, char **argv);
int bi_test(int argc, char **argv);
int bi_local(int argc, char **argv);
int bi_umask(int argc, char **argv);
int bi_getopts(int argc, char **argv);
