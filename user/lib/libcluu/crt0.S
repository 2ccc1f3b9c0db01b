/* Entry of a native CLUU program: rsp = System V start-up stack (argc, argv, envp, auxv). */
    .section .text.start, "ax"
    .globl _start
_start:
    xor %ebp, %ebp
    mov %rsp, %rdi
    and $-16, %rsp
    call cluu_start
1:  ud2
    jmp 1b
