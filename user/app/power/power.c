/* poweroff / reboot: asks procmgr for an orderly shutdown (needs the ADMIN profile). The
 * program's name decides which. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"

int main(const struct boot_user_info *bi)
{
    (void)bi;
    const char *name = cluu_argc > 0 ? cluu_argv[0] : "poweroff";
    for (const char *c = name; *c; c++)
        if (*c == '/')
            name = c + 1;
    int how = strcmp(name, "reboot") == 0 ? PM_REBOOT : PM_POWEROFF;
    uint32_t ids[4];
    if (pm_getcred(PROC_CAP_PROCMGR, ids) == 0 && ids[1] != 0) {
        dprintf_k("%s: only root may shut the system down (try sudo %s)\n", name, name);
        return 1;
    }
    long r = pm_shutdown(PROC_CAP_PROCMGR, how);
    if (r == -EPERM) {
        dprintf_k("%s: not permitted (the ADMIN profile is needed)\n", name);
        return 1;
    }
    if (r < 0) {
        dprintf_k("%s: error %ld\n", name, r);
        return 1;
    }
    return 0;
}
