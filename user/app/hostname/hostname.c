#define _XOPEN_SOURCE 700
// hostname: prints the system's host name (uname's node name): hostname [-s]. -s stops at
// the first dot. Setting the name is not supported: CLUU has no way to change it.
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char *argv[])
{
    prog_init("hostname", "[-s]");
    bool short_name = false;
    while (next_opt(argc, argv, "s") != -1)
        short_name = true;
    if (argc - optind > 1) usage();
    if (argc - optind == 1) die_msg("setting the host name is not supported");
    struct utsname u;
    if (uname(&u) < 0) die_errno("uname");
    if (short_name) u.nodename[strcspn(u.nodename, ".")] = '\0';
    puts(u.nodename);
    return finish_stdout();
}
