#define _XOPEN_SOURCE 700
// pwd: prints the working directory; -L (default) trusts $PWD when it names it, -P never.
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// $PWD is usable if it is absolute, has no "." or ".." component and is the same directory.
static bool pwd_env_ok(const char *pwd)
{
    if (!pwd || pwd[0] != '/') return false;
    for (const char *p = pwd; *p; p++) {
        if (p[0] == '/' && p[1] == '.' &&
            (p[2] == '/' || p[2] == '\0' || (p[2] == '.' && (p[3] == '/' || p[3] == '\0'))))
            return false;
    }
    struct stat a, b;
    return stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int main(int argc, char *argv[])
{
    prog_init("pwd", "[-L | -P]");
    bool logical = true;
    int c;
    while ((c = next_opt(argc, argv, "LP")) != -1)
        logical = c == 'L';
    if (optind != argc) usage();
    const char *env = getenv("PWD");
    if (logical && pwd_env_ok(env)) {
        puts(env);
        return finish_stdout();
    }
    char *cwd = getcwd(NULL, 0);
    if (!cwd) die_errno("getcwd");
    puts(cwd);
    free(cwd);
    return finish_stdout();
}
