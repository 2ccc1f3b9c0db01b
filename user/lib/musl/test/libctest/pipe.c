/* libctest: pipes and descriptors (dup, fcntl, poll, select). */
#include "libctest.h"

static const char *t_dup_fcntl(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_dup", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    int d = dup(fd);
    CHECK(d > fd);
    CHECK(write(fd, "ab", 2) == 2);
    CHECK(lseek(d, 0, SEEK_CUR) == 2); /* shared offset */
    CHECK(dup2(fd, 40) == 40);
    CHECK(write(40, "c", 1) == 1);
    CHECK(lseek(fd, 0, SEEK_CUR) == 3);
    CHECK(dup2(40, 40) == 40);
    CHECK(fcntl(fd, F_GETFD) == 0);
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
    CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    int e = dup3(fd, 41, O_CLOEXEC);
    CHECK(e == 41 && fcntl(41, F_GETFD) == FD_CLOEXEC);
    int f = fcntl(fd, F_DUPFD, 50);
    CHECK(f >= 50);
    CHECK(close(d) == 0 && close(40) == 0 && close(41) == 0 && close(f) == 0);
    CHECK(write(fd, "d", 1) == 1);
    close(fd);
    CHECK(unlink("/tmp/libc_dup") == 0);
    CHECK(dup(1000) == -1 && errno == EBADF);
    return NULL;
}

static const char *t_pipe(void)
{
    NEED_VFS;
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "ping", 4) == 4);
    struct pollfd pf = {p[0], POLLIN, 0};
    CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLIN));
    char buf[8] = {0};
    CHECK(read(p[0], buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
    CHECK(poll(&pf, 1, 0) == 0);
    uint64_t t0 = now_ns();
    CHECK(poll(&pf, 1, 30) == 0);
    CHECK(now_ns() - t0 >= 25000000);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = {0, 0};
    CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 0);
    CHECK(write(p[1], "x", 1) == 1);
    FD_SET(p[0], &rs);
    CHECK(select(p[0] + 1, &rs, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &rs));
    close(p[1]);
    CHECK(read(p[0], buf, 8) == 1);
    CHECK(read(p[0], buf, 8) == 0); /* end of file: no writers */
    close(p[0]);
    CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
    CHECK(read(p[0], buf, 8) == -1 && errno == EAGAIN);
    close(p[0]);
    close(p[1]);
    return NULL;
}

static void *pipe_writer(void *a)
{
    int fd = (int)(long)a;
    usleep(20000);
    return (void *)(long)write(fd, "late", 4);
}

static const char *t_pipe_threads(void)
{
    NEED_VFS;
    int p[2];
    CHECK(pipe(p) == 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, pipe_writer, (void *)(long)p[1]) == 0);
    char buf[8];
    CHECK(read(p[0], buf, sizeof buf) == 4); /* blocks until the thread writes */
    void *r;
    CHECK(pthread_join(t, &r) == 0 && r == (void *)4);
    close(p[0]);
    close(p[1]);
    return NULL;
}

static const char *t_pipe_fork(void)
{
    NEED_VFS;
    int p[2];
    CHECK(pipe(p) == 0);
    pid_t c = fork();
    if (c < 0 && errno == ENOSYS) {
        close(p[0]);
        close(p[1]);
        return SKIP;
    }
    CHECK(c >= 0);
    if (c == 0) {
        close(p[0]);
        const char *msg = "from the child";
        _exit(write(p[1], msg, strlen(msg)) == (ssize_t)strlen(msg) ? 0 : 1);
    }
    close(p[1]);
    char buf[64] = {0};
    size_t got = 0;
    ssize_t n;
    while ((n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    close(p[0]);
    int st;
    CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(strcmp(buf, "from the child") == 0);
    return NULL;
}

static const char *t_poll_pipes(void)
{
    NEED_VFS;
    /* Two children write into two pipes at different times; poll says which is ready,
     * then that the writers have gone (POLLHUP). */
    int a[2], b[2];
    CHECK(pipe(a) == 0 && pipe(b) == 0);
    pid_t k[2];
    for (int i = 0; i < 2; i++) {
        k[i] = fork();
        if (k[i] < 0 && errno == ENOSYS) return SKIP;
        CHECK(k[i] >= 0);
        if (k[i] == 0) {
            int fd = i == 0 ? b[1] : a[1];
            close(a[0]);
            close(b[0]);
            close(i == 0 ? a[1] : b[1]);
            usleep(i == 0 ? 20000 : 400000);
            _exit(write(fd, i == 0 ? "B" : "A", 1) == 1 ? 0 : 1);
        }
    }
    close(a[1]);
    close(b[1]);
    struct pollfd pf[2] = {{a[0], POLLIN, 0}, {b[0], POLLIN, 0}};
    CHECK(poll(pf, 2, 5000) >= 1);
    CHECK(!(pf[0].revents & POLLIN) && (pf[1].revents & POLLIN)); /* b's writer came first */
    char c;
    CHECK(read(b[0], &c, 1) == 1 && c == 'B');
    int st;
    CHECK(waitpid(k[0], &st, 0) == k[0]);
    pf[1].revents = 0;
    CHECK(poll(&pf[1], 1, 0) == 1 && (pf[1].revents & POLLHUP)); /* no writer left */
    CHECK(poll(pf, 1, 5000) == 1 && (pf[0].revents & POLLIN));
    CHECK(read(a[0], &c, 1) == 1 && c == 'A');
    CHECK(waitpid(k[1], &st, 0) == k[1]);
    CHECK(read(a[0], &c, 1) == 0);
    close(a[0]);
    close(b[0]);
    return NULL;
}

static const char *t_select_full_pipe(void)
{
    NEED_VFS;
    int p[2];
    CHECK(pipe2(p, O_NONBLOCK) == 0);
    char buf[1024];
    memset(buf, 'f', sizeof buf);
    size_t cap = 0;
    ssize_t n;
    while ((n = write(p[1], buf, sizeof buf)) > 0)
        cap += (size_t)n;
    CHECK(n == -1 && errno == EAGAIN && cap >= 512);
    fd_set ws, rs;
    FD_ZERO(&ws);
    FD_SET(p[1], &ws);
    struct timeval tv = {0, 20000};
    CHECK(select(p[1] + 1, NULL, &ws, NULL, &tv) == 0); /* full: not writable */
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    FD_SET(p[1], &ws);
    CHECK(select(p[1] + 1, &rs, &ws, NULL, NULL) == 1 && FD_ISSET(p[0], &rs));
    size_t drained = 0;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        drained += (size_t)n;
    CHECK(n == -1 && errno == EAGAIN && drained == cap);
    FD_ZERO(&ws);
    FD_SET(p[1], &ws);
    tv = (struct timeval){0, 0};
    CHECK(select(p[1] + 1, NULL, &ws, NULL, &tv) == 1 && FD_ISSET(p[1], &ws));
    close(p[0]);
    close(p[1]);
    return NULL;
}

static const char *t_dup2_replace(void)
{
    NEED_VFS;
    int p[2], q[2];
    CHECK(pipe(p) == 0 && pipe(q) == 0);
    /* dup2 onto p[1] closes the pipe's only write end: its reader sees end of file. */
    CHECK(dup2(q[1], p[1]) == p[1]);
    char c;
    CHECK(read(p[0], &c, 1) == 0);
    CHECK(write(p[1], "q", 1) == 1 && read(q[0], &c, 1) == 1 && c == 'q');
    int d = fcntl(q[0], F_DUPFD_CLOEXEC, 20);
    CHECK(d >= 20 && fcntl(d, F_GETFD) == FD_CLOEXEC);
    /* O_NONBLOCK is the open file's: set through one descriptor, seen through the other. */
    CHECK(fcntl(q[0], F_SETFL, O_NONBLOCK) == 0);
    CHECK((fcntl(d, F_GETFL) & O_NONBLOCK) && read(d, &c, 1) == -1 && errno == EAGAIN);
    CHECK(fcntl(q[0], F_SETFL, 0) == 0 && !(fcntl(d, F_GETFL) & O_NONBLOCK));
    close(d);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    /* O_APPEND set later with F_SETFL. */
    int fd = open("/tmp/libc_apf", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, "12345", 5) == 5);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND));
    CHECK(write(fd, "6", 1) == 1 && lseek(fd, 0, SEEK_CUR) == 6);
    close(fd);
    CHECK(unlink("/tmp/libc_apf") == 0);
    return NULL;
}

const struct test pipe_tests[] = {
    {t_dup_fcntl, "dup_fcntl"},       {t_pipe, "pipe"},
    {t_pipe_threads, "pipe_threads"}, {t_pipe_fork, "pipe_fork"},
    {t_poll_pipes, "poll_pipes"},     {t_select_full_pipe, "select_full_pipe"},
    {t_dup2_replace, "dup2_replace"}, {NULL, NULL},
};
