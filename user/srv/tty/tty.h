#pragma once
/* The tty server: terminals as open files (abi/proto/file.h, abi/proto/tty.h). */
#include "cluu.h"
#include "ldisc.h"

/* A terminal: its line discipline, window size, session and foreground group. */
struct tty {
    const char *name;
    struct ldisc ld;
    struct tty_winsize ws;
    long sid, pgrp;      /* 0: none */
    uint64_t last_rx_ns; /* when the last byte arrived */
    void (*hw_write)(const char *buf, size_t n);
};

/* Badges on the server's endpoint besides open-file descriptions (1 .. BADGE_DESC_MAX). */
#define BADGE_DESC_MAX (1ull << 32)
#define BADGE_OPENER (1ull << 40) /* vfs and the registry name: VFS_OPEN */
#define BADGE_RX (1ull << 41)     /* the interrupt thread: received bytes */

/* What the interrupt thread sends: w0 = count, the bytes in w1..w5. */
#define TTY_RX 1
#define TTY_RX_MAX 40

/* serial.c: COM1. */
long serial_start(cap_t ioport_all, cap_t irq_control, cap_t ep);
void serial_write(const char *buf, size_t n);
/* Asks the interrupt thread to send sig to process group pgrp (through procmgr, so the
 * server's own loop never waits for procmgr, which may be calling it). */
void serial_queue_kill(long pgrp, int sig);
