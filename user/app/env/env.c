#define _XOPEN_SOURCE 700
// env: runs a command in a changed environment, or prints the environment.
// env [-i] [-u name] [name=value...] [command [arg...]]
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char *argv[])
{
    prog_init("env", "[-i] [-u name] [name=value...] [command [arg...]]");
    int c;
    static char *empty[] = {NULL};
    // "+" would be a GNU extension; options end at the first operand anyway under POSIX.
    while ((c = next_opt(argc, argv, "iu:")) != -1) {
        if (c == 'i') {
            environ = empty;
        } else if (unsetenv(optarg) < 0) {
            die_errno(optarg);
        }
    }
    int i = optind;
    // A lone "-" is the obsolete spelling of -i.
    if (i < argc && strcmp(argv[i], "-") == 0) {
        environ = empty;
        i++;
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        if (argv[i][0] == '=') {
            warn_msg("invalid assignment '%s'", argv[i]);
            return 125;
        }
        if (putenv(argv[i]) != 0) die_errno("putenv");
    }
    if (i == argc) {
        for (char **e = environ; *e; e++)
            puts(*e);
        return finish_stdout();
    }
    execvp(argv[i], &argv[i]);
    int e = errno;
    warn_errno(argv[i]);
    return e == ENOENT ? 127 : 126;
}
