#define _XOPEN_SOURCE 700
// cat: concatenates files (or stdin, also as "-") to stdout; -n numbers the lines, -u is
// accepted (output is never buffered beyond a read).
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool number;
static unsigned long line_no = 1;
static bool at_line_start = true;

// Copies fd with line numbers ("%6lu\t" before each line, as other systems print them).
static int cat_numbered(int fd, const char *name)
{
    char in[16384];
    for (;;) {
        ssize_t r = read(fd, in, sizeof in);
        if (r < 0) {
            if (errno == EINTR) continue;
            warn_errno(name);
            return -1;
        }
        if (r == 0) return 0;
        for (ssize_t i = 0; i < r; i++) {
            if (at_line_start) {
                printf("%6lu\t", line_no++);
                at_line_start = false;
            }
            putchar(in[i]);
            if (in[i] == '\n') at_line_start = true;
        }
        if (ferror(stdout)) return -1;
    }
}

static int cat_fd(int fd, const char *name)
{
    if (number) return cat_numbered(fd, name);
    bool read_failed = false;
    if (copy_fd(fd, STDOUT_FILENO, &read_failed) < 0) {
        warn_errno(read_failed ? name : "write error");
        return -1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    prog_init("cat", "[-nu] [file...]");
    int c;
    while ((c = next_opt(argc, argv, "nu")) != -1) {
        if (c == 'n') number = true;
    }
    int status = 0;
    if (optind == argc && cat_fd(STDIN_FILENO, "stdin") < 0) status = 1;
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            if (cat_fd(STDIN_FILENO, "stdin") < 0) status = 1;
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        if (cat_fd(fd, argv[i]) < 0) status = 1;
        close(fd);
    }
    return status | finish_stdout();
}
