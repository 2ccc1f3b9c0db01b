#pragma once
/* The Linux x86-64 system call ABI as musl 1.2.3 uses it: call numbers (<bits/syscall.h>),
 * flags and the structures the glue fills in. Only what the glue handles. */
#include <stdint.h>

#define LINUX_read 0
#define LINUX_write 1
#define LINUX_open 2
#define LINUX_close 3
#define LINUX_stat 4
#define LINUX_fstat 5
#define LINUX_lstat 6
#define LINUX_poll 7
#define LINUX_lseek 8
#define LINUX_mmap 9
#define LINUX_mprotect 10
#define LINUX_munmap 11
#define LINUX_brk 12
#define LINUX_rt_sigaction 13
#define LINUX_rt_sigprocmask 14
#define LINUX_rt_sigreturn 15
#define LINUX_ioctl 16
#define LINUX_pread64 17
#define LINUX_pwrite64 18
#define LINUX_readv 19
#define LINUX_writev 20
#define LINUX_access 21
#define LINUX_pipe 22
#define LINUX_select 23
#define LINUX_sched_yield 24
#define LINUX_madvise 28
#define LINUX_dup 32
#define LINUX_dup2 33
#define LINUX_pause 34
#define LINUX_nanosleep 35
#define LINUX_getpid 39
#define LINUX_socket 41
#define LINUX_clone 56
#define LINUX_fork 57
#define LINUX_vfork 58
#define LINUX_execve 59
#define LINUX_exit 60
#define LINUX_wait4 61
#define LINUX_kill 62
#define LINUX_uname 63
#define LINUX_fcntl 72
#define LINUX_fsync 74
#define LINUX_fdatasync 75
#define LINUX_truncate 76
#define LINUX_ftruncate 77
#define LINUX_getdents 78
#define LINUX_getcwd 79
#define LINUX_chdir 80
#define LINUX_fchdir 81
#define LINUX_rename 82
#define LINUX_mkdir 83
#define LINUX_rmdir 84
#define LINUX_creat 85
#define LINUX_link 86
#define LINUX_unlink 87
#define LINUX_symlink 88
#define LINUX_readlink 89
#define LINUX_chmod 90
#define LINUX_fchmod 91
#define LINUX_chown 92
#define LINUX_fchown 93
#define LINUX_lchown 94
#define LINUX_umask 95
#define LINUX_gettimeofday 96
#define LINUX_getuid 102
#define LINUX_getgid 104
#define LINUX_setuid 105
#define LINUX_setgid 106
#define LINUX_geteuid 107
#define LINUX_getegid 108
#define LINUX_setpgid 109
#define LINUX_getppid 110
#define LINUX_getpgrp 111
#define LINUX_setsid 112
#define LINUX_setreuid 113
#define LINUX_setregid 114
#define LINUX_getgroups 115
#define LINUX_setgroups 116
#define LINUX_setresuid 117
#define LINUX_getresuid 118
#define LINUX_setresgid 119
#define LINUX_getresgid 120
#define LINUX_getpgid 121
#define LINUX_getsid 124
#define LINUX_rt_sigpending 127
#define LINUX_rt_sigsuspend 130
#define LINUX_sigaltstack 131
#define LINUX_arch_prctl 158
#define LINUX_sync 162
#define LINUX_gettid 186
#define LINUX_tkill 200
#define LINUX_time 201
#define LINUX_futex 202
#define LINUX_getdents64 217
#define LINUX_set_tid_address 218
#define LINUX_clock_gettime 228
#define LINUX_clock_getres 229
#define LINUX_clock_nanosleep 230
#define LINUX_exit_group 231
#define LINUX_tgkill 234
#define LINUX_openat 257
#define LINUX_mkdirat 258
#define LINUX_fchownat 260
#define LINUX_newfstatat 262
#define LINUX_unlinkat 263
#define LINUX_renameat 264
#define LINUX_linkat 265
#define LINUX_symlinkat 266
#define LINUX_readlinkat 267
#define LINUX_fchmodat 268
#define LINUX_faccessat 269
#define LINUX_pselect6 270
#define LINUX_ppoll 271
#define LINUX_utimensat 280
#define LINUX_dup3 292
#define LINUX_pipe2 293
#define LINUX_prlimit64 302
#define LINUX_getrandom 318
#define LINUX_statx 332
#define LINUX_renameat2 316
#define LINUX_faccessat2 439
#define LINUX_membarrier 324
#define LINUX_getrlimit 97
#define LINUX_setrlimit 160
#define LINUX_sysinfo 99
#define LINUX_mremap 25
#define LINUX_mknod 133
#define LINUX_mknodat 259
#define LINUX_statfs 137
#define LINUX_fstatfs 138

/* Errors missing from abi/errno.h (Linux values). */
#define LINUX_ENOTTY 25
#define LINUX_ESPIPE 29
#define LINUX_EXDEV 18
#define LINUX_ENODEV 19
#define LINUX_EAFNOSUPPORT 97

/* open, fcntl, *at */
#define L_O_ACCMODE 3
#define L_O_CREAT 0100
#define L_O_NONBLOCK 04000
#define L_O_APPEND 02000
#define L_O_DIRECTORY 0200000
#define L_O_CLOEXEC 02000000
#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR 0x200
#define L_AT_EMPTY_PATH 0x1000
#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_SETFD 2
#define L_F_GETFL 3
#define L_F_SETFL 4
#define L_F_DUPFD_CLOEXEC 1030
#define L_FD_CLOEXEC 1
#define L_S_IFMT 0170000
#define L_S_IFDIR 0040000
#define L_S_IFIFO 0010000

/* ioctl requests (terminal ones are passed to the file's server) */
#define L_TCGETS 0x5401
#define L_TCSETS 0x5402
#define L_TCSETSW 0x5403
#define L_TCSETSF 0x5404
#define L_TCSBRK 0x5409
#define L_TCXONC 0x540A
#define L_TCFLSH 0x540B
#define L_TIOCSCTTY 0x540E
#define L_TIOCGPGRP 0x540F
#define L_TIOCSPGRP 0x5410
#define L_TIOCGWINSZ 0x5413
#define L_TIOCSWINSZ 0x5414
#define L_FIONREAD 0x541B
#define L_FIONBIO 0x5421
#define L_TIOCNOTTY 0x5422
#define L_TERMIOS_SIZE 60 /* struct termios of the kernel ABI (TCGETS/TCSETS*) */
#define L_WINSIZE_SIZE 8

/* poll */
#define L_POLLIN 0x001
#define L_POLLPRI 0x002
#define L_POLLOUT 0x004
#define L_POLLERR 0x008
#define L_POLLHUP 0x010
#define L_POLLNVAL 0x020

/* mmap */
#define L_PROT_READ 1
#define L_PROT_WRITE 2
#define L_PROT_EXEC 4
#define L_MAP_SHARED 0x01
#define L_MAP_PRIVATE 0x02
#define L_MAP_FIXED 0x10
#define L_MAP_ANONYMOUS 0x20
#define L_MAP_FIXED_NOREPLACE 0x100000

/* clone */
#define L_CLONE_VM 0x00000100
#define L_CLONE_VFORK 0x00004000
#define L_CLONE_THREAD 0x00010000
#define L_CLONE_SETTLS 0x00080000
#define L_CLONE_PARENT_SETTID 0x00100000
#define L_CLONE_CHILD_CLEARTID 0x00200000
#define L_CLONE_CHILD_SETTID 0x01000000

/* futex */
#define L_FUTEX_WAIT 0
#define L_FUTEX_WAKE 1
#define L_FUTEX_REQUEUE 3
#define L_FUTEX_CMP_REQUEUE 4
#define L_FUTEX_WAIT_BITSET 9
#define L_FUTEX_WAKE_BITSET 10
#define L_FUTEX_PRIVATE_FLAG 128
#define L_FUTEX_CLOCK_REALTIME 256

/* clocks */
#define L_CLOCK_REALTIME 0
#define L_CLOCK_MONOTONIC 1
#define L_CLOCK_PROCESS_CPUTIME_ID 2
#define L_CLOCK_THREAD_CPUTIME_ID 3
#define L_CLOCK_MONOTONIC_RAW 4
#define L_CLOCK_REALTIME_COARSE 5
#define L_CLOCK_MONOTONIC_COARSE 6
#define L_CLOCK_BOOTTIME 7
#define L_TIMER_ABSTIME 1

/* signals */
#define L_SIG_BLOCK 0
#define L_SIG_UNBLOCK 1
#define L_SIG_SETMASK 2
#define L_SA_NOCLDSTOP 1
#define L_SA_NOCLDWAIT 2
#define L_SA_SIGINFO 4
#define L_SA_RESTORER 0x04000000
#define L_SA_RESTART 0x10000000

#define L_ARCH_SET_FS 0x1002
#define L_ARCH_GET_FS 0x1003

struct l_timespec {
    int64_t tv_sec, tv_nsec;
};
struct l_timeval {
    int64_t tv_sec, tv_usec;
};
struct l_iovec {
    void *base;
    uint64_t len;
};
struct l_pollfd {
    int32_t fd;
    int16_t events, revents;
};

/* struct stat of the x86-64 kernel ABI (stat, fstat, lstat, newfstatat). */
struct l_stat {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    struct l_timespec st_atim, st_mtim, st_ctim;
    int64_t unused[3];
};
_Static_assert(sizeof(struct l_stat) == 144, "Linux x86-64 struct stat");

struct l_statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec, pad;
};
struct l_statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct l_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};
_Static_assert(sizeof(struct l_statx) == 256, "Linux struct statx");
#define L_STATX_BASIC_STATS 0x7ffu

/* struct statfs of the x86-64 kernel ABI. */
struct l_statfs {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct l_statfs) == 120, "Linux x86-64 struct statfs");

struct l_utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* The kernel's struct sigaction as musl passes it (src/internal/ksigaction.h). */
struct l_ksigaction {
    uint64_t handler, flags, restorer, mask;
};

/* siginfo_t: 128 bytes; the fields the glue fills. */
struct l_siginfo {
    int32_t si_signo, si_errno, si_code, pad;
    union {
        struct {
            int32_t pid, uid, status, pad2;
        } kill;
        uint64_t addr;
    } u;
    uint8_t rest[128 - 32];
};
_Static_assert(sizeof(struct l_siginfo) == 128, "siginfo_t");

/* ucontext_t as musl declares it for x86-64. gregs indices (REG_*): */
enum {
    L_REG_R8,
    L_REG_R9,
    L_REG_R10,
    L_REG_R11,
    L_REG_R12,
    L_REG_R13,
    L_REG_R14,
    L_REG_R15,
    L_REG_RDI,
    L_REG_RSI,
    L_REG_RBP,
    L_REG_RBX,
    L_REG_RDX,
    L_REG_RAX,
    L_REG_RCX,
    L_REG_RSP,
    L_REG_RIP,
    L_REG_EFL,
    L_REG_CSGSFS,
    L_REG_ERR,
    L_REG_TRAPNO,
    L_REG_OLDMASK,
    L_REG_CR2,
    L_NGREG
};
struct l_ucontext {
    uint64_t uc_flags;
    struct l_ucontext *uc_link;
    struct {
        void *ss_sp;
        int32_t ss_flags, pad;
        uint64_t ss_size;
    } uc_stack;
    uint64_t gregs[L_NGREG];
    void *fpregs;
    uint64_t reserved1[8];
    uint64_t uc_sigmask[16]; /* musl's sigset_t: 128 bytes */
    uint64_t fpregs_mem[64];
};
_Static_assert(sizeof(struct l_ucontext) == 936, "musl's x86-64 ucontext_t");
