#define _XOPEN_SOURCE 700
// echo: writes its arguments separated by spaces; -n leaves out the final newline.
#include "util.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    prog_init("echo", "[-n] [string...]");
    int i = 1;
    bool newline = true;
    if (i < argc && strcmp(argv[i], "-n") == 0) {
        newline = false;
        i++;
    }
    for (int first = i; i < argc; i++) {
        if (i > first) putchar(' ');
        fputs(argv[i], stdout);
    }
    if (newline) putchar('\n');
    return finish_stdout();
}
