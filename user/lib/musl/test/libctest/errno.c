/* libctest: the error numbers of requests with bad arguments, as Linux returns them. */
#include "libctest.h"
#include <limits.h>
#include <sys/resource.h>

static const char *t_errno_fds(void)
{
    char c = 0;
    CHECK(read(-1, &c, 1) == -1 && errno == EBADF);
    CHECK(write(999, &c, 1) == -1 && errno == EBADF);
    CHECK(close(-5) == -1 && errno == EBADF);
    CHECK(close(200) == -1 && errno == EBADF);
    CHECK(dup2(300, 3) == -1 && errno == EBADF);
    CHECK(dup2(0, -1) == -1 && errno == EBADF);
    CHECK(fcntl(250, F_GETFD) == -1 && errno == EBADF);
    CHECK(lseek(123, 0, SEEK_SET) == -1 && errno == EBADF);
    struct stat st;
    CHECK(fstat(77, &st) == -1 && errno == EBADF);
    struct pollfd pf = {-1, POLLIN, 0};
    CHECK(poll(&pf, 1, 0) == 0 && pf.revents == 0); /* a negative fd is ignored */
    pf.fd = 201;
    CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLNVAL);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(202, &rs);
    struct timeval tv = {0, 0};
    CHECK(select(203, &rs, NULL, NULL, &tv) == -1 && errno == EBADF);
    return NULL;
}

static const char *t_errno_access_mode(void)
{
    NEED_VFS;
    int fd = open("/tmp/libc_am", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    char c;
    CHECK(read(fd, &c, 1) == -1 && errno == EBADF);
    close(fd);
    fd = open("/tmp/libc_am", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(write(fd, "x", 1) == -1 && errno == EBADF);
    CHECK(ftruncate(fd, 0) == -1 && (errno == EBADF || errno == EINVAL));
    CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL);
    CHECK(lseek(fd, 0, 17) == -1 && errno == EINVAL);
    CHECK(ioctl(fd, TCGETS, &(struct termios){0}) == -1 && errno == ENOTTY);
    CHECK(fcntl(fd, 9999) == -1 && errno == EINVAL);
    close(fd);
    CHECK(unlink("/tmp/libc_am") == 0);
    return NULL;
}

static const char *t_errno_paths(void)
{
    NEED_VFS;
    CHECK(open("", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(open("/tmp/nonexistent/x", O_CREAT | O_WRONLY, 0644) == -1 && errno == ENOENT);
    CHECK(mkdir("/tmp/no/parent", 0755) == -1 && errno == ENOENT);
    static char longname[400];
    memset(longname, 'n', sizeof longname - 1);
    memcpy(longname, "/tmp/", 5);
    CHECK(open(longname, O_RDONLY) == -1 && errno == ENAMETOOLONG);
    CHECK(mkdir("/tmp/libc_ep", 0755) == 0);
    CHECK(unlink("/tmp/libc_ep") == -1 && errno == EISDIR);
    CHECK(rename("/tmp/libc_ep", "/tmp/libc_ep/inside") == -1 && errno == EINVAL);
    int fd = open("/tmp/libc_ep/f", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(rmdir("/tmp/libc_ep/f") == -1 && errno == ENOTDIR);
    CHECK(mkdir("/tmp/libc_ep/f/g", 0755) == -1 && errno == ENOTDIR);
    CHECK(chdir("/tmp/libc_ep/f") == -1 && errno == ENOTDIR);
    CHECK(chdir("/tmp/libc_ep/none") == -1 && errno == ENOENT);
    CHECK(opendir("/tmp/libc_ep/f") == NULL && errno == ENOTDIR);
    CHECK(opendir("/tmp/libc_ep/none") == NULL && errno == ENOENT);
    CHECK(symlink("/tmp/libc_ep/loop2", "/tmp/libc_ep/loop1") == 0);
    CHECK(symlink("/tmp/libc_ep/loop1", "/tmp/libc_ep/loop2") == 0);
    CHECK(open("/tmp/libc_ep/loop1", O_RDONLY) == -1 && errno == ELOOP);
    char buf[8];
    CHECK(readlink("/tmp/libc_ep/f", buf, sizeof buf) == -1 && errno == EINVAL);
    CHECK(unlink("/tmp/libc_ep/loop1") == 0 && unlink("/tmp/libc_ep/loop2") == 0);
    CHECK(unlink("/tmp/libc_ep/f") == 0);
    CHECK(rmdir("/tmp/libc_ep") == 0);
    CHECK(getcwd(buf, 0) == NULL && errno == EINVAL);
    return NULL;
}

static const char *t_errno_memory(void)
{
    CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
          errno == EINVAL);
    CHECK(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
    CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED && errno == EBADF);
    char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(munmap(p + 1, 4096) == -1 && errno == EINVAL);
    /* (musl's mprotect rounds the address down, so no EINVAL for p + 7.) */
    CHECK(mmap(p, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) ==
              MAP_FAILED &&
          errno == EEXIST);
    CHECK(munmap(p, 2 * 4096) == 0);
    errno = 0;
    /* Through a pointer: clang assumes malloc leaves errno alone and folds the test. */
    void *(*volatile alloc)(size_t) = malloc;
    void *huge = alloc(SIZE_MAX / 2);
    CHECK(huge == NULL && errno == ENOMEM);
    return NULL;
}

static const char *t_errno_threads(void)
{
    /* (pthread_join of the calling thread deadlocks in musl, on Linux too: not tested.) */
    pthread_mutex_t m;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    CHECK(pthread_mutex_init(&m, &a) == 0);
    CHECK(pthread_mutex_unlock(&m) == EPERM);
    CHECK(pthread_mutex_lock(&m) == 0);
    CHECK(pthread_mutex_lock(&m) == EDEADLK);
    CHECK(pthread_mutex_trylock(&m) == EBUSY);
    CHECK(pthread_mutex_unlock(&m) == 0);
    pthread_mutex_destroy(&m);
    sem_t s;
    CHECK(sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1u) == -1 && errno == EINVAL);
    pthread_attr_t at;
    pthread_attr_init(&at);
    CHECK(pthread_attr_setstacksize(&at, 100) == EINVAL);
    pthread_attr_destroy(&at);
    pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec bad = {0, 2000000000};
    pthread_mutex_lock(&n);
    CHECK(pthread_cond_timedwait(&c, &n, &bad) == EINVAL);
    pthread_mutex_unlock(&n);
    return NULL;
}

static const char *t_errno_procs(void)
{
    CHECK(kill(getpid(), 999) == -1 && errno == EINVAL);
    CHECK(kill(getpid(), 0) == 0); /* signal 0: only checks */
    CHECK(kill(99999, 0) == -1 && errno == ESRCH);
    CHECK(sigaction(SIGKILL, &(struct sigaction){.sa_handler = SIG_IGN}, NULL) == -1 &&
          errno == EINVAL);
    CHECK(sigaction(SIGSTOP, &(struct sigaction){.sa_handler = SIG_IGN}, NULL) == -1 &&
          errno == EINVAL);
    CHECK(sigaction(0, NULL, NULL) == -1 && errno == EINVAL);
    sigset_t s;
    CHECK(sigprocmask(12345, NULL, &s) == 0); /* how is ignored without a set */
    sigemptyset(&s);
    CHECK(sigprocmask(12345, &s, NULL) == -1 && errno == EINVAL);
    int st;
    CHECK(waitpid(99999, &st, 0) == -1 && errno == ECHILD);
    CHECK(waitpid(-1, &st, 0x4000000) == -1 && errno == EINVAL);
    CHECK(setpgid(99999, 0) == -1 && (errno == ESRCH || errno == EPERM));
    struct timespec ts = {-1, 0};
    CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
    CHECK(clock_getres(9999, &ts) == -1 && errno == EINVAL);
    return NULL;
}

static const char *t_emfile(void)
{
    NEED_VFS;
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 64 && rl.rlim_cur <= 4096);
    int fds[4096], n = 0, fd;
    while (n < 4096 && (fd = open("/dev/null", O_RDONLY)) >= 0)
        fds[n++] = fd;
    int e = errno;
    for (int i = 0; i < n; i++)
        close(fds[i]);
    CHECK(fd == -1 && e == EMFILE);
    CHECK((rlim_t)n + 16 >= rl.rlim_cur && (rlim_t)n <= rl.rlim_cur);
    /* Every descriptor is usable again. */
    fd = open("/dev/null", O_RDONLY);
    CHECK(fd >= 0 && fd < 10);
    close(fd);
    return NULL;
}

const struct test errno_tests[] = {
    {t_errno_fds, "errno_fds"},
    {t_errno_access_mode, "errno_access_mode"},
    {t_errno_paths, "errno_paths"},
    {t_errno_memory, "errno_memory"},
    {t_errno_threads, "errno_threads"},
    {t_errno_procs, "errno_procs"},
    {t_emfile, "emfile"},
    {NULL, NULL},
};
