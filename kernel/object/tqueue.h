#pragma once
#include "thread.h"

/* Circular wait queues of threads (the same links as the run queue; a thread is on one). */
static inline void tq_push(struct thread **head, struct thread *t)
{
    if (!*head) {
        t->next = t->prev = t;
        *head = t;
    } else {
        t->next = *head;
        t->prev = (*head)->prev;
        (*head)->prev->next = t;
        (*head)->prev = t;
    }
    t->queue_head = head;
}

static inline void tq_remove(struct thread *t)
{
    struct thread **head = t->queue_head;
    if (!head)
        return;
    if (t->next == t) {
        *head = 0;
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (*head == t)
            *head = t->next;
    }
    t->next = t->prev = 0;
    t->queue_head = 0;
}

static inline struct thread *tq_pop(struct thread **head)
{
    struct thread *t = *head;
    if (t)
        tq_remove(t);
    return t;
}
