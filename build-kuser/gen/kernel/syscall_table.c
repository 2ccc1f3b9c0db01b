/* Generated from abi/syscalls.tbl by scripts/gen_syscalls.sh. */
#include "core/syscall.h"
void sys_debug_write(struct trap_frame *tf);
void sys_call(struct trap_frame *tf);
void sys_reply_recv(struct trap_frame *tf);
void sys_send(struct trap_frame *tf);
void sys_recv(struct trap_frame *tf);
void sys_signal(struct trap_frame *tf);
void sys_wait(struct trap_frame *tf);
void sys_invoke(struct trap_frame *tf);
void sys_yield(struct trap_frame *tf);
void sys_futex_wait(struct trap_frame *tf);
void sys_futex_wake(struct trap_frame *tf);
void sys_clock(struct trap_frame *tf);
void sys_exit_thread(struct trap_frame *tf);
const syscall_fn syscall_table[SYS_COUNT] = {
    [SYS_debug_write] = sys_debug_write,
    [SYS_call] = sys_call,
    [SYS_reply_recv] = sys_reply_recv,
    [SYS_send] = sys_send,
    [SYS_recv] = sys_recv,
    [SYS_signal] = sys_signal,
    [SYS_wait] = sys_wait,
    [SYS_invoke] = sys_invoke,
    [SYS_yield] = sys_yield,
    [SYS_futex_wait] = sys_futex_wait,
    [SYS_futex_wake] = sys_futex_wake,
    [SYS_clock] = sys_clock,
    [SYS_exit_thread] = sys_exit_thread,
};
