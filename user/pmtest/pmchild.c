/* pmchild MODE [ARG]: a child for pmtest. Modes: exit N, fault, forever, orphan, reparent,
 * getppid. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

static int num(const char *s)
{
    int v = 0;
    while (s && *s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    const char *mode = cluu_argc > 1 ? cluu_argv[1] : "exit";
    if (!strcmp(mode, "exit"))
        pm_exit(PROC_CAP_PROCMGR, num(cluu_argc > 2 ? cluu_argv[2] : "0"));
    if (!strcmp(mode, "fault")) {
        volatile int *p = (volatile int *)16;
        *p = 1;
    }
    if (!strcmp(mode, "forever")) {
        static volatile uint32_t never;
        for (;;)
            sys_futex_wait((uint64_t)&never, 0, TIMEOUT_FOREVER);
    }
    if (!strcmp(mode, "getppid")) {
        long ppid = 0;
        pm_getpid(PROC_CAP_PROCMGR, &ppid);
        pm_exit(PROC_CAP_PROCMGR, (int)(ppid & 0xFF));
    }
    if (!strcmp(mode, "orphan")) {
        char *argv[] = {"pmchild", "reparent", NULL};
        long pid = pm_spawn(PROC_CAP_PROCMGR, PROFILE_IPC, "pmchild", argv, NULL);
        dprintf_k("pmchild: spawned grandchild %ld, exiting\n", pid);
        pm_exit(PROC_CAP_PROCMGR, pid > 0 ? 0 : 1);
    }
    if (!strcmp(mode, "reparent")) {
        for (int i = 0; i < 2000; i++) {
            long ppid = 0;
            pm_getpid(PROC_CAP_PROCMGR, &ppid);
            if (ppid == 1) {
                dprintf_k("pmchild: reparented to init\n");
                pm_exit(PROC_CAP_PROCMGR, 0);
            }
            sys_yield();
        }
        pm_exit(PROC_CAP_PROCMGR, 1);
    }
    pm_exit(PROC_CAP_PROCMGR, 99);
}
