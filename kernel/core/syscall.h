#pragma once
#include "arch/x86_64/trap.h"
#include "abi/syscall_nr.h"

typedef void (*syscall_fn)(struct trap_frame *tf);
extern const syscall_fn syscall_table[SYS_COUNT];

/* Programs the syscall MSRs. */
void syscall_init(void);
/* Entered from syscall_entry with the user registers in tf. */
void syscall_dispatch(struct trap_frame *tf);
/* Work done on every return to user mode: reap dead objects, reschedule if asked. */
void return_to_user_work(void);
