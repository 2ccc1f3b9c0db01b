/* Interrupt entry stubs: one 16-byte stub per vector, all into isr_common. */
    .text
    .align 16
    .globl isr_base
isr_base:
    .set vec, 0
    .rept 256
    .align 16
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp isr_common
    .set vec, vec + 1
    .endr

    .section .text.hot, "ax"
isr_common:
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
    testb $3, 144(%rsp)         /* cs: from user? */
    jz 1f
    swapgs
1:  mov %rsp, %rdi
    cld
    call trap_dispatch
    .globl trap_return
trap_return:
    testb $3, 144(%rsp)
    jz 2f
    swapgs
2:  pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    iretq
