/* userdel NAME (root only): removes a user's account lines; the home directory stays. */
#define _XOPEN_SOURCE 700
#include "auth.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: userdel NAME\n");
        return 2;
    }
    if (getuid() != 0) {
        fprintf(stderr, "userdel: only root may remove users\n");
        return 1;
    }
    int r = auth_del_user(argv[1]);
    if (r) {
        fprintf(stderr, "userdel: %s: %s\n", argv[1], strerror(-r));
        return 1;
    }
    auth_log("userdel", "removed %s", argv[1]);
    return 0;
}
