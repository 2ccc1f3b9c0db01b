/* Variables, positional parameters, functions and aliases. */
#define _POSIX_C_SOURCE 200809L
#include "vars.h"
#include "parse.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct var {
    char *name;
    char *value; /* NULL: declared (exported/readonly) but unset */
    int exported;
    int readonly;
    struct var *next;
};

struct func {
    char *name;
    struct node *body;
    struct func *next;
};

struct alias {
    char *name;
    char *value;
    struct alias *next;
};

#define NBUCKETS 128
static struct var *vars[NBUCKETS];
static struct func *funcs;
static struct alias *aliases;
struct posparams pos_params;

static char *xstrdup(const char *s)
{
    char *r = strdup(s);
    if (!r) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    return r;
}

static unsigned hash(const char *s)
{
    unsigned h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h % NBUCKETS;
}

static struct var *find(const char *name, int create)
{
    unsigned h = hash(name);
    for (struct var *v = vars[h]; v; v = v->next)
        if (strcmp(v->name, name) == 0) return v;
    if (!create) return NULL;
    struct var *v = calloc(1, sizeof(*v));
    if (!v) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    v->name = xstrdup(name);
    v->next = vars[h];
    vars[h] = v;
    return v;
}

const char *var_get(const char *name)
{
    struct var *v = find(name, 0);
    return v ? v->value : NULL;
}

int var_set(const char *name, const char *value)
{
    struct var *v = find(name, 1);
    if (v->readonly) {
        fprintf(stderr, "sh: %s: is read only\n", name);
        return -1;
    }
    char *nv = xstrdup(value);
    free(v->value);
    v->value = nv;
    if (sh.opt_a) v->exported = 1;
    return 0;
}

int var_unset(const char *name)
{
    unsigned h = hash(name);
    for (struct var **pp = &vars[h]; *pp; pp = &(*pp)->next) {
        struct var *v = *pp;
        if (strcmp(v->name, name) == 0) {
            if (v->readonly) {
                fprintf(stderr, "sh: %s: is read only\n", name);
                return -1;
            }
            *pp = v->next;
            free(v->name);
            free(v->value);
            free(v);
            return 0;
        }
    }
    return 0;
}

void var_export(const char *name)
{
    find(name, 1)->exported = 1;
}

void var_readonly(const char *name)
{
    find(name, 1)->readonly = 1;
}

int var_is_exported(const char *name)
{
    struct var *v = find(name, 0);
    return v && v->exported;
}

char **var_environ(void)
{
    size_t n = 0;
    for (int i = 0; i < NBUCKETS; i++)
        for (struct var *v = vars[i]; v; v = v->next)
            n += v->exported && v->value;
    char **env = malloc(sizeof(char *) * (n + 1));
    if (!env) return NULL;
    size_t k = 0;
    for (int i = 0; i < NBUCKETS; i++) {
        for (struct var *v = vars[i]; v; v = v->next) {
            if (!v->exported || !v->value) continue;
            size_t len = strlen(v->name) + strlen(v->value) + 2;
            env[k] = malloc(len);
            if (!env[k]) break;
            snprintf(env[k++], len, "%s=%s", v->name, v->value);
        }
    }
    env[k] = NULL;
    return env;
}

void var_free_env(char **env)
{
    if (!env) return;
    for (char **e = env; *e; e++)
        free(*e);
    free(env);
}

static void print_quoted(const char *s)
{
    putchar('\'');
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*s);
    }
    putchar('\'');
}

static int cmp_var(const void *a, const void *b)
{
    return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

void var_print(int which)
{
    size_t n = 0;
    for (int i = 0; i < NBUCKETS; i++)
        for (struct var *v = vars[i]; v; v = v->next)
            n++;
    struct var **all = malloc(sizeof(*all) * (n + 1));
    if (!all) return;
    n = 0;
    for (int i = 0; i < NBUCKETS; i++)
        for (struct var *v = vars[i]; v; v = v->next)
            all[n++] = v;
    qsort(all, n, sizeof(*all), cmp_var);
    for (size_t i = 0; i < n; i++) {
        if (which == VARS_EXPORTED && !all[i]->exported) continue;
        if (which == VARS_READONLY && !all[i]->readonly) continue;
        if (which != VARS_ALL) fputs(which == VARS_EXPORTED ? "export " : "readonly ", stdout);
        fputs(all[i]->name, stdout);
        if (all[i]->value) {
            putchar('=');
            print_quoted(all[i]->value);
        }
        putchar('\n');
    }
    free(all);
}

void vars_import(char **envp)
{
    for (char **e = envp; e && *e; e++) {
        char *eq = strchr(*e, '=');
        if (!eq || !parse_is_name(*e, (size_t)(eq - *e))) continue;
        char *name = xstrdup(*e);
        name[eq - *e] = 0;
        var_set(name, eq + 1);
        var_export(name);
        free(name);
    }
}

struct posparams pos_replace(int n, char **v)
{
    struct posparams old = pos_params;
    pos_params.n = n;
    pos_params.v = calloc((size_t)n + 1, sizeof(char *));
    if (!pos_params.v) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    for (int i = 0; i < n; i++)
        pos_params.v[i] = xstrdup(v[i]);
    return old;
}

void pos_restore(struct posparams old)
{
    for (int i = 0; i < pos_params.n; i++)
        free(pos_params.v[i]);
    free(pos_params.v);
    pos_params = old;
}

void pos_free(struct posparams p)
{
    for (int i = 0; i < p.n; i++)
        free(p.v[i]);
    free(p.v);
}

struct local {
    char *name;
    char *value; /* NULL: was unset */
    int exported;
    struct local *next;
};

struct frame {
    struct local *vars;
    struct frame *up;
};

static struct frame *frames;

void locals_push(void)
{
    struct frame *f = calloc(1, sizeof(*f));
    if (!f) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    f->up = frames;
    frames = f;
}

void locals_pop(void)
{
    struct frame *f = frames;
    if (!f) return;
    frames = f->up;
    while (f->vars) {
        struct local *l = f->vars;
        f->vars = l->next;
        struct var *v = find(l->name, 1);
        free(v->value);
        v->value = l->value;
        v->exported = l->exported;
        free(l->name);
        free(l);
    }
    free(f);
}

int var_local(const char *name)
{
    if (!frames) return -1;
    for (struct local *l = frames->vars; l; l = l->next)
        if (strcmp(l->name, name) == 0) return 0;
    struct local *l = calloc(1, sizeof(*l));
    if (!l) return -1;
    struct var *v = find(name, 0);
    l->name = xstrdup(name);
    l->value = v && v->value ? xstrdup(v->value) : NULL;
    l->exported = v ? v->exported : 0;
    l->next = frames->vars;
    frames->vars = l;
    return 0;
}

struct node *func_get(const char *name)
{
    for (struct func *f = funcs; f; f = f->next)
        if (strcmp(f->name, name) == 0) return f->body;
    return NULL;
}

void func_set(const char *name, struct node *body)
{
    for (struct func *f = funcs; f; f = f->next) {
        if (strcmp(f->name, name) == 0) {
            f->body = body;
            return;
        }
    }
    struct func *f = calloc(1, sizeof(*f));
    if (!f) return;
    f->name = xstrdup(name);
    f->body = body;
    f->next = funcs;
    funcs = f;
}

int func_unset(const char *name)
{
    for (struct func **pp = &funcs; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            struct func *f = *pp;
            *pp = f->next;
            free(f->name);
            free(f);
            return 0;
        }
    }
    return -1;
}

const char *alias_get(const char *name)
{
    for (struct alias *a = aliases; a; a = a->next)
        if (strcmp(a->name, name) == 0) return a->value;
    return NULL;
}

void alias_set(const char *name, const char *value)
{
    struct alias **pp = &aliases;
    for (; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            char *nv = xstrdup(value);
            free((*pp)->value);
            (*pp)->value = nv;
            return;
        }
        if (strcmp((*pp)->name, name) > 0) break;
    }
    struct alias *a = calloc(1, sizeof(*a));
    if (!a) return;
    a->name = xstrdup(name);
    a->value = xstrdup(value);
    a->next = *pp;
    *pp = a;
}

int alias_unset(const char *name)
{
    for (struct alias **pp = &aliases; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            struct alias *a = *pp;
            *pp = a->next;
            free(a->name);
            free(a->value);
            free(a);
            return 0;
        }
    }
    return -1;
}

void alias_unset_all(void)
{
    while (aliases)
        alias_unset(aliases->name);
}

int alias_print(const char *name)
{
    int found = 0;
    for (struct alias *a = aliases; a; a = a->next) {
        if (name && strcmp(a->name, name) != 0) continue;
        printf("%s=", a->name);
        print_quoted(a->value);
        putchar('\n');
        found = 1;
    }
    return name && !found ? -1 : 0;
}

void names_each(void (*fn)(const char *name, void *ctx), void *ctx)
{
    for (struct func *f = funcs; f; f = f->next)
        fn(f->name, ctx);
    for (struct alias *a = aliases; a; a = a->next)
        fn(a->name, ctx);
}
