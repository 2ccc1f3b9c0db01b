#define _XOPEN_SOURCE 700
// sync: asks the system to write every file's data to disk.
#include "util.h"

#include <unistd.h>

int main(int argc, char *argv[])
{
    prog_init("sync", "");
    if (next_opt(argc, argv, "") != -1 || optind != argc) usage();
    sync();
    return 0;
}
