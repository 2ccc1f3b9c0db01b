#pragma once
/* Generated from abi/syscalls.tbl by scripts/gen_syscalls.sh. */
#define SYS_debug_write 0
#define SYS_call 1
#define SYS_reply_recv 2
#define SYS_send 3
#define SYS_recv 4
#define SYS_signal 5
#define SYS_wait 6
#define SYS_invoke 7
#define SYS_yield 8
#define SYS_futex_wait 9
#define SYS_futex_wake 10
#define SYS_clock 11
#define SYS_exit_thread 12
#define SYS_COUNT 13
