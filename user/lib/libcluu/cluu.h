#pragma once
/* libcluu: the native runtime for programs that talk to the kernel directly. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/bootcaps.h"
#include "abi/cap.h"
#include "abi/errno.h"
#include "abi/ipc.h"
#include "abi/methods.h"
#include "user/syscall_stubs.h"

/* Program entry: bi is the boot information for the first process, NULL otherwise; the
 * command line is in cluu_argc/cluu_argv, the environment in cluu_envp. */
int main(const struct boot_user_info *bi);
extern int cluu_argc;
extern char **cluu_argv, **cluu_envp;
const struct boot_user_info *cluu_bootinfo(void);
/* Capabilities every native process has (the first process and procmgr's children). */
#define CAP_SELF_THREAD 1
#define CAP_SELF_CSPACE 2
#define CAP_SELF_VSPACE 3
#define CAP_SELF_UNTYPED 4
#define SLOT_FIRST_DYNAMIC 384 /* after the file descriptor slots (PROC_CAP_FIRST_FREE) */

/* A free slot in the own cspace (0 when full); slot_delete empties and frees one. */
cap_t slot_alloc(void);
void slot_free(cap_t s);
void slot_delete(cap_t s);
/* npages fresh zeroed pages mapped read-write; *mem gets the memory capability. */
void *pages_alloc(uint64_t npages, cap_t *mem);
void pages_free(void *p, uint64_t npages, cap_t mem);
void *malloc(size_t n);
void *calloc(size_t a, size_t b);
void free(void *p);

/* Where this process's IPC buffer is mapped (set by the first process to BOOT_IPCBUF_VA). */
extern uint64_t cluu_ipcbuf_va;

/* Registry client: publish an endpoint, or look one up into a fresh slot. 0 or -errno. */
long registry_register(cap_t registry, const char *name, cap_t ep);
long registry_lookup(cap_t registry, const char *name, cap_t *out);
/* procmgr client (abi/proto/procmgr.h). */
long pm_spawn(cap_t pm, uint32_t profile, const char *image, char *const argv[],
              char *const envp[]);
/* As pm_spawn, with fds[0..2] (0: none; the caller did FILE_DUP) given to the child as its
 * file descriptors 0..2, or, with stdio, that path opened as all three. */
long pm_spawn_ex(cap_t pm, uint32_t profile, const char *image, char *const argv[],
                 char *const envp[], const cap_t fds[3], const char *stdio);
/* Runs container name (/var/images/NAME/manifest) with its own profile, environment and
 * mounts; argv[1..] follow its ENTRYPOINT. */
long pm_spawn_container(cap_t pm, const char *name, char *const argv[], char *const envp[],
                        const cap_t fds[3]);
/* As pm_spawn_container with stdio (a path opened as fds 0..2, or NULL), and the image's
 * declared RESTART policy in *rs. */
struct pm_restart {
    int policy; /* 0 no, 1 on-failure, 2 always */
    unsigned max; /* 0: unlimited */
    uint64_t backoff_ms;
};
long pm_spawn_container_restart(cap_t pm, const char *name, char *const argv[],
                                char *const envp[], const char *stdio, struct pm_restart *rs);
long pm_spawn_stdio(cap_t pm, uint32_t profile, const char *image, char *const argv[],
                    char *const envp[], const char *stdio);
long pm_wait(cap_t pm, long pid, int options, int *status);
__attribute__((noreturn)) void pm_exit(cap_t pm, int code);
long pm_kill(cap_t pm, long pid, int sig);
long pm_getpid(cap_t pm, long *ppid);
long pm_setpgid(cap_t pm, long pid, long pgid);
long pm_getpgid(cap_t pm, long pid);
long pm_setsid(cap_t pm);
long pm_getsid(cap_t pm, long pid);
/* A signal action as PM_SIGACTION carries it (handler 0: default, 1: ignore). */
struct pm_sigaction {
    uint64_t handler, flags, mask, restorer;
};
long pm_sigaction(cap_t pm, int sig, const struct pm_sigaction *act, struct pm_sigaction *old);
long pm_sigreturn(cap_t pm);
/* ids[0..3] = uid, euid, gid, egid. */
long pm_getcred(cap_t pm, uint32_t ids[4]);
long pm_setcred(cap_t pm, uint32_t uid, uint32_t euid, uint32_t gid, uint32_t egid);
/* Native signal handling (signal.c): handler 0 default, 1 ignore, else a function run on
 * the interrupted stack with the mask | mask | sig blocked; cluu_sigmask's how is
 * SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2 and returns the old mask (bit n-1: signal n). */
long cluu_signal(int sig, void (*handler)(int), uint64_t mask, uint64_t flags);
uint64_t cluu_sigmask(int how, uint64_t set);
long pm_shutdown(cap_t pm, int how);
/* The child's pid in the parent, 0 in the child. */
long pm_fork(cap_t pm);
/* Only returns on failure. */
long pm_exec(cap_t pm, const char *image, char *const argv[], char *const envp[]);

/* The framebuffer, lent by the console to a process whose profile has DEVICE
 * (abi/proto/fb.h): 32-bit x8r8g8b8 pixels, pitch bytes a line, mapped read-write at base. */
struct cluu_fb {
    uint8_t *base;
    uint32_t width, height, pitch, bpp;
    cap_t lease, mem;
    uint64_t pages;
};
/* 0; -EPERM without the DEVICE profile, -EBUSY while another program holds it, -ENODEV
 * without a framebuffer. The console stops drawing until framebuffer_release or the exit. */
long framebuffer_acquire(struct cluu_fb *fb);
void framebuffer_release(struct cluu_fb *fb);

/* printf to the kernel log (debug_write). */
void dprintf_k(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the calling thread. */
__attribute__((noreturn)) void thread_exit(long code);

static inline long invoke0(cap_t c, uint64_t m)
{
    return sys_invoke(c, m, 0, 0, 0, 0, 0, 0, 0);
}
static inline long invoke1(cap_t c, uint64_t m, uint64_t a)
{
    return sys_invoke(c, m, a, 0, 0, 0, 0, 0, 0);
}
static inline long invoke2(cap_t c, uint64_t m, uint64_t a, uint64_t b)
{
    return sys_invoke(c, m, a, b, 0, 0, 0, 0, 0);
}
static inline long invoke3(cap_t c, uint64_t m, uint64_t a, uint64_t b, uint64_t d)
{
    return sys_invoke(c, m, a, b, d, 0, 0, 0, 0);
}
static inline long invoke4(cap_t c, uint64_t m, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
    return sys_invoke(c, m, a, b, d, e, 0, 0, 0);
}
static inline long invoke5(cap_t c, uint64_t m, uint64_t a, uint64_t b, uint64_t d, uint64_t e,
                           uint64_t f)
{
    return sys_invoke(c, m, a, b, d, e, f, 0, 0);
}
