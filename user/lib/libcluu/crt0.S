/* Entry of a native CLUU program: rsp = stack top (16-byte aligned), rdi = boot info. */
    .section .text.start, "ax"
    .globl _start
_start:
    xor %ebp, %ebp
    and $-16, %rsp
    call cluu_main_entry
1:  ud2
    jmp 1b
