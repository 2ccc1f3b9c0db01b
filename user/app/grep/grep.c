#define _XOPEN_SOURCE 700
// grep: prints lines that match patterns (POSIX regular expressions).
// grep [-EFcHhilnqrsvx] [-e pattern]... [pattern] [file...]
// Exit status: 0 a line was selected, 1 none was, 2 an error.
#include "util.h"

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool opt_count, opt_icase, opt_files, opt_number, opt_quiet, opt_recursive;
static bool opt_silent, opt_invert, opt_line, opt_fixed, opt_extended;
static int show_names = -1; // -1: decided by the number of files

static regex_t *regs;
static size_t nregs;
static bool match_all; // an empty pattern matches every line
static bool error_seen;

static void add_pattern(const char *pat)
{
    if (*pat == '\0') {
        match_all = true;
        return;
    }
    char *src = (char *)pat;
    if (opt_fixed) {
        // A fixed string becomes a basic regular expression with its specials escaped.
        src = xmalloc(strlen(pat) * 2 + 1);
        char *d = src;
        for (const char *s = pat; *s; s++) {
            if (strchr(".[]\\*^$", *s)) *d++ = '\\';
            *d++ = *s;
        }
        *d = '\0';
    }
    regs = xrealloc(regs, (nregs + 1) * sizeof *regs);
    int flags = (opt_extended && !opt_fixed ? REG_EXTENDED : 0) | (opt_icase ? REG_ICASE : 0);
    int rc = regcomp(&regs[nregs], src, flags);
    if (rc != 0) {
        char msg[256];
        regerror(rc, &regs[nregs], msg, sizeof msg);
        die_msg("%s: %s", pat, msg);
    }
    nregs++;
    if (src != pat) free(src);
}

// Splits a pattern list at newlines, as POSIX asks.
static void add_patterns(const char *list)
{
    char *copy = xstrdup(list);
    char *p = copy;
    for (;;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        add_pattern(p);
        if (!nl) break;
        p = nl + 1;
    }
    free(copy);
}

static bool line_matches(const char *line, size_t len)
{
    if (match_all && !opt_line) return true;
    if (match_all && len == 0) return true;
    for (size_t i = 0; i < nregs; i++) {
        regmatch_t m;
        if (regexec(&regs[i], line, 1, &m, 0) != 0) continue;
        if (!opt_line || (m.rm_so == 0 && (size_t)m.rm_eo == len)) return true;
    }
    return false;
}

// Searches one stream; returns the number of selected lines.
static long grep_stream(FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long selected = 0, no = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        no++;
        if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
        if (line_matches(line, (size_t)len) == opt_invert) continue;
        selected++;
        if (opt_quiet) break;
        if (opt_files) break;
        if (opt_count) continue;
        if (show_names) printf("%s:", name);
        if (opt_number) printf("%ld:", no);
        fwrite(line, 1, (size_t)len, stdout);
        putchar('\n');
    }
    if (ferror(f)) {
        if (!opt_silent) warn_errno(name);
        error_seen = true;
    }
    free(line);
    if (opt_count && !opt_quiet) {
        if (show_names) printf("%s:", name);
        printf("%ld\n", selected);
    }
    if (opt_files && selected && !opt_quiet) puts(name);
    return selected;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static long grep_path(const char *path, bool top)
{
    if (strcmp(path, "-") == 0 && top) return grep_stream(stdin, "(standard input)");
    struct stat st;
    if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
        if (!opt_silent) warn_errno(path);
        error_seen = true;
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!opt_recursive) {
            if (!opt_silent) warn_msg("%s: Is a directory", path);
            error_seen = true;
            return 0;
        }
        DIR *d = opendir(path);
        if (!d) {
            if (!opt_silent) warn_errno(path);
            error_seen = true;
            return 0;
        }
        // Entries in name order, so that the output does not depend on the directory.
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = path_join(path, e->d_name);
        }
        closedir(d);
        if (n > 1) qsort(names, n, sizeof *names, compare_names);
        long total = 0;
        for (size_t i = 0; i < n; i++) {
            if (!(opt_quiet && total)) total += grep_path(names[i], false);
            free(names[i]);
        }
        free(names);
        return total;
    }
    if (!top && !S_ISREG(st.st_mode)) return 0; // links and devices met while recursing are skipped
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!opt_silent) warn_errno(path);
        error_seen = true;
        return 0;
    }
    long n = grep_stream(f, path);
    fclose(f);
    return n;
}

int main(int argc, char *argv[])
{
    prog_init("grep", "[-EFcHhilnqrsvx] [-e pattern]... [pattern] [file...]");
    prog_set_fail(2);
    const char **pats = NULL;
    size_t npats = 0;
    int c;
    while ((c = next_opt(argc, argv, "EFHRce:hilnqrsvx")) != -1) {
        switch (c) {
        case 'E':
            opt_extended = true;
            break;
        case 'F':
            opt_fixed = true;
            break;
        case 'H':
            show_names = 1;
            break;
        case 'h':
            show_names = 0;
            break;
        case 'c':
            opt_count = true;
            break;
        case 'e':
            pats = xrealloc(pats, (npats + 1) * sizeof *pats);
            pats[npats++] = optarg;
            break;
        case 'i':
            opt_icase = true;
            break;
        case 'l':
            opt_files = true;
            break;
        case 'n':
            opt_number = true;
            break;
        case 'q':
            opt_quiet = true;
            break;
        case 'R':
        case 'r':
            opt_recursive = true;
            break;
        case 's':
            opt_silent = true;
            break;
        case 'v':
            opt_invert = true;
            break;
        case 'x':
            opt_line = true;
            break;
        }
    }
    if (npats == 0) {
        if (optind == argc) usage();
        pats = xrealloc(pats, sizeof *pats);
        pats[npats++] = argv[optind++];
    }
    for (size_t i = 0; i < npats; i++)
        add_patterns(pats[i]);
    free(pats);
    int nfiles = argc - optind;
    if (show_names < 0) {
        // Names when there is more than one file to search: several operands, or a tree.
        struct stat st;
        show_names =
            nfiles > 1 || (opt_recursive &&
                           (nfiles == 0 || (stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode))));
    }
    long selected = 0;
    if (nfiles == 0)
        selected = opt_recursive ? grep_path(".", true) : grep_stream(stdin, "(standard input)");
    for (int i = optind; i < argc && !(opt_quiet && selected); i++)
        selected += grep_path(argv[i], true);
    if (finish_stdout()) return 2;
    if (opt_quiet && selected) return 0;
    return error_seen ? 2 : selected ? 0 : 1;
}
