#pragma once
/* Reading processes from /proc in Linux's layouts (shared by ps and top). */
#include <stdbool.h>
#include <sys/types.h>

struct pinfo {
    pid_t pid, ppid, pgid, sid;
    uid_t uid;
    char state;
    char comm[64];
    char cmdline[256];
    unsigned long long utime, stime; /* clock ticks */
    unsigned long long start;         /* ticks after boot */
    unsigned long rss_kb, vsz_kb;
};

/* Every process in /proc (proc_root, normally "/proc"), in pid order; the count, or -1 when
 * /proc cannot be read. *out is malloc'd. */
int proc_list(const char *proc_root, struct pinfo **out);
/* One process; false if it is gone or its files are malformed. */
bool proc_read(const char *proc_root, pid_t pid, struct pinfo *p);
/* The user name for uid, or its number. */
const char *proc_user(uid_t uid, char *buf, size_t n);
long proc_ticks_per_second(void);
