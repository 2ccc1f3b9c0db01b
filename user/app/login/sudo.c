/* sudo COMMAND [ARGS]: runs a command as root after the caller's own password; only
 * members of group wheel may. SUPERVISOR profile through its image. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "auth.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sudo COMMAND [ARGS...]\n");
        return 1;
    }
    struct auth_user me;
    if (auth_user_by_uid(getuid(), &me)) {
        fprintf(stderr, "sudo: you (uid %u) are not in /etc/passwd\n", (unsigned)getuid());
        return 1;
    }
    if (getuid() != 0) {
        if (!auth_in_group(&me, "wheel")) {
            auth_log("sudo", "%s is not in wheel: refused %s", me.name, argv[1]);
            fprintf(stderr, "sudo: %s is not allowed to run sudo (not in group wheel)\n", me.name);
            return 1;
        }
        char prompt[80], password[256];
        snprintf(prompt, sizeof prompt, "[sudo] password for %s: ", me.name);
        if (auth_read_secret(0, prompt, password, sizeof password) < 0)
            return 1;
        bool ok = auth_check_password(me.name, password);
        auth_wipe(password, sizeof password);
        if (!ok) {
            sleep(2);
            auth_log("sudo", "%s: wrong password for %s", me.name, argv[1]);
            fprintf(stderr, "sudo: incorrect password\n");
            return 1;
        }
    }
    auth_log("sudo", "%s ran %s as root", me.name, argv[1]);
    if (setgid(0) || setuid(0)) {
        perror("sudo: cannot become root");
        return 1;
    }
    setenv("USER", "root", 1);
    setenv("LOGNAME", "root", 1);
    setenv("HOME", "/root", 1);
    execvp(argv[1], argv + 1);
    fprintf(stderr, "sudo: %s: ", argv[1]);
    perror(NULL);
    return 127;
}
