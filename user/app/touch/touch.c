#define _XOPEN_SOURCE 700
// touch: sets file times to now (or to another file's), creating missing files:
// touch [-acm] [-r ref] [-d @seconds] file...
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    prog_init("touch", "[-acm] [-r ref] [-d @seconds] file...");
    bool no_create = false, atime = false, mtime = false;
    const char *ref = NULL, *when = NULL;
    int c;
    while ((c = next_opt(argc, argv, "acmr:d:")) != -1) {
        switch (c) {
        case 'a':
            atime = true;
            break;
        case 'c':
            no_create = true;
            break;
        case 'm':
            mtime = true;
            break;
        case 'r':
            ref = optarg;
            break;
        case 'd':
            when = optarg;
            break;
        }
    }
    if (optind == argc) usage();
    if (!atime && !mtime) atime = mtime = true;
    struct timespec ts[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    if (ref) {
        struct stat st;
        if (stat(ref, &st) < 0) die_errno(ref);
        ts[0] = st.st_atim;
        ts[1] = st.st_mtim;
    } else if (when) {
        long secs;
        if (when[0] != '@' || parse_long(when + 1, &secs) < 0)
            die_msg("invalid date '%s' (only @seconds is understood)", when);
        ts[0].tv_sec = ts[1].tv_sec = (time_t)secs;
        ts[0].tv_nsec = ts[1].tv_nsec = 0;
    }
    if (!atime) ts[0].tv_nsec = UTIME_OMIT;
    if (!mtime) ts[1].tv_nsec = UTIME_OMIT;
    int status = 0;
    for (int i = optind; i < argc; i++) {
        if (utimensat(AT_FDCWD, argv[i], ts, 0) == 0) continue;
        if (errno != ENOENT) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        if (no_create) continue;
        // Create it, then set its times by name (a new file's times are already "now").
        int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
        if (fd < 0 || close(fd) < 0 ||
            ((ref || when || !atime || !mtime) && utimensat(AT_FDCWD, argv[i], ts, 0) < 0)) {
            warn_errno(argv[i]);
            status = 1;
        }
    }
    return status;
}
