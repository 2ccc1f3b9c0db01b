/* hello: a spawned program; prints its pid and arguments, exits with argv[1] if given. */
#include "cluu.h"
#include "abi/proto/procmgr.h"

int main(const struct boot_user_info *bi)
{
    (void)bi;
    long ppid = 0;
    long pid = pm_getpid(PROC_CAP_PROCMGR, &ppid);
    dprintf_k("hello: pid %ld (parent %ld), %d argument%s:", pid, ppid, cluu_argc,
              cluu_argc == 1 ? "" : "s");
    for (int i = 0; i < cluu_argc; i++)
        dprintf_k(" %s", cluu_argv[i]);
    dprintf_k("\n");
    int code = 0;
    if (cluu_argc > 1)
        for (const char *p = cluu_argv[1]; *p >= '0' && *p <= '9'; p++)
            code = code * 10 + (*p - '0');
    pm_exit(PROC_CAP_PROCMGR, code);
}
