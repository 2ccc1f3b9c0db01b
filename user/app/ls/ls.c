#define _XOPEN_SOURCE 700
// ls: lists directory contents: ls [-1ACFRadhlnrt] [file...]
// Names sort by byte value; columns (down, then across) when stdout is a terminal or with
// -C; -l gives mode, links, owner, group, size, modification time and name.
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>

struct entry {
    char *name; // as shown
    char *path; // for stat and readlink
    struct stat st;
};

static bool opt_all, opt_almost_all, opt_long, opt_recursive, opt_dir, opt_human;
static bool opt_numeric, opt_reverse, opt_time, opt_classify, opt_columns;
static int status;
static time_t now;
static bool printed_any;

static int compare_entries(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    int c = 0;
    if (opt_time) {
        if (a->st.st_mtim.tv_sec != b->st.st_mtim.tv_sec)
            c = a->st.st_mtim.tv_sec > b->st.st_mtim.tv_sec ? -1 : 1;
        else if (a->st.st_mtim.tv_nsec != b->st.st_mtim.tv_nsec)
            c = a->st.st_mtim.tv_nsec > b->st.st_mtim.tv_nsec ? -1 : 1;
    }
    if (c == 0) c = strcmp(a->name, b->name);
    return opt_reverse ? -c : c;
}

static char classify_char(mode_t m)
{
    if (S_ISDIR(m)) return '/';
    if (S_ISLNK(m)) return '@';
    if (S_ISFIFO(m)) return '|';
    if (S_ISSOCK(m)) return '=';
    if (S_ISREG(m) && (m & (S_IXUSR | S_IXGRP | S_IXOTH))) return '*';
    return 0;
}

static size_t shown_len(const struct entry *e)
{
    return strlen(e->name) + (opt_classify && classify_char(e->st.st_mode));
}

static void print_name(const struct entry *e)
{
    fputs(e->name, stdout);
    char c = opt_classify ? classify_char(e->st.st_mode) : 0;
    if (c) putchar(c);
}

static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    long v;
    if (cols && parse_long(cols, &v) == 0 && v > 0 && v < 10000) return (int)v;
    return 80;
}

// Columns, filled down then across, as many as fit the width with two spaces between.
static void print_columns(struct entry *v, size_t n)
{
    if (n == 0) return;
    size_t width = (size_t)terminal_width();
    size_t *colw = xmalloc(n * sizeof *colw);
    size_t cols = 1, rows = n;
    for (size_t try = n; try > 1; try--) {
        size_t r = (n + try - 1) / try;
        size_t c = (n + r - 1) / r; // columns actually used
        size_t total = 0;
        for (size_t col = 0; col < c; col++) {
            size_t w = 0;
            for (size_t i = col * r; i < n && i < (col + 1) * r; i++) {
                size_t l = shown_len(&v[i]);
                if (l > w) w = l;
            }
            total += w + (col + 1 < c ? 2 : 0);
        }
        if (total < width) {
            cols = c;
            rows = r;
            break;
        }
    }
    for (size_t col = 0; col < cols; col++) {
        colw[col] = 0;
        for (size_t i = col * rows; i < n && i < (col + 1) * rows; i++) {
            size_t l = shown_len(&v[i]);
            if (l > colw[col]) colw[col] = l;
        }
    }
    for (size_t r = 0; r < rows; r++) {
        for (size_t col = 0; col < cols; col++) {
            size_t i = col * rows + r;
            if (i >= n) break;
            print_name(&v[i]);
            bool last = col + 1 == cols || i + rows >= n;
            if (!last) printf("%*s", (int)(colw[col] - shown_len(&v[i]) + 2), "");
        }
        putchar('\n');
    }
    free(colw);
}

static void id_string(bool user, unsigned id, char *out, size_t size)
{
    const char *name = NULL;
    if (!opt_numeric) {
        if (user) {
            struct passwd *pw = getpwuid((uid_t)id);
            name = pw ? pw->pw_name : NULL;
        } else {
            struct group *gr = getgrgid((gid_t)id);
            name = gr ? gr->gr_name : NULL;
        }
    }
    if (name)
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%u", id);
}

struct long_fields {
    char links[24], user[64], group[64], size[32];
};

static void size_string(const struct stat *st, char *out, size_t size)
{
    if (opt_human)
        human_size((unsigned long long)st->st_size, out, size);
    else
        snprintf(out, size, "%lld", (long long)st->st_size);
}

static void widen(int *w, const char *s)
{
    int n = (int)strlen(s);
    if (n > *w) *w = n;
}

static void print_long(struct entry *v, size_t n, bool total)
{
    struct long_fields *f = xmalloc((n ? n : 1) * sizeof *f);
    int wl = 0, wu = 0, wg = 0, ws = 0;
    unsigned long long blocks = 0;
    for (size_t i = 0; i < n; i++) {
        const struct stat *st = &v[i].st;
        snprintf(f[i].links, sizeof f[i].links, "%lu", (unsigned long)st->st_nlink);
        id_string(true, st->st_uid, f[i].user, sizeof f[i].user);
        id_string(false, st->st_gid, f[i].group, sizeof f[i].group);
        size_string(st, f[i].size, sizeof f[i].size);
        widen(&wl, f[i].links);
        widen(&wu, f[i].user);
        widen(&wg, f[i].group);
        widen(&ws, f[i].size);
        blocks += (unsigned long long)st->st_blocks;
    }
    if (total) {
        // st_blocks counts 512-byte units; the total is in KiB.
        unsigned long long kib = (blocks + 1) / 2;
        if (opt_human) {
            char h[32];
            human_size(kib * 1024, h, sizeof h);
            printf("total %s\n", h);
        } else {
            printf("total %llu\n", kib);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct stat *st = &v[i].st;
        char mode[11], when[32];
        mode_string(st->st_mode, mode);
        struct tm tm;
        time_t t = st->st_mtim.tv_sec;
        // Recent (the last six months): time of day; otherwise the year.
        bool recent = t <= now && now - t < 15778476;
        if (localtime_r(&t, &tm))
            strftime(when, sizeof when, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
        else
            snprintf(when, sizeof when, "%lld", (long long)t);
        printf("%s %*s %-*s %-*s %*s %s ", mode, wl, f[i].links, wu, f[i].user, wg, f[i].group, ws,
               f[i].size, when);
        print_name(&v[i]);
        if (S_ISLNK(st->st_mode)) {
            char target[4096];
            ssize_t len = readlink(v[i].path, target, sizeof target - 1);
            if (len >= 0) {
                target[len] = '\0';
                printf(" -> %s", target);
            }
        }
        putchar('\n');
    }
    free(f);
}

static void print_entries(struct entry *v, size_t n, bool total)
{
    if (n > 1) qsort(v, n, sizeof *v, compare_entries);
    if (opt_long) {
        print_long(v, n, total);
    } else if (opt_columns) {
        print_columns(v, n);
    } else {
        for (size_t i = 0; i < n; i++) {
            print_name(&v[i]);
            putchar('\n');
        }
    }
}

static void free_entries(struct entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].path);
    }
    free(v);
}

static void list_dir(const char *path, bool header)
{
    DIR *d = opendir(path);
    if (!d) {
        warn_errno(path);
        status = 1;
        return;
    }
    if (header) printf("%s%s:\n", printed_any ? "\n" : "", path);
    printed_any = true;
    struct entry *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (name[0] == '.') {
            bool dots = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
            if (!opt_all && !(opt_almost_all && !dots)) {
                errno = 0;
                continue;
            }
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[n].name = xstrdup(name);
        v[n].path = path_join(path, name);
        if (lstat(v[n].path, &v[n].st) < 0) {
            warn_errno(v[n].path);
            status = 1;
            free(v[n].name);
            free(v[n].path);
        } else {
            n++;
        }
        errno = 0;
    }
    if (errno) {
        warn_errno(path);
        status = 1;
    }
    closedir(d);
    print_entries(v, n, true);
    if (opt_recursive) {
        for (size_t i = 0; i < n; i++) {
            if (S_ISDIR(v[i].st.st_mode) && strcmp(v[i].name, ".") != 0 &&
                strcmp(v[i].name, "..") != 0)
                list_dir(v[i].path, true);
        }
    }
    free_entries(v, n);
}

int main(int argc, char *argv[])
{
    prog_init("ls", "[-1ACFRadhlnrt] [file...]");
    opt_columns = isatty(1);
    int c;
    while ((c = next_opt(argc, argv, "1ACFRadhlnrt")) != -1) {
        switch (c) {
        case '1':
            opt_columns = false;
            opt_long = false;
            break;
        case 'A':
            opt_almost_all = true;
            break;
        case 'C':
            opt_columns = true;
            opt_long = false;
            break;
        case 'F':
            opt_classify = true;
            break;
        case 'R':
            opt_recursive = true;
            break;
        case 'a':
            opt_all = true;
            break;
        case 'd':
            opt_dir = true;
            break;
        case 'h':
            opt_human = true;
            break;
        case 'n':
            opt_numeric = true;
            opt_long = true;
            break;
        case 'l':
            opt_long = true;
            break;
        case 'r':
            opt_reverse = true;
            break;
        case 't':
            opt_time = true;
            break;
        }
    }
    now = time(NULL);
    char *dot[] = {".", NULL};
    char **ops = optind < argc ? &argv[optind] : dot;
    size_t nops = optind < argc ? (size_t)(argc - optind) : 1;
    // Operands: files (and, with -d, directories) first as one list, then each directory.
    struct entry *files = xmalloc(nops * sizeof *files), *dirs = xmalloc(nops * sizeof *dirs);
    size_t nfiles = 0, ndirs = 0;
    for (size_t i = 0; i < nops; i++) {
        struct stat st;
        // A link named on the command line is followed, except for -l, -d and -F.
        bool follow = !(opt_long || opt_dir || opt_classify);
        int r = follow ? stat(ops[i], &st) : lstat(ops[i], &st);
        if (r < 0 && follow) r = lstat(ops[i], &st);
        if (r < 0) {
            warn_errno(ops[i]);
            status = 1;
            continue;
        }
        struct entry *e = (S_ISDIR(st.st_mode) && !opt_dir) ? &dirs[ndirs++] : &files[nfiles++];
        e->name = xstrdup(ops[i]);
        e->path = xstrdup(ops[i]);
        e->st = st;
    }
    print_entries(files, nfiles, false);
    if (nfiles) printed_any = true;
    qsort(dirs, ndirs, sizeof *dirs, compare_entries);
    bool headers = nops > 1 || opt_recursive;
    for (size_t i = 0; i < ndirs; i++)
        list_dir(dirs[i].path, headers);
    free_entries(files, nfiles);
    free_entries(dirs, ndirs);
    return status | finish_stdout();
}
