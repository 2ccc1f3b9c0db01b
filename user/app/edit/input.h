#pragma once

/* A key is a Unicode code point (control characters included) or one of these. */
enum key {
    KEY_CLOSED = -2, /* the terminal went away */
    KEY_NONE = -1,   /* nothing yet: a timeout or a signal */
    KEY_ESC = 27,
    KEY_BACKSPACE = 127,
    KEY_UP = 0x200000,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_HOME,
    KEY_END,
    KEY_PGUP,
    KEY_PGDN,
    KEY_DEL,
    KEY_CTRL_HOME,
    KEY_CTRL_END,
    KEY_CTRL_LEFT,
    KEY_CTRL_RIGHT,
};

#define CTRL(c) ((c)&0x1f)

/* Put the terminal on fd in raw mode, saving its state, and switch standard output to the
 * alternate screen; returns 0 or -1. */
int term_raw(int fd);
/* Restore the saved terminal state; safe to call from a signal handler and more than once. */
void term_restore(void);
/* Rows and columns of the terminal; returns 0 or -1. */
int term_size(int fd, int *rows, int *cols);
/* Read one key, decoding escape sequences and UTF-8; KEY_NONE on a timeout or a signal. */
int input_read_key(int fd);
