/* useradd NAME (root only): a new user with its own group and a 0700 home directory; the
 * password stays locked until `passwd NAME`. */
#define _XOPEN_SOURCE 700
#include "auth.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: useradd NAME\n");
        return 2;
    }
    if (getuid() != 0) {
        fprintf(stderr, "useradd: only root may add users\n");
        return 1;
    }
    uid_t uid;
    int r = auth_add_user(argv[1], &uid);
    if (r) {
        fprintf(stderr, "useradd: %s: %s\n", argv[1],
                r == -22 ? "not a valid user name ([a-z_][a-z0-9_-]*)" : strerror(-r));
        return 1;
    }
    auth_log("useradd", "added %s (uid %u)", argv[1], (unsigned)uid);
    printf("useradd: added %s with uid %u; set a password with passwd %s\n", argv[1],
           (unsigned)uid, argv[1]);
    return 0;
}
