#pragma once

struct node;
struct arena;

enum { EX_FORKED = 1 }; /* this process is a fork that ends after the node: exec in place */

/* Run a syntax tree; returns its exit status (also left in sh.status). */
int exec_node(struct node *n, int flags);
/* Make the arena of the command being run current (function definitions keep it);
 * returns the previous one. */
struct arena *exec_set_arena(struct arena *a);
/* Output of text run in a subshell, trailing newlines removed; sets sh.status. */
char *exec_cmdsubst(const char *text);
/* Replace this process with argv (PATH search); returns only on failure with 126 or 127. */
int exec_program(char **argv);
/* Run argv as a job: in the foreground (returns its status) or in the background. */
int exec_spawn(char **argv, int bg);
/* Set up a forked child: process group, terminal, default signals. */
void exec_child_setup(int pgid, int fg);
