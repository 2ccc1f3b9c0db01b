#define _XOPEN_SOURCE 700
// uname: prints system names: uname [-amnrsv]; -s alone by default.
#include "util.h"

#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char *argv[])
{
    prog_init("uname", "[-amnrsv]");
    enum { S = 1, N = 2, R = 4, V = 8, M = 16 };
    int want = 0, c;
    while ((c = next_opt(argc, argv, "amnrsv")) != -1) {
        switch (c) {
        case 'a':
            want |= S | N | R | V | M;
            break;
        case 's':
            want |= S;
            break;
        case 'n':
            want |= N;
            break;
        case 'r':
            want |= R;
            break;
        case 'v':
            want |= V;
            break;
        case 'm':
            want |= M;
            break;
        }
    }
    if (optind != argc) usage();
    if (!want) want = S;
    struct utsname u;
    if (uname(&u) < 0) die_errno("uname");
    const char *fields[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
    bool first = true;
    for (int i = 0; i < 5; i++) {
        if (want & (1 << i)) {
            printf("%s%s", first ? "" : " ", fields[i]);
            first = false;
        }
    }
    putchar('\n');
    return finish_stdout();
}
