/* libctest: directories and the working directory. */
#include "libctest.h"
#include <ftw.h>

static const char *t_dirs(void)
{
    NEED_VFS;
    CHECK(mkdir("/tmp/libc_d", 0755) == 0);
    CHECK(mkdir("/tmp/libc_d", 0755) == -1 && errno == EEXIST);
    for (int i = 0; i < 5; i++) {
        char p[64];
        snprintf(p, sizeof p, "/tmp/libc_d/f%d", i);
        int fd = open(p, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *d = opendir("/tmp/libc_d");
    CHECK(d);
    int n = 0, dots = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            dots++;
        else
            n++;
    }
    closedir(d);
    CHECK(n == 5);
    CHECK(rmdir("/tmp/libc_d") == -1 && errno == ENOTEMPTY);
    for (int i = 0; i < 5; i++) {
        char p[64];
        snprintf(p, sizeof p, "/tmp/libc_d/f%d", i);
        CHECK(unlink(p) == 0);
    }
    CHECK(rmdir("/tmp/libc_d") == 0);
    (void)dots;
    return NULL;
}

static const char *t_cwd(void)
{
    NEED_VFS;
    char buf[256];
    CHECK(getcwd(buf, sizeof buf) == buf);
    CHECK(mkdir("/tmp/libc_cwd", 0755) == 0);
    CHECK(chdir("/tmp/libc_cwd") == 0);
    CHECK(getcwd(buf, sizeof buf) && strcmp(buf, "/tmp/libc_cwd") == 0);
    int fd = open("rel", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(access("/tmp/libc_cwd/rel", F_OK) == 0);
    CHECK(chdir("/") == 0);
    int dfd = open("/tmp/libc_cwd", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    CHECK(fchdir(dfd) == 0);
    CHECK(getcwd(buf, sizeof buf) && strcmp(buf, "/tmp/libc_cwd") == 0);
    CHECK(getcwd(buf, 5) == NULL && errno == ERANGE);
    CHECK(chdir("/") == 0);
    close(dfd);
    CHECK(unlink("/tmp/libc_cwd/rel") == 0);
    CHECK(rmdir("/tmp/libc_cwd") == 0);
    return NULL;
}

static const char *t_openat(void)
{
    NEED_VFS;
    CHECK(mkdir("/tmp/libc_at", 0755) == 0);
    int dfd = open("/tmp/libc_at", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    int fd = openat(dfd, "x", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "hi", 2) == 2);
    close(fd);
    struct stat st;
    CHECK(fstatat(dfd, "x", &st, 0) == 0 && st.st_size == 2);
    CHECK(mkdirat(dfd, "sub", 0755) == 0);
    CHECK(renameat(dfd, "x", dfd, "sub/y") == 0);
    CHECK(stat("/tmp/libc_at/sub/y", &st) == 0);
    CHECK(unlinkat(dfd, "sub/y", 0) == 0);
    CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR) == 0);
    close(dfd);
    CHECK(rmdir("/tmp/libc_at") == 0);
    return NULL;
}

static const char *t_big_dir(void)
{
    NEED_VFS;
    CHECK(mkdir("/tmp/libc_big", 0755) == 0);
    char p[64];
    for (int i = 0; i < 120; i++) {
        snprintf(p, sizeof p, "/tmp/libc_big/file_with_a_long_name_%03d", i);
        int fd = open(p, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *dir = opendir("/tmp/libc_big");
    CHECK(dir);
    int seen[120] = {0}, n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        int k;
        if (sscanf(e->d_name, "file_with_a_long_name_%d", &k) == 1 && k >= 0 && k < 120 &&
            !seen[k]) {
            seen[k] = 1;
            n++;
        }
    }
    closedir(dir);
    for (int i = 0; i < 120; i++) {
        snprintf(p, sizeof p, "/tmp/libc_big/file_with_a_long_name_%03d", i);
        unlink(p);
    }
    CHECK(rmdir("/tmp/libc_big") == 0);
    CHECK(n == 120);
    return NULL;
}

static const char *t_devdir(void)
{
    NEED_VFS;
    DIR *d = opendir("/dev");
    CHECK(d);
    int null = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        null |= !strcmp(e->d_name, "null");
    closedir(d);
    CHECK(null);
    struct stat st;
    CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    return NULL;
}

static const char *t_fifo_statvfs(void)
{
    NEED_VFS;
    if (mkfifo("/tmp/libc_fifo", 0644) != 0)
        return errno == ENOSYS || errno == EPERM ? SKIP : "mkfifo";
    struct stat st;
    CHECK(stat("/tmp/libc_fifo", &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK(unlink("/tmp/libc_fifo") == 0);
    struct statvfs sv;
    CHECK(statvfs("/tmp", &sv) == 0 && sv.f_bsize > 0);
    CHECK(statvfs("/nonexistent", &sv) == -1 && errno == ENOENT);
    return NULL;
}

static int mkfile(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int tree_files, tree_dirs, tree_bytes, tree_maxlevel;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path;
    if (type == FTW_F) {
        tree_files++;
        tree_bytes += (int)st->st_size;
    } else if (type == FTW_DP) {
        tree_dirs++;
    } else {
        return 1; /* anything else stops the walk */
    }
    if (ftw->level > tree_maxlevel) tree_maxlevel = ftw->level;
    return 0;
}

static int unlink_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static const char *t_scandir_nftw(void)
{
    NEED_VFS;
    CHECK(mkdir("/tmp/libc_tree", 0755) == 0);
    CHECK(mkdir("/tmp/libc_tree/b", 0755) == 0 && mkdir("/tmp/libc_tree/b/c", 0755) == 0);
    CHECK(mkfile("/tmp/libc_tree/zeta", "1") == 0 && mkfile("/tmp/libc_tree/alpha", "22") == 0);
    CHECK(mkfile("/tmp/libc_tree/b/mid", "333") == 0);
    CHECK(mkfile("/tmp/libc_tree/b/c/deep", "4444") == 0);
    struct dirent **list;
    int n = scandir("/tmp/libc_tree", &list, NULL, alphasort);
    CHECK(n == 5);
    const char *want[] = {".", "..", "alpha", "b", "zeta"};
    int sorted = 1;
    for (int i = 0; i < n; i++) {
        sorted &= !strcmp(list[i]->d_name, want[i]);
        free(list[i]);
    }
    free(list);
    CHECK(sorted);
    tree_files = tree_dirs = tree_bytes = tree_maxlevel = 0;
    CHECK(nftw("/tmp/libc_tree", visit, 8, FTW_DEPTH | FTW_PHYS) == 0);
    CHECK(tree_files == 4 && tree_dirs == 3 && tree_bytes == 10 && tree_maxlevel == 3);
    /* rewinddir reads the same entries again. */
    DIR *d = opendir("/tmp/libc_tree/b");
    CHECK(d);
    int first = 0, second = 0;
    while (readdir(d))
        first++;
    rewinddir(d);
    while (readdir(d))
        second++;
    CHECK(dirfd(d) >= 0);
    closedir(d);
    CHECK(first == 4 && second == 4);
    CHECK(nftw("/tmp/libc_tree", unlink_cb, 8, FTW_DEPTH | FTW_PHYS) == 0);
    CHECK(access("/tmp/libc_tree", F_OK) == -1 && errno == ENOENT);
    return NULL;
}

static const char *t_cwd_relative(void)
{
    NEED_VFS;
    char *start = getcwd(NULL, 0);
    CHECK(start);
    CHECK(mkdir("/tmp/libc_rel", 0755) == 0 && mkdir("/tmp/libc_rel/in", 0755) == 0);
    CHECK(chdir("/tmp/libc_rel/in") == 0);
    CHECK(chdir("..") == 0);
    char *here = getcwd(NULL, 0);
    CHECK(here && !strcmp(here, "/tmp/libc_rel"));
    free(here);
    CHECK(mkfile("in/../f", "x") == 0);
    CHECK(access("/tmp/libc_rel/f", F_OK) == 0);
    CHECK(chdir("in") == 0);
    char rp[256];
    CHECK(realpath("../f", rp) && !strcmp(rp, "/tmp/libc_rel/f"));
    CHECK(realpath("./../in/./", rp) && !strcmp(rp, "/tmp/libc_rel/in"));
    CHECK(realpath("../missing", rp) == NULL && errno == ENOENT);
    CHECK(chdir("/") == 0);
    char buf[8];
    CHECK(getcwd(buf, sizeof buf) && !strcmp(buf, "/"));
    CHECK(chdir(start) == 0);
    free(start);
    CHECK(unlink("/tmp/libc_rel/f") == 0 && rmdir("/tmp/libc_rel/in") == 0);
    CHECK(rmdir("/tmp/libc_rel") == 0);
    return NULL;
}

const struct test dir_tests[] = {
    {t_dirs, "dirs"},
    {t_cwd, "cwd"},
    {t_openat, "openat"},
    {t_big_dir, "big_dir"},
    {t_devdir, "devdir"},
    {t_fifo_statvfs, "fifo_statvfs"},
    {t_scandir_nftw, "scandir_nftw"},
    {t_cwd_relative, "cwd_relative"},
    {NULL, NULL},
};
