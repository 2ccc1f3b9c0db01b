#define _XOPEN_SOURCE 700
// chown: changes file owners: chown [-hR] owner[:group] file..., or chown [-hR] :group file...
// Names are looked up in the user and group tables; numbers are taken as they are.
#include "util.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool recursive, no_deref;
static uid_t uid = (uid_t)-1;
static gid_t gid = (gid_t)-1;

static int change(const char *path, bool top)
{
    struct stat st;
    bool follow = top && !no_deref;
    if ((follow ? stat(path, &st) : lstat(path, &st)) < 0) {
        warn_errno(path);
        return -1;
    }
    int rc = 0;
    if ((follow ? chown(path, uid, gid) : lchown(path, uid, gid)) < 0) {
        warn_errno(path);
        rc = -1;
    }
    if (recursive && S_ISDIR(st.st_mode) && for_each_entry(path, change) < 0) rc = -1;
    return rc;
}

int main(int argc, char *argv[])
{
    prog_init("chown", "[-hR] owner[:group] file...");
    int c;
    while ((c = next_opt(argc, argv, "hR")) != -1) {
        if (c == 'h')
            no_deref = true;
        else
            recursive = true;
    }
    if (argc - optind < 2) usage();
    char *spec = xstrdup(argv[optind]);
    char *colon = strchr(spec, ':');
    if (colon) *colon = '\0';
    long num;
    if (*spec) {
        struct passwd *pw = getpwnam(spec);
        if (pw)
            uid = pw->pw_uid;
        else if (parse_long(spec, &num) == 0 && num >= 0)
            uid = (uid_t)num;
        else
            die_msg("%s: no such user", spec);
    }
    if (colon && colon[1]) {
        struct group *gr = getgrnam(colon + 1);
        if (gr)
            gid = gr->gr_gid;
        else if (parse_long(colon + 1, &num) == 0 && num >= 0)
            gid = (gid_t)num;
        else
            die_msg("%s: no such group", colon + 1);
    }
    if (!*spec && !(colon && colon[1])) die_msg("invalid owner '%s'", argv[optind]);
    free(spec);
    int status = 0;
    for (int i = optind + 1; i < argc; i++) {
        if (change(argv[i], true) < 0) status = 1;
    }
    return status;
}
