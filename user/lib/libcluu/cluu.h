#pragma once
/* libcluu: the native runtime for programs that talk to the kernel directly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/bootcaps.h"
#include "abi/cap.h"
#include "abi/errno.h"
#include "abi/ipc.h"
#include "abi/methods.h"
#include "user/syscall_stubs.h"

/* Program entry: bi is the boot information for the first process, NULL otherwise; the
 * command line is in cluu_argc/cluu_argv, the environment in cluu_envp. */
int main(const struct boot_user_info *bi);
extern int cluu_argc;
extern char **cluu_argv, **cluu_envp;
const struct boot_user_info *cluu_bootinfo(void);
/* printf to the kernel log (debug_write). */
void dprintf_k(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the calling thread. */
__attribute__((noreturn)) void thread_exit(long code);

static inline long invoke0(cap_t c, uint64_t m)
{
    return sys_invoke(c, m, 0, 0, 0, 0, 0, 0, 0);
}
static inline long invoke1(cap_t c, uint64_t m, uint64_t a)
{
    return sys_invoke(c, m, a, 0, 0, 0, 0, 0, 0);
}
static inline long invoke2(cap_t c, uint64_t m, uint64_t a, uint64_t b)
{
    return sys_invoke(c, m, a, b, 0, 0, 0, 0, 0);
}
static inline long invoke3(cap_t c, uint64_t m, uint64_t a, uint64_t b, uint64_t d)
{
    return sys_invoke(c, m, a, b, d, 0, 0, 0, 0);
}
static inline long invoke4(cap_t c, uint64_t m, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
    return sys_invoke(c, m, a, b, d, e, 0, 0, 0);
}
static inline long invoke5(cap_t c, uint64_t m, uint64_t a, uint64_t b, uint64_t d, uint64_t e,
                           uint64_t f)
{
    return sys_invoke(c, m, a, b, d, e, f, 0, 0);
}
