/* prodcons: producers and consumers sharing a bounded queue, with POSIX threads.
 *
 *     prodcons [PRODUCERS [CONSUMERS [ITEMS]]]     (defaults 3, 2, 1000 items each)
 *
 * Producers put numbered items into a ring of 8 slots; consumers take them out. A mutex
 * guards the ring, two condition variables say "not full" and "not empty". The sums at
 * the end do not depend on how the threads were scheduled, so the output is always the
 * same for the same arguments. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 8

static long ring[SLOTS];
static int head, count, producers_left;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long items_each;

struct result {
    long taken, sum;
};

static void *produce(void *arg)
{
    long id = (long)arg;
    for (long i = 1; i <= items_each; i++) {
        pthread_mutex_lock(&lock);
        while (count == SLOTS)
            pthread_cond_wait(&not_full, &lock);
        ring[(head + count++) % SLOTS] = id * 1000000 + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    if (--producers_left == 0) pthread_cond_broadcast(&not_empty); /* wake idle consumers */
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consume(void *arg)
{
    struct result *r = arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (count == 0 && producers_left > 0)
            pthread_cond_wait(&not_empty, &lock);
        if (count == 0) { /* nothing left and nobody producing */
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        long item = ring[head];
        head = (head + 1) % SLOTS;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        r->taken++;
        r->sum += item;
    }
}

int main(int argc, char **argv)
{
    int np = argc > 1 ? atoi(argv[1]) : 3, nc = argc > 2 ? atoi(argv[2]) : 2;
    items_each = argc > 3 ? atol(argv[3]) : 1000;
    if (np < 1 || nc < 1 || np > 64 || nc > 64 || items_each < 0) {
        fprintf(stderr, "usage: prodcons [PRODUCERS [CONSUMERS [ITEMS]]]\n");
        return 2;
    }
    pthread_t pt[64], ct[64];
    struct result res[64] = {{0, 0}};
    producers_left = np;
    for (int i = 0; i < nc; i++)
        if (pthread_create(&ct[i], NULL, consume, &res[i]) != 0) return 1;
    for (long i = 0; i < np; i++)
        if (pthread_create(&pt[i], NULL, produce, (void *)(i + 1)) != 0) return 1;
    for (int i = 0; i < np; i++)
        pthread_join(pt[i], NULL);
    long taken = 0, sum = 0;
    for (int i = 0; i < nc; i++) {
        pthread_join(ct[i], NULL);
        taken += res[i].taken;
        sum += res[i].sum;
    }
    long want = 0;
    for (long p = 1; p <= np; p++)
        want += p * 1000000 * items_each + items_each * (items_each + 1) / 2;
    printf("%d producers, %d consumers, %ld items each\n", np, nc, items_each);
    printf("taken %ld items, sum %ld (%s)\n", taken, sum,
           taken == np * items_each && sum == want ? "every item exactly once" : "WRONG");
    return taken == np * items_each && sum == want ? 0 : 1;
}
