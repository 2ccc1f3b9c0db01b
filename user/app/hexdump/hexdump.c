#define _XOPEN_SOURCE 700
// hexdump: canonical hex+ASCII dump of files or stdin: hexdump [-C] [-n length] [-s skip]
// [file...]. -C is the only format (and the default); repeated lines become "*".
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long long offset;
static unsigned char line[16], prev[16];
static size_t fill;
static bool have_prev, starred;

static void emit_line(void)
{
    if (have_prev && fill == 16 && memcmp(line, prev, 16) == 0) {
        if (!starred) puts("*");
        starred = true;
        offset += 16;
        fill = 0;
        return;
    }
    starred = false;
    printf("%08llx ", offset);
    for (size_t i = 0; i < 16; i++) {
        if (i == 8) putchar(' ');
        if (i < fill)
            printf(" %02x", line[i]);
        else
            fputs("   ", stdout);
    }
    fputs("  |", stdout);
    for (size_t i = 0; i < fill; i++)
        putchar(line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '.');
    puts("|");
    memcpy(prev, line, 16);
    have_prev = true;
    offset += fill;
    fill = 0;
}

// Feeds fd into the dump, skipping and limiting as asked; *skip and *left count down.
static int dump_fd(int fd, const char *name, long long *skip, long long *left)
{
    unsigned char buf[4096];
    while (*left != 0) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR) continue;
            warn_errno(name);
            return -1;
        }
        if (r == 0) break;
        for (ssize_t i = 0; i < r && *left != 0; i++) {
            if (*skip > 0) {
                (*skip)--;
                offset++;
                continue;
            }
            line[fill++] = buf[i];
            if (*left > 0) (*left)--;
            if (fill == 16) emit_line();
        }
    }
    return 0;
}

int main(int argc, char *argv[])
{
    prog_init("hexdump", "[-C] [-n length] [-s skip] [file...]");
    long long skip = 0, left = -1;
    long v;
    int c;
    while ((c = next_opt(argc, argv, "Cn:s:")) != -1) {
        if (c == 'C') continue;
        if (parse_long(optarg, &v) < 0 || v < 0) {
            warn_msg("invalid number '%s'", optarg);
            usage();
        }
        if (c == 'n')
            left = v;
        else
            skip = v;
    }
    int status = 0;
    if (optind == argc) status |= dump_fd(STDIN_FILENO, "stdin", &skip, &left) < 0;
    for (int i = optind; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        status |= dump_fd(fd, argv[i], &skip, &left) < 0;
        close(fd);
    }
    if (fill > 0) emit_line();
    if (offset > 0 || have_prev) printf("%08llx\n", offset);
    return status | finish_stdout();
}
