/* login: asks for a user name and password on its terminal and starts that user's shell in
 * their home directory. Runs with the SUPERVISOR profile (its image); init restarts it when
 * the shell ends, which is how "exit" returns to the login prompt. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "auth.h"
#include <grp.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAIL_DELAY_S 2
#define MAX_TRIES 3

static int start_shell(const struct auth_user *u)
{
    /* A new session whose controlling terminal is this one, with us (and so the shell) as
     * its foreground group, whatever the last session on it left behind. */
    if (setsid() < 0 || ioctl(0, TIOCSCTTY, 1) < 0)
        perror("login: cannot take the terminal");
    if (setgid(u->gid) || setuid(u->uid)) {
        perror("login: cannot change to the user's credentials");
        return 1;
    }
    if (chdir(u->home)) {
        fprintf(stderr, "login: no home directory %s; starting in /\n", u->home);
        (void)!chdir("/");
    }
    const char *term = getenv("TERM");
    char term_copy[64];
    snprintf(term_copy, sizeof term_copy, "%s", term ? term : "vt100");
    clearenv();
    setenv("HOME", u->home, 1);
    setenv("USER", u->name, 1);
    setenv("LOGNAME", u->name, 1);
    setenv("SHELL", u->shell, 1);
    setenv("PATH", u->uid == 0 ? "/bin:/sbin" : "/bin", 1);
    setenv("TERM", term_copy, 1);
    /* A leading '-' in argv[0] makes it a login shell. */
    const char *base = strrchr(u->shell, '/');
    char arg0[64];
    snprintf(arg0, sizeof arg0, "-%s", base ? base + 1 : u->shell);
    execl(u->shell, arg0, (char *)NULL);
    perror("login: cannot start the shell");
    return 1;
}

int main(void)
{
    char name[AUTH_NAME_MAX + 2], password[256];
    for (int tries = 0; tries < MAX_TRIES; tries++) {
        printf("\nCLUU login: ");
        fflush(stdout);
        if (!fgets(name, sizeof name, stdin))
            return 0;
        name[strcspn(name, "\r\n")] = 0;
        if (!name[0]) {
            tries--;
            continue;
        }
        if (auth_read_secret(0, "Password: ", password, sizeof password) < 0)
            return 0;
        struct auth_user u;
        bool ok = auth_check_password(name, password) && auth_user_by_name(name, &u) == 0;
        auth_wipe(password, sizeof password);
        if (ok) {
            auth_log("login", "%s logged in", u.name);
            return start_shell(&u);
        }
        auth_log("login", "failed login for %s", auth_valid_name(name) ? name : "(bad name)");
        sleep(FAIL_DELAY_S);
        printf("Login incorrect\n");
    }
    printf("Too many failed logins; wait a moment and try again.\n");
    auth_log("login", "%d failed logins in a row", MAX_TRIES);
    sleep(5);
    return 1;
}
