#pragma once
#include "object.h"
#include "abi/ipc.h"
#include "abi/methods.h"
#include "arch/x86_64/trap.h"

struct cspace;
struct vspace;
struct memobj;
struct endpoint;
struct notification;
struct reply;

#define KSTACK_PAGES 4

struct thread {
    struct kobj obj;
    uint64_t ksp;        /* saved kernel stack pointer while switched out */
    uint64_t kstack_top;     /* where the trap frame ends (rsp0) */
    uint64_t kstack_mem_top; /* end of the stack pages (the thread sits just below) */
    struct trap_frame *tf; /* user registers, at the top of the kernel stack */
    int state;           /* enum thread_state */
    int prio;
    bool suspended;      /* resume needed even after the block ends */
    bool dying;
    bool kernel;         /* idle thread: no user half */
    bool regs_set;       /* THREAD_WRITE_REGS happened: it may be resumed */
    bool in_fault;       /* blocked on its fault endpoint: a reply resumes, no registers */
    uint64_t fault_msg[4];
    uint32_t id;
    struct thread *next, *prev; /* run queue or wait queue */
    struct thread **queue_head; /* the wait queue we are on (NULL: none) */

    struct cspace *cspace;
    struct vspace *vspace;
    uint64_t ipcbuf_va;
    struct memobj *ipcbuf_mem;
    struct ipc_buffer *ipcbuf;
    struct endpoint *fault_ep;
    uint64_t fault_badge;

    /* IPC while blocked sending. */
    uint64_t send_info, send_badge;
    bool send_call, send_grant;
    struct thread *caller;        /* implicit reply: whom this thread must answer */
    struct thread *reply_owner;   /* while BLOCKED_REPLY: the thread holding our reply */
    struct reply *reply_obj;      /* ... or the reply object */
    struct notification *waiting_notif;
    uint64_t futex_key;

    /* Timeouts. */
    uint64_t wake_tsc; /* 0: no timeout */
    struct thread *sleep_next, *sleep_prev;
    bool on_sleep_queue;

    uint64_t fs_base, gs_base;
    uint64_t cpu_tsc, run_start;
    uint8_t fpu[512] __attribute__((aligned(16)));
};

struct thread *thread_create(void);
struct thread *current_thread(void);
long thread_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
/* Makes a blocked thread runnable with rax = result (it returns from its system call). */
void thread_wake(struct thread *t, long result);
/* Blocks the current thread in state until woken; returns its result (tf->rax). */
long thread_block(int state, uint64_t timeout_ns);
/* Cancels whatever t is blocked in, without waking it. */
void thread_cancel_block(struct thread *t);
/* Ends the current thread. */
__attribute__((noreturn)) void thread_exit_current(void);
/* Sends a fault message for the current thread (or suspends it); returns when resumed. */
void thread_fault(uint64_t addr, uint64_t err, struct trap_frame *tf);
/* Frees the thread that exited on the previous CPU stack. */
void thread_reap_zombie(void);
extern struct thread *zombie;
static inline bool zombie_pending(void)
{
    return zombie != 0;
}
struct thread *thread_create_kernel(void (*fn)(void));
