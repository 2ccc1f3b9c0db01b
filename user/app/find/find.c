#define _XOPEN_SOURCE 700
// find: walks directory trees and prints the paths that pass every test:
// find [path...] [-maxdepth n] [-mindepth n] [[!] -name pattern] [[!] -path pattern]
//      [[!] -type bcdflps] [-print]
// Tests are joined by "and"; "!" negates the next one. Entries are visited in name order.
// Symbolic links are not followed.
#include "util.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum test_kind { T_NAME, T_PATH, T_TYPE };

struct test {
    enum test_kind kind;
    bool negate;
    const char *arg;
};

static struct test *tests;
static size_t ntests;
static long max_depth = -1, min_depth = 0;
static int status;

static bool type_matches(char t, mode_t m)
{
    switch (t) {
    case 'b':
        return S_ISBLK(m);
    case 'c':
        return S_ISCHR(m);
    case 'd':
        return S_ISDIR(m);
    case 'f':
        return S_ISREG(m);
    case 'l':
        return S_ISLNK(m);
    case 'p':
        return S_ISFIFO(m);
    case 's':
        return S_ISSOCK(m);
    }
    return false;
}

static bool passes(const char *path, const struct stat *st)
{
    char buf[4096];
    for (size_t i = 0; i < ntests; i++) {
        const struct test *t = &tests[i];
        bool r = false;
        switch (t->kind) {
        case T_NAME:
            r = fnmatch(t->arg, path_base(path, buf, sizeof buf), 0) == 0;
            break;
        case T_PATH:
            r = fnmatch(t->arg, path, 0) == 0;
            break;
        case T_TYPE:
            r = type_matches(t->arg[0], st->st_mode);
            break;
        }
        if (r == t->negate) return false;
    }
    return true;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *path, long depth)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        warn_errno(path);
        status = 1;
        return;
    }
    if (depth >= min_depth && passes(path, &st)) puts(path);
    if (!S_ISDIR(st.st_mode) || (max_depth >= 0 && depth >= max_depth)) return;
    DIR *d = opendir(path);
    if (!d) {
        warn_errno(path);
        status = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n > 1) qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        char *p = path_join(path, names[i]);
        walk(p, depth + 1);
        free(p);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char *argv[])
{
    prog_init("find", "[path...] [-maxdepth n] [-mindepth n] [[!] -name pattern] "
                      "[[!] -path pattern] [[!] -type c] [-print]");
    int first_expr = 1;
    while (first_expr < argc && argv[first_expr][0] != '-' && strcmp(argv[first_expr], "!") != 0)
        first_expr++;
    tests = xmalloc(sizeof *tests * (size_t)argc);
    bool negate = false;
    for (int i = first_expr; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "!") == 0 || strcmp(a, "-not") == 0) {
            negate = !negate;
            continue;
        }
        if (strcmp(a, "-print") == 0) continue;
        if (i + 1 >= argc) {
            warn_msg("%s: missing argument", a);
            usage();
        }
        const char *arg = argv[++i];
        if (strcmp(a, "-name") == 0 || strcmp(a, "-path") == 0) {
            tests[ntests++] = (struct test){a[1] == 'n' ? T_NAME : T_PATH, negate, arg};
        } else if (strcmp(a, "-type") == 0) {
            if (strlen(arg) != 1 || !strchr("bcdflps", arg[0])) {
                warn_msg("-type: unknown type '%s'", arg);
                usage();
            }
            tests[ntests++] = (struct test){T_TYPE, negate, arg};
        } else if (strcmp(a, "-maxdepth") == 0 || strcmp(a, "-mindepth") == 0) {
            long v;
            if (parse_long(arg, &v) < 0 || v < 0) {
                warn_msg("%s: invalid depth '%s'", a, arg);
                usage();
            }
            if (a[2] == 'a')
                max_depth = v;
            else
                min_depth = v;
            continue;
        } else {
            warn_msg("unknown expression '%s'", a);
            usage();
        }
        negate = false;
    }
    if (first_expr == 1) walk(".", 0);
    for (int i = 1; i < first_expr; i++)
        walk(argv[i], 0);
    free(tests);
    return status | finish_stdout();
}
