/* Signal entry for the signal page protocol (abi/proto/procmgr.h). */
    .text
    .globl cluu_sigentry
    .type cluu_sigentry, @function
/* procmgr resumes the main thread here with rdi = the signal and rsp + 8 16-byte aligned. */
cluu_sigentry:
    sub $8, %rsp
    call cluu_sigdispatch
    ud2

    .section .note.GNU-stack,"",@progbits
