#define _XOPEN_SOURCE 700
// tail: prints the last lines of files: tail [-f] [-n [+]count] [file...]; +N starts at
// line N; -f then keeps printing what is appended to the last file, once a second.
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Keeps the last count lines in a ring of getline() buffers.
static int tail_last(FILE *f, const char *name, long count)
{
    if (count == 0) {
        while (getc(f) != EOF)
            ;
        return ferror(f) ? (warn_errno(name), -1) : 0;
    }
    char **ring = calloc((size_t)count, sizeof *ring);
    size_t *lens = calloc((size_t)count, sizeof *lens);
    if (!ring || !lens) die_errno("calloc");
    size_t caps[1] = {0};
    long n = 0;
    char *line = NULL;
    ssize_t len;
    while ((len = getline(&line, caps, f)) >= 0) {
        long slot = n % count;
        free(ring[slot]);
        ring[slot] = line;
        lens[slot] = (size_t)len;
        line = NULL;
        caps[0] = 0;
        n++;
    }
    free(line);
    int rc = 0;
    if (ferror(f)) {
        warn_errno(name);
        rc = -1;
    }
    long start = n > count ? n - count : 0;
    for (long i = start; i < n; i++)
        fwrite(ring[i % count], 1, lens[i % count], stdout);
    for (long i = 0; i < count; i++)
        free(ring[i]);
    free(ring);
    free(lens);
    return rc;
}

// Prints whatever is appended to f, forever (until killed).
static _Noreturn void follow(FILE *f, const char *name)
{
    char buf[4096];
    for (;;) {
        size_t n;
        clearerr(f);
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, n, stdout);
        if (ferror(f)) die_errno(name);
        if (fflush(stdout) != 0) die_errno("write error");
        sleep(1);
    }
}

static int tail_from(FILE *f, const char *name, long first)
{
    long line = 1;
    int c;
    while ((c = getc(f)) != EOF) {
        if (line >= first) putchar(c);
        if (c == '\n') line++;
    }
    if (ferror(f)) {
        warn_errno(name);
        return -1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    prog_init("tail", "[-f] [-n [+]count] [file...]");
    bool opt_follow = false;
    long count = 10;
    bool from_start = false;
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
        if (parse_long(argv[1] + 1, &count) < 0) usage();
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    int c;
    while ((c = next_opt(argc, argv, "fn:")) != -1) {
        if (c == 'f') {
            opt_follow = true;
            continue;
        }
        const char *s = optarg;
        from_start = *s == '+';
        if (*s == '+' || *s == '-') s++;
        if (parse_long(s, &count) < 0 || count < 0) {
            warn_msg("invalid line count '%s'", optarg);
            usage();
        }
    }
    int status = 0;
    int nfiles = argc - optind;
    for (int i = optind; i < argc || (nfiles == 0 && i == optind); i++) {
        bool is_stdin = nfiles == 0 || strcmp(argv[i], "-") == 0;
        const char *name = is_stdin ? "stdin" : argv[i];
        FILE *f = is_stdin ? stdin : fopen(argv[i], "r");
        if (!f) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        if (nfiles > 1)
            printf("%s==> %s <==\n", i > optind ? "\n" : "", is_stdin ? "standard input" : name);
        int rc = from_start ? tail_from(f, name, count) : tail_last(f, name, count);
        status |= rc < 0;
        // Following stdin (a pipe or terminal) would only wait for its end, already seen.
        if (opt_follow && i + 1 >= argc && !is_stdin && rc == 0) {
            if (finish_stdout()) return 1;
            follow(f, name);
        }
        if (!is_stdin) fclose(f);
    }
    return status | finish_stdout();
}
