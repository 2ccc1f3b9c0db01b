#pragma once
/* procfs server internals: the tree (node.c) and the text generators (gen.h). */
#include "cluu.h"
#include "abi/proto/file.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/vfs.h"
#include "gen.h"

#define S_IFMT 0170000u
#define S_IFLNK 0120000u
#define S_IFREG 0100000u
#define S_IFDIR 0040000u
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

/* Who asks (the forwarded client's credentials). */
struct who {
    uint32_t uid, gid;
    long pid;
};

enum ntype {
    N_ROOT,
    N_SELF,
    N_MEMINFO,
    N_UPTIME,
    N_LOADAVG,
    N_CPUINFO,
    N_MOUNTS,
    N_VERSION,
    N_PID,
    N_STAT,
    N_STATUS,
    N_CMDLINE,
    N_ENVIRON,
    N_CWD,
    N_FDDIR,
    N_FD,
};

/* A file of the tree; pid-based ones carry their process's owner. */
struct node {
    enum ntype type;
    long pid;
    int fd;
    uint32_t uid, gid;
    uint64_t start_ns;
};

extern struct procfs_cpu procfs_cpu;
extern uint64_t procfs_load[3];

void node_init(void);
long ps_get(long pid, struct procfs_ps *p);
long sys_get(struct procfs_sys *s);
/* path is below /proc ("" is /proc); follow: a link in the last component is followed. */
long node_resolve(const struct who *w, const char *path, bool follow, struct node *out);
void node_stat(const struct node *n, struct file_stat *st);
/* want: R_OK 4 | W_OK 2 | X_OK 1, with w's ids. */
long node_access(const struct who *w, const struct node *n, int want);
long node_readlink(const struct who *w, const struct node *n, char *buf, size_t cap);
/* Every struct linux_dirent64 record of a directory: the bytes. */
long node_dirents(const struct who *w, const struct node *n, uint8_t *buf, size_t cap);
/* A file's text now: its length (may exceed cap: what fits is there), or -errno. */
long node_content(const struct who *w, const struct node *n, char *buf, size_t cap);
