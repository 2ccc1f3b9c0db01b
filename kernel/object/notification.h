#pragma once
#include "object.h"

struct thread;

/* An asynchronous signal word: signal ORs the capability's badge in, wait takes and clears. */
struct notification {
    struct kobj obj;
    uint64_t word;
    struct thread *waiters;
};

struct notification *notification_create(void);
/* ORs bits into n, waking the first waiter (used for IRQs too). */
void notification_signal(struct notification *n, uint64_t bits);
