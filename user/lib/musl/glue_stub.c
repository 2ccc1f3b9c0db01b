/* Stand-in for libcluu's musl glue (the hooks of cluu_hooks.h) until the real translation
 * layer exists: enough for a single-threaded static program that writes to stdout/stderr
 * and exits, on CLUU's raw system calls. Everything else returns -ENOSYS (never a silent
 * success).
 *
 * Freestanding: built like libcluu (no libc headers), linked into every program that the
 * x86_64-cluu-cc wrapper links, ahead of libc.a. No stack protector: these functions run
 * before musl has set up the thread pointer that the protector's canary lives behind. */
#include "cluu_hooks.h"

#include "abi/bootcaps.h"
#include "abi/errno.h"
#include "abi/methods.h"
#include "user/syscall_stubs.h"

/* Linux x86-64 system call numbers (musl's <bits/syscall.h>) that the stub handles. */
#define LINUX_write 1
#define LINUX_writev 20
#define LINUX_munmap 11
#define LINUX_clone 56
#define LINUX_exit 60
#define LINUX_set_tid_address 218
#define LINUX_exit_group 231

#define DEBUG_WRITE_MAX 4096 /* the kernel's per-call limit for debug_write */

struct linux_iovec {
    const void *base;
    unsigned long len;
};

/* Standard output and standard error both go to the kernel's debug console. */
static long console_write(long fd, const char *buf, unsigned long len)
{
    if (fd != 1 && fd != 2)
        return -EBADF; /* the stub has no other file descriptors */
    unsigned long done = 0;
    while (done < len) {
        unsigned long n = len - done > DEBUG_WRITE_MAX ? DEBUG_WRITE_MAX : len - done;
        long r = sys_debug_write((uint64_t)(buf + done), n);
        if (r < 0)
            return done ? (long)done : r;
        done += (unsigned long)r;
        if ((unsigned long)r < n)
            break;
    }
    return (long)done;
}

long __cluu_syscall(long n, long a, long b, long c, long d, long e, long f)
{
    (void)c, (void)d, (void)e, (void)f;
    switch (n) {
    case LINUX_write:
        return console_write(a, (const char *)b, (unsigned long)c);
    case LINUX_writev: {
        /* musl's stdio writes through writev (buffer + pending data). */
        const struct linux_iovec *iov = (const struct linux_iovec *)b;
        if (c < 0 || c > 1024)
            return -EINVAL;
        long total = 0;
        for (long i = 0; i < c; i++) {
            long r = console_write(a, iov[i].base, iov[i].len);
            if (r < 0)
                return total ? total : r;
            total += r;
            if ((unsigned long)r < iov[i].len)
                break;
        }
        return total;
    }
    case LINUX_exit:
    case LINUX_exit_group:
        /* Single-threaded: ending the only thread ends the program. */
        for (;;)
            sys_exit_thread((uint64_t)a);
    case LINUX_set_tid_address:
        /* musl's start-up (__init_tp) asks for the initial thread's id and registers
         * &__thread_list_lock to be cleared and futex-woken when the thread exits. That
         * wake-up only matters to other threads joining this one; the stub has none (its
         * clone fails), and the initial thread exiting ends the program, so not recording
         * the address is a true no-op. The id must be nonzero: musl uses it as the owner
         * of recursive and error-checking mutexes. 1 = the initial thread. */
        return 1;
    default:
        /* Everything else, including ioctl(TIOCGWINSZ) from stdio (musl then treats stdout
         * as not a terminal and buffers fully, flushing at exit), is not supported yet. */
        return -ENOSYS;
    }
}

/* Threads need the real libcluu (a thread object, its IPC buffer, TLS): not in the stub. */
int __cluu_clone(int (*func)(void *), void *stack, int flags, void *arg, int *ptid,
                 void *tls, int *ctid)
{
    (void)func, (void)stack, (void)arg, (void)ptid, (void)tls, (void)ctid;
    return (int)__cluu_syscall(LINUX_clone, flags, 0, 0, 0, 0, 0);
}

/* Only reached by a detached thread created with __cluu_clone, which the stub cannot
 * create; unmapping would need the vspace method, so just end the thread. */
_Noreturn void __cluu_unmapself(void *base, unsigned long size)
{
    __cluu_syscall(LINUX_munmap, (long)base, (long)size, 0, 0, 0, 0);
    for (;;)
        sys_exit_thread(0);
}

/* int __cluu_set_thread_area(void *tp): set this thread's FS base to tp.
 *
 * CLUU sets FS base with THREAD_WRITE_REGS on the thread's own capability (BOOT_CAP_THREAD).
 * That method replaces the whole user register frame of the invoking system call
 * (kernel/object/thread.c, regs_to_frame): on return to user mode every register, rip and
 * rsp included, comes from the struct (through iretq), except rax, which gets the method's
 * result. Reading the registers first (THREAD_READ_REGS) and writing them back would resume
 * the thread just after the *read* system call with the stack and registers of that
 * moment. So the struct is read only to keep what the kernel knows better (rflags, GS
 * base), and then filled in with the state this code wants after the write: rip = the
 * instruction after the write's syscall, rsp = the current stack pointer, the callee-saved
 * registers rbx, rbp, r12..r15 as they are now (the rest are caller-saved), fs_base = tp.
 * Returns 0, or the -errno of either method. */
#define STR_(x) #x
#define STR(x) STR_(x)
__asm__(
    "    .text\n"
    "    .globl __cluu_set_thread_area\n"
    "    .type __cluu_set_thread_area,@function\n"
    "__cluu_set_thread_area:\n"
    "    push %rbx\n"
    "    sub $160, %rsp\n"                  /* struct user_regs: 20 words */
    "    mov %rdi, %rbx\n"                  /* tp */
    "    mov $" STR(SYS_invoke) ", %eax\n"
    "    mov $" STR(BOOT_CAP_THREAD) ", %edi\n"
    "    mov $" STR(THREAD_READ_REGS) ", %esi\n"
    "    mov %rsp, %rdx\n"
    "    syscall\n"
    "    test %rax, %rax\n"
    "    jnz 2f\n"
    "    mov %rbx, 8(%rsp)\n"               /* rbx */
    "    mov %rbp, 48(%rsp)\n"              /* rbp */
    "    mov %rsp, 56(%rsp)\n"              /* rsp (unchanged up to the syscall) */
    "    mov %r12, 96(%rsp)\n"
    "    mov %r13, 104(%rsp)\n"
    "    mov %r14, 112(%rsp)\n"
    "    mov %r15, 120(%rsp)\n"
    "    lea 1f(%rip), %rax\n"
    "    mov %rax, 128(%rsp)\n"             /* rip: resume right after the write */
    "    mov %rbx, 144(%rsp)\n"             /* fs_base = tp */
    "    mov $" STR(SYS_invoke) ", %eax\n"
    "    mov $" STR(BOOT_CAP_THREAD) ", %edi\n"
    "    mov $" STR(THREAD_WRITE_REGS) ", %esi\n"
    "    mov %rsp, %rdx\n"
    "    syscall\n"
    "1:  \n"                                /* rax = 0 or -errno */
    "2:  add $160, %rsp\n"
    "    pop %rbx\n"
    "    ret\n"
    "    .size __cluu_set_thread_area, .-__cluu_set_thread_area\n");

/* The offsets used above, checked against the ABI header. */
#define OFF(f) __builtin_offsetof(struct user_regs, f)
_Static_assert(sizeof(struct user_regs) == 160, "struct user_regs size");
_Static_assert(OFF(rbx) == 8 && OFF(rbp) == 48 && OFF(rsp) == 56 && OFF(r12) == 96 &&
                   OFF(r13) == 104 && OFF(r14) == 112 && OFF(r15) == 120 && OFF(rip) == 128 &&
                   OFF(fs_base) == 144,
               "struct user_regs layout");
