/* libctest: threads, their synchronisation and TLS, futexes. */
#include "libctest.h"

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

static pthread_barrier_t barrier;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs, serial_seen;

static void once_init(void)
{
    atomic_fetch_add(&once_runs, 1);
}

static void *barrier_worker(void *a)
{
    (void)a;
    for (int round = 0; round < 10; round++) {
        pthread_once(&once, once_init);
        if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
            atomic_fetch_add(&serial_seen, 1);
    }
    return NULL;
}

static const char *t_barrier_once(void)
{
    pthread_t t[4];
    atomic_store(&once_runs, 0);
    atomic_store(&serial_seen, 0);
    CHECK(pthread_barrier_init(&barrier, NULL, 4) == 0);
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, barrier_worker, NULL) == 0);
    for (int i = 0; i < 4; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(atomic_load(&once_runs) == 1);
    CHECK(atomic_load(&serial_seen) == 10); /* one serial thread per round */
    pthread_barrier_destroy(&barrier);
    return NULL;
}

static int gate_open, waiting;

static void *gate_waiter(void *a)
{
    (void)a;
    pthread_mutex_lock(&mtx);
    waiting++;
    pthread_cond_broadcast(&cv);
    while (!gate_open)
        pthread_cond_wait(&cv, &mtx);
    waiting--;
    pthread_mutex_unlock(&mtx);
    return NULL;
}

static const char *t_cond_broadcast(void)
{
    pthread_t t[6];
    gate_open = waiting = 0;
    for (int i = 0; i < 6; i++)
        CHECK(pthread_create(&t[i], NULL, gate_waiter, NULL) == 0);
    pthread_mutex_lock(&mtx);
    while (waiting < 6)
        pthread_cond_wait(&cv, &mtx);
    gate_open = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mtx);
    for (int i = 0; i < 6; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(waiting == 0);
    return NULL;
}

static int fword;
static atomic_int fwoken;

static void *futex_waiter(void *a)
{
    (void)a;
    while (atomic_load_explicit((atomic_int *)&fword, memory_order_acquire) == 0)
        syscall(SYS_futex, &fword, 128 /* FUTEX_WAIT_PRIVATE */, 0, NULL, NULL, 0);
    atomic_fetch_add(&fwoken, 1);
    return NULL;
}

static const char *t_futex_wake_count(void)
{
    pthread_t t[3];
    fword = 0;
    atomic_store(&fwoken, 0);
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&t[i], NULL, futex_waiter, NULL) == 0);
    usleep(30000); /* let them block */
    /* No change of the word: a woken waiter sleeps again, but the count is reported. */
    long n = syscall(SYS_futex, &fword, 129 /* FUTEX_WAKE_PRIVATE */, 2, NULL, NULL, 0);
    CHECK(n >= 0 && n <= 2);
    atomic_store_explicit((atomic_int *)&fword, 1, memory_order_release);
    long total = 0;
    uint64_t t0 = now_ns();
    while (atomic_load(&fwoken) < 3 && now_ns() - t0 < 5000000000ull)
        total += syscall(SYS_futex, &fword, 129, 1000, NULL, NULL, 0);
    for (int i = 0; i < 3; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(atomic_load(&fwoken) == 3 && total >= 1);
    /* Nobody waits any more. */
    CHECK(syscall(SYS_futex, &fword, 129, 1000, NULL, NULL, 0) == 0);
    return NULL;
}

static void *deep_stack(void *a)
{
    (void)a;
    volatile char big[512 * 1024];
    for (size_t i = 0; i < sizeof big; i += 4096)
        big[i] = (char)(i >> 12);
    big[sizeof big - 1] = 1;
    int ok = big[4096] == 1 && big[sizeof big - 4096] == (char)(sizeof big / 4096 - 1) &&
             big[sizeof big - 1] == 1;
    return ok ? (void *)pthread_self() : NULL;
}

static const char *t_thread_stack(void)
{
    pthread_attr_t at;
    pthread_attr_init(&at);
    CHECK(pthread_attr_setstacksize(&at, 1024 * 1024) == 0);
    size_t sz = 0;
    CHECK(pthread_attr_getstacksize(&at, &sz) == 0 && sz == 1024 * 1024);
    pthread_t t;
    void *r;
    CHECK(pthread_create(&t, &at, deep_stack, NULL) == 0);
    pthread_attr_destroy(&at);
    CHECK(pthread_join(t, &r) == 0);
    CHECK(r && pthread_equal((pthread_t)r, t)); /* its stack held 512 KiB; it was t */
    CHECK(!pthread_equal(t, pthread_self()));
    return NULL;
}

const struct test thread_tests[] = {
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
    {t_cancel, "pthread_cancel"},
    {t_barrier_once, "barrier_once"},
    {t_cond_broadcast, "cond_broadcast"},
    {t_futex_wake_count, "futex_wake_count"},
    {t_thread_stack, "thread_stack"},
    {NULL, NULL},
};
