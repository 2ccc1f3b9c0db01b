#include "abi/syscall_nr.h"
/* switch_context(&prev->ksp, next->ksp): callee-saved registers stay on each kernel stack. */
    .section .text.hot, "ax"
    .globl switch_context
switch_context:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

    .text
/* First return of a new user thread: its trap frame is right above. */
    .globl thread_start_user
thread_start_user:
    jmp trap_return

/* First run of a kernel thread: rbx = function. */
    .globl thread_start_kernel
thread_start_kernel:
    sti
    call *%rbx
    ud2

    .section .text.hot, "ax"
/* syscall: rax = number, rdi, rsi, rdx, r10, r8, r9 (+ r12, r13 for messages).
 * Builds a trap_frame on the thread's kernel stack like an interrupt would. */
    .globl syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:16
    mov %gs:8, %rsp
    pushq $0x1b
    pushq %gs:16
    pushq %r11
    pushq $0x23
    pushq %rcx
    pushq $0
    pushq $0x100
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    cld
    cmp $SYS_call, %rax
    je 3f
    cmp $SYS_reply_recv, %rax
    je 4f
    call syscall_dispatch
    jmp 5f
3:  call fastpath_call
    jmp 5f
4:  call fastpath_reply_recv
5:
    /* A frame still marked as a syscall frame returns with sysret; one whose registers were
     * rewritten (or that came from an interrupt) needs iretq to restore rcx and r11. */
    cmpq $0x100, 120(%rsp)
    jne trap_return
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    add $8, %rsp    /* r11: becomes rflags */
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    add $8, %rsp    /* rcx: becomes rip */
    pop %rbx
    pop %rax
    mov 16(%rsp), %rcx
    mov 32(%rsp), %r11
    mov 40(%rsp), %rsp
    swapgs
    sysretq

    .text
/* copy_user_raw(dst, src, n) -> 0 or -EFAULT; a fault inside is redirected to the fixup. */
    .globl copy_user_raw, copy_user_insn, copy_user_fixup
copy_user_raw:
    mov %rdx, %rcx
    stac
copy_user_insn:
    rep movsb
    clac
    xor %eax, %eax
    ret
copy_user_fixup:
    clac
    mov $-14, %rax
    ret
