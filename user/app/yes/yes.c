#define _XOPEN_SOURCE 700
// yes: repeats a line (its arguments, or "y") until the output is closed.
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    prog_init("yes", "[string...]");
    // A closed pipe ends yes quietly, whatever the parent's signal disposition.
    signal(SIGPIPE, SIG_DFL);
    size_t len = 0;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    if (argc < 2) len = 2;
    // One line repeated to fill a buffer, so each write carries many lines.
    size_t reps = len < 4096 ? 8192 / len : 1;
    char *buf = xmalloc(len * reps);
    char *p = buf;
    for (size_t r = 0; r < reps; r++) {
        if (argc < 2) {
            *p++ = 'y';
        } else {
            for (int i = 1; i < argc; i++) {
                size_t n = strlen(argv[i]);
                memcpy(p, argv[i], n);
                p += n;
                if (i + 1 < argc) *p++ = ' ';
            }
        }
        *p++ = '\n';
    }
    for (;;) {
        if (write_all(STDOUT_FILENO, buf, len * reps) < 0) {
            if (errno == EPIPE) return 0;
            die_errno("write error");
        }
    }
}
