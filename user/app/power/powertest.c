/* powertest: poweroff without ADMIN is refused; then, with ADMIN, the system shuts down
 * (the system test checks that QEMU ends). */
#include "cluu.h"
#include "abi/proto/procmgr.h"

int main(const struct boot_user_info *bi)
{
    (void)bi;
    char *argv[] = {"poweroff", NULL};
    long pid = pm_spawn(PROC_CAP_PROCMGR, PROFILE_IPC, "poweroff", argv, NULL);
    int st = -1;
    long w = pid > 0 ? pm_wait(PROC_CAP_PROCMGR, pid, 0, &st) : pid;
    dprintf_k("powertest: unprivileged poweroff: %s\n",
              w == pid && st == PM_STATUS_EXITED(1) ? "refused" : "NOT REFUSED");
    bool reboot = cluu_argc > 1 && cluu_argv[1][0] == 'r';
    long r = pm_shutdown(PROC_CAP_PROCMGR, reboot ? PM_REBOOT : PM_POWEROFF);
    dprintf_k("powertest: shutdown requested: %ld\n", r);
    for (;;) {
        static volatile uint32_t never;
        sys_futex_wait((uint64_t)&never, 0, TIMEOUT_FOREVER);
    }
}
