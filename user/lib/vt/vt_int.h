#pragma once
/* Grid operations shared by the parser (parse.c) and the grid (vt.c); not for vt's users. */
#include "vt.h"

#define VT_GROUND 0 /* parser state after reset */

int vt_clamp(int v, int lo, int hi);
struct vt_cell *vt_rowp(struct vt *vt, int y);
/* Blanks cells x0..x1-1 of row y with the current background. */
void vt_fill(struct vt *vt, int y, int x0, int x1);
void vt_clear(struct vt *vt);
/* Scrolls rows top..bot up by n; with keep, lines leaving the top of the main screen go to
 * scrollback. */
void vt_scroll_up(struct vt *vt, int top, int bot, int n, bool keep);
void vt_scroll_down(struct vt *vt, int top, int bot, int n);
/* LF / IND and RI: move down or up, scrolling the region at its margin. */
void vt_index(struct vt *vt);
void vt_rindex(struct vt *vt);
/* Absolute cursor moves, clamped to the screen; _origin is relative to the region in DECOM. */
void vt_move(struct vt *vt, int x, int y);
void vt_move_origin(struct vt *vt, int x, int y);
void vt_save_cursor(struct vt *vt);
void vt_restore_cursor(struct vt *vt);
bool vt_is_tab(const struct vt *vt, int x);
void vt_soft_reset(struct vt *vt);
void vt_switch_screen(struct vt *vt, bool alt, bool clear);
/* Puts a character at the cursor, wrapping and inserting as the modes say. */
void vt_print(struct vt *vt, uint32_t cp);
/* vt_print for a run of printable ASCII, autowrap on, insert mode off. */
void vt_print_ascii(struct vt *vt, const uint8_t *s, size_t n);
