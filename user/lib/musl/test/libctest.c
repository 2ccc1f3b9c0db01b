/* libctest: the C library on CLUU (musl + the glue in user/lib/musl/glue), run inside CLUU
 * from libctest.conf. Each case returns NULL when it passes or a reason; cases that need
 * a service the machine does not run (vfs, a procmgr request not implemented yet) are
 * skipped, not failed. The summary line is "libctest: N passed, M failed, K skipped".
 *
 * "libctest exit CODE" just exits with CODE (the child of the exec and spawn cases). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define SKIP ((const char *)1)
static char why[256];
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            snprintf(why, sizeof why, "line %d: %s (errno %d %s)", __LINE__, #cond, errno,         \
                     strerror(errno));                                                             \
            return why;                                                                            \
        }                                                                                          \
    } while (0)

static int have_vfs;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- memory ---------------------------------------------------------------------------- */

static const char *t_malloc_small(void)
{
    void *p[1000];
    for (int i = 0; i < 1000; i++) {
        p[i] = malloc((size_t)(i % 200) + 1);
        CHECK(p[i]);
        memset(p[i], i & 0xFF, (size_t)(i % 200) + 1);
    }
    for (int i = 0; i < 1000; i++) {
        CHECK(((unsigned char *)p[i])[i % 200] == (i & 0xFF));
        free(p[i]);
    }
    return NULL;
}

static const char *t_malloc_large(void)
{
    for (int round = 0; round < 20; round++) {
        size_t n = (size_t)(1 + round) << 18; /* 256 KiB .. 5 MiB */
        char *p = malloc(n);
        CHECK(p);
        p[0] = 1;
        p[n - 1] = 2;
        memset(p, 7, n);
        CHECK(p[n / 2] == 7);
        free(p);
    }
    return NULL;
}

static const char *t_malloc_stress(void)
{
    enum { N = 256 };
    void *p[N] = {0};
    size_t sz[N] = {0};
    unsigned s = 12345;
    for (int i = 0; i < 20000; i++) {
        s = s * 1103515245u + 12345u;
        int k = (int)(s >> 8) % N;
        if (p[k]) {
            CHECK(((unsigned char *)p[k])[sz[k] - 1] == (unsigned char)k);
            free(p[k]);
            p[k] = NULL;
        } else {
            sz[k] = (s >> 4) % 70000 + 1;
            p[k] = malloc(sz[k]);
            CHECK(p[k]);
            ((unsigned char *)p[k])[sz[k] - 1] = (unsigned char)k;
        }
    }
    for (int k = 0; k < N; k++)
        free(p[k]);
    return NULL;
}

static const char *t_calloc_realloc(void)
{
    int *a = calloc(1000, sizeof *a);
    CHECK(a);
    for (int i = 0; i < 1000; i++)
        CHECK(a[i] == 0);
    for (int i = 0; i < 1000; i++)
        a[i] = i;
    a = realloc(a, 100000 * sizeof *a);
    CHECK(a);
    for (int i = 0; i < 1000; i++)
        CHECK(a[i] == i);
    free(a);
    return NULL;
}

static const char *t_mmap_anon(void)
{
    size_t n = 10 * 4096;
    char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(((uintptr_t)p & 4095) == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(p[i] == 0);
    memset(p, 0x5A, n);
    /* Unmap the middle: the rest stays. */
    CHECK(munmap(p + 4 * 4096, 2 * 4096) == 0);
    CHECK(p[0] == 0x5A && p[3 * 4096] == 0x5A && p[6 * 4096] == 0x5A && p[n - 1] == 0x5A);
    CHECK(munmap(p, 4 * 4096) == 0);
    CHECK(munmap(p + 6 * 4096, 4 * 4096) == 0);
    return NULL;
}

static const char *t_mmap_shared_fixed(void)
{
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    p[4096] = 9;
    /* MAP_FIXED over the middle page replaces it with a fresh zero page. */
    char *q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                   -1, 0);
    CHECK(q == p + 4096);
    CHECK(q[0] == 0);
    CHECK(munmap(p, 3 * 4096) == 0);
    return NULL;
}

static const char *t_mprotect(void)
{
    char *p = mmap(NULL, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(mprotect(p + 4096, 2 * 4096, PROT_READ | PROT_WRITE) == 0);
    p[4096] = 1;
    p[3 * 4096 - 1] = 2;
    CHECK(mprotect(p + 4096, 4096, PROT_READ) == 0);
    CHECK(p[4096] == 1);
    CHECK(munmap(p, 4 * 4096) == 0);
    return NULL;
}

static const char *t_brk(void)
{
    void *a = sbrk(0);
    CHECK(a != (void *)-1);
    CHECK(sbrk(0) == a);
    return NULL;
}

/* ---- threads --------------------------------------------------------------------------- */

static __thread int tls_var = 42;
static __thread char tls_buf[64];

static void *ret_arg(void *a)
{
    return (char *)a + 1;
}

static const char *t_thread_join(void)
{
    pthread_t t;
    void *r;
    CHECK(pthread_create(&t, NULL, ret_arg, (void *)41) == 0);
    CHECK(pthread_join(t, &r) == 0);
    CHECK(r == (void *)42);
    return NULL;
}

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *a)
{
    (void)a;
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&mtx);
        counter++;
        pthread_mutex_unlock(&mtx);
    }
    return NULL;
}

static const char *t_mutex(void)
{
    pthread_t t[8];
    counter = 0;
    for (int i = 0; i < 8; i++)
        CHECK(pthread_create(&t[i], NULL, add_many, NULL) == 0);
    for (int i = 0; i < 8; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(counter == 80000);
    return NULL;
}

static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int queue[16], qhead, qtail, done_producing;

static void *producer(void *a)
{
    (void)a;
    for (int i = 1; i <= 1000; i++) {
        pthread_mutex_lock(&mtx);
        while (qtail - qhead == 16)
            pthread_cond_wait(&cv, &mtx);
        queue[qtail++ % 16] = i;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mtx);
    }
    pthread_mutex_lock(&mtx);
    done_producing = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mtx);
    return NULL;
}

static const char *t_condvar(void)
{
    pthread_t t;
    long sum = 0;
    qhead = qtail = done_producing = 0;
    CHECK(pthread_create(&t, NULL, producer, NULL) == 0);
    pthread_mutex_lock(&mtx);
    for (;;) {
        while (qhead == qtail && !done_producing)
            pthread_cond_wait(&cv, &mtx);
        if (qhead == qtail) break;
        sum += queue[qhead++ % 16];
        pthread_cond_broadcast(&cv);
    }
    pthread_mutex_unlock(&mtx);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(sum == 1000 * 1001 / 2);
    return NULL;
}

static const char *t_cond_timeout(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 30000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    uint64_t t0 = now_ns();
    pthread_mutex_lock(&mtx);
    int r = pthread_cond_timedwait(&cv, &mtx, &ts);
    pthread_mutex_unlock(&mtx);
    CHECK(r == ETIMEDOUT);
    CHECK(now_ns() - t0 >= 25000000);
    return NULL;
}

static void *tls_worker(void *a)
{
    long id = (long)a;
    if (tls_var != 42) return (void *)1;
    tls_var = (int)id;
    snprintf(tls_buf, sizeof tls_buf, "thread %ld", id);
    for (int i = 0; i < 100; i++)
        sched_yield();
    char want[64];
    snprintf(want, sizeof want, "thread %ld", id);
    return (void *)(long)(tls_var != id || strcmp(tls_buf, want) != 0);
}

static const char *t_tls(void)
{
    pthread_t t[4];
    CHECK(tls_var == 42);
    for (long i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, tls_worker, (void *)(i + 100)) == 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0);
        CHECK(r == NULL);
    }
    CHECK(tls_var == 42);
    return NULL;
}

static atomic_int detached_done;

static void *detached(void *a)
{
    (void)a;
    atomic_fetch_add(&detached_done, 1);
    return NULL;
}

static const char *t_detach(void)
{
    atomic_store(&detached_done, 0);
    for (int i = 0; i < 10; i++) {
        pthread_t t;
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        CHECK(pthread_create(&t, &at, detached, NULL) == 0);
        pthread_attr_destroy(&at);
    }
    uint64_t t0 = now_ns();
    while (atomic_load(&detached_done) < 10 && now_ns() - t0 < 5000000000ull)
        usleep(1000);
    CHECK(atomic_load(&detached_done) == 10);
    return NULL;
}

static const char *t_many_threads(void)
{
    /* Far more threads over time than the glue's table holds at once: reaping works. */
    for (int i = 0; i < 200; i++) {
        pthread_t t;
        void *r;
        CHECK(pthread_create(&t, NULL, ret_arg, (void *)(long)i) == 0);
        CHECK(pthread_join(t, &r) == 0);
        CHECK(r == (void *)(long)(i + 1));
    }
    return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int shared_val;

static void *rw_writer(void *a)
{
    (void)a;
    for (int i = 0; i < 1000; i++) {
        pthread_rwlock_wrlock(&rw);
        shared_val++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static const char *t_rwlock(void)
{
    pthread_t t[3];
    shared_val = 0;
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&t[i], NULL, rw_writer, NULL) == 0);
    for (int i = 0; i < 100; i++) {
        pthread_rwlock_rdlock(&rw);
        int v = shared_val;
        pthread_rwlock_unlock(&rw);
        CHECK(v >= 0 && v <= 3000);
    }
    for (int i = 0; i < 3; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(shared_val == 3000);
    return NULL;
}

static pthread_key_t key;
static atomic_int destructed;

static void key_dtor(void *v)
{
    if (v == (void *)7) atomic_fetch_add(&destructed, 1);
}

static void *key_worker(void *a)
{
    (void)a;
    pthread_setspecific(key, (void *)7);
    return pthread_getspecific(key);
}

static const char *t_tsd(void)
{
    atomic_store(&destructed, 0);
    CHECK(pthread_key_create(&key, key_dtor) == 0);
    CHECK(pthread_setspecific(key, (void *)3) == 0);
    pthread_t t;
    void *r;
    CHECK(pthread_create(&t, NULL, key_worker, NULL) == 0);
    CHECK(pthread_join(t, &r) == 0);
    CHECK(r == (void *)7);
    CHECK(atomic_load(&destructed) == 1);
    CHECK(pthread_getspecific(key) == (void *)3);
    pthread_key_delete(key);
    return NULL;
}

static void *malloc_worker(void *a)
{
    unsigned s = (unsigned)(long)a;
    for (int i = 0; i < 2000; i++) {
        s = s * 1103515245u + 12345u;
        size_t n = (s >> 8) % 5000 + 1;
        char *p = malloc(n);
        if (!p) return (void *)1;
        memset(p, 1, n);
        free(p);
    }
    return NULL;
}

static const char *t_malloc_threads(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, malloc_worker, (void *)i) == 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0);
        CHECK(r == NULL);
    }
    return NULL;
}

static sem_t sem;

static void *sem_poster(void *a)
{
    (void)a;
    for (int i = 0; i < 100; i++)
        sem_post(&sem);
    return NULL;
}

static const char *t_semaphore(void)
{
    CHECK(sem_init(&sem, 0, 0) == 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, sem_poster, NULL) == 0);
    for (int i = 0; i < 100; i++)
        CHECK(sem_wait(&sem) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(sem_trywait(&sem) == -1 && errno == EAGAIN);
    sem_destroy(&sem);
    return NULL;
}

static const char *t_recursive_mutex(void)
{
    pthread_mutex_t m;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    CHECK(pthread_mutex_init(&m, &a) == 0);
    CHECK(pthread_mutex_lock(&m) == 0);
    CHECK(pthread_mutex_lock(&m) == 0);
    CHECK(pthread_mutex_trylock(&m) == 0);
    CHECK(pthread_mutex_unlock(&m) == 0);
    CHECK(pthread_mutex_unlock(&m) == 0);
    CHECK(pthread_mutex_unlock(&m) == 0);
    CHECK(pthread_mutex_unlock(&m) == EPERM);
    pthread_mutex_destroy(&m);
    return NULL;
}

static void *errno_worker(void *a)
{
    (void)a;
    errno = 77;
    sched_yield();
    return (void *)(long)(errno == 77);
}

static const char *t_errno_per_thread(void)
{
    pthread_t t;
    void *r;
    errno = 5;
    CHECK(pthread_create(&t, NULL, errno_worker, NULL) == 0);
    CHECK(pthread_join(t, &r) == 0);
    CHECK(r == (void *)1);
    CHECK(errno == 5);
    return NULL;
}

static const char *t_futex_raw(void)
{
    int word = 1;
    struct timespec ts = {0, 20000000};
    uint64_t t0 = now_ns();
    long r = syscall(SYS_futex, &word, 128 /* FUTEX_WAIT_PRIVATE */, 1, &ts, NULL, 0);
    CHECK(r == -1 && errno == ETIMEDOUT);
    CHECK(now_ns() - t0 >= 15000000);
    r = syscall(SYS_futex, &word, 128, 2, &ts, NULL, 0);
    CHECK(r == -1 && errno == EAGAIN);
    CHECK(syscall(SYS_futex, &word, 129 /* FUTEX_WAKE_PRIVATE */, 1, NULL, NULL, 0) == 0);
    return NULL;
}

/* ---- time ------------------------------------------------------------------------------ */

static const char *t_clock_monotonic(void)
{
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    for (int i = 0; i < 1000; i++) {
        CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
        CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
        CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000);
        a = b;
    }
    CHECK(clock_gettime(CLOCK_REALTIME, &b) == 0);
    CHECK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b) == 0);
    CHECK(clock_gettime(12345, &b) == -1 && errno == EINVAL);
    return NULL;
}

static const char *t_nanosleep(void)
{
    struct timespec ts = {0, 50000000};
    uint64_t t0 = now_ns();
    CHECK(nanosleep(&ts, NULL) == 0);
    uint64_t dt = now_ns() - t0;
    CHECK(dt >= 50000000 && dt < 1000000000);
    t0 = now_ns();
    CHECK(usleep(20000) == 0);
    CHECK(now_ns() - t0 >= 20000000);
    ts.tv_nsec = 2000000000;
    CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
    return NULL;
}

static const char *t_clock_nanosleep_abs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t t0 = now_ns();
    ts.tv_nsec += 30000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0);
    CHECK(now_ns() - t0 >= 29000000);
    return NULL;
}

static const char *t_gettimeofday(void)
{
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0);
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    time_t t = time(NULL);
    CHECK(t >= tv.tv_sec);
    return NULL;
}

/* ---- processes, identity, misc ---------------------------------------------------------- */

static const char *t_enosys(void)
{
    errno = 0;
    CHECK(syscall(SYS_ptrace, 0, 0, 0, 0) == -1 && errno == ENOSYS);
    errno = 0;
    CHECK(syscall(SYS_socket, 2, 1, 0) == -1 && errno == ENOSYS);
    return NULL;
}

static const char *t_uname(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0);
    CHECK(strcmp(u.sysname, "CLUU") == 0);
    CHECK(strcmp(u.machine, "x86_64") == 0);
    CHECK(u.release[0] >= '0' && u.release[0] <= '9');
    return NULL;
}

static const char *t_ids(void)
{
    pid_t pid = getpid();
    CHECK(pid > 0);
    CHECK(getpid() == pid);
    CHECK(gettid() == pid);
    CHECK(getppid() >= 0);
    CHECK((int)getuid() >= 0 && (int)geteuid() >= 0 && (int)getgid() >= 0 && (int)getegid() >= 0);
    return NULL;
}

static const char *t_pgrp(void)
{
    pid_t g = getpgrp();
    if (g < 0 && errno == ENOSYS) return SKIP;
    CHECK(g > 0);
    CHECK(getpgid(0) == g);
    pid_t s = getsid(0);
    CHECK(s > 0);
    return NULL;
}

static const char *t_getrandom(void)
{
    unsigned char a[64] = {0}, b[64] = {0};
    CHECK(getrandom(a, sizeof a, 0) == sizeof a);
    CHECK(getrandom(b, sizeof b, 0) == sizeof b);
    CHECK(memcmp(a, b, sizeof a) != 0);
    return NULL;
}

static const char *t_stdio_console(void)
{
    /* stdout without an fd 1 is the debug console: writes succeed. */
    CHECK(printf("libctest: printf %d %s %.2f\n", 42, "works", 1.5) > 0);
    CHECK(fflush(stdout) == 0);
    CHECK(write(2, "libctest: stderr works\n", 23) == 23);
    return NULL;
}

static const char *t_libc_misc(void)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%05d|%-4s|%x|%g", 42, "ab", 255, 0.25);
    CHECK(strcmp(buf, "00042|ab  |ff|0.25") == 0);
    CHECK(strtol("-123", NULL, 10) == -123);
    CHECK(strtod("2.5e3", NULL) == 2500.0);
    CHECK(strlen(buf) == 18 && !strncmp(strstr(buf, "ff"), "ff|", 3));
    return NULL;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static const char *t_qsort_setjmp(void)
{
    int v[6] = {5, 3, 1, 4, 2, 0};
    qsort(v, 6, sizeof v[0], cmp_int);
    for (int i = 0; i < 6; i++)
        CHECK(v[i] == i);
    static jmp_buf jb;
    volatile int n = 0;
    if (setjmp(jb) < 3) {
        n++;
        longjmp(jb, n);
    }
    CHECK(n == 3);
    return NULL;
}

static const char *t_env(void)
{
    CHECK(setenv("LIBCTEST", "yes", 1) == 0);
    CHECK(strcmp(getenv("LIBCTEST"), "yes") == 0);
    CHECK(unsetenv("LIBCTEST") == 0);
    CHECK(getenv("LIBCTEST") == NULL);
    return NULL;
}

/* ---- signals --------------------------------------------------------------------------- */

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

/* ---- processes ------------------------------------------------------------------------- */

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

/* ---- files (need vfs) ------------------------------------------------------------------- */

#define NEED_VFS_OR_SKIP() NEED_VFS
#define NEED_VFS                                                                                   \
    do {                                                                                           \
        if (!have_vfs) return SKIP;                                                                \
    } while (0)

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

/* ---- more processes and signals ------------------------------------------------------- */

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
    NEED_VFS_OR_SKIP();
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

static void *cancel_me(void *a)
{
    (void)a;
    for (;;)
        usleep(1000);
    return NULL;
}

static const char *t_cancel(void)
{
    pthread_t t;
    void *r;
    CHECK(pthread_create(&t, NULL, cancel_me, NULL) == 0);
    usleep(5000);
    CHECK(pthread_cancel(t) == 0);
    CHECK(pthread_join(t, &r) == 0);
    CHECK(r == PTHREAD_CANCELED);
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
    NEED_VFS_OR_SKIP();
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

static const char *t_redirect_stdout(void)
{
    NEED_VFS_OR_SKIP();
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
    NEED_VFS_OR_SKIP();
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

static const char *t_big_dir(void)
{
    NEED_VFS_OR_SKIP();
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

static const char *t_big_file(void)
{
    NEED_VFS_OR_SKIP();
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
    NEED_VFS_OR_SKIP();
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
    NEED_VFS_OR_SKIP();
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

static const char *t_devdir(void)
{
    NEED_VFS_OR_SKIP();
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
    NEED_VFS_OR_SKIP();
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
    NEED_VFS_OR_SKIP();
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
            int good = m && pthread_create(&u, NULL, ret_arg, (void *)1) == 0 &&
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

struct test {
    const char *(*fn)(void);
    const char *name;
};

static const struct test tests[] = {
    {t_stdio_console, "stdio_console"},
    {t_malloc_small, "malloc_small"},
    {t_malloc_large, "malloc_large"},
    {t_malloc_stress, "malloc_stress"},
    {t_calloc_realloc, "calloc_realloc"},
    {t_mmap_anon, "mmap_anon"},
    {t_mmap_shared_fixed, "mmap_shared_fixed"},
    {t_mprotect, "mprotect"},
    {t_brk, "brk"},
    {t_thread_join, "thread_join"},
    {t_mutex, "mutex"},
    {t_condvar, "condvar"},
    {t_cond_timeout, "cond_timeout"},
    {t_tls, "tls"},
    {t_detach, "detach"},
    {t_many_threads, "many_threads"},
    {t_rwlock, "rwlock"},
    {t_tsd, "thread_specific_data"},
    {t_malloc_threads, "malloc_threads"},
    {t_semaphore, "semaphore"},
    {t_recursive_mutex, "recursive_mutex"},
    {t_errno_per_thread, "errno_per_thread"},
    {t_futex_raw, "futex_raw"},
    {t_clock_monotonic, "clock_monotonic"},
    {t_nanosleep, "nanosleep"},
    {t_clock_nanosleep_abs, "clock_nanosleep_abs"},
    {t_gettimeofday, "gettimeofday"},
    {t_enosys, "enosys"},
    {t_uname, "uname"},
    {t_ids, "ids"},
    {t_pgrp, "pgrp"},
    {t_getrandom, "getrandom"},
    {t_libc_misc, "libc_misc"},
    {t_qsort_setjmp, "qsort_setjmp"},
    {t_env, "env"},
    {t_signal_handler, "signal_handler"},
    {t_siginfo, "siginfo"},
    {t_sigmask, "sigmask"},
    {t_sigign, "sig_ignore"},
    {t_wait_nochild, "wait_nochild"},
    {t_fork_wait, "fork_wait"},
    {t_fork_memory, "fork_memory"},
    {t_exec, "exec"},
    {t_posix_spawn, "posix_spawn"},
    {t_file_rw, "file_rw"},
    {t_file_vectors, "file_vectors"},
    {t_stdio_file, "stdio_file"},
    {t_stat_unlink, "stat_unlink"},
    {t_dirs, "dirs"},
    {t_rename_link, "rename_link"},
    {t_truncate_chmod, "truncate_chmod"},
    {t_dup_fcntl, "dup_fcntl"},
    {t_pipe, "pipe"},
    {t_pipe_threads, "pipe_threads"},
    {t_pipe_fork, "pipe_fork"},
    {t_cwd, "cwd"},
    {t_openat, "openat"},
    {t_umask_devnull, "umask_devnull"},
    {t_mmap_file, "mmap_file"},
    {t_cloexec_exec, "cloexec_exec"},
    {t_sigchld, "sigchld"},
    {t_eintr_sleep, "eintr_sleep"},
    {t_eintr_pipe, "eintr_pipe"},
    {t_sigsuspend, "sigsuspend"},
    {t_kill_child, "kill_child"},
    {t_sessions, "sessions"},
    {t_credentials, "credentials"},
    {t_cancel, "pthread_cancel"},
    {t_exec_errors, "exec_errors"},
    {t_spawn_redirect, "spawn_redirect"},
    {t_redirect_stdout, "redirect_stdout"},
    {t_file_errors, "file_errors"},
    {t_big_dir, "big_dir"},
    {t_big_file, "big_file"},
    {t_append_mkstemp, "append_mkstemp"},
    {t_utimens, "utimens"},
    {t_devdir, "devdir"},
    {t_fifo_statvfs, "fifo_statvfs"},
    {t_sa_restart, "sa_restart"},
    {t_sigpipe, "sigpipe"},
    {t_fork_threads, "fork_threads"},
};

/* "libctest stdio", started with stdio=/dev/null: fds 0..2 are /dev/null, then closing 1
 * and 2 puts stdout and stderr back on the console fallback. */
static int stdio_mode(void)
{
    int fails = 0;
    struct stat st[3];
    for (int fd = 0; fd < 3; fd++)
        if (fstat(fd, &st[fd]) != 0 || !S_ISCHR(st[fd].st_mode)) fails |= 1 << fd;
    if (isatty(0) || errno != ENOTTY) fails |= 8;
    if (write(1, "to /dev/null\n", 13) != 13) fails |= 16;
    char c;
    if (read(0, &c, 1) != 0) fails |= 32;
    if (st[1].st_ino != st[2].st_ino) fails |= 64;
    close(1);
    if (dup2(2, 1) != 1 || fcntl(1, F_GETFD) != 0) fails |= 128;
    close(1);
    close(2);
    if (write(1, "libctest-stdio: console again\n", 31) != 31) fails |= 256;
    printf("libctest-stdio: %s (0x%x)\n", fails ? "FAIL" : "ok", fails);
    fflush(stdout);
    return fails ? 1 : 0;
}

/* "libctest tty" (bootconf=libctty.conf): termios and poll on /dev/ttyS0, driven by
 * tests/system/test_libc.py typing on the serial console. Reports on stdout (the console). */
static int tty_passed, tty_failed;
static void tty_check(int ok, const char *what)
{
    if (ok)
        tty_passed++;
    else
        tty_failed++;
    printf("libctest-tty: %s %s (errno %d)\n", ok ? "ok" : "FAIL", what, errno);
}

static int tty_mode(void)
{
    int fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY);
    tty_check(fd >= 0, "open /dev/ttyS0");
    if (fd < 0) return 1;
    tty_check(isatty(fd) == 1, "isatty");
    struct termios orig, raw;
    tty_check(tcgetattr(fd, &orig) == 0 && (orig.c_lflag & ICANON) && (orig.c_lflag & ECHO),
              "tcgetattr (TCGETS, 60 bytes): canonical, echo");
    struct winsize ws, ws2 = {.ws_row = 30, .ws_col = 100}, got;
    tty_check(ioctl(fd, TIOCGWINSZ, &ws) == 0, "TIOCGWINSZ");
    tty_check(ioctl(fd, TIOCSWINSZ, &ws2) == 0 && ioctl(fd, TIOCGWINSZ, &got) == 0 &&
                  got.ws_row == 30 && got.ws_col == 100,
              "TIOCSWINSZ then TIOCGWINSZ");
    ioctl(fd, TIOCSWINSZ, &ws);
    pid_t pg = tcgetpgrp(fd);
    tty_check(pg >= 0 || errno == ENOTTY, "tcgetpgrp (TIOCGPGRP)");
    struct pollfd pf = {fd, POLLOUT, 0};
    tty_check(poll(&pf, 1, 0) == 1 && (pf.revents & POLLOUT), "poll POLLOUT");
    tty_check(tcflush(fd, TCIFLUSH) == 0 && tcdrain(fd) == 0, "tcflush, tcdrain");

    raw = orig;
    cfmakeraw(&raw);
    tty_check(tcsetattr(fd, TCSANOW, &raw) == 0, "tcsetattr raw (TCSETS)");
    struct termios now;
    tty_check(tcgetattr(fd, &now) == 0 && !(now.c_lflag & (ICANON | ECHO)), "raw mode read back");
    write(fd, "libctest-tty raw> ", 18);
    char c = 0;
    ssize_t n = read(fd, &c, 1);
    tty_check(n == 1 && c == 'Q', "raw read of one byte");
    tty_check(tcsetattr(fd, TCSAFLUSH, &orig) == 0, "tcsetattr restore (TCSETSF)");

    pf = (struct pollfd){fd, POLLIN, 0};
    tty_check(poll(&pf, 1, 0) == 0, "poll POLLIN, nothing typed");
    write(fd, "libctest-tty line> ", 19);
    int pr = poll(&pf, 1, 20000);
    tty_check(pr == 1 && (pf.revents & POLLIN), "poll POLLIN waits for a line");
    int avail = 0;
    tty_check(ioctl(fd, FIONREAD, &avail) == 0 && avail >= 3, "FIONREAD");
    char line[32] = {0};
    n = read(fd, line, sizeof line - 1);
    tty_check(n == 3 && !strcmp(line, "xy\n"), "canonical read of a line");
    close(fd);
    printf("libctest-tty: %d passed, %d failed\n", tty_passed, tty_failed);
    return tty_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "tty")) return tty_mode();
    if (argc == 2 && !strcmp(argv[1], "stdio")) return stdio_mode();
    if (argc == 3 && !strcmp(argv[1], "echo")) {
        const char *env = getenv("LIBCTEST_ENV");
        printf("%s %s\n", argv[2], env ? env : "(no env)");
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "exit")) return atoi(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "fdcheck"))
        return fcntl(atoi(argv[2]), F_GETFD) == -1 && errno == EBADF ? 0 : 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *only = argc == 3 && !strcmp(argv[1], "only") ? argv[2] : NULL;
    struct stat st;
    have_vfs = stat("/", &st) == 0;
    printf("libctest: %zu cases, vfs %s\n", sizeof tests / sizeof tests[0],
           have_vfs ? "present" : "absent (file cases skipped)");
    int passed = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (only && strcmp(only, tests[i].name)) continue;
        errno = 0;
        const char *r = tests[i].fn();
        if (r == SKIP) {
            skipped++;
            printf("libctest: SKIP %s\n", tests[i].name);
        } else if (r) {
            failed++;
            printf("libctest: FAIL %s: %s\n", tests[i].name, r);
        } else {
            passed++;
            printf("libctest: ok %s\n", tests[i].name);
        }
    }
    printf("libctest: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
