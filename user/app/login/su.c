/* su [-] [user]: a shell as user (root by default) after that user's password; root needs
 * none. SUPERVISOR profile through its image. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "auth.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    bool login = false;
    int i = 1;
    if (i < argc && (!strcmp(argv[i], "-") || !strcmp(argv[i], "-l"))) {
        login = true;
        i++;
    }
    const char *target = i < argc ? argv[i] : "root";
    struct auth_user u, me;
    if (auth_user_by_name(target, &u)) {
        fprintf(stderr, "su: user %s does not exist\n", target);
        return 1;
    }
    if (auth_user_by_uid(getuid(), &me))
        snprintf(me.name, sizeof me.name, "uid %u", (unsigned)getuid());
    if (getuid() != 0) {
        char password[256];
        if (auth_read_secret(0, "Password: ", password, sizeof password) < 0)
            return 1;
        bool ok = auth_check_password(target, password);
        auth_wipe(password, sizeof password);
        if (!ok) {
            sleep(2);
            auth_log("su", "%s failed to become %s", me.name, u.name);
            fprintf(stderr, "su: Authentication failure\n");
            return 1;
        }
    }
    auth_log("su", "%s became %s", me.name, u.name);
    if (setgid(u.gid) || setuid(u.uid)) {
        perror("su: cannot change credentials");
        return 1;
    }
    setenv("HOME", u.home, 1);
    setenv("SHELL", u.shell, 1);
    setenv("USER", u.name, 1);
    setenv("LOGNAME", u.name, 1);
    if (login && chdir(u.home))
        (void)!chdir("/");
    execl(u.shell, login ? "-sh" : "sh", (char *)NULL);
    perror("su: cannot start the shell");
    return 1;
}
