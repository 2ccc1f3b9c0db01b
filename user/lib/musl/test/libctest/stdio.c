/* libctest: stdio on files (seeking, buffering, scanning, lines, temporary files), memory
 * streams, and the account and password functions (getpwnam, getgrnam, getspnam, crypt). */
#include "libctest.h"
#include <crypt.h>
#include <grp.h>
#include <pwd.h>
#include <shadow.h>

static const char *t_stdio_seek(void)
{
    NEED_VFS;
    FILE *f = fopen("/tmp/libc_sk", "w+");
    CHECK(f);
    CHECK(fputs("abcdefghij", f) >= 0);
    CHECK(ftell(f) == 10);
    rewind(f);
    CHECK(fgetc(f) == 'a');
    CHECK(ungetc('Z', f) == 'Z');
    CHECK(fgetc(f) == 'Z' && fgetc(f) == 'b');
    CHECK(fseek(f, -3, SEEK_END) == 0 && ftell(f) == 7);
    char buf[8] = {0};
    CHECK(fread(buf, 1, sizeof buf, f) == 3 && !strcmp(buf, "hij"));
    CHECK(feof(f) && !ferror(f));
    clearerr(f);
    CHECK(!feof(f));
    CHECK(fseek(f, 2, SEEK_SET) == 0 && fputc('C', f) == 'C');
    CHECK(fflush(f) == 0);
    int fd = fileno(f);
    CHECK(fd >= 0 && pread(fd, buf, 4, 0) == 4 && !memcmp(buf, "abCd", 4));
    CHECK(fseek(f, -20, SEEK_SET) == -1 && errno == EINVAL);
    CHECK(fclose(f) == 0);
    CHECK(unlink("/tmp/libc_sk") == 0);
    return NULL;
}

static const char *t_stdio_scan_lines(void)
{
    NEED_VFS;
    FILE *f = fopen("/tmp/libc_sc", "w");
    CHECK(f);
    fprintf(f, "alpha 12 3.5\nbeta -7 0.25\n");
    for (int i = 0; i < 300; i++)
        fputc('x', f); /* a line longer than any small buffer */
    fputs("\nlast", f);
    CHECK(fclose(f) == 0);
    f = fopen("/tmp/libc_sc", "r");
    CHECK(f);
    char word[16];
    int n;
    double d;
    CHECK(fscanf(f, "%15s %d %lf", word, &n, &d) == 3);
    CHECK(!strcmp(word, "alpha") && n == 12 && d == 3.5);
    CHECK(fscanf(f, "%15s %d %lf ", word, &n, &d) == 3);
    CHECK(!strcmp(word, "beta") && n == -7 && d == 0.25);
    char *line = NULL;
    size_t cap = 0;
    CHECK(getline(&line, &cap, f) == 301 && line[299] == 'x' && line[300] == '\n');
    CHECK(getdelim(&line, &cap, 's', f) == 3 && !strcmp(line, "las"));
    CHECK(getline(&line, &cap, f) == 1 && !strcmp(line, "t"));
    CHECK(getline(&line, &cap, f) == -1 && feof(f));
    free(line);
    CHECK(fclose(f) == 0);
    CHECK(unlink("/tmp/libc_sc") == 0);
    return NULL;
}

static const char *t_stdio_buffering(void)
{
    NEED_VFS;
    FILE *f = fopen("/tmp/libc_bf", "w");
    CHECK(f);
    static char buf[4096];
    CHECK(setvbuf(f, buf, _IOFBF, sizeof buf) == 0);
    fputs("held in the buffer", f);
    struct stat st;
    CHECK(stat("/tmp/libc_bf", &st) == 0 && st.st_size == 0);
    CHECK(fflush(f) == 0);
    CHECK(stat("/tmp/libc_bf", &st) == 0 && st.st_size == 18);
    CHECK(fclose(f) == 0);
    /* fdopen on a descriptor; the stream's writes go through it. */
    int fd = open("/tmp/libc_bf", O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    f = fdopen(fd, "a");
    CHECK(f);
    CHECK(fprintf(f, "%s", "!") == 1);
    CHECK(fclose(f) == 0);
    CHECK(stat("/tmp/libc_bf", &st) == 0 && st.st_size == 19);
    CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF); /* fclose closed it */
    CHECK(unlink("/tmp/libc_bf") == 0);
    return NULL;
}

static const char *t_stdio_tmpfile(void)
{
    NEED_VFS;
    FILE *f = tmpfile();
    CHECK(f);
    for (int i = 0; i < 1000; i++)
        CHECK(fprintf(f, "%04d", i) == 4);
    CHECK(fseek(f, 4 * 500, SEEK_SET) == 0);
    int v = -1;
    CHECK(fscanf(f, "%4d", &v) == 1 && v == 500);
    CHECK(fclose(f) == 0);
    /* fopen's error paths. */
    CHECK(fopen("/tmp/no/such/file", "r") == NULL && errno == ENOENT);
    CHECK(fopen("/tmp/libc_x", "q") == NULL && errno == EINVAL);
    return NULL;
}

static const char *t_memstream(void)
{
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    CHECK(f);
    for (int i = 0; i < 100; i++)
        fprintf(f, "%d,", i);
    CHECK(fclose(f) == 0);
    CHECK(n == 290 && !strncmp(p, "0,1,2,", 6) && !strcmp(p + n - 3, "99,"));
    free(p);
    char buf[32] = "12 apples";
    f = fmemopen(buf, sizeof buf, "r+");
    CHECK(f);
    int k;
    char what[16];
    CHECK(fscanf(f, "%d %15s", &k, what) == 2 && k == 12 && !strcmp(what, "apples"));
    CHECK(fclose(f) == 0);
    return NULL;
}

/* A small account database in the vfs root (a ramfs here), read by musl's parsers. */
static int write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static const char *t_accounts(void)
{
    NEED_VFS;
    struct stat st;
    if (stat("/etc/passwd", &st) == 0) return SKIP; /* a real system's: leave it alone */
    if (mkdir("/etc", 0755) != 0 && errno != EEXIST) return errno == EACCES ? SKIP : "mkdir /etc";
    CHECK(write_file("/etc/passwd",
                     "root:x:0:0:root:/root:/bin/sh\n"
                     "alice:x:1500:1600:Alice A:/home/alice:/bin/sh\n",
                     0644) == 0);
    CHECK(write_file("/etc/group", "root:x:0:\nstaff:x:1600:alice,bob\n", 0644) == 0);
    CHECK(write_file("/etc/shadow", "alice:$6$saltstring$x:19000:0:99999:7:::\n", 0600) == 0);
    struct passwd *pw = getpwnam("alice");
    CHECK(pw && pw->pw_uid == 1500 && pw->pw_gid == 1600);
    CHECK(!strcmp(pw->pw_dir, "/home/alice") && !strcmp(pw->pw_gecos, "Alice A"));
    pw = getpwuid(0);
    CHECK(pw && !strcmp(pw->pw_name, "root"));
    errno = 0;
    CHECK(getpwnam("nobody-here") == NULL && errno == 0);
    struct group *gr = getgrgid(1600);
    CHECK(gr && !strcmp(gr->gr_name, "staff"));
    CHECK(gr->gr_mem[0] && !strcmp(gr->gr_mem[0], "alice") && !strcmp(gr->gr_mem[1], "bob"));
    struct spwd *sp = getspnam("alice");
    CHECK(sp && !strcmp(sp->sp_pwdp, "$6$saltstring$x") && sp->sp_lstchg == 19000);
    unlink("/etc/passwd");
    unlink("/etc/group");
    unlink("/etc/shadow");
    rmdir("/etc");
    return NULL;
}

static const char *t_crypt(void)
{
    /* SHA-crypt's published vectors; the MD5-crypt hash from `openssl passwd -1`. */
    const char *h = crypt("Hello world!", "$6$saltstring");
    CHECK(h && !strcmp(h, "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJ"
                          "uesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"));
    h = crypt("Hello world!", "$5$saltstring");
    CHECK(h && !strcmp(h, "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"));
    struct crypt_data cd = {0};
    h = crypt_r("password", "$1$saltsalt", &cd);
    CHECK(h && !strcmp(h, "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"));
    return NULL;
}

const struct test stdio_tests[] = {
    {t_stdio_seek, "stdio_seek"},
    {t_stdio_scan_lines, "stdio_scan_lines"},
    {t_stdio_buffering, "stdio_buffering"},
    {t_stdio_tmpfile, "stdio_tmpfile"},
    {t_memstream, "memstream"},
    {t_accounts, "accounts"},
    {t_crypt, "crypt"},
    {NULL, NULL},
};
