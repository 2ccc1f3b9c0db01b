#pragma once
#include "object.h"

struct thread;

/* Synchronous IPC rendezvous: queues of blocked senders and receivers. */
struct endpoint {
    struct kobj obj;
    struct thread *senders, *receivers;
};

struct endpoint *endpoint_create(void);
/* Queues or delivers t's fault message (t->fault_msg) as a call; returns when resumed. */
void endpoint_send_fault(struct endpoint *ep, struct thread *t);
