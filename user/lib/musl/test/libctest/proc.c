/* libctest: processes (fork, exec, posix_spawn, wait, kill, sessions, credentials). */
#include "libctest.h"

static const char *t_fork_wait(void)
{
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) _exit(42);
    int st = 0;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);
    return NULL;
}

static const char *t_fork_memory(void)
{
    static volatile int shared = 1;
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        shared = 2;
        _exit(getpid() != getppid() && shared == 2 ? 3 : 4);
    }
    int st = 0;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    CHECK(shared == 1);
    return NULL;
}

static const char *t_exec(void)
{
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        char *argv[] = {"libctest", "exit", "7", NULL};
        execve("libctest", argv, environ);
        _exit(errno == ENOSYS ? 99 : 98);
    }
    int st = 0;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFEXITED(st));
    if (WEXITSTATUS(st) == 99) return SKIP;
    CHECK(WEXITSTATUS(st) == 7);
    return NULL;
}

static const char *t_posix_spawn(void)
{
    if (!have_vfs) return SKIP; /* posix_spawn reports exec errors through a pipe */
    pid_t p;
    char *argv[] = {"libctest", "exit", "9", NULL};
    int r = posix_spawn(&p, "libctest", NULL, NULL, argv, environ);
    if (r == ENOSYS) return SKIP;
    CHECK(r == 0);
    int st = 0;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9);
    return NULL;
}

static const char *t_wait_nochild(void)
{
    int st;
    CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
    return NULL;
}

static const char *t_cloexec_exec(void)
{
    NEED_VFS;
    /* The child execs "libctest fdcheck N": exit 0 if fd N is closed. */
    int fd = open("/tmp/libc_ce", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    CHECK(fd >= 0);
    pid_t c = fork();
    if (c < 0 && errno == ENOSYS) {
        close(fd);
        return SKIP;
    }
    CHECK(c >= 0);
    if (c == 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", fd);
        char *argv[] = {"libctest", "fdcheck", n, NULL};
        execve("libctest", argv, environ);
        _exit(errno == ENOSYS ? 99 : 98);
    }
    int st;
    CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st));
    close(fd);
    unlink("/tmp/libc_ce");
    if (WEXITSTATUS(st) == 99) return SKIP;
    CHECK(WEXITSTATUS(st) == 0);
    return NULL;
}

static const char *t_kill_child(void)
{
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        for (;;)
            pause();
    }
    int st;
    CHECK(waitpid(p, &st, WNOHANG) == 0);
    CHECK(kill(p, SIGTERM) == 0);
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    return NULL;
}

static const char *t_sessions(void)
{
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        pid_t me = getpid();
        if (setpgid(0, 0) != 0 || getpgrp() != me) _exit(1);
        if (setsid() != -1 || errno != EPERM) /* a group leader cannot */
            _exit(2);
        pid_t q = fork();
        if (q == 0) {
            pid_t s = setsid();
            _exit(s == getpid() && getsid(0) == s && getpgrp() == s ? 0 : 3);
        }
        int st;
        if (q < 0 || waitpid(q, &st, 0) != q || !WIFEXITED(st)) _exit(4);
        _exit(WEXITSTATUS(st));
    }
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 0);
    return NULL;
}

static const char *t_credentials(void)
{
    uid_t r, e, sv;
    CHECK(getresuid(&r, &e, &sv) == 0 && r == getuid() && e == geteuid());
    if (geteuid() != 0) return SKIP;
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        if (setgid(100) != 0 || getgid() != 100 || getegid() != 100) _exit(1);
        if (setuid(1000) != 0 || getuid() != 1000 || geteuid() != 1000) _exit(2);
        /* Whether root can be regained is procmgr's policy (SUPERVISOR may always set). */
        _exit(0);
    }
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st));
    if (WEXITSTATUS(st) == 1 || WEXITSTATUS(st) == 2) return "set*id in the child";
    CHECK(WEXITSTATUS(st) == 0);
    CHECK(getuid() == 0);
    return NULL;
}

static const char *t_exec_errors(void)
{
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        char *argv[] = {"nonexistent", NULL};
        execve("no-such-program", argv, environ);
        _exit(errno == ENOENT ? 0 : 1);
    }
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return NULL;
}

static const char *t_spawn_redirect(void)
{
    NEED_VFS;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/tmp/libc_spawn", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    char *argv[] = {"libctest", "echo", "spawned output", NULL};
    char *envp[] = {"LIBCTEST_ENV=ok", NULL};
    pid_t p;
    int r = posix_spawn(&p, "libctest", &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    CHECK(r == 0);
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char buf[64] = {0};
    int fd = open("/tmp/libc_spawn", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, sizeof buf - 1) > 0);
    close(fd);
    unlink("/tmp/libc_spawn");
    CHECK(strcmp(buf, "spawned output ok\n") == 0);
    return NULL;
}

static const char *t_spawn_pipe(void)
{
    NEED_VFS;
    int pf[2];
    CHECK(pipe(pf) == 0);
    /* Above 2: without stdio descriptors the pipe would be fds 0 and 1. */
    for (int i = 0; i < 2; i++) {
        int hi = fcntl(pf[i], F_DUPFD, 10);
        CHECK(hi >= 10 && close(pf[i]) == 0);
        pf[i] = hi;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pf[1], 1);
    posix_spawn_file_actions_addclose(&fa, pf[0]);
    posix_spawn_file_actions_addclose(&fa, pf[1]);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    char *argv[] = {"libctest", "echo", "through a pipe", NULL};
    pid_t p;
    int r = posix_spawn(&p, "libctest", &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(pf[1]);
    CHECK(r == 0);
    char buf[64] = {0};
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(pf[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    close(pf[0]);
    pid_t g = getpgid(p); /* before it is reaped: its own group */
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(!strcmp(buf, "through a pipe (no env)\n"));
    CHECK(g == p || (g == -1 && errno == ESRCH));
    return NULL;
}

static const char *t_wait_many(void)
{
    pid_t kids[5];
    for (int i = 0; i < 5; i++) {
        kids[i] = fork();
        if (kids[i] < 0 && errno == ENOSYS) return SKIP;
        CHECK(kids[i] >= 0);
        if (kids[i] == 0) {
            usleep((useconds_t)(5 - i) * 10000);
            _exit(10 + i);
        }
    }
    int st;
    /* The middle one by pid, then the rest in any order. */
    CHECK(waitpid(kids[2], &st, 0) == kids[2] && WIFEXITED(st) && WEXITSTATUS(st) == 12);
    int seen = 1 << 2;
    for (int k = 0; k < 4; k++) {
        pid_t w = wait(&st);
        CHECK(w > 0 && WIFEXITED(st));
        int i = WEXITSTATUS(st) - 10;
        CHECK(i >= 0 && i < 5 && kids[i] == w && !(seen & (1 << i)));
        seen |= 1 << i;
    }
    CHECK(seen == 31);
    CHECK(wait(&st) == -1 && errno == ECHILD);
    return NULL;
}

static const char *t_wait_group(void)
{
    /* waitpid(-pgid) waits only for children in that group. */
    pid_t a = fork();
    if (a < 0 && errno == ENOSYS) return SKIP;
    CHECK(a >= 0);
    if (a == 0) {
        setpgid(0, 0);
        usleep(20000);
        _exit(1);
    }
    setpgid(a, a); /* both sides, as a shell does */
    pid_t b = fork();
    CHECK(b >= 0);
    if (b == 0) _exit(2);
    int st;
    CHECK(waitpid(-a, &st, 0) == a && WEXITSTATUS(st) == 1);
    CHECK(waitpid(0, &st, 0) == b && WEXITSTATUS(st) == 2); /* b is in our group */
    return NULL;
}

static const char *t_pipe_big_fork(void)
{
    NEED_VFS;
    /* 256 KiB through a pipe: the writer blocks whenever the pipe is full. */
    enum { N = 256 * 1024 };
    int pf[2];
    CHECK(pipe(pf) == 0);
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        close(pf[0]);
        static unsigned char out[N];
        for (int i = 0; i < N; i++)
            out[i] = (unsigned char)(i * 7 + (i >> 10));
        size_t done = 0;
        while (done < N) {
            ssize_t n = write(pf[1], out + done, N - done);
            if (n <= 0) _exit(1);
            done += (size_t)n;
        }
        _exit(0);
    }
    close(pf[1]);
    size_t got = 0, bad = 0;
    unsigned char buf[3000];
    ssize_t n;
    while ((n = read(pf[0], buf, sizeof buf)) > 0) {
        for (ssize_t k = 0; k < n; k++, got++)
            bad += buf[k] != (unsigned char)(got * 7 + (got >> 10));
    }
    close(pf[0]);
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(got == N && bad == 0);
    return NULL;
}

static void *plus_one(void *a)
{
    return (char *)a + 1;
}

static atomic_int spin_stop;

static void *spinner(void *a)
{
    (void)a;
    while (!atomic_load(&spin_stop)) {
        void *p = malloc(1000);
        free(p);
        char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) munmap(m, 4096);
    }
    return NULL;
}

static const char *t_fork_threads(void)
{
    pthread_t t[2];
    atomic_store(&spin_stop, 0);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, spinner, NULL) == 0);
    int ok = 1;
    for (int round = 0; round < 5 && ok; round++) {
        pid_t p = fork();
        if (p < 0 && errno == ENOSYS) {
            ok = -1;
            break;
        }
        if (p == 0) {
            /* Only this thread exists here; the glue's and musl's locks must be free. */
            void *m = malloc(100000);
            pthread_t u;
            void *r = NULL;
            int good = m && pthread_create(&u, NULL, plus_one, (void *)1) == 0 &&
                       pthread_join(u, &r) == 0 && r == (void *)2;
            _exit(good ? 0 : 1);
        }
        int st;
        ok = p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    atomic_store(&spin_stop, 1);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    if (ok < 0) return SKIP;
    CHECK(ok);
    return NULL;
}

const struct test proc_tests[] = {
    {t_fork_wait, "fork_wait"},
    {t_fork_memory, "fork_memory"},
    {t_exec, "exec"},
    {t_posix_spawn, "posix_spawn"},
    {t_wait_nochild, "wait_nochild"},
    {t_cloexec_exec, "cloexec_exec"},
    {t_kill_child, "kill_child"},
    {t_sessions, "sessions"},
    {t_credentials, "credentials"},
    {t_exec_errors, "exec_errors"},
    {t_spawn_redirect, "spawn_redirect"},
    {t_spawn_pipe, "spawn_pipe"},
    {t_wait_many, "wait_many"},
    {t_wait_group, "wait_group"},
    {t_pipe_big_fork, "pipe_big_fork"},
    {t_fork_threads, "fork_threads"},
    {NULL, NULL},
};
