#pragma once
/* The tty server: terminals as open files (abi/proto/file.h, abi/proto/tty.h). */
#include "cluu.h"
#include "ldisc.h"

/* A terminal: its line discipline, window size, session and foreground group. */
struct tty {
    const char *name;
    const char *path; /* in /dev */
    int index;        /* console terminals: 0 for tty1 */
    uint32_t rdev;    /* Linux's device number */
    struct ldisc ld;
    struct tty_winsize ws;
    long sid, pgrp;      /* 0: none */
    uint64_t last_rx_ns; /* when the last byte arrived */
    void (*hw_write)(struct tty *t, const char *buf, size_t n);
};

/* Badges on the server's endpoint besides open-file descriptions (1 .. BADGE_DESC_MAX). */
#define BADGE_DESC_MAX (1ull << 32)
#define BADGE_OPENER (1ull << 40)   /* + terminal number: VFS_OPEN from vfs or the registry */
#define BADGE_RX (1ull << 41)       /* the interrupt thread: received bytes */
#define BADGE_KEYS (1ull << 42)     /* the keyboard driver: key events (abi/proto/kbd.h) */
#define BADGE_FB (1ull << 43)       /* profile DEVICE: FB_ACQUIRE (abi/proto/fb.h) */
#define BADGE_FB_LEASE (1ull << 44) /* the holder of the framebuffer: FILE_CLOSE */

/* What the interrupt thread sends: w0 = count, the bytes in w1..w5. */
#define TTY_RX 1
#define TTY_RX_MAX 40
#define TTY_GONE 2 /* w0 = the watched pid (serial_watch), which procmgr no longer knows */

/* console.c: the framebuffer terminals tty1..tty<CONSOLE_VTS>. */
#define CONSOLE_VTS 2
/* Sets up the terminals (window sizes included) and the display; without a usable
 * framebuffer the terminals still work, unseen. */
long console_start(struct tty *t[CONSOLE_VTS]);
void console_write(struct tty *t, const char *buf, size_t n);
/* Draws what is pending now (tcdrain on a console terminal). */
void console_flush(void);
/* A KBD_EVENT message from the keyboard driver. */
void console_key(const struct ipc_msg *m);
/* Framebuffer hand-over: a copy of the framebuffer memory capability into slot mem and
 * geom = width, height, pitch, bpp; -EBUSY while lent, -ENODEV without a framebuffer. The
 * console stops drawing until console_fb_return, which revokes the copy and redraws. */
long console_fb_lend(cap_t mem, uint64_t geom[4], long pid);
/* The helper thread found pid gone: the framebuffer comes back if pid held it. */
void console_fb_holder_gone(long pid);
void console_fb_return(void);
/* Nanoseconds until a deferred frame is due (TIMEOUT_FOREVER: none); console_tick draws it. */
uint64_t console_timeout(void);
void console_tick(void);

/* serial.c: COM1. */
long serial_start(cap_t ioport_all, cap_t irq_control, cap_t ep);
void serial_write(const char *buf, size_t n);
/* Asks the interrupt thread to send sig to process group pgrp (through procmgr, so the
 * server's own loop never waits for procmgr, which may be calling it). */
void serial_queue_kill(long pgrp, int sig);
/* Has the interrupt thread look every 250 ms whether pid still lives, and send TTY_GONE when
 * it does not (0: watch nothing). The framebuffer's holder: procmgr's close of its lease can
 * miss a busy server. */
void serial_watch(long pid);
