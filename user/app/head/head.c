#define _XOPEN_SOURCE 700
// head: prints the first lines of files: head [-n count] [file...] (also -count).
#include "util.h"

#include <stdio.h>
#include <string.h>

static int head_file(FILE *f, const char *name, long count)
{
    int c;
    long lines = 0;
    while (lines < count && (c = getc(f)) != EOF) {
        putchar(c);
        if (c == '\n') lines++;
    }
    if (ferror(f)) {
        warn_errno(name);
        return -1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    prog_init("head", "[-n count] [file...]");
    long count = 10;
    // The obsolete "-5" form, still what people type.
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
        if (parse_long(argv[1] + 1, &count) < 0) usage();
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    int c;
    while ((c = next_opt(argc, argv, "n:")) != -1) {
        if (parse_long(optarg, &count) < 0 || count < 0) {
            warn_msg("invalid line count '%s'", optarg);
            usage();
        }
    }
    int status = 0;
    int nfiles = argc - optind;
    if (nfiles == 0) status |= head_file(stdin, "stdin", count) < 0;
    for (int i = optind; i < argc; i++) {
        bool is_stdin = strcmp(argv[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(argv[i], "r");
        if (!f) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        if (nfiles > 1)
            printf("%s==> %s <==\n", i > optind ? "\n" : "", is_stdin ? "standard input" : argv[i]);
        status |= head_file(f, argv[i], count) < 0;
        if (!is_stdin) fclose(f);
    }
    return status | finish_stdout();
}
