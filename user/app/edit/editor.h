#pragma once
#include <stddef.h>
#include <time.h>

#include "buffer.h"
#include "syntax.h"
#include "undo.h"

#define TABSTOP 8

/* The editor: one buffer in one window. */
struct editor {
    struct buffer buf;
    struct undo_stack undo;
    const struct syntax *syn;
    char *filename; /* NULL for a new, unnamed buffer */
    int cy;         /* cursor line */
    size_t cx;      /* cursor byte offset in the line */
    int want_rx;    /* display column that up/down try to keep */
    int rowoff, coloff;
    int rows, cols; /* text area; the terminal has two more rows */
    unsigned long saved_state;
    char msg[256];
    time_t msg_time;
    int msg_sticky; /* a prompt: keep it until it is answered */
    int match_row;  /* search match to show, or -1 */
    size_t match_col, match_len;
    int fd; /* the terminal keys come from; the screen is standard output */
};

/* Whether the buffer differs from the file as last loaded or saved. */
int editor_dirty(const struct editor *e);
