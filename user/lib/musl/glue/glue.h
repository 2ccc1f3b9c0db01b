#pragma once
/* Internal interface of the musl glue: the translation of Linux-numbered requests into
 * CLUU's native protocols (docs/POSIX.md). Each area has its own file; __cluu_syscall
 * (syscall.c) dispatches to the handlers declared here. Every handler returns >= 0 or
 * -errno, as the Linux kernel would. */
#include <stddef.h>
#include <stdint.h>

#include "cluu.h"
#include "fsclient.h"
#include "abi/proto/procmgr.h"
#include "linux.h"

#define PAGE 4096ull

/* A lock between the threads of one process: test-and-set, yielding while held. Critical
 * sections are short and never block in IPC. */
struct glue_lock {
    volatile int held;
};
void glue_lock(struct glue_lock *l);
void glue_unlock(struct glue_lock *l);
/* The glue's locks, in the order they nest (fork takes them all so that the child, which
 * has only the forking thread, finds none held). */
extern struct glue_lock fd_lock, mem_lock, thread_lock, slot_lock;

/* thread.c: the calling thread's IPC buffer (every thread has its own) and identity. */
struct ipc_buffer *glue_ipcbuf(void);
uint64_t glue_ipcbuf_va(void);
cap_t glue_self_thread(void);
int glue_is_main_thread(void);
long glue_gettid(void);
int glue_tid_is_ours(long tid);
/* After fork, in the child: only the calling (main) thread exists. */
void glue_threads_after_fork(void);
long glue_clone_thread(int (*func)(void *), void *stack, int flags, void *arg, int *ptid, void *tls,
                       int *ctid);
long glue_futex(int *uaddr, int op, int val, uint64_t timeout, int *uaddr2, int val3);
long glue_set_tid_address(int *ctid);
long glue_arch_prctl(int code, uint64_t addr);
_Noreturn void glue_exit_thread(int code);
/* Sleeps ns (TIMEOUT_FOREVER: until interrupted): 0, or -EINTR. */
long glue_sleep_ns(uint64_t ns);

/* mem.c */
long glue_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off);
long glue_munmap(uint64_t addr, uint64_t len);
long glue_mprotect(uint64_t addr, uint64_t len, int prot);
long glue_brk(uint64_t addr);
/* Fresh zeroed pages read-write (for IPC buffers): the address, 0 if out of memory; *mem
 * gets the memory capability (owned by the mapping: glue_munmap frees it). */
uint64_t glue_pages(uint64_t npages, cap_t *mem);

/* fd.c: file descriptor n is the capability in slot PROC_CAP_FD0 + n. */
#define FD_SLOT(fd) ((cap_t)(PROC_CAP_FD0 + (fd)))
/* The capability of an open fd, or 0 (-EBADF for the caller). */
cap_t glue_fd_cap(long fd);
/* CLUU's private system call (not a Linux number): (name, argv, envp) -> pid of the
 * container NAME, started by procmgr with its image's profile and our fds 0..2. */
#define CLUU_SYS_SPAWN_CONTAINER 0x10000
long glue_spawn_container(const char *name, char *const argv[], char *const envp[]);
/* Installs the capability in slot s (which it empties) as the lowest free fd >= min. */
long glue_fd_install(cap_t s, long min, int cloexec, unsigned type, const char *path);
/* The absolute path a directory fd was opened by (NULL if unknown). */
const char *glue_fd_path(long fd);
long glue_read(long fd, void *buf, uint64_t n, uint64_t off);
long glue_write(long fd, const void *buf, uint64_t n, uint64_t off);
long glue_readv(long fd, const struct l_iovec *iov, long cnt, uint64_t off);
long glue_writev(long fd, const struct l_iovec *iov, long cnt, uint64_t off);
long glue_close(long fd);
long glue_lseek(long fd, int64_t off, int whence);
long glue_dup(long fd, long min, int cloexec);
long glue_dup3(long oldfd, long newfd, int flags, int dup2);
long glue_fcntl(long fd, int cmd, long arg);
long glue_ioctl(long fd, unsigned long req, uint64_t arg);
long glue_pipe2(int *fds, int flags);
long glue_poll(struct l_pollfd *fds, uint64_t n, int64_t timeout_ms);
long glue_select(int n, uint64_t *rd, uint64_t *wr, uint64_t *ex, int64_t timeout_ms);
long glue_fstat(long fd, struct l_stat *st);
long glue_getdents64(long fd, void *buf, uint64_t n);
/* fork: FILE_DUP on every fd (undo: FILE_CLOSE them again). */
void glue_fds_dup_all(void);
void glue_fds_undup_all(void);
/* exec: closes the FD_CLOEXEC ones; exit: closes all. */
void glue_fds_close_cloexec(void);
void glue_fds_close_all(void);

/* path.c */
cap_t glue_vfs(void);
long glue_openat(long dirfd, const char *path, int flags, unsigned mode);
long glue_fstatat(long dirfd, const char *path, struct l_stat *st, int flags);
long glue_statx(long dirfd, const char *path, int flags, unsigned mask, struct l_statx *stx);
long glue_path_call(long n, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e);
void glue_stat_convert(const struct file_stat *fs, struct l_stat *st);

/* time.c */
long glue_clock_gettime(int clk, struct l_timespec *ts);
long glue_clock_getres(int clk, struct l_timespec *ts);
long glue_nanosleep(int clk, int flags, const struct l_timespec *req, struct l_timespec *rem);
long glue_gettimeofday(struct l_timeval *tv, void *tz);
uint64_t glue_realtime_ns(void);

/* proc.c */
long glue_proc_call(long n, long a, long b, long c, long d, long e);
long glue_getpid(void);
long glue_fork(void);
_Noreturn void glue_exit_group(int code);

/* signal.c */
long glue_signal_call(long n, long a, long b, long c, long d);
/* Handlers the trampoline has run, with and without SA_RESTART. */
extern volatile uint64_t glue_handlers_restart, glue_handlers_norestart;

/* misc.c */
long glue_uname(struct l_utsname *u);
long glue_getrandom(void *buf, uint64_t n, unsigned flags);
