#define _XOPEN_SOURCE 700
// stat: prints file status: stat [-L] [-c format] file...
// Format directives: %n name, %N quoted name (-> 'target'), %s size, %b blocks, %i inode,
// %h links, %a octal mode, %A mode string, %F type, %u/%U owner, %g/%G group,
// %X/%Y/%Z access/modify/change seconds, %x/%y/%z the same as dates, %d device, %%.
#include "util.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *type_name(const struct stat *st)
{
    mode_t m = st->st_mode;
    if (S_ISREG(m)) return st->st_size ? "regular file" : "regular empty file";
    if (S_ISDIR(m)) return "directory";
    if (S_ISLNK(m)) return "symbolic link";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISCHR(m)) return "character special file";
    if (S_ISBLK(m)) return "block special file";
    if (S_ISSOCK(m)) return "socket";
    return "unknown";
}

static void print_time(const struct timespec *ts)
{
    struct tm tm;
    char a[64], z[16];
    if (!localtime_r(&ts->tv_sec, &tm)) {
        printf("%lld", (long long)ts->tv_sec);
        return;
    }
    strftime(a, sizeof a, "%Y-%m-%d %H:%M:%S", &tm);
    strftime(z, sizeof z, "%z", &tm);
    printf("%s.%09ld %s", a, ts->tv_nsec, z);
}

static const char *user_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    return pw ? pw->pw_name : "UNKNOWN";
}

static const char *group_name(gid_t gid)
{
    struct group *gr = getgrgid(gid);
    return gr ? gr->gr_name : "UNKNOWN";
}

static void print_name(const char *path, const struct stat *st, bool arrow)
{
    printf(arrow ? "'%s'" : "%s", path);
    if (arrow && S_ISLNK(st->st_mode)) {
        char target[4096];
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n >= 0) {
            target[n] = '\0';
            printf(" -> '%s'", target);
        }
    }
}

static void print_format(const char *fmt, const char *path, const struct stat *st)
{
    char ms[11];
    for (const char *p = fmt; *p; p++) {
        if (*p == '\\' && p[1] == 'n') {
            putchar('\n');
            p++;
            continue;
        }
        if (*p != '%' || p[1] == '\0') {
            putchar(*p);
            continue;
        }
        switch (*++p) {
        case 'n':
            fputs(path, stdout);
            break;
        case 'N':
            print_name(path, st, true);
            break;
        case 's':
            printf("%lld", (long long)st->st_size);
            break;
        case 'b':
            printf("%lld", (long long)st->st_blocks);
            break;
        case 'i':
            printf("%llu", (unsigned long long)st->st_ino);
            break;
        case 'h':
            printf("%lu", (unsigned long)st->st_nlink);
            break;
        case 'a':
            printf("%o", (unsigned)(st->st_mode & 07777));
            break;
        case 'A':
            mode_string(st->st_mode, ms);
            fputs(ms, stdout);
            break;
        case 'F':
            fputs(type_name(st), stdout);
            break;
        case 'u':
            printf("%u", (unsigned)st->st_uid);
            break;
        case 'U':
            fputs(user_name(st->st_uid), stdout);
            break;
        case 'g':
            printf("%u", (unsigned)st->st_gid);
            break;
        case 'G':
            fputs(group_name(st->st_gid), stdout);
            break;
        case 'X':
            printf("%lld", (long long)st->st_atim.tv_sec);
            break;
        case 'Y':
            printf("%lld", (long long)st->st_mtim.tv_sec);
            break;
        case 'Z':
            printf("%lld", (long long)st->st_ctim.tv_sec);
            break;
        case 'x':
            print_time(&st->st_atim);
            break;
        case 'y':
            print_time(&st->st_mtim);
            break;
        case 'z':
            print_time(&st->st_ctim);
            break;
        case 'd':
            printf("%llu", (unsigned long long)st->st_dev);
            break;
        case '%':
            putchar('%');
            break;
        default:
            putchar('%');
            putchar(*p);
            break;
        }
    }
    putchar('\n');
}

static void print_default(const char *path, const struct stat *st)
{
    char ms[11];
    mode_string(st->st_mode, ms);
    fputs("  File: ", stdout);
    print_name(path, st, S_ISLNK(st->st_mode));
    printf("\n  Size: %-10lld\tBlocks: %-10lld IO Block: %-6ld %s\n", (long long)st->st_size,
           (long long)st->st_blocks, (long)st->st_blksize, type_name(st));
    printf("Device: %llu\tInode: %-11llu Links: %lu\n", (unsigned long long)st->st_dev,
           (unsigned long long)st->st_ino, (unsigned long)st->st_nlink);
    printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n", (unsigned)(st->st_mode & 07777),
           ms, (unsigned)st->st_uid, user_name(st->st_uid), (unsigned)st->st_gid,
           group_name(st->st_gid));
    fputs("Access: ", stdout);
    print_time(&st->st_atim);
    fputs("\nModify: ", stdout);
    print_time(&st->st_mtim);
    fputs("\nChange: ", stdout);
    print_time(&st->st_ctim);
    putchar('\n');
}

int main(int argc, char *argv[])
{
    prog_init("stat", "[-L] [-c format] file...");
    bool follow = false;
    const char *fmt = NULL;
    int c;
    while ((c = next_opt(argc, argv, "Lc:")) != -1) {
        if (c == 'L')
            follow = true;
        else
            fmt = optarg;
    }
    if (optind == argc) usage();
    int status = 0;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
            warn_errno(argv[i]);
            status = 1;
            continue;
        }
        if (fmt)
            print_format(fmt, argv[i], &st);
        else
            print_default(argv[i], &st);
    }
    return status | finish_stdout();
}
