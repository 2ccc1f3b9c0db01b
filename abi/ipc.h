#pragma once
#include <stdint.h>

/* Message info word: label (bits 16..63), caps to transfer (bits 8..9), length in words
 * (bits 0..6; words 0..5 travel in registers, 6..63 in the IPC buffer). */
#define IPC_MAX_WORDS 64
#define IPC_REG_WORDS 6
#define IPC_MAX_CAPS 3
#define IPC_INFO(label, len, ncaps)                                                               \
    (((uint64_t)(label) << 16) | ((uint64_t)(ncaps) << 8) | (uint64_t)(len))
#define IPC_LABEL(info) ((info) >> 16)
#define IPC_LEN(info) ((info)&0x7F)
#define IPC_NCAPS(info) (((info) >> 8) & 3)
/* send only: fail with -EAGAIN instead of blocking when no receiver waits. */
#define IPC_NONBLOCK (1ull << 12)

/* recv/wait timeouts in nanoseconds. */
#define TIMEOUT_POLL 0ull
#define TIMEOUT_FOREVER (~0ull)

/* Label the kernel puts on a fault message sent to a thread's fault endpoint.
 * Words: 0 = fault address (page faults), 1 = vector << 32 | the x86 error code (for a page
 * fault: vector 14 and the #PF bits), 2 = rip, 3 = rsp. Replying (any label) resumes the thread, which retries. */
#define IPC_LABEL_FAULT 0xFA17ull

/* A message as the user stubs see it. */
struct ipc_msg {
    uint64_t info;
    uint64_t badge;
    uint64_t w[IPC_REG_WORDS];
};

/* The per-thread IPC buffer page (registered with THREAD_CONFIGURE). */
struct ipc_buffer {
    uint64_t w[IPC_MAX_WORDS];     /* words 6..63 of long messages (0..5 unused) */
    uint64_t caps_out[IPC_MAX_CAPS]; /* handles to transfer with the next send/call/reply */
    uint64_t recv_slots[IPC_MAX_CAPS]; /* empty slots in this thread's cspace for received caps */
    uint64_t caps_in;              /* how many caps the last received message carried */
    uint64_t user[32];             /* free for the C library (thread pointer, errno, ...) */
};
