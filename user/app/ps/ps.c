/* ps [-e] [-f]: processes from /proc. Without -e, those of the caller's terminal session;
 * -f adds the full command line and start time. */
#define _XOPEN_SOURCE 700
#include "procread.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    bool all = false, full = false;
    const char *root = getenv("PS_PROC_ROOT") ? getenv("PS_PROC_ROOT") : "/proc";
    int c;
    while ((c = getopt(argc, argv, "efA")) != -1) {
        if (c == 'e' || c == 'A')
            all = true;
        else if (c == 'f')
            full = true;
        else {
            fprintf(stderr, "usage: ps [-e] [-f]\n");
            return 1;
        }
    }
    struct pinfo *v;
    int n = proc_list(root, &v);
    if (n < 0) {
        fprintf(stderr, "ps: cannot read %s\n", root);
        return 1;
    }
    pid_t my_sid = getsid(0);
    long hz = proc_ticks_per_second();
    if (full)
        printf("%-8s %5s %5s %s %8s %s\n", "USER", "PID", "PPID", "STAT", "TIME", "CMD");
    else
        printf("%5s %5s %-8s %s %8s %s\n", "PID", "PPID", "USER", "STAT", "TIME", "CMD");
    for (int i = 0; i < n; i++) {
        struct pinfo *p = &v[i];
        if (!all && p->sid != my_sid)
            continue;
        char user[32], tbuf[32];
        unsigned long long secs = (p->utime + p->stime) / (unsigned long long)hz;
        snprintf(tbuf, sizeof tbuf, "%02llu:%02llu:%02llu", secs / 3600, secs / 60 % 60, secs % 60);
        proc_user(p->uid, user, sizeof user);
        if (full)
            printf("%-8s %5d %5d %c    %8s %s\n", user, (int)p->pid, (int)p->ppid, p->state, tbuf,
                   p->cmdline);
        else
            printf("%5d %5d %-8s %c    %8s %s\n", (int)p->pid, (int)p->ppid, user, p->state, tbuf,
                   p->comm);
    }
    free(v);
    return 0;
}
