#pragma once
/* The line discipline: what a terminal does between the device and its readers and writers
 * (input editing, echo, signal characters, output processing, termios). Terminal-independent
 * portable C with no outside calls: the serial terminal and the framebuffer terminals each
 * feed it received bytes and give it an output function. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/proto/tty.h"

#define LDISC_LINE_MAX 4096 /* canonical line, with its terminator */
#define LDISC_QUEUE 8192    /* bytes waiting to be read */
#define LDISC_LINES 256     /* complete canonical lines waiting to be read */
#define LDISC_NEVER (~0ull)

struct ldisc_ops {
    /* Bytes to show on the terminal (echo and processed output). */
    void (*output)(void *ctx, const char *buf, size_t n);
    /* A signal character was typed (SIGINT, SIGQUIT, SIGTSTP) for the foreground group. */
    void (*signal)(void *ctx, int sig);
};

struct ldisc {
    struct tty_termios t;
    const struct ldisc_ops *ops;
    void *ctx;
    char edit[LDISC_LINE_MAX]; /* the canonical line being edited */
    size_t nedit;
    unsigned edit_col;   /* output column where the edited line starts */
    bool lnext;          /* the next byte is taken literally (VLNEXT) */
    char q[LDISC_QUEUE]; /* readable bytes */
    size_t nq;
    /* Canonical mode: the lengths of the complete lines at the front of q (0: end of file). */
    uint16_t lines[LDISC_LINES];
    size_t nlines;
    unsigned col; /* output column, for erasing tabs */
    char obuf[256];
    size_t nobuf;
};

/* Default termios of a terminal (Linux's: canonical, echo, signals, ICRNL, OPOST|ONLCR). */
void ldisc_default_termios(struct tty_termios *t);
void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx);
/* Bytes received from the keyboard or the line: edited, echoed, queued. */
void ldisc_input(struct ldisc *ld, const char *buf, size_t n);
/* Bytes a program writes: output processing (OPOST), then the output function. */
void ldisc_write(struct ldisc *ld, const char *buf, size_t n);
/* Up to n readable bytes into buf (canonical: at most one line; an end-of-file mark gives 0
 * and is consumed). With peek nothing is consumed. Returns the bytes delivered. */
size_t ldisc_read(struct ldisc *ld, char *buf, size_t n, bool peek);
/* When a read of want bytes that began at start_ns can complete: 0 now, else the time at
 * which it completes without further input (VTIME), or LDISC_NEVER. last_rx_ns is the time
 * the last byte arrived. */
uint64_t ldisc_read_deadline(const struct ldisc *ld, size_t want, uint64_t start_ns,
                             uint64_t last_rx_ns);
/* Bytes a read could return now (FIONREAD). */
size_t ldisc_available(const struct ldisc *ld);
/* New settings; flush discards unread input first (TCSETSF). */
void ldisc_set_termios(struct ldisc *ld, const struct tty_termios *t, bool flush);
/* Discards unread input and the line being edited. */
void ldisc_flush_input(struct ldisc *ld);
