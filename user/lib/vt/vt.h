#pragma once
/*
 * Terminal emulation core: a VT100/xterm-subset state machine over a cell grid. Portable C17,
 * no allocation: the caller hands in every buffer. A console server keeps one struct vt per
 * virtual terminal, feeds program output to vt_write, key bytes from keymap_feed to the tty,
 * and after a batch of output calls render_draw for the terminal on screen; render_draw
 * reads rows through vt_row and redraws only the rows vt_row_dirty reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/errno.h"

#define VT_MAX_COLS 512
#define VT_MAX_ROWS 256
#define VT_MAX_PARAMS 16

#define VT_ATTR_BOLD 0x01
#define VT_ATTR_UNDERLINE 0x02
#define VT_ATTR_BLINK 0x04
#define VT_ATTR_REVERSE 0x08

#define VT_DEFAULT_FG 7
#define VT_DEFAULT_BG 0

enum vt_cursor_style { VT_CURSOR_BLOCK, VT_CURSOR_UNDERLINE, VT_CURSOR_BAR };

/* One character cell; fg and bg index the 256-colour palette. */
struct vt_cell {
    uint32_t cp;
    uint8_t fg;
    uint8_t bg;
    uint8_t attr;
    uint8_t pad;
};

/* Bytes the terminal sends back to the host (DSR replies, device attributes). */
typedef void (*vt_reply_fn)(void *ctx, const char *bytes, size_t len);

struct vt_cursor_save {
    int x, y;
    uint8_t fg, bg, attr;
    bool origin, wrap_pending;
    bool gl, g0, g1;
};

struct vt {
    int cols, rows;
    struct vt_cell *screen;   /* the grid in use: main or alt */
    struct vt_cell *main_buf; /* cols * rows */
    struct vt_cell *alt_buf;  /* cols * rows, or NULL: no alternate screen */
    bool alt_active;
    uint16_t *map; /* screen row -> buffer row of the grid in use */
    uint16_t map_main[VT_MAX_ROWS], map_alt[VT_MAX_ROWS];

    struct vt_cell *sb; /* scrollback ring, sb_cap lines of cols cells, or NULL */
    int sb_cap, sb_head, sb_count;
    int view; /* lines scrolled back; 0 = following output */

    int x, y;
    bool wrap_pending;
    uint8_t fg, bg, attr;
    int top, bot; /* scroll region, inclusive */
    bool origin, autowrap, cursor_visible, app_cursor, insert;
    enum vt_cursor_style cursor_style;
    bool gl;                        /* SO in effect: G1 is the active character set */
    bool g[2];                      /* G0, G1 designated to DEC Special Graphics (line drawing) */
    struct vt_cursor_save saved[2]; /* DECSC slot of the main and the alternate screen */
    uint8_t tabs[VT_MAX_COLS / 8];

    /* parser */
    int state;
    uint32_t utf_cp, utf_min;
    int utf_left;
    int params[VT_MAX_PARAMS];
    int nparams;
    char priv, inter;
    uint32_t last_cp; /* for REP */

    vt_reply_fn reply;
    void *reply_ctx;

    uint32_t dirty[VT_MAX_ROWS / 32];
};

/*
 * Sets up a cols x rows terminal over caller buffers: main (cols*rows cells), alt (same size or
 * NULL), sb (cols*sb_lines cells or NULL). Returns 0 or -EINVAL.
 */
int vt_init(struct vt *vt, int cols, int rows, struct vt_cell *main_buf, struct vt_cell *alt_buf,
            struct vt_cell *sb, int sb_lines);

/* Sets the callback that receives reply bytes (CSI 6n, CSI c); NULL drops them. */
void vt_set_reply(struct vt *vt, vt_reply_fn fn, void *ctx);

/* Feeds output bytes to the terminal; any byte snaps the view back to the live screen. */
void vt_write(struct vt *vt, const void *buf, size_t len);

/* Full reset (RIS): clears screen, scrollback stays. */
void vt_reset(struct vt *vt);

/* Moves the view delta lines back into scrollback (negative: forward); returns the new offset. */
int vt_scroll_view(struct vt *vt, int delta);

/* The cells shown on display row y, taking the view offset into account. */
const struct vt_cell *vt_row(const struct vt *vt, int y);

/* Row y of the live grid (main or alternate screen), whatever the view offset. */
const struct vt_cell *vt_screen_row(const struct vt *vt, int y);

/* Scrollback line i, 0 the oldest kept, or NULL. */
const struct vt_cell *vt_sb_line(const struct vt *vt, int i);

/* Whether display row y changed since the last vt_clean. */
bool vt_row_dirty(const struct vt *vt, int y);
void vt_mark_dirty(struct vt *vt, int y);
void vt_mark_all_dirty(struct vt *vt);
void vt_clean(struct vt *vt);

/* Whether the cursor should be drawn: visible and the view follows output. */
bool vt_cursor_shown(const struct vt *vt);

/* Nearest xterm 256-colour index (cube or grey ramp) to a 24-bit colour. */
uint8_t vt_rgb_to_256(int r, int g, int b);
