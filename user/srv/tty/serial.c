/* COM1 (16550 UART at 0x3F8, ISA IRQ 4). The server's thread writes by polling (as the
 * kernel's log does); a second thread takes the receive interrupts and hands the bytes to
 * the server loop as TTY_RX calls, and sends the signals that the line discipline raises. */
#include "tty.h"
#include "abi/proto/procmgr.h"

#define COM1 0x3F8
#define COM1_PORTS 8
#define COM1_IRQ 4
#define UART_DATA 0
#define UART_IER 1
#define UART_IIR 2
#define UART_FCR 2
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA 0x01
#define LSR_THRE 0x20

#define BIT_IRQ 1ull
#define BIT_KILL 2ull
#define POLL_NS 100000000ull /* also look at the line every 100 ms, in case an edge is lost */

static cap_t port, irq, notif, kill_notif, rx_ep;

/* Signals waiting for the interrupt thread: the server's thread writes the head. */
#define KILLQ 32
static struct {
    long pgrp;
    int sig;
} killq[KILLQ];
static volatile uint32_t kill_head, kill_tail;
static volatile long watched; /* serial_watch */
#define WATCH_NS 250000000ull

static uint8_t in8(int reg)
{
    return (uint8_t)invoke2(port, IOPORT_IN, COM1 + reg, 1);
}

static void out8(int reg, uint8_t v)
{
    invoke3(port, IOPORT_OUT, COM1 + reg, 1, v);
}

void serial_write(const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int t = 0; t < 100000 && !(in8(UART_LSR) & LSR_THRE); t++)
            ;
        out8(UART_DATA, (uint8_t)buf[i]);
    }
}

void serial_queue_kill(long pgrp, int sig)
{
    uint32_t h = kill_head;
    if (h - __atomic_load_n(&kill_tail, __ATOMIC_ACQUIRE) >= KILLQ)
        return; /* a burst of signal keys: the group already has plenty */
    killq[h % KILLQ].pgrp = pgrp;
    killq[h % KILLQ].sig = sig;
    __atomic_store_n(&kill_head, h + 1, __ATOMIC_RELEASE);
    sys_signal(kill_notif);
}

static void send_kills(void)
{
    static bool warned;
    while (kill_tail != __atomic_load_n(&kill_head, __ATOMIC_ACQUIRE)) {
        uint32_t t = kill_tail;
        long pgrp = killq[t % KILLQ].pgrp;
        int sig = killq[t % KILLQ].sig;
        __atomic_store_n(&kill_tail, t + 1, __ATOMIC_RELEASE);
        long r = pm_kill(PROC_CAP_PROCMGR, -pgrp, sig);
        if (r < 0 && !warned) {
            warned = true;
            dprintf_k("tty: signal %d to group %ld failed (%ld); later failures not logged\n", sig,
                      pgrp, r);
        }
    }
}

static void rx_send(const char *buf, size_t n)
{
    struct ipc_msg m = {0};
    m.w[0] = n;
    __builtin_memcpy(&m.w[1], buf, n);
    sys_call(rx_ep, IPC_INFO(TTY_RX, 6, 0), &m);
}

static void drain(void)
{
    char buf[TTY_RX_MAX];
    size_t n = 0;
    while (in8(UART_LSR) & LSR_DATA) {
        buf[n++] = (char)in8(UART_DATA);
        if (n == sizeof buf) {
            rx_send(buf, n);
            n = 0;
        }
    }
    if (n) rx_send(buf, n);
}

void serial_watch(long pid)
{
    __atomic_store_n(&watched, pid, __ATOMIC_RELEASE);
}

static void check_watched(void)
{
    static uint64_t next;
    long pid = __atomic_load_n(&watched, __ATOMIC_ACQUIRE);
    uint64_t now = (uint64_t)sys_clock();
    if (!pid || now < next) return;
    next = now + WATCH_NS;
    if (pm_kill(PROC_CAP_PROCMGR, pid, 0) != -ESRCH) return;
    __atomic_compare_exchange_n(&watched, &pid, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    struct ipc_msg m = {0};
    m.w[0] = (uint64_t)pid;
    sys_call(rx_ep, IPC_INFO(TTY_GONE, 1, 0), &m);
}

static __attribute__((noreturn)) void irq_thread(void)
{
    for (;;) {
        long bits = sys_wait(notif, POLL_NS);
        check_watched();
        if (bits > 0 && (bits & BIT_KILL)) send_kills();
        drain();
        if (bits > 0 && (bits & BIT_IRQ)) {
            in8(UART_IIR);
            invoke0(irq, IRQ_ACK);
        }
    }
}

static long start_thread(void (*fn)(void))
{
    cap_t stack_mem, buf_mem, th = slot_alloc();
    uint8_t *stack = pages_alloc(4, &stack_mem);
    struct ipc_buffer *buf = pages_alloc(1, &buf_mem);
    if (!th || !stack || !buf) return -ENOMEM;
    long r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_THREAD, 0, th);
    if (r == 0)
        r = sys_invoke(th, THREAD_CONFIGURE, CAP_SELF_CSPACE, CAP_SELF_VSPACE, (uint64_t)buf,
                       buf_mem, 0, 0, 0);
    struct user_regs regs = {0};
    regs.rip = (unsigned long)fn;
    regs.rsp = (unsigned long)(stack + 4 * 4096 - 8);
    if (r == 0) r = invoke1(th, THREAD_WRITE_REGS, (uint64_t)&regs);
    if (r == 0) r = invoke0(th, THREAD_RESUME);
    return r;
}

long serial_start(cap_t ioport_all, cap_t irq_control, cap_t ep)
{
    port = slot_alloc();
    irq = slot_alloc();
    notif = slot_alloc();
    kill_notif = slot_alloc();
    rx_ep = slot_alloc();
    if (!port || !irq || !notif || !kill_notif || !rx_ep) return -ENOSPC;
    long r = invoke3(ioport_all, IOPORT_ISSUE, COM1, COM1_PORTS, port);
    if (r == 0) r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, notif);
    if (r == 0) r = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, kill_notif, notif, RIGHT_WRITE, BIT_KILL);
    if (r == 0) r = invoke4(CAP_SELF_CSPACE, CSPACE_MINT, rx_ep, ep, RIGHT_WRITE, BADGE_RX);
    if (r == 0) r = invoke2(irq_control, IRQ_CONTROL_GET, COM1_IRQ, irq);
    if (r < 0) return r;
    /* Line settings stay the kernel's (115200 8N1); FIFO with a 1-byte trigger so every
     * keystroke interrupts; OUT2 gates the interrupt line. */
    out8(UART_FCR, 0x07);
    out8(UART_MCR, 0x0B);
    out8(UART_IER, 0x01);
    r = invoke2(irq, IRQ_SET_NOTIFICATION, notif, BIT_IRQ);
    if (r == 0) r = start_thread(irq_thread);
    return r;
}
