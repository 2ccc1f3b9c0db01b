/* libctest: signals (handlers, masks, SIGCHLD, EINTR, SA_RESTART, SIGPIPE). */
#include "libctest.h"

static volatile sig_atomic_t got_sig, got_code;
static volatile void *got_ctx;

static void on_sig(int s)
{
    got_sig = s;
}

static void on_siginfo(int s, siginfo_t *si, void *ctx)
{
    got_sig = s;
    got_code = si->si_signo;
    got_ctx = ctx;
}

static const char *t_signal_handler(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    if (sigaction(SIGUSR1, &sa, NULL) != 0 && errno == ENOSYS) return SKIP;
    got_sig = 0;
    CHECK(raise(SIGUSR1) == 0);
    for (int i = 0; i < 100 && !got_sig; i++)
        usleep(1000);
    CHECK(got_sig == SIGUSR1);
    struct sigaction old;
    CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
    CHECK(old.sa_handler == on_sig);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *t_siginfo(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = on_siginfo;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGUSR2, &sa, NULL) != 0) return errno == ENOSYS ? SKIP : "sigaction";
    got_sig = got_code = 0;
    got_ctx = NULL;
    CHECK(kill(getpid(), SIGUSR2) == 0);
    for (int i = 0; i < 100 && !got_sig; i++)
        usleep(1000);
    CHECK(got_sig == SIGUSR2 && got_code == SIGUSR2 && got_ctx != NULL);
    signal(SIGUSR2, SIG_DFL);
    return NULL;
}

static const char *t_sigmask(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    if (sigaction(SIGUSR1, &sa, NULL) != 0) return errno == ENOSYS ? SKIP : "sigaction";
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    got_sig = 0;
    CHECK(kill(getpid(), SIGUSR1) == 0);
    usleep(10000);
    CHECK(got_sig == 0);
    CHECK(sigpending(&pend) == 0);
    CHECK(sigismember(&pend, SIGUSR1));
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    for (int i = 0; i < 100 && !got_sig; i++)
        usleep(1000);
    CHECK(got_sig == SIGUSR1);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *t_sigign(void)
{
    if (signal(SIGUSR1, SIG_IGN) == SIG_ERR) return errno == ENOSYS ? SKIP : "signal";
    CHECK(raise(SIGUSR1) == 0);
    usleep(5000);
    signal(SIGUSR1, SIG_DFL);
    return NULL; /* still alive */
}

static volatile sig_atomic_t chld_code, chld_status, chld_pid;

static void on_chld(int s, siginfo_t *si, void *ctx)
{
    (void)s, (void)ctx;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid = si->si_pid;
}

static const char *t_sigchld(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
    chld_code = chld_status = chld_pid = 0;
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) _exit(5);
    for (int i = 0; i < 2000 && !chld_pid; i++)
        usleep(1000);
    int st;
    waitpid(p, &st, 0);
    signal(SIGCHLD, SIG_DFL);
    CHECK(chld_pid == p);
    CHECK(chld_code == CLD_EXITED && chld_status == 5);
    return NULL;
}

static const char *t_eintr_sleep(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    got_sig = 0;
    pid_t parent = getpid();
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        usleep(50000);
        _exit(kill(parent, SIGUSR1) == 0 ? 0 : 1);
    }
    struct timespec req = {5, 0}, rem = {0, 0};
    uint64_t t0 = now_ns();
    int r = nanosleep(&req, &rem);
    int e = errno;
    int st;
    waitpid(p, &st, 0);
    signal(SIGUSR1, SIG_DFL);
    CHECK(r == -1 && e == EINTR);
    CHECK(got_sig == SIGUSR1);
    CHECK(rem.tv_sec >= 3 && rem.tv_sec <= 5);
    CHECK(now_ns() - t0 < 3000000000ull);
    return NULL;
}

static const char *t_eintr_pipe(void)
{
    NEED_VFS;
    struct sigaction sa = {0};
    sa.sa_handler = on_sig; /* no SA_RESTART */
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    int pf[2];
    CHECK(pipe(pf) == 0);
    pid_t parent = getpid();
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        usleep(50000);
        _exit(kill(parent, SIGUSR2) == 0 ? 0 : 1);
    }
    char c;
    got_sig = 0;
    ssize_t n = read(pf[0], &c, 1);
    int e = errno;
    int st;
    waitpid(p, &st, 0);
    close(pf[0]);
    close(pf[1]);
    signal(SIGUSR2, SIG_DFL);
    CHECK(n == -1 && e == EINTR && got_sig == SIGUSR2);
    return NULL;
}

static const char *t_sigsuspend(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    sigset_t block, old, none;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&none);
    CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);
    got_sig = 0;
    pid_t parent = getpid();
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        return SKIP;
    }
    CHECK(p >= 0);
    if (p == 0) _exit(kill(parent, SIGUSR1) == 0 ? 0 : 1);
    int r = sigsuspend(&none);
    int e = errno;
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    int st;
    waitpid(p, &st, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
    CHECK(r == -1 && e == EINTR && got_sig == SIGUSR1);
    CHECK(sigismember(&cur, SIGUSR1)); /* the mask is back */
    return NULL;
}

static const char *t_sa_restart(void)
{
    /* waitpid is interrupted by the handler and, with SA_RESTART, restarted. (A pipe read
     * would do too, but vfs drops the data of a read whose caller was interrupted.) */
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    sa.sa_flags = SA_RESTART;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    pid_t parent = getpid();
    got_sig = 0;
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        usleep(30000);
        kill(parent, SIGUSR1);
        usleep(30000);
        _exit(6);
    }
    int st = 0;
    pid_t w = waitpid(p, &st, 0);
    int e = errno;
    signal(SIGUSR1, SIG_DFL);
    if (w < 0) waitpid(p, &st, 0);
    CHECK(got_sig == SIGUSR1);
    CHECK(w == p && e == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 6);
    return NULL;
}

static const char *t_sigpipe(void)
{
    NEED_VFS;
    int pf[2];
    CHECK(pipe(pf) == 0);
    close(pf[0]);
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    CHECK(sigaction(SIGPIPE, &sa, NULL) == 0);
    got_sig = 0;
    CHECK(write(pf[1], "x", 1) == -1 && errno == EPIPE);
    for (int i = 0; i < 100 && !got_sig; i++)
        usleep(1000);
    CHECK(got_sig == SIGPIPE);
    signal(SIGPIPE, SIG_IGN);
    CHECK(write(pf[1], "x", 1) == -1 && errno == EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(pf[1]);
    /* With the default action a writer without a reader dies of SIGPIPE. */
    CHECK(pipe(pf) == 0);
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        close(pf[0]);
        for (int i = 0; i < 100 && write(pf[1], "x", 1) == 1; i++)
            usleep(10000); /* until the parent has closed its read end */
        _exit(0);
    }
    close(pf[0]);
    close(pf[1]);
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
    return NULL;
}

static const char *t_sa_resethand(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    sa.sa_flags = SA_RESETHAND;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    got_sig = 0;
    CHECK(raise(SIGUSR1) == 0);
    for (int i = 0; i < 100 && !got_sig; i++)
        usleep(1000);
    CHECK(got_sig == SIGUSR1);
    struct sigaction now;
    CHECK(sigaction(SIGUSR1, NULL, &now) == 0);
    CHECK(now.sa_handler == SIG_DFL); /* reset by the first delivery */
    return NULL;
}

static char *fault_page;
static volatile void *fault_addr;
static volatile sig_atomic_t faults;
static sigjmp_buf fault_jb;

static void on_segv_fix(int s, siginfo_t *si, void *ctx)
{
    (void)s, (void)ctx;
    faults++;
    fault_addr = si->si_addr;
    mprotect(fault_page, 4096, PROT_READ | PROT_WRITE);
}

static void on_segv_jump(int s, siginfo_t *si, void *ctx)
{
    (void)s, (void)ctx;
    faults++;
    fault_addr = si->si_addr;
    siglongjmp(fault_jb, 1);
}

static const char *t_fault_handler(void)
{
    fault_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(fault_page != MAP_FAILED);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv_fix;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    faults = 0;
    /* The handler makes the page writable and returns: the write is retried. */
    ((volatile char *)fault_page)[100] = 5;
    CHECK(faults == 1 && fault_addr == fault_page + 100 && fault_page[100] == 5);
    /* A handler that leaves by siglongjmp; the mask saved by sigsetjmp comes back. */
    CHECK(mprotect(fault_page, 4096, PROT_NONE) == 0);
    sa.sa_sigaction = on_segv_jump;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    volatile int jumped = 0;
    if (sigsetjmp(fault_jb, 1) == 0)
        (void)((volatile char *)fault_page)[8];
    else
        jumped = 1;
    CHECK(jumped && faults == 2 && fault_addr == fault_page + 8);
    sigset_t cur;
    CHECK(sigprocmask(SIG_SETMASK, NULL, &cur) == 0 && !sigismember(&cur, SIGSEGV));
    signal(SIGSEGV, SIG_DFL);
    munmap(fault_page, 4096);
    /* Signals are still delivered afterwards. */
    sa = (struct sigaction){0};
    sa.sa_handler = on_sig;
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    got_sig = 0;
    CHECK(raise(SIGUSR2) == 0);
    for (int i = 0; i < 100 && !got_sig; i++)
        usleep(1000);
    signal(SIGUSR2, SIG_DFL);
    CHECK(got_sig == SIGUSR2);
    return NULL;
}

static int die_by(int how)
{
    pid_t p = fork();
    if (p < 0) return -errno;
    if (p == 0) {
        static volatile int zero;
        switch (how) {
        case 0:
            abort();
        case 1:
            *(volatile int *)(uintptr_t)zero = 1;
            break;
        case 2:
            raise(SIGKILL);
            break;
        case 3:
            zero = 10 / zero;
            break;
        case 4:
            raise(SIGTERM);
            break;
        }
        _exit(0);
    }
    int st;
    if (waitpid(p, &st, 0) != p) return -1000;
    return WIFSIGNALED(st) ? WTERMSIG(st) : 1000 + WEXITSTATUS(st);
}

static const char *t_fatal_signals(void)
{
    int r = die_by(0);
    if (r == -ENOSYS) return SKIP;
    CHECK(r == SIGABRT);
    CHECK(die_by(1) == SIGSEGV);
    CHECK(die_by(2) == SIGKILL);
    CHECK(die_by(3) == SIGFPE);
    CHECK(die_by(4) == SIGTERM);
    return NULL;
}

static const char *t_stop_cont(void)
{
    pid_t p = fork();
    if (p < 0 && errno == ENOSYS) return SKIP;
    CHECK(p >= 0);
    if (p == 0) {
        for (;;)
            pause();
    }
    int st = 0;
    CHECK(kill(p, SIGSTOP) == 0);
    CHECK(waitpid(p, &st, WUNTRACED) == p && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
    CHECK(waitpid(p, &st, WNOHANG | WUNTRACED) == 0); /* reported once */
    CHECK(kill(p, SIGCONT) == 0);
    CHECK(waitpid(p, &st, WCONTINUED) == p && WIFCONTINUED(st));
    CHECK(kill(p, SIGKILL) == 0);
    CHECK(waitpid(p, &st, 0) == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    return NULL;
}

const struct test signal_tests[] = {
    {t_signal_handler, "signal_handler"},
    {t_siginfo, "siginfo"},
    {t_sigmask, "sigmask"},
    {t_sigign, "sig_ignore"},
    {t_sigchld, "sigchld"},
    {t_eintr_sleep, "eintr_sleep"},
    {t_eintr_pipe, "eintr_pipe"},
    {t_sigsuspend, "sigsuspend"},
    {t_sa_restart, "sa_restart"},
    {t_sigpipe, "sigpipe"},
    {t_sa_resethand, "sa_resethand"},
    {t_fault_handler, "fault_handler"},
    {t_fatal_signals, "fatal_signals"},
    {t_stop_cont, "stop_cont"},
    {NULL, NULL},
};
