#define _XOPEN_SOURCE 700
// id: prints user and group identities: id [-u | -g | -G] [-n] [-r] [user].
#include "util.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_user(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    printf("%u", (unsigned)uid);
    if (pw) printf("(%s)", pw->pw_name);
}

static void print_group(gid_t gid)
{
    struct group *gr = getgrgid(gid);
    printf("%u", (unsigned)gid);
    if (gr) printf("(%s)", gr->gr_name);
}

static void print_name_or_number(bool name, bool user, unsigned id)
{
    const char *s = NULL;
    if (name && user) {
        struct passwd *pw = getpwuid((uid_t)id);
        s = pw ? pw->pw_name : NULL;
    } else if (name) {
        struct group *gr = getgrgid((gid_t)id);
        s = gr ? gr->gr_name : NULL;
    }
    if (s)
        fputs(s, stdout);
    else
        printf("%u", id);
}

// Supplementary groups of a named user, from the group file; *n is the count.
static gid_t *user_groups(const struct passwd *pw, int *n)
{
    int cap = 16, cnt = 0;
    gid_t *g = xmalloc(sizeof *g * (size_t)cap);
    g[cnt++] = pw->pw_gid;
    struct group *gr;
    setgrent();
    while ((gr = getgrent()) != NULL) {
        for (char **m = gr->gr_mem; *m; m++) {
            if (strcmp(*m, pw->pw_name) == 0 && gr->gr_gid != pw->pw_gid) {
                if (cnt == cap) g = xrealloc(g, sizeof *g * (size_t)(cap *= 2));
                g[cnt++] = gr->gr_gid;
                break;
            }
        }
    }
    endgrent();
    *n = cnt;
    return g;
}

int main(int argc, char *argv[])
{
    prog_init("id", "[-u | -g | -G] [-n] [-r] [user]");
    int which = 0, c;
    bool name = false, real = false;
    while ((c = next_opt(argc, argv, "ugGnr")) != -1) {
        if (c == 'n')
            name = true;
        else if (c == 'r')
            real = true;
        else if (which && which != c)
            usage();
        else
            which = c;
    }
    if (argc - optind > 1 || ((name || real) && !which)) usage();
    uid_t ruid = getuid(), euid = geteuid();
    gid_t rgid = getgid(), egid = getegid();
    gid_t *groups;
    int ngroups;
    if (optind < argc) {
        struct passwd *pw = getpwnam(argv[optind]);
        long num;
        if (!pw && parse_long(argv[optind], &num) == 0) pw = getpwuid((uid_t)num);
        if (!pw) die_msg("%s: no such user", argv[optind]);
        ruid = euid = pw->pw_uid;
        rgid = egid = pw->pw_gid;
        groups = user_groups(pw, &ngroups);
    } else {
        ngroups = getgroups(0, NULL);
        if (ngroups < 0) die_errno("getgroups");
        groups = xmalloc(sizeof *groups * (size_t)(ngroups + 1));
        ngroups = getgroups(ngroups, groups);
        if (ngroups < 0) die_errno("getgroups");
    }
    if (which == 'u') {
        print_name_or_number(name, true, real ? ruid : euid);
    } else if (which == 'g') {
        print_name_or_number(name, false, real ? rgid : egid);
    } else if (which == 'G') {
        print_name_or_number(name, false, real ? rgid : egid);
        for (int i = 0; i < ngroups; i++) {
            if (groups[i] == (real ? rgid : egid)) continue;
            putchar(' ');
            print_name_or_number(name, false, groups[i]);
        }
    } else {
        fputs("uid=", stdout);
        print_user(ruid);
        fputs(" gid=", stdout);
        print_group(rgid);
        if (euid != ruid) {
            fputs(" euid=", stdout);
            print_user(euid);
        }
        if (egid != rgid) {
            fputs(" egid=", stdout);
            print_group(egid);
        }
        if (ngroups > 0) {
            fputs(" groups=", stdout);
            for (int i = 0; i < ngroups; i++) {
                if (i) putchar(',');
                print_group(groups[i]);
            }
        }
    }
    putchar('\n');
    free(groups);
    return finish_stdout();
}
