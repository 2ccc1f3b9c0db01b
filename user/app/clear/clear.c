#define _XOPEN_SOURCE 700
// clear: clears the terminal (cursor home, erase screen and scrollback) with ANSI sequences.
#include "util.h"

#include <stdio.h>

int main(int argc, char *argv[])
{
    prog_init("clear", "");
    if (next_opt(argc, argv, "") != -1 || optind != argc) usage();
    fputs("\033[H\033[2J\033[3J", stdout);
    return finish_stdout();
}
