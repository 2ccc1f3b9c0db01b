#pragma once
#include <stdint.h>

/* Process manager protocol. Every process holds a procmgr endpoint badged with its pid
 * (PROC_CAP_PROCMGR); the badge is how procmgr knows the caller. Requests are calls; the
 * reply's word 0 is the result (>= 0) or -errno. */
#define PM_SPAWN 1  /* w0 = profile bits, w1 = argc, w2 = envc, w3 = bytes; IPC buffer words
                       6.. hold "image\0argv...\0envp...\0" (at most PM_SPAWN_BYTES) -> pid */
#define PM_WAIT 2   /* w0 = pid (-1: any child), w1 = options -> pid (0 with WNOHANG and no
                       change), w1 = status (wait(2) encoding); -ECHILD without children */
#define PM_EXIT 3   /* w0 = exit code (0..255): no reply, the process is gone */
#define PM_KILL 4   /* w0 = pid, w1 = signal -> 0, -ESRCH, -EINVAL, -EPERM */
#define PM_GETPID 5 /* -> pid, w1 = parent pid */

#define PM_SPAWN_BYTES (58 * 8)

/* wait options and status encoding (as Linux, so the C library can use them). */
#define PM_WNOHANG 1
#define PM_WUNTRACED 2
#define PM_WCONTINUED 8
#define PM_STATUS_EXITED(code) (((code)&0xFF) << 8)
#define PM_STATUS_SIGNALED(sig) ((sig)&0x7F)
#define PM_STATUS_STOPPED(sig) ((((sig)&0xFF) << 8) | 0x7F)
#define PM_STATUS_CONTINUED 0xFFFF

/* The capabilities a process starts with (slots in its cspace). */
#define PROC_CAP_THREAD 1   /* its main thread (READ|WRITE: registers, fs_base) */
#define PROC_CAP_CSPACE 2
#define PROC_CAP_VSPACE 3
#define PROC_CAP_UNTYPED 4  /* its memory quota */
#define PROC_CAP_PROCMGR 5  /* badged with its pid */
#define PROC_CAP_REGISTRY 6 /* only with profile REGISTRY */
#define PROC_CAP_IPCBUF 7
#define PROC_CAP_IMAGE0 40  /* memory of its loaded segments and stack (up to 8) */
#define PROC_CSPACE_SLOTS 1024
#define PROC_IPCBUF_VA 0x00007FFFF0001000ull
#define PROC_STACK_TOP 0x00007FFFEFFF0000ull
#define PROC_STACK_PAGES 32
#define PROC_MEMORY_QUOTA (64ull << 20)

/* Profile bits (Cluufile PROFILE). */
#define PROFILE_IPC (1u << 0)
#define PROFILE_VFS (1u << 1)
#define PROFILE_REGISTRY (1u << 2)
#define PROFILE_ADMIN (1u << 3)
#define PROFILE_DEVICE (1u << 4)
#define PROFILE_SUPERVISOR (1u << 5)

/* Signals (Linux numbers). */
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define PM_NSIG 65
