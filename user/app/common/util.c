#define _XOPEN_SOURCE 700
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog_name = "?";
static const char *prog_synopsis = "";
static int prog_fail = 1;

void prog_init(const char *name, const char *synopsis)
{
    prog_name = name;
    prog_synopsis = synopsis;
}

void prog_set_fail(int status)
{
    prog_fail = status;
}

const char *prog_get_name(void)
{
    return prog_name;
}

void warn_errno(const char *what)
{
    int e = errno;
    fflush(stdout);
    fprintf(stderr, "%s: %s: %s\n", prog_name, what, strerror(e));
    errno = e;
}

static void vwarn(const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "%s: ", prog_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void warn_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
}

_Noreturn void die_errno(const char *what)
{
    warn_errno(what);
    exit(prog_fail);
}

_Noreturn void die_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
    exit(prog_fail);
}

_Noreturn void usage(void)
{
    fflush(stdout);
    fprintf(stderr, "usage: %s %s\n", prog_name, prog_synopsis);
    exit(prog_fail);
}

int next_opt(int argc, char *const argv[], const char *optstring)
{
    opterr = 0;
    int c = getopt(argc, argv, optstring);
    if (c == '?' || c == ':') {
        if (c == ':' || strchr(optstring, optopt))
            warn_msg("option requires an argument -- '%c'", optopt);
        else
            warn_msg("unknown option -- '%c'", optopt);
        usage();
    }
    return c;
}

int finish_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        warn_errno("write error");
        return 1;
    }
    return 0;
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die_errno("malloc");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die_errno("realloc");
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dl > 0 && dir[dl - 1] != '/';
    char *p = xmalloc(dl + slash + nl + 1);
    memcpy(p, dir, dl);
    if (slash) p[dl] = '/';
    memcpy(p + dl + slash, name, nl + 1);
    return p;
}

const char *path_base(const char *path, char *buf, size_t size)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n == 0) return ".";
    if (n == 1 && path[0] == '/') return "/";
    size_t start = n;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t len = n - start;
    if (len >= size) len = size - 1;
    memcpy(buf, path + start, len);
    buf[len] = '\0';
    return buf;
}

int parse_long(const char *s, long *out)
{
    char *end;
    if (*s == '\0') return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end != '\0') return -1;
    *out = v;
    return 0;
}

int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int copy_fd(int in, int out, bool *read_failed)
{
    static char buf[65536];
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR) continue;
            *read_failed = true;
            return -1;
        }
        if (r == 0) return 0;
        if (write_all(out, buf, (size_t)r) < 0) {
            *read_failed = false;
            return -1;
        }
    }
}

void mode_string(mode_t mode, char out[11])
{
    char t = '?';
    if (S_ISREG(mode))
        t = '-';
    else if (S_ISDIR(mode))
        t = 'd';
    else if (S_ISLNK(mode))
        t = 'l';
    else if (S_ISCHR(mode))
        t = 'c';
    else if (S_ISBLK(mode))
        t = 'b';
    else if (S_ISFIFO(mode))
        t = 'p';
    else if (S_ISSOCK(mode))
        t = 's';
    out[0] = t;
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
    if (mode & S_ISUID) out[3] = (mode & S_IXUSR) ? 's' : 'S';
    if (mode & S_ISGID) out[6] = (mode & S_IXGRP) ? 's' : 'S';
    if (mode & S_ISVTX) out[9] = (mode & S_IXOTH) ? 't' : 'T';
    out[10] = '\0';
}

void human_size(unsigned long long n, char *out, size_t size)
{
    static const char units[] = "KMGTPE";
    if (n < 1024) {
        snprintf(out, size, "%llu", n);
        return;
    }
    // Rounded up, with one decimal below 10, as ls -h does.
    long double div = 1024;
    for (int u = 0; u < 6; u++, div *= 1024) {
        long double v = (long double)n / div;
        unsigned long long tenths = (unsigned long long)(v * 10);
        if ((long double)tenths < v * 10) tenths++;
        if (tenths < 100) {
            snprintf(out, size, "%llu.%llu%c", tenths / 10, tenths % 10, units[u]);
            return;
        }
        unsigned long long whole = (unsigned long long)v;
        if ((long double)whole < v) whole++;
        if (whole < 1024 || u == 5) {
            snprintf(out, size, "%llu%c", whole, units[u]);
            return;
        }
    }
}

static int who_mask(const char *who, size_t n)
{
    int m = 0;
    for (size_t i = 0; i < n; i++) {
        switch (who[i]) {
        case 'u':
            m |= S_ISUID | S_IRWXU;
            break;
        case 'g':
            m |= S_ISGID | S_IRWXG;
            break;
        case 'o':
            m |= S_IRWXO | S_ISVTX;
            break;
        case 'a':
            m |= S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO;
            break;
        }
    }
    return m;
}

int mode_apply(const char *spec, mode_t old, bool is_dir, mode_t umask_bits, mode_t *out)
{
    if (*spec >= '0' && *spec <= '7') {
        char *end;
        unsigned long v = strtoul(spec, &end, 8);
        if (*end != '\0' || v > 07777) return -1;
        *out = (mode_t)v;
        return 0;
    }
    mode_t mode = old & 07777;
    const char *p = spec;
    for (;;) {
        const char *who = p;
        while (*p && strchr("ugoa", *p))
            p++;
        size_t nwho = (size_t)(p - who);
        int mask = nwho ? who_mask(who, nwho) : 07777;
        if (*p != '+' && *p != '-' && *p != '=') return -1;
        while (*p == '+' || *p == '-' || *p == '=') {
            char op = *p++;
            int bits = 0;
            while (*p && strchr("rwxXstugo", *p)) {
                switch (*p) {
                case 'r':
                    bits |= S_IRUSR | S_IRGRP | S_IROTH;
                    break;
                case 'w':
                    bits |= S_IWUSR | S_IWGRP | S_IWOTH;
                    break;
                case 'x':
                    bits |= S_IXUSR | S_IXGRP | S_IXOTH;
                    break;
                case 'X':
                    if (is_dir || (old & (S_IXUSR | S_IXGRP | S_IXOTH)))
                        bits |= S_IXUSR | S_IXGRP | S_IXOTH;
                    break;
                case 's':
                    bits |= S_ISUID | S_ISGID;
                    break;
                case 't':
                    bits |= S_ISVTX;
                    break;
                case 'u':
                    bits |= ((mode >> 6) & 7) * 0111;
                    break;
                case 'g':
                    bits |= ((mode >> 3) & 7) * 0111;
                    break;
                case 'o':
                    bits |= (mode & 7) * 0111;
                    break;
                }
                p++;
            }
            int eff = mask;
            if (nwho == 0) eff = (07777 & ~(int)umask_bits) | S_ISVTX;
            if (op == '+') {
                mode |= (mode_t)(bits & eff);
            } else if (op == '-') {
                mode &= (mode_t) ~(bits & eff);
            } else {
                mode &= (mode_t)~mask;
                mode |= (mode_t)(bits & eff);
            }
        }
        if (*p == '\0') break;
        if (*p != ',') return -1;
        p++;
    }
    *out = mode;
    return 0;
}

bool ask_yes(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", prog_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return false;
    if (!strchr(line, '\n')) {
        int c;
        while ((c = getchar()) != EOF && c != '\n')
            ;
    }
    return line[0] == 'y' || line[0] == 'Y';
}

int for_each_entry(const char *dir, int (*fn)(const char *path, bool top))
{
    DIR *d = opendir(dir);
    if (!d) {
        warn_errno(dir);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *p = path_join(dir, e->d_name);
        if (fn(p, false) < 0) rc = -1;
        free(p);
    }
    closedir(d);
    return rc;
}
