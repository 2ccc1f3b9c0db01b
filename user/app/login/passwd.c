/* passwd [user]: changes your password (after the current one); root may change anyone's
 * without it. Writes /etc/shadow atomically. SUPERVISOR profile through its image. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include "auth.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct auth_user me, u;
    if (auth_user_by_uid(getuid(), &me)) {
        fprintf(stderr, "passwd: you (uid %u) are not in /etc/passwd\n", (unsigned)getuid());
        return 1;
    }
    const char *target = argc > 1 ? argv[1] : me.name;
    if (auth_user_by_name(target, &u)) {
        fprintf(stderr, "passwd: user %s does not exist\n", target);
        return 1;
    }
    if (getuid() != 0 && u.uid != getuid()) {
        fprintf(stderr, "passwd: only root may change another user's password\n");
        return 1;
    }
    char old[256], new1[256], new2[256];
    if (getuid() != 0) {
        if (auth_read_secret(0, "Current password: ", old, sizeof old) < 0)
            return 1;
        bool ok = auth_check_password(u.name, old);
        auth_wipe(old, sizeof old);
        if (!ok) {
            sleep(2);
            auth_log("passwd", "%s: wrong current password", u.name);
            fprintf(stderr, "passwd: Authentication failure\n");
            return 1;
        }
    }
    if (auth_read_secret(0, "New password: ", new1, sizeof new1) < 0 ||
        auth_read_secret(0, "Retype new password: ", new2, sizeof new2) < 0)
        return 1;
    if (strcmp(new1, new2)) {
        fprintf(stderr, "passwd: the passwords do not match; nothing changed\n");
        return 1;
    }
    if (strlen(new1) < 4) {
        fprintf(stderr, "passwd: too short (at least 4 characters); nothing changed\n");
        return 1;
    }
    /* Writing /etc/shadow needs root: the SUPERVISOR profile lets us become it. */
    if (setuid(0)) {
        perror("passwd: cannot become root to write /etc/shadow");
        return 1;
    }
    char *hash = auth_hash(new1);
    auth_wipe(new1, sizeof new1);
    auth_wipe(new2, sizeof new2);
    int r = hash ? auth_set_hash(u.name, hash) : -EIO;
    free(hash);
    if (r) {
        fprintf(stderr, "passwd: cannot update /etc/shadow: %s\n", strerror(-r));
        return 1;
    }
    auth_log("passwd", "password of %s changed by %s", u.name, me.name);
    printf("passwd: password updated for %s\n", u.name);
    return 0;
}
