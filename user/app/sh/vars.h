#pragma once

struct node;

/* Shell variables. */
const char *var_get(const char *name);
/* Set a variable; returns -1 (after a message) when it is read-only. */
int var_set(const char *name, const char *value);
/* Remove a variable; -1 (after a message) when it is read-only. */
int var_unset(const char *name);
void var_export(const char *name);
void var_readonly(const char *name);
int var_is_exported(const char *name);
/* Environment for a new program: malloc'd array of "NAME=VALUE", free with var_free_env. */
char **var_environ(void);
void var_free_env(char **env);
enum { VARS_ALL, VARS_EXPORTED, VARS_READONLY };
/* Print variables as NAME='value' lines (all, or the exported or read-only ones with an
 * "export " or "readonly " prefix). */
void var_print(int which);
void vars_import(char **envp);

/* Positional parameters $1..$n. */
struct posparams {
    int n;
    char **v;
};
extern struct posparams pos_params;
/* Replace the positional parameters with copies of v[0..n-1]; returns the old set. */
struct posparams pos_replace(int n, char **v);
void pos_restore(struct posparams old);
/* Free a set of positional parameters returned by pos_replace. */
void pos_free(struct posparams p);

/* Function-local variables: a frame per function call. */
void locals_push(void);
/* Put back every variable made local in the innermost frame. */
void locals_pop(void);
/* Make name local to the running function; -1 outside functions. */
int var_local(const char *name);

/* Functions and aliases. */
struct node *func_get(const char *name);
void func_set(const char *name, struct node *body);
int func_unset(const char *name);
const char *alias_get(const char *name);
void alias_set(const char *name, const char *value);
int alias_unset(const char *name);
void alias_unset_all(void);
/* Print one alias (or all with name NULL); returns -1 if the alias is not defined. */
int alias_print(const char *name);
/* Call fn for each function name and alias name. */
void names_each(void (*fn)(const char *name, void *ctx), void *ctx);
