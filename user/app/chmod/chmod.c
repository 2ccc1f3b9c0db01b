#define _XOPEN_SOURCE 700
// chmod: changes file modes: chmod [-R] mode file...; mode is octal or symbolic ("u+x,go-w").
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool recursive;
static const char *spec;
static mode_t mask;

static int change(const char *path, bool top)
{
    struct stat st;
    if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
        warn_errno(path);
        return -1;
    }
    if (S_ISLNK(st.st_mode)) return 0; // links met while recursing have no mode of their own
    mode_t mode;
    if (mode_apply(spec, st.st_mode, S_ISDIR(st.st_mode), mask, &mode) < 0)
        die_msg("invalid mode '%s'", spec);
    int rc = 0;
    if (chmod(path, mode) < 0) {
        warn_errno(path);
        rc = -1;
    }
    if (recursive && S_ISDIR(st.st_mode) && for_each_entry(path, change) < 0) rc = -1;
    return rc;
}

int main(int argc, char *argv[])
{
    prog_init("chmod", "[-R] mode file...");
    // A symbolic mode like "-w" looks like an option; take it as the mode when it parses as one.
    int c;
    while (optind < argc && argv[optind][0] == '-' && argv[optind][1] != '\0') {
        mode_t m;
        if (strcmp(argv[optind], "--") == 0) {
            optind++;
            break;
        }
        if (mode_apply(argv[optind], 0, false, 0, &m) == 0) break;
        c = next_opt(argc, argv, "R");
        if (c == -1) break;
        recursive = true;
    }
    if (argc - optind < 2) usage();
    spec = argv[optind];
    mask = umask(0);
    umask(mask);
    mode_t check;
    if (mode_apply(spec, 0, false, mask, &check) < 0) die_msg("invalid mode '%s'", spec);
    int status = 0;
    for (int i = optind + 1; i < argc; i++) {
        if (change(argv[i], true) < 0) status = 1;
    }
    return status;
}
