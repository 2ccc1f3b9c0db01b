#define _XOPEN_SOURCE 700
// tee: copies stdin to stdout and to files: tee [-ai] [file...]. A file that cannot be
// written is reported and dropped; the others still get everything.
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    prog_init("tee", "[-ai] [file...]");
    int flags = O_WRONLY | O_CREAT | O_TRUNC, c;
    while ((c = next_opt(argc, argv, "ai")) != -1) {
        if (c == 'a')
            flags = O_WRONLY | O_CREAT | O_APPEND;
        else
            signal(SIGINT, SIG_IGN);
    }
    int n = argc - optind + 1;
    int *fds = xmalloc(sizeof *fds * (size_t)n);
    const char **names = xmalloc(sizeof *names * (size_t)n);
    int status = 0;
    fds[0] = STDOUT_FILENO;
    names[0] = "stdout";
    for (int i = 1; i < n; i++) {
        names[i] = argv[optind + i - 1];
        fds[i] = open(names[i], flags, 0666);
        if (fds[i] < 0) {
            warn_errno(names[i]);
            status = 1;
        }
    }
    char buf[16384];
    for (;;) {
        ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR) continue;
            warn_errno("stdin");
            status = 1;
            break;
        }
        if (r == 0) break;
        for (int i = 0; i < n; i++) {
            if (fds[i] >= 0 && write_all(fds[i], buf, (size_t)r) < 0) {
                warn_errno(names[i]);
                status = 1;
                if (i > 0) close(fds[i]);
                fds[i] = -1;
            }
        }
    }
    for (int i = 1; i < n; i++) {
        if (fds[i] >= 0 && close(fds[i]) < 0) {
            warn_errno(names[i]);
            status = 1;
        }
    }
    free(fds);
    free(names);
    return status;
}
