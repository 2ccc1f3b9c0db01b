#define _XOPEN_SOURCE 700
// uniq: drops repeated adjacent lines: uniq [-c] [-d | -u] [input [output]].
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool count, only_dup, only_single;

static void emit(FILE *out, const char *line, size_t len, unsigned long n)
{
    if ((only_dup && n < 2) || (only_single && n > 1)) return;
    if (count) fprintf(out, "%7lu ", n);
    fwrite(line, 1, len, out);
    if (len == 0 || line[len - 1] != '\n') fputc('\n', out);
}

int main(int argc, char *argv[])
{
    prog_init("uniq", "[-c] [-d | -u] [input [output]]");
    int c;
    while ((c = next_opt(argc, argv, "cdu")) != -1) {
        if (c == 'c')
            count = true;
        else if (c == 'd')
            only_dup = true;
        else
            only_single = true;
    }
    if (argc - optind > 2) usage();
    FILE *in = stdin, *out = stdout;
    const char *in_name = "stdin", *out_name = "stdout";
    if (optind < argc && strcmp(argv[optind], "-") != 0) {
        in_name = argv[optind];
        if (!(in = fopen(in_name, "r"))) die_errno(in_name);
    }
    if (optind + 1 < argc) {
        out_name = argv[optind + 1];
        if (!(out = fopen(out_name, "w"))) die_errno(out_name);
    }
    char *prev = NULL, *line = NULL;
    size_t prev_cap = 0, cap = 0, prev_len = 0;
    unsigned long n = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        // Lines compare without their newline, so a last line lacking one still matches.
        size_t cmp_len = (size_t)len - (len > 0 && line[len - 1] == '\n');
        size_t prev_cmp = prev_len - (prev_len > 0 && prev[prev_len - 1] == '\n');
        if (n > 0 && cmp_len == prev_cmp && memcmp(line, prev, cmp_len) == 0) {
            n++;
            continue;
        }
        if (n > 0) emit(out, prev, prev_len, n);
        char *t = prev;
        size_t tc = prev_cap;
        prev = line;
        prev_cap = cap;
        prev_len = (size_t)len;
        line = t;
        cap = tc;
        n = 1;
    }
    int status = 0;
    if (ferror(in)) {
        warn_errno(in_name);
        status = 1;
    }
    if (n > 0) emit(out, prev, prev_len, n);
    free(line);
    free(prev);
    if (out != stdout && fclose(out) != 0) {
        warn_errno(out_name);
        status = 1;
    }
    return status | finish_stdout();
}
