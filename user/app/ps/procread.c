#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "procread.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t read_small(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t got = 0;
    while (got < n - 1) {
        ssize_t r = read(fd, buf + got, n - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = 0;
    return (ssize_t)got;
}

static void unprintable_to_question(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

bool proc_read(const char *root, pid_t pid, struct pinfo *p)
{
    char path[128], buf[1024];
    memset(p, 0, sizeof *p);
    p->pid = pid;
    snprintf(path, sizeof path, "%s/%d/stat", root, (int)pid);
    if (read_small(path, buf, sizeof buf) <= 0)
        return false;
    /* "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
     * utime stime cutime cstime priority nice threads itrealvalue starttime vsize rss" —
     * comm may hold spaces and parentheses: it ends at the last ')'. */
    char *open_p = strchr(buf, '('), *close_p = strrchr(buf, ')');
    if (!open_p || !close_p || close_p < open_p)
        return false;
    size_t cl = (size_t)(close_p - open_p - 1);
    if (cl >= sizeof p->comm)
        cl = sizeof p->comm - 1;
    memcpy(p->comm, open_p + 1, cl);
    int ppid, pgid, sid;
    unsigned long long utime, stime, start, vsize;
    long rss;
    if (sscanf(close_p + 2,
               "%c %d %d %d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d %llu "
               "%llu %ld",
               &p->state, &ppid, &pgid, &sid, &utime, &stime, &start, &vsize, &rss) != 9)
        return false;
    p->ppid = ppid;
    p->pgid = pgid;
    p->sid = sid;
    p->utime = utime;
    p->stime = stime;
    p->start = start;
    p->vsz_kb = (unsigned long)(vsize / 1024);
    p->rss_kb = (unsigned long)(rss > 0 ? rss : 0) * (unsigned long)(sysconf(_SC_PAGESIZE) / 1024);
    snprintf(path, sizeof path, "%s/%d/status", root, (int)pid);
    if (read_small(path, buf, sizeof buf) > 0) {
        char *u = strstr(buf, "\nUid:");
        if (u)
            p->uid = (uid_t)strtoul(u + 5, NULL, 10);
    }
    snprintf(path, sizeof path, "%s/%d/cmdline", root, (int)pid);
    ssize_t n = read_small(path, p->cmdline, sizeof p->cmdline);
    for (ssize_t i = 0; i + 1 < n; i++)
        if (p->cmdline[i] == 0)
            p->cmdline[i] = ' ';
    if (n <= 0)
        snprintf(p->cmdline, sizeof p->cmdline, "[%s]", p->comm);
    /* A name or argument may hold newlines or escape sequences; one process is one line
     * and must not drive the terminal: control characters show as '?'. */
    unprintable_to_question(p->comm);
    unprintable_to_question(p->cmdline);
    return true;
}

static int by_pid(const void *a, const void *b)
{
    const struct pinfo *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

int proc_list(const char *root, struct pinfo **out)
{
    DIR *d = opendir(root);
    if (!d)
        return -1;
    int n = 0, cap = 64;
    struct pinfo *v = malloc((size_t)cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        if (n == cap) {
            struct pinfo *nv = realloc(v, (size_t)(cap *= 2) * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        if (proc_read(root, (pid_t)atoi(e->d_name), &v[n]))
            n++;
    }
    closedir(d);
    if (!v)
        return -1;
    qsort(v, (size_t)n, sizeof *v, by_pid);
    *out = v;
    return n;
}

const char *proc_user(uid_t uid, char *buf, size_t n)
{
    struct passwd *pw = getpwuid(uid);
    if (pw)
        snprintf(buf, n, "%s", pw->pw_name);
    else
        snprintf(buf, n, "%u", (unsigned)uid);
    return buf;
}

long proc_ticks_per_second(void)
{
    long t = sysconf(_SC_CLK_TCK);
    return t > 0 ? t : 100;
}
