#pragma once
#include <stdint.h>

/* Process manager protocol. Every process holds a procmgr endpoint badged with its pid
 * (PROC_CAP_PROCMGR); the badge is how procmgr knows the caller. Requests are calls; the
 * reply's word 0 is the result (>= 0) or -errno. */
#define PM_SPAWN 1  /* w0 = profile bits, w1 = argc, w2 = envc, w3 = bytes, w4 = which of
                       file descriptors 0..2 the message's capabilities are (bit i: fd i;
                       the capabilities in fd order; the caller did FILE_DUP on each);
                       IPC buffer words 6.. hold "image\0argv...\0envp...\0" (at most
                       PM_SPAWN_BYTES) -> pid */
#define PM_WAIT 2   /* w0 = pid (-1: any child), w1 = options -> pid (0 with WNOHANG and no
                       change), w1 = status (wait(2) encoding); -ECHILD without children */
#define PM_EXIT 3   /* w0 = exit code (0..255): no reply, the process is gone */
#define PM_KILL 4   /* w0 = pid, w1 = signal -> 0, -ESRCH, -EINVAL, -EPERM */
#define PM_GETPID 5 /* -> pid, w1 = parent pid */
#define PM_SETPGID 6 /* w0 = pid (0: caller), w1 = pgid (0: that pid) -> 0, -ESRCH, -EPERM */
#define PM_GETPGID 7 /* w0 = pid (0: caller) -> pgid */
#define PM_SETSID 8  /* -> new session id (= caller's pid), -EPERM if it leads a group */
#define PM_GETSID 9  /* w0 = pid (0: caller) -> sid */
#define PM_SIGACTION 10 /* w0 = signal, w1 = 1 to set, w2 = handler (0 SIG_DFL, 1 SIG_IGN, else
                           an address), w3 = sa_flags, w4 = sa_mask, w5 = restorer -> 0; the
                           old action in w1 (handler), w2 (flags), w3 (mask), w4 (restorer).
                           SIGKILL and SIGSTOP cannot be caught or ignored (-EINVAL). */
#define PM_SIGRETURN 11 /* w0 = 0: deliver what became deliverable after unblocking -> 0.
                           w0 = 1: a handler finished: resume at the registers in the signal
                           page's saved with saved_mask as the mask (no reply; pending
                           signals are delivered first) */
#define PM_GETCRED 12 /* -> 0, w1 = uid, w2 = euid, w3 = gid, w4 = egid */
#define PM_SETCRED 13 /* w0 = uid, w1 = euid, w2 = gid, w3 = egid ((uint32_t)-1: unchanged)
                         -> 0; -EPERM unless the process has profile SUPERVISOR (login, su,
                         sudo), or it only swaps between its real and effective ids */
#define PM_FORK 14    /* -> child pid in the parent; the child returns from the same call with
                         word 0 = 0. The caller's vspace is cloned copy-on-write, its file
                         descriptor slots copied (the caller did FILE_DUP for each), its
                         other threads not. */
#define PM_EXEC 15    /* as PM_SPAWN's strings (w1 = argc, w2 = envc, w3 = bytes): replaces
                         the caller's image, keeping pid, parent, groups, credentials and file
                         descriptors; signal handlers reset to default. No reply on success.
                         A program /bin/NAME with an image /var/images/NAME whose ENTRYPOINT
                         is that program runs with the image's profile and mount policy
                         instead of the caller's (so su and passwd get SUPERVISOR, and a
                         program without VFS loses the file system). */
#define PM_SHUTDOWN 17 /* w0 = PM_POWEROFF or PM_REBOOT -> 0 (profile ADMIN, else -EPERM):
                          SIGTERM to every process but the boot services, 3 s of grace,
                          SIGKILL, vfs syncs and unmounts, then ACPI S5 power-off or reset */
#define PM_POWEROFF 0
#define PM_REBOOT 1
#define PM_PS 16      /* w0 = index -> next index (0: no more), w1 = pid, w2 = ppid,
                         w3 = pgid, w4 = uid, w5 = state char (R running or ready, S
                         sleeping, T stopped, Z zombie); IPC words 6..: struct pm_psinfo */
/* What /proc needs beyond PM_PS. w0 = pid, w1 = what -> as below; -ESRCH (no such process),
 * -EPERM (the caller has neither euid 0 nor the process's uid), -EINVAL (what). */
#define PM_PROCINFO 18
#define PM_INFO_PS 1      /* -> 0, w1..w5 and words 6.. as PM_PS's reply for that pid */
#define PM_INFO_ENVIRON 2 /* -> bytes, the environment of its image (NUL-separated, at most
                             PM_ENVIRON_MAX) in words 6.. */
#define PM_INFO_CWD 3     /* -> bytes with the NUL, its working directory (from vfs) in
                             words 6..; -ENOENT without a file system */
#define PM_INFO_FDS 4     /* -> 0, w1..w4: bitmap of its open file descriptors 0..255 */
#define PM_INFO_SYSTEM 5  /* pid ignored, any caller -> 0, w1 = bytes of memory for user
                             space, w2 = free bytes, w3 = processes, w4 = running or ready */
#define PM_ENVIRON_MAX 384

/* The signal page: one page shared between a process and procmgr, mapped read-write at
 * PROC_SIGPAGE_VA in the process (every process has one). The process changes its mask there
 * without a message (sigprocmask) and, after unblocking, sends PM_SIGRETURN if
 * pending & ~mask is not 0. procmgr records signals raised while blocked in pending.
 *
 * Delivery to a handler: procmgr stops the main thread (a blocked call returns -EINTR),
 * stores its registers in saved and its mask in saved_mask, sets mask to all ones (nothing
 * can be delivered until the trampoline has copied the state away), fills info, handler,
 * flags and handler_mask (saved_mask | sa_mask | the signal unless SA_NODEFER), and resumes
 * the thread at entry with rdi = the signal and rsp 128 bytes (red zone) below the
 * interrupted rsp, 16-byte aligned. The trampoline (C library) copies saved, saved_mask and
 * info onto its stack, installs handler_mask, calls the handler (with siginfo and a ucontext
 * when SA_SIGINFO), then sets mask to all ones, writes the registers to resume (possibly
 * changed by the handler through the ucontext) back into saved and the mask to restore into
 * saved_mask, and sends PM_SIGRETURN with w0 = 1: procmgr resumes the thread there. (An
 * in-process restore would have to write below the interrupted stack pointer or use iretq,
 * whose stack reads QEMU performs as supervisor accesses, which SMAP refuses.) SA_RESETHAND
 * is applied by procmgr. A process without an entry gets the default action for every
 * signal. */
#define PROC_SIGPAGE_VA 0x00007FFFF0002000ull
struct pm_sigpage {
    volatile uint64_t mask;    /* blocked signals, bit n-1 for signal n (process writes) */
    volatile uint64_t pending; /* raised while blocked (procmgr sets, the process clears
                                  a bit by PM_SIGRETURN delivering it) */
    volatile uint64_t entry;   /* the trampoline's address (process writes once) */
    uint64_t saved_mask, handler_mask, handler, flags;
    struct {
        int32_t signo, code; /* code: SI_USER 0, SI_KERNEL 0x80, CLD_* for SIGCHLD */
        int32_t pid, uid;    /* sender */
        int32_t status, pad; /* SIGCHLD: the child's wait(2) status word */
        uint64_t addr;       /* SIGSEGV/SIGBUS/SIGILL/SIGFPE: the fault address */
    } info;
    uint64_t saved[24]; /* struct user_regs (abi/methods.h) at the moment of delivery */
};

struct pm_psinfo {
    char name[32];
    uint64_t cpu_ns, start_ns, mem_bytes;
    uint32_t sid, gid, euid, nthreads;
    char cmdline[128]; /* arguments separated by NUL */
    uint32_t egid, pad;
};

#define PM_SPAWN_BYTES (58 * 8)
#define PM_SPAWN_FD_MASK 7u
#define PM_SPAWN_STDIO_PATH (1u << 8) /* w4: one more string after envp, a path procmgr
                                         opens read-write as fds 0..2 (profile VFS) */
#define PM_SPAWN_CONTAINER (1u << 9) /* w4: the image string names a container: procmgr
                                        reads /var/images/NAME/manifest through the caller's
                                        file system, runs its ENTRYPOINT (then argv[1..])
                                        with exactly its PROFILE (w0 is ignored), its ENV
                                        over envp and its MOUNT policy. The reply adds the
                                        image's RESTART: w1 = policy (0 no, 1 on-failure,
                                        2 always), w2 = max restarts (0: unlimited),
                                        w3 = backoff in ms */

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
#define PROC_CAP_VFS 8      /* vfs endpoint badged with its vfs client (profile VFS) */
#define PROC_CAP_IRQ_CONTROL 9 /* profile HW: hardware interrupts */
#define PROC_CAP_IOPORT 10     /* profile HW: every I/O port */
#define PROC_CAP_FRAMEBUFFER 11 /* profile HW: framebuffer memory */
#define PROC_CAP_FB 12          /* profile DEVICE: the console's framebuffer endpoint
                                   (abi/proto/fb.h), when the console is up */
#define PROC_CAP_MODULE0 16 /* profile BOOT: boot modules (read-only), as BOOT_CAP_MODULE0; the
                               boot information page is mapped at BOOT_INFO_VA and named by
                               the AT_CLUU_BOOTINFO auxv entry */
#define PROC_CAP_IMAGE0 80  /* memory of its loaded segments and stack (up to 8) */
#define PROC_CAP_FD0 128    /* file descriptor n is the open-file capability in slot
                               PROC_CAP_FD0 + n (abi/proto/file.h) */
#define PROC_FD_MAX 256
#define PROC_CAP_FIRST_FREE (PROC_CAP_FD0 + PROC_FD_MAX)
#define PROC_CSPACE_SLOTS 1024
#define PROC_IPCBUF_VA 0x00007FFFF0001000ull
#define PROC_STACK_TOP 0x00007FFFEFFF0000ull
#define PROC_STACK_PAGES 32
/* Memory quotas are reservations split from procmgr's pool (a 512 MiB machine has room for
 * a few dozen processes): boot services with HW or BOOT get more for their caches. */
#define PROC_MEMORY_QUOTA (12ull << 20)
#define PROC_SERVICE_QUOTA (48ull << 20)
#define PROC_QUOTA(profile) (((profile) & (PROFILE_HW | PROFILE_BOOT)) ? PROC_SERVICE_QUOTA : PROC_MEMORY_QUOTA)

/* Profile bits (Cluufile PROFILE). */
#define PROFILE_IPC (1u << 0)
#define PROFILE_VFS (1u << 1)
#define PROFILE_REGISTRY (1u << 2)
#define PROFILE_ADMIN (1u << 3)
#define PROFILE_DEVICE (1u << 4)
#define PROFILE_SUPERVISOR (1u << 5)
/* Boot services only (init's boot configuration), never from a Cluufile: */
#define PROFILE_HW (1u << 6)   /* drivers: interrupts, I/O ports, framebuffer */
#define PROFILE_BOOT (1u << 7) /* the boot modules (initfs) */

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
