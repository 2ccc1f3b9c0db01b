#define _XOPEN_SOURCE 700
// whoami: prints the name of the effective user (or its number if it has no name).
#include "util.h"

#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    prog_init("whoami", "");
    if (next_opt(argc, argv, "") != -1 || optind != argc) usage();
    uid_t uid = geteuid();
    struct passwd *pw = getpwuid(uid);
    if (pw)
        puts(pw->pw_name);
    else
        printf("%u\n", (unsigned)uid);
    return finish_stdout();
}
