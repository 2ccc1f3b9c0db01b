#define _XOPEN_SOURCE 700
// wc: counts lines, words and bytes: wc [-clw] [file...]. Counts are printed as POSIX
// gives them ("%d %d %d %s"), with a total line for more than one file.
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool want_l, want_w, want_c;

struct counts {
    unsigned long long lines, words, bytes;
};

static int count_fd(int fd, const char *name, struct counts *c)
{
    char buf[16384];
    bool in_word = false;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR) continue;
            warn_errno(name);
            return -1;
        }
        if (r == 0) return 0;
        c->bytes += (unsigned long long)r;
        for (ssize_t i = 0; i < r; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n') c->lines++;
            if (isspace(ch)) {
                in_word = false;
            } else if (!in_word) {
                in_word = true;
                c->words++;
            }
        }
    }
}

static void print_counts(const struct counts *c, const char *name)
{
    const char *sep = "";
    if (want_l) {
        printf("%llu", c->lines);
        sep = " ";
    }
    if (want_w) {
        printf("%s%llu", sep, c->words);
        sep = " ";
    }
    if (want_c) printf("%s%llu", sep, c->bytes);
    if (name) printf(" %s", name);
    putchar('\n');
}

int main(int argc, char *argv[])
{
    prog_init("wc", "[-clw] [file...]");
    int ch;
    while ((ch = next_opt(argc, argv, "clmw")) != -1) {
        if (ch == 'l')
            want_l = true;
        else if (ch == 'w')
            want_w = true;
        else
            want_c = true;
    }
    if (!want_l && !want_w && !want_c) want_l = want_w = want_c = true;
    int status = 0;
    struct counts total = {0};
    if (optind == argc) {
        struct counts c = {0};
        status |= count_fd(STDIN_FILENO, "stdin", &c) < 0;
        print_counts(&c, NULL);
    }
    for (int i = optind; i < argc; i++) {
        struct counts c = {0};
        bool is_stdin = strcmp(argv[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(argv[i], O_RDONLY);
        if (fd < 0) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        if (count_fd(fd, argv[i], &c) < 0) status = 1;
        if (!is_stdin) close(fd);
        print_counts(&c, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (argc - optind > 1) print_counts(&total, "total");
    return status | finish_stdout();
}
