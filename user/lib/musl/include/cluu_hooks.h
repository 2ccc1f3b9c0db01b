/* The contract between CLUU's patched musl and libcluu: every way musl enters the kernel
 * goes through one of these functions. musl (user/lib/musl/patches) calls them; libcluu
 * (for now user/lib/musl/glue_stub.c) defines them and translates each Linux-numbered
 * request into CLUU's native protocol. Unsupported requests return -ENOSYS.
 *
 * Shared by the musl build (scripts/musl/build.sh adds this directory to musl's include
 * path) and the glue, which may be built freestanding: no other headers are needed. */
#ifndef CLUU_HOOKS_H
#define CLUU_HOOKS_H

/* A Linux x86-64 system call: n is the Linux number (musl's <bits/syscall.h>), the result
 * is >= 0 or -errno, exactly as the Linux kernel would return it. Called from
 * arch/x86_64/syscall_arch.h (every __syscallN), from __syscall_cp_asm (cancellation
 * points) and from __restore_rt (n = SYS_rt_sigreturn, a1 = the stack pointer on entry to
 * __restore_rt, i.e. the signal frame the handler returned into). */
long __cluu_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

/* musl's __clone (src/thread/x86_64/clone.s jumps here with the arguments untouched):
 * start a thread (or, without CLONE_VM, a process) that runs func(arg) on stack and exits
 * with func's return value; returns the new tid or -errno. ptid, tls and ctid are only
 * meaningful when flags has CLONE_PARENT_SETTID, CLONE_SETTLS (tls = the new FS base) and
 * CLONE_CHILD_SETTID/CLONE_CHILD_CLEARTID; callers that do not set those flags (posix_spawn)
 * pass only the first four arguments, so the others must not be read then. */
int __cluu_clone(int (*func)(void *), void *stack, int flags, void *arg, int *ptid,
                 void *tls, int *ctid);

/* musl's __set_thread_area: set the calling thread's FS base to tp. 0 on success (musl then
 * sets libc.can_do_threads), -errno on failure (musl crashes at start-up). */
int __cluu_set_thread_area(void *tp);

/* musl's __unmapself: unmap [base, base+size) -- the calling thread's own stack -- and exit
 * the thread with status 0, never touching the stack after the unmap. Does not return. */
_Noreturn void __cluu_unmapself(void *base, unsigned long size);

#endif
