/* libctest: files (I/O, stat, links, modes, stdio on files, file mappings). */
#include "libctest.h"

static const char *t_file_rw(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_a", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    char big[3000];
    for (int i = 0; i < 3000; i++)
        big[i] = (char)('a' + i % 26);
    CHECK(write(fd, big, sizeof big) == 3000);
    CHECK(lseek(fd, 0, SEEK_CUR) == 3000);
    CHECK(lseek(fd, 100, SEEK_SET) == 100);
    char in[3000];
    CHECK(read(fd, in, 10) == 10);
    CHECK(memcmp(in, big + 100, 10) == 0);
    CHECK(pread(fd, in, 3000, 0) == 3000);
    CHECK(memcmp(in, big, 3000) == 0);
    CHECK(pwrite(fd, "XYZ", 3, 1000) == 3);
    CHECK(lseek(fd, 0, SEEK_CUR) == 110);
    CHECK(pread(fd, in, 3, 1000) == 3 && memcmp(in, "XYZ", 3) == 0);
    CHECK(lseek(fd, 0, SEEK_END) == 3000);
    CHECK(read(fd, in, 10) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.st_size == 3000 && S_ISREG(st.st_mode));
    CHECK(close(fd) == 0);
    CHECK(close(fd) == -1 && errno == EBADF);
    return NULL;
}

static const char *t_file_vectors(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_v", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    struct iovec w[2] = {{"hello ", 6}, {"world", 5}};
    CHECK(writev(fd, w, 2) == 11);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    char a[3], b[8] = {0};
    struct iovec r[2] = {{a, 3}, {b, 8}};
    CHECK(readv(fd, r, 2) == 11);
    CHECK(memcmp(a, "hel", 3) == 0 && memcmp(b, "lo world", 8) == 0);
    close(fd);
    return NULL;
}

static const char *t_stdio_file(void)
{
    NEED_VFS;
    FILE *f = fopen("/tmp/libc_f", "w");
    CHECK(f);
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %d\n", i);
    CHECK(fclose(f) == 0);
    f = fopen("/tmp/libc_f", "r");
    CHECK(f);
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        char want[64];
        snprintf(want, sizeof want, "line %d\n", n);
        CHECK(strcmp(line, want) == 0);
        n++;
    }
    CHECK(n == 100);
    CHECK(fclose(f) == 0);
    return NULL;
}

static const char *t_stat_unlink(void)
{
    NEED_VFS;
    struct stat st;
    int fd = open("/tmp/libc_s", O_CREAT | O_WRONLY | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, "12345", 5) == 5);
    close(fd);
    CHECK(stat("/tmp/libc_s", &st) == 0);
    CHECK(st.st_size == 5 && S_ISREG(st.st_mode));
    CHECK(unlink("/tmp/libc_s") == 0);
    CHECK(stat("/tmp/libc_s", &st) == -1 && errno == ENOENT);
    CHECK(open("/tmp/libc_s", O_RDONLY) == -1 && errno == ENOENT);
    return NULL;
}

static const char *t_rename_link(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_r1", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "abc", 3) == 3);
    close(fd);
    CHECK(rename("/tmp/libc_r1", "/tmp/libc_r2") == 0);
    CHECK(access("/tmp/libc_r1", F_OK) == -1 && errno == ENOENT);
    CHECK(access("/tmp/libc_r2", F_OK) == 0);
    struct stat st;
    if (link("/tmp/libc_r2", "/tmp/libc_r3") == 0) {
        CHECK(stat("/tmp/libc_r3", &st) == 0 && st.st_size == 3 && st.st_nlink == 2);
        CHECK(unlink("/tmp/libc_r3") == 0);
    } else {
        CHECK(errno == EPERM || errno == ENOSYS);
    }
    CHECK(symlink("/tmp/libc_r2", "/tmp/libc_sl") == 0);
    char buf[64] = {0};
    CHECK(readlink("/tmp/libc_sl", buf, sizeof buf) == 12);
    CHECK(strcmp(buf, "/tmp/libc_r2") == 0);
    CHECK(lstat("/tmp/libc_sl", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("/tmp/libc_sl", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
    CHECK(unlink("/tmp/libc_sl") == 0);
    CHECK(unlink("/tmp/libc_r2") == 0);
    return NULL;
}

static const char *t_truncate_chmod(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_t", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(ftruncate(fd, 4) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4);
    CHECK(truncate("/tmp/libc_t", 2) == 0);
    CHECK(stat("/tmp/libc_t", &st) == 0 && st.st_size == 2);
    CHECK(fchmod(fd, 0600) == 0);
    CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(chmod("/tmp/libc_t", 0640) == 0);
    CHECK(stat("/tmp/libc_t", &st) == 0 && (st.st_mode & 0777) == 0640);
    CHECK(fsync(fd) == 0);
    close(fd);
    CHECK(unlink("/tmp/libc_t") == 0);
    return NULL;
}

static const char *t_umask_devnull(void)
{
    NEED_VFS;
    mode_t old = umask(077);
    int fd = open("/tmp/libc_um", O_CREAT | O_WRONLY | O_TRUNC, 0666);
    CHECK(fd >= 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
    close(fd);
    unlink("/tmp/libc_um");
    CHECK(umask(old) == 077);
    fd = open("/dev/null", O_RDWR);
    CHECK(fd >= 0);
    CHECK(write(fd, "gone", 4) == 4);
    char b[4];
    CHECK(read(fd, b, 4) == 0);
    CHECK(isatty(fd) == 0);
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    CHECK(fd >= 0);
    memset(b, 1, 4);
    CHECK(read(fd, b, 4) == 4 && b[0] == 0 && b[3] == 0);
    close(fd);
    return NULL;
}

static const char *t_mmap_file(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_m", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    char data[6000];
    for (int i = 0; i < 6000; i++)
        data[i] = (char)(i * 7);
    CHECK(write(fd, data, sizeof data) == 6000);
    char *p = mmap(NULL, 6000, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED);
    CHECK(memcmp(p, data, 6000) == 0);
    CHECK(munmap(p, 6000) == 0);
    p = mmap(NULL, 100, PROT_READ, MAP_PRIVATE, fd, 4096);
    CHECK(p != MAP_FAILED && memcmp(p, data + 4096, 100) == 0);
    munmap(p, 100);
    CHECK(mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
    close(fd);
    unlink("/tmp/libc_m");
    return NULL;
}

static const char *t_redirect_stdout(void)
{
    NEED_VFS;
    fflush(stdout);
    int fd = open("/tmp/libc_out", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(dup2(fd, 1) == 1);
    printf("into the file\n");
    fflush(stdout);
    close(1); /* back to the console fallback */
    char buf[32] = {0};
    CHECK(pread(fd, buf, sizeof buf - 1, 0) == 14);
    close(fd);
    unlink("/tmp/libc_out");
    CHECK(strcmp(buf, "into the file\n") == 0);
    return NULL;
}

static const char *t_file_errors(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_e", O_CREAT | O_EXCL | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(open("/tmp/libc_e", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
    CHECK(open("/tmp/libc_e", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
    CHECK(open("/tmp/libc_e/x", O_RDONLY) == -1 && errno == ENOTDIR);
    int d = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK(d >= 0);
    char c;
    CHECK(read(d, &c, 1) == -1 && errno == EISDIR);
    close(d);
    int pf[2];
    CHECK(pipe(pf) == 0);
    CHECK(lseek(pf[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
    close(pf[0]);
    close(pf[1]);
    CHECK(unlink("/tmp/libc_e") == 0);
    CHECK(rmdir("/tmp/nonexistent_dir") == -1 && errno == ENOENT);
    return NULL;
}

static const char *t_big_file(void)
{
    NEED_VFS;
    enum { N = 200000 };
    unsigned char *a = malloc(N), *b = malloc(N);
    CHECK(a && b);
    for (int i = 0; i < N; i++)
        a[i] = (unsigned char)(i * 31 + (i >> 8));
    int fd = open("/tmp/libc_big_file", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, a, N) == N);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    size_t got = 0;
    ssize_t n;
    while (got < N && (n = read(fd, b + got, N - got)) > 0)
        got += (size_t)n;
    close(fd);
    unlink("/tmp/libc_big_file");
    int same = got == N && memcmp(a, b, N) == 0;
    free(a);
    free(b);
    CHECK(same);
    return NULL;
}

static const char *t_append_mkstemp(void)
{
    NEED_VFS;
    FILE *f = fopen("/tmp/libc_ap", "w");
    CHECK(f);
    fputs("one\n", f);
    fclose(f);
    f = fopen("/tmp/libc_ap", "a");
    CHECK(f);
    fputs("two\n", f);
    fclose(f);
    struct stat st;
    CHECK(stat("/tmp/libc_ap", &st) == 0 && st.st_size == 8);
    unlink("/tmp/libc_ap");
    char tmpl[] = "/tmp/libcXXXXXX";
    int fd = mkstemp(tmpl);
    CHECK(fd >= 0);
    CHECK(strncmp(tmpl, "/tmp/libc", 9) == 0 && strcmp(tmpl + 9, "XXXXXX") != 0);
    close(fd);
    CHECK(unlink(tmpl) == 0);
    return NULL;
}

static const char *t_utimens(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_ut", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    close(fd);
    struct timespec ts[2] = {{1000, 0}, {2000, 500}};
    CHECK(utimensat(AT_FDCWD, "/tmp/libc_ut", ts, 0) == 0);
    struct stat st;
    CHECK(stat("/tmp/libc_ut", &st) == 0);
    CHECK(st.st_mtim.tv_sec == 2000 && st.st_atim.tv_sec == 1000);
    unlink("/tmp/libc_ut");
    return NULL;
}

const struct test file_tests[] = {
    {t_file_rw, "file_rw"},
    {t_file_vectors, "file_vectors"},
    {t_stdio_file, "stdio_file"},
    {t_stat_unlink, "stat_unlink"},
    {t_rename_link, "rename_link"},
    {t_truncate_chmod, "truncate_chmod"},
    {t_umask_devnull, "umask_devnull"},
    {t_mmap_file, "mmap_file"},
    {t_redirect_stdout, "redirect_stdout"},
    {t_file_errors, "file_errors"},
    {t_big_file, "big_file"},
    {t_append_mkstemp, "append_mkstemp"},
    {t_utimens, "utimens"},
    {NULL, NULL},
};
