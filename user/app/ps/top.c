/* top [-b] [-n COUNT] [-d SECONDS]: processes by CPU use, refreshed every second, with a
 * header of uptime, load, tasks and memory. q quits and restores the terminal. -b prints
 * plain frames (no screen control, no keyboard): for logs and tests. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "procread.h"
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char *root = "/proc";
static struct termios saved;
static bool raw;

static void restore(void)
{
    if (raw) {
        tcsetattr(0, TCSAFLUSH, &saved);
        fputs("\033[?25h\033[?1049l", stdout);
        fflush(stdout);
        raw = false;
    }
}

static void on_signal(int sig)
{
    restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void read_line(const char *name, char *buf, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", root, name);
    FILE *f = fopen(path, "r");
    buf[0] = 0;
    if (f) {
        if (!fgets(buf, (int)n, f))
            buf[0] = 0;
        fclose(f);
    }
    buf[strcspn(buf, "\n")] = 0;
}

static unsigned long meminfo(const char *key)
{
    char path[128], line[256];
    snprintf(path, sizeof path, "%s/meminfo", root);
    FILE *f = fopen(path, "r");
    unsigned long v = 0;
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':')
            v = strtoul(line + kl + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

struct row {
    struct pinfo p;
    double cpu;
};

static int by_cpu(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->cpu != y->cpu)
        return x->cpu < y->cpu ? 1 : -1;
    return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
}

int main(int argc, char **argv)
{
    bool batch = false;
    long count = -1;
    double delay = 1.0;
    int c;
    if (getenv("TOP_PROC_ROOT"))
        root = getenv("TOP_PROC_ROOT");
    while ((c = getopt(argc, argv, "bn:d:")) != -1) {
        if (c == 'b')
            batch = true;
        else if (c == 'n')
            count = atol(optarg);
        else if (c == 'd')
            delay = atof(optarg) > 0.1 ? atof(optarg) : 0.1;
        else {
            fprintf(stderr, "usage: top [-b] [-n COUNT] [-d SECONDS]\n");
            return 1;
        }
    }
    if (!batch && isatty(0) && tcgetattr(0, &saved) == 0) {
        struct termios t = saved;
        t.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
        t.c_cc[VMIN] = 0;
        t.c_cc[VTIME] = 0;
        tcsetattr(0, TCSAFLUSH, &t);
        raw = true;
        atexit(restore);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        fputs("\033[?1049h\033[?25l", stdout);
    }
    long hz = proc_ticks_per_second();
    struct pinfo *prev = NULL;
    int nprev = 0;
    double t_prev = now();
    for (long frame = 0; count < 0 || frame < count; frame++) {
        struct pinfo *cur;
        int n = proc_list(root, &cur);
        if (n < 0) {
            restore();
            fprintf(stderr, "top: cannot read %s\n", root);
            return 1;
        }
        double t = now(), dt = t - t_prev > 0.001 ? t - t_prev : 0.001;
        struct row *rows = calloc((size_t)n + 1, sizeof *rows);
        int running = 0;
        for (int i = 0; i < n; i++) {
            rows[i].p = cur[i];
            unsigned long long before = 0;
            for (int k = 0; k < nprev; k++)
                if (prev[k].pid == cur[i].pid)
                    before = prev[k].utime + prev[k].stime;
            unsigned long long ticks = cur[i].utime + cur[i].stime;
            rows[i].cpu = frame == 0 ? 0 : 100.0 * (double)(ticks - (ticks >= before ? before : ticks)) / (double)hz / dt;
            running += cur[i].state == 'R';
        }
        qsort(rows, (size_t)n, sizeof *rows, by_cpu);
        char up[128], load[128];
        read_line("uptime", up, sizeof up);
        read_line("loadavg", load, sizeof load);
        double upsecs = atof(up);
        int rows_max = 24;
        struct winsize ws;
        if (!batch && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 6)
            rows_max = ws.ws_row;
        if (!batch)
            fputs("\033[H\033[2J", stdout);
        unsigned long total = meminfo("MemTotal"), avail = meminfo("MemAvailable");
        if (!avail)
            avail = meminfo("MemFree");
        printf("top - up %d:%02d:%02d, load average: %.14s\n", (int)upsecs / 3600,
               (int)upsecs / 60 % 60, (int)upsecs % 60, load);
        printf("Tasks: %d total, %d running\n", n, running);
        printf("KiB Mem: %lu total, %lu used, %lu available\n\n", total,
               total > avail ? total - avail : 0, avail);
        printf("%5s %-8s %c %5s %7s %8s %s\n", "PID", "USER", 'S', "%CPU", "RES", "TIME", "COMMAND");
        for (int i = 0; i < n && (batch || i < rows_max - 6); i++) {
            char user[32];
            unsigned long long secs = (rows[i].p.utime + rows[i].p.stime) / (unsigned long long)hz;
            printf("%5d %-8.8s %c %5.1f %7lu %5llu:%02llu %s\n", (int)rows[i].p.pid,
                   proc_user(rows[i].p.uid, user, sizeof user), rows[i].p.state, rows[i].cpu,
                   rows[i].p.rss_kb, secs / 60, secs % 60, rows[i].p.comm);
        }
        if (batch)
            printf("\n");
        fflush(stdout);
        free(rows);
        free(prev);
        prev = cur;
        nprev = n;
        t_prev = t;
        if (count >= 0 && frame + 1 >= count)
            break;
        /* Wait for the next refresh, or for q. */
        double until = now() + delay;
        bool quit = false;
        while (!quit && now() < until) {
            struct pollfd pfd = {0, POLLIN, 0};
            int ms = (int)((until - now()) * 1000) + 1;
            if (!batch && raw && poll(&pfd, 1, ms) > 0) {
                char k;
                if (read(0, &k, 1) == 1 && (k == 'q' || k == 'Q'))
                    quit = true;
            } else if (batch || !raw) {
                usleep((useconds_t)ms * 1000);
            }
        }
        if (quit)
            break;
    }
    free(prev);
    restore();
    return 0;
}
