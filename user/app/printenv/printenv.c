#define _XOPEN_SOURCE 700
// printenv: prints the environment, or the values of the named variables (1 if any is unset).
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char *argv[])
{
    prog_init("printenv", "[name...]");
    if (next_opt(argc, argv, "") != -1) usage();
    int status = 0;
    if (optind == argc) {
        for (char **e = environ; *e; e++)
            puts(*e);
    }
    for (int i = optind; i < argc; i++) {
        const char *v = getenv(argv[i]);
        if (v)
            puts(v);
        else
            status = 1;
    }
    return status | finish_stdout();
}
