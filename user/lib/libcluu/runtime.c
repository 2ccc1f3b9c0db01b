#include "cluu.h"
#include "lib/fmt.h"
#include "lib/string.h"

#include "abi/auxv.h"
#include "abi/proto/procmgr.h"

void cluu_start(uint64_t *sp);

int cluu_argc;
char **cluu_argv, **cluu_envp;
static const struct boot_user_info *boot_info;

void dprintf_k(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    sys_debug_write((uint64_t)buf, (uint64_t)n);
}

void thread_exit(long code)
{
    for (;;)
        sys_exit_thread((uint64_t)code);
}

const struct boot_user_info *cluu_bootinfo(void)
{
    return boot_info;
}

void cluu_start(uint64_t *sp)
{
    cluu_argc = (int)sp[0];
    cluu_argv = (char **)&sp[1];
    cluu_envp = cluu_argv + cluu_argc + 1;
    char **e = cluu_envp;
    while (*e)
        e++;
    for (uint64_t *av = (uint64_t *)(e + 1); av[0] != AT_NULL; av += 2)
        if (av[0] == AT_CLUU_BOOTINFO)
            boot_info = (const struct boot_user_info *)av[1];
    int code = main(boot_info);
    /* A process that procmgr made ends through procmgr (its parent hears the status). */
    if (invoke1(CAP_SELF_CSPACE, CSPACE_INFO, PROC_CAP_PROCMGR) == OBJ_ENDPOINT)
        pm_exit(PROC_CAP_PROCMGR, code);
    thread_exit(code);
}
