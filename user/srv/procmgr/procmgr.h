#pragma once
#include "cluu.h"
#include "proc.h"
#include "abi/proto/procmgr.h"
#include "pmsrv.h"
#include "abi/proto/vfs.h"
#define VFS_POLICY_PATHS_MAX VFS_PATH_MAX

#define MAX_PROCS 256

enum { P_FREE, P_ALIVE, P_STOPPED, P_ZOMBIE };

struct proc {
    int state;
    long pid, ppid, pgid, sid;
    int status;
    bool report_stop, report_cont;
    struct proc_caps caps;
    cap_t wait_reply; /* saved reply of a blocked PM_WAIT */
    long wait_pid;
    int wait_options;
    char name[32];
    char cmdline[128]; /* arguments, NUL-separated */
    char environ[PM_ENVIRON_MAX]; /* environment of its image, NUL-separated */
    uint32_t environ_len;
    uint64_t vfs_id; /* its vfs client (0: none) */
    uint32_t uid, euid, gid, egid;
    uint32_t profile;
    uint64_t start_ns;
    /* Signals: dispositions here, mask and pending bits in the shared signal page. */
    struct pm_sigaction act[PM_NSIG];
    cap_t sigmem;
    struct pm_sigpage *sig; /* procmgr's mapping of the page (NULL: none) */
};

extern struct proc procs[MAX_PROCS];
extern const struct boot_user_info *bi;

struct proc *proc_find(long pid);
struct proc *proc_alloc(void);
/* Ends p with a wait status: its objects go, its children go to init, its parent hears. */
void proc_terminate(struct proc *p, int status);
/* If parent is blocked in wait and now has something to collect, answer it. */
void proc_wake_waiter(struct proc *parent);
/* The boot module named like the last component of path, mapped read-only; its size. */
const uint8_t *image_find(const char *path, uint64_t *size);
/* An executable to load for caller: a path with a slash is read through the caller's vfs
 * client (its cwd, mounts and permissions); otherwise, or when no such file exists, the boot
 * module of that name. 0, -ENOENT, -EACCES, -ENOEXEC, -ENOMEM. */
struct image {
    const uint8_t *data;
    uint64_t size;
    uint8_t *buf; /* our copy, when read from a file */
    uint64_t pages;
    cap_t mem;
};
long image_load(struct proc *caller, const char *path, struct image *im);
void image_free(struct image *im);

/* Gives a fresh process its badged procmgr endpoint and fault handler. */
long proc_wire(struct proc *p, long pid);
long proc_new_pid(void);
/* The auxv entries procmgr adds for a new image (wall clock; boot information for BOOT). */
void proc_auxv(uint64_t aux[8], uint32_t profile);
/* Profile DEVICE: the console's framebuffer endpoint into slot PROC_CAP_FB of cspace cs. */
long proc_give_device(cap_t cs);
void proc_set_names(struct proc *p, const char *image, char *const argv[]);
/* Records envp as p's environment (/proc/PID/environ; truncated to PM_ENVIRON_MAX). */
void proc_set_env(struct proc *p, char *const envp[]);
/* Splits PM_SPAWN/PM_EXEC strings (in the IPC buffer) into buf: image, argv, envp, and one
 * more string into *last when extra. 0 or -EINVAL. */
long proc_parse_strings(const struct ipc_msg *m, bool extra, char *buf, char **image,
                        char **argv, char **envp, char **last);

/* Signals (signal.c). */
extern struct proc *sig_current_caller;
/* Creates and maps p's signal page (a copy of from's mask and entry when from != NULL). */
long sig_page_setup(struct proc *p, const struct proc *from);
void sig_page_free(struct proc *p);
/* Sends sig to p as sender would (permission already checked): 0 or -errno. */
long sig_send(struct proc *p, int sig, const struct proc *sender, int code, int status);
/* Runs the handler of an unblocked pending signal, if any. p's main thread must not be
 * waiting for procmgr's reply (answer it first). */
void sig_deliver_pending(struct proc *p);
/* A handler finished (PM_SIGRETURN 1): resumes p's main thread at the registers and mask
 * in its signal page. False if it cannot (no signal page, bad registers). */
bool sig_return(struct proc *p);
/* A fault of p's main thread (vector, address). */
void sig_fault(struct proc *p, int sig, uint64_t addr, uint64_t err, uint64_t rip);
long sig_action(struct proc *p, int sig, bool set, const struct pm_sigaction *act,
                struct pm_sigaction *old);

/* fork and exec (fork.c). */
long proc_fork(struct proc *parent, cap_t reply);
long proc_exec(struct proc *p, struct ipc_msg *m);

/* Shutdown (shutdown.c). */
long shutdown_start(struct proc *caller, int how);
bool shutdown_active(void);
/* Advances a shutdown in progress; the receive timeout until the next look. */
uint64_t shutdown_poll(void);

/* Reads a whole regular file (at most max bytes) as caller would, through its vfs client;
 * exec additionally needs execute permission. *img: fresh pages, free with pages_free. */
long read_as(struct proc *caller, const char *path, bool exec, uint64_t max, uint8_t **img,
             uint64_t *size, uint64_t *pages, cap_t *mem);

/* Containers (container.c). */
struct container_launch {
    char name[32];
    const char *image;
    char *argv[65], *envp[65];
    uint32_t profile;
    uint64_t policy; /* VFS_CLIENT_NEW's mount policy word */
    char paths[VFS_POLICY_PATHS_MAX];
    size_t paths_len;
    uint8_t restart; /* RESTART: policy, limit (0: none), first backoff */
    uint16_t restart_max;
    uint32_t restart_backoff_ms;
    char store[2048];
    size_t used;
};
/* Reads and checks container name's manifest as caller; fills l. 0, -EINVAL (bad name),
 * -ENOENT (no such image), -ENOEXEC (bad manifest), -E2BIG. */
long container_prepare(struct proc *caller, const char *name, char *const argv[],
                       char *const envp[], struct container_launch *l);

/* vfs clients (main.c); pm_vfs_control is 0 until vfs has registered. */
long vfs_client_new_policy(uint64_t parent_id, uint32_t uid, uint32_t gid, long pid,
                           uint64_t policy, const char *paths, size_t paths_len, cap_t *ep);
cap_t pm_vfs_control(void);
long vfs_client_new(uint64_t parent_id, uint32_t uid, uint32_t gid, long pid, cap_t *ep);

/* /proc's data (info.c): PM_PS and PM_PROCINFO; the result, words 1.. in out, bytes in the
 * IPC buffer (*out_len words in all). */
long info_ps(long index, struct ipc_msg *out);
long info_procinfo(struct proc *caller, const struct ipc_msg *m, struct ipc_msg *out,
                   uint64_t *out_len);
void vfs_client_drop(uint64_t id);
