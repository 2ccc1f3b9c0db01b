#pragma once
#include "object.h"

struct thread;

/* A saved one-shot reply: send on it answers caller's call. */
struct reply {
    struct kobj obj;
    struct thread *caller;
};

/* Moves t's pending implicit reply into a new REPLY capability in slot; 0 or -EINVAL. */
long reply_save(struct thread *t, struct cap *slot);
/* The capability was deleted: an unanswered caller gets -ECANCELED. */
void reply_cap_deleted(struct reply *r);
