/* Cell grid: scrolling by row map, scrollback ring, view offset, cursor, modes. */
#include <string.h>
#include "vt_int.h"

static struct vt_cell blank(const struct vt *vt)
{
    return (struct vt_cell){.cp = ' ', .fg = VT_DEFAULT_FG, .bg = vt->bg};
}

/* Rows live in the buffer in any order: map[y] is the buffer row shown as screen row y, so a
 * scroll rotates the map instead of moving cells. */
struct vt_cell *vt_rowp(struct vt *vt, int y)
{
    return vt->screen + (size_t)vt->map[y] * vt->cols;
}

/* Rotates map[top..bot] by n rows, toward the top when up. */
static void rotate(struct vt *vt, int top, int bot, int n, bool up)
{
    uint16_t tmp[VT_MAX_ROWS];
    uint16_t *m = vt->map;
    size_t rest = (size_t)(bot - top + 1 - n);
    if (up) {
        memcpy(tmp, m + top, sizeof(*m) * (size_t)n);
        memmove(m + top, m + top + n, sizeof(*m) * rest);
        memcpy(m + bot - n + 1, tmp, sizeof(*m) * (size_t)n);
    } else {
        memcpy(tmp, m + bot - n + 1, sizeof(*m) * (size_t)n);
        memmove(m + top + n, m + top, sizeof(*m) * rest);
        memcpy(m + top, tmp, sizeof(*m) * (size_t)n);
    }
}

int vt_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void vt_mark_dirty(struct vt *vt, int y)
{
    if (y >= 0 && y < vt->rows) vt->dirty[y / 32] |= 1u << (y % 32);
}

static void mark_range(struct vt *vt, int y0, int y1)
{
    while (y0 <= y1 && y0 % 32)
        vt_mark_dirty(vt, y0++);
    for (; y0 + 31 <= y1; y0 += 32)
        vt->dirty[y0 / 32] = ~0u;
    while (y0 <= y1)
        vt_mark_dirty(vt, y0++);
}

void vt_mark_all_dirty(struct vt *vt)
{
    mark_range(vt, 0, vt->rows - 1);
}

bool vt_row_dirty(const struct vt *vt, int y)
{
    return y >= 0 && y < vt->rows && (vt->dirty[y / 32] >> (y % 32) & 1);
}

void vt_clean(struct vt *vt)
{
    memset(vt->dirty, 0, sizeof(vt->dirty));
}

void vt_fill(struct vt *vt, int y, int x0, int x1)
{
    struct vt_cell b = blank(vt), *r = vt_rowp(vt, y);
    uint64_t v;
    _Static_assert(sizeof(b) == sizeof(v), "a cell is 8 bytes");
    memcpy(&v, &b, sizeof(v));
    for (int x = x0; x < x1; x++)
        memcpy(&r[x], &v, sizeof(v));
    vt_mark_dirty(vt, y);
}

static void sb_push(struct vt *vt, const struct vt_cell *line)
{
    if (!vt->sb) return;
    int slot;
    if (vt->sb_count < vt->sb_cap) {
        slot = (vt->sb_head + vt->sb_count++) % vt->sb_cap;
    } else {
        slot = vt->sb_head;
        vt->sb_head = (vt->sb_head + 1) % vt->sb_cap;
    }
    memcpy(vt->sb + (size_t)slot * vt->cols, line, sizeof(*line) * vt->cols);
}

void vt_scroll_up(struct vt *vt, int top, int bot, int n, bool keep)
{
    int h = bot - top + 1;
    if (n > h) n = h;
    if (n <= 0) return;
    if (keep && top == 0 && !vt->alt_active)
        for (int i = 0; i < n; i++)
            sb_push(vt, vt_rowp(vt, i));
    rotate(vt, top, bot, n, true);
    for (int y = bot - n + 1; y <= bot; y++)
        vt_fill(vt, y, 0, vt->cols);
    mark_range(vt, top, bot);
}

void vt_scroll_down(struct vt *vt, int top, int bot, int n)
{
    int h = bot - top + 1;
    if (n > h) n = h;
    if (n <= 0) return;
    rotate(vt, top, bot, n, false);
    for (int y = top; y < top + n; y++)
        vt_fill(vt, y, 0, vt->cols);
    mark_range(vt, top, bot);
}

void vt_index(struct vt *vt)
{
    if (vt->y == vt->bot)
        vt_scroll_up(vt, vt->top, vt->bot, 1, true);
    else if (vt->y < vt->rows - 1)
        vt->y++;
}

void vt_rindex(struct vt *vt)
{
    if (vt->y == vt->top)
        vt_scroll_down(vt, vt->top, vt->bot, 1);
    else if (vt->y > 0)
        vt->y--;
}

void vt_move(struct vt *vt, int x, int y)
{
    vt->x = vt_clamp(x, 0, vt->cols - 1);
    vt->y = vt_clamp(y, 0, vt->rows - 1);
    vt->wrap_pending = false;
}

void vt_move_origin(struct vt *vt, int x, int y)
{
    if (vt->origin)
        vt_move(vt, x, vt_clamp(y + vt->top, vt->top, vt->bot));
    else
        vt_move(vt, x, y);
}

void vt_save_cursor(struct vt *vt)
{
    vt->saved[vt->alt_active] = (struct vt_cursor_save){
        vt->x,  vt->y,    vt->fg,  vt->bg, vt->attr, vt->origin, vt->wrap_pending,
        vt->gl, vt->g[0], vt->g[1]};
}

void vt_restore_cursor(struct vt *vt)
{
    struct vt_cursor_save *s = &vt->saved[vt->alt_active];
    vt_move(vt, s->x, s->y);
    vt->fg = s->fg;
    vt->bg = s->bg;
    vt->attr = s->attr;
    vt->origin = s->origin;
    vt->wrap_pending = s->wrap_pending && vt->x == vt->cols - 1;
    vt->gl = s->gl;
    vt->g[0] = s->g0;
    vt->g[1] = s->g1;
}

static void reset_tabs(struct vt *vt)
{
    memset(vt->tabs, 0, sizeof(vt->tabs));
    for (int x = 8; x < vt->cols; x += 8)
        vt->tabs[x / 8] |= 1u << (x % 8);
}

bool vt_is_tab(const struct vt *vt, int x)
{
    return vt->tabs[x / 8] >> (x % 8) & 1;
}

void vt_clear(struct vt *vt)
{
    for (int y = 0; y < vt->rows; y++)
        vt_fill(vt, y, 0, vt->cols);
}

void vt_soft_reset(struct vt *vt)
{
    vt->fg = VT_DEFAULT_FG;
    vt->bg = VT_DEFAULT_BG;
    vt->attr = 0;
    vt->top = 0;
    vt->bot = vt->rows - 1;
    vt->origin = false;
    vt->autowrap = true;
    vt->cursor_visible = true;
    vt->app_cursor = false;
    vt->insert = false;
    vt->cursor_style = VT_CURSOR_BLOCK;
    vt->wrap_pending = false;
    vt->gl = vt->g[0] = vt->g[1] = false;
    for (int i = 0; i < 2; i++)
        vt->saved[i] = (struct vt_cursor_save){.fg = VT_DEFAULT_FG, .bg = VT_DEFAULT_BG};
}

void vt_reset(struct vt *vt)
{
    vt_soft_reset(vt);
    vt->state = VT_GROUND;
    vt->utf_left = 0;
    vt->last_cp = ' ';
    for (int y = 0; y < vt->rows; y++)
        vt->map_main[y] = vt->map_alt[y] = (uint16_t)y;
    if (vt->alt_buf) {
        vt->screen = vt->alt_buf;
        vt->map = vt->map_alt;
        vt->alt_active = true;
        vt_clear(vt);
    }
    vt->screen = vt->main_buf;
    vt->map = vt->map_main;
    vt->alt_active = false;
    vt_clear(vt);
    reset_tabs(vt);
    vt->x = vt->y = 0;
    vt->view = 0;
    vt_mark_all_dirty(vt);
}

int vt_init(struct vt *vt, int cols, int rows, struct vt_cell *main_buf, struct vt_cell *alt_buf,
            struct vt_cell *sb, int sb_lines)
{
    if (!vt || !main_buf || cols < 2 || rows < 2 || cols > VT_MAX_COLS || rows > VT_MAX_ROWS ||
        sb_lines < 0 || (sb_lines > 0 && !sb))
        return -EINVAL;
    memset(vt, 0, sizeof(*vt));
    vt->cols = cols;
    vt->rows = rows;
    vt->main_buf = main_buf;
    vt->alt_buf = alt_buf;
    vt->sb = sb_lines ? sb : NULL;
    vt->sb_cap = sb_lines;
    vt_reset(vt);
    return 0;
}

void vt_set_reply(struct vt *vt, vt_reply_fn fn, void *ctx)
{
    vt->reply = fn;
    vt->reply_ctx = ctx;
}

/* Combining marks, zero-width spaces and joiners, variation selectors: programs give them no
 * column (wcwidth 0), so neither does the grid; the font has no glyphs to overlay them with. */
static bool zero_width(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
           (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
           (cp >= 0xfe20 && cp <= 0xfe2f) || cp == 0xfeff;
}

void vt_print(struct vt *vt, uint32_t cp)
{
    if (zero_width(cp)) return;
    if (vt->wrap_pending && vt->autowrap) {
        vt->x = 0;
        vt_index(vt);
    }
    vt->wrap_pending = false;
    struct vt_cell *r = vt_rowp(vt, vt->y);
    if (vt->insert) memmove(r + vt->x + 1, r + vt->x, sizeof(*r) * (size_t)(vt->cols - vt->x - 1));
    r[vt->x] = (struct vt_cell){.cp = cp, .fg = vt->fg, .bg = vt->bg, .attr = vt->attr};
    vt_mark_dirty(vt, vt->y);
    if (vt->x == vt->cols - 1)
        vt->wrap_pending = vt->autowrap;
    else
        vt->x++;
    vt->last_cp = cp;
}

/* vt_print() for a run of printable ASCII with autowrap on and insert mode off: whole row spans. */
void vt_print_ascii(struct vt *vt, const uint8_t *s, size_t n)
{
    while (n) {
        if (vt->wrap_pending) {
            vt->x = 0;
            vt_index(vt);
            vt->wrap_pending = false;
        }
        struct vt_cell *r = vt_rowp(vt, vt->y) + vt->x;
        size_t k = (size_t)(vt->cols - vt->x);
        if (k > n) k = n;
        struct vt_cell c = {.fg = vt->fg, .bg = vt->bg, .attr = vt->attr};
        for (size_t i = 0; i < k; i++) {
            c.cp = s[i];
            r[i] = c;
        }
        vt_mark_dirty(vt, vt->y);
        vt->last_cp = s[k - 1];
        vt->x += (int)k;
        if (vt->x == vt->cols) {
            vt->x = vt->cols - 1;
            vt->wrap_pending = true;
        }
        s += k;
        n -= k;
    }
}

void vt_switch_screen(struct vt *vt, bool alt, bool clear)
{
    if (!vt->alt_buf || alt == vt->alt_active) return;
    vt->alt_active = alt;
    vt->screen = alt ? vt->alt_buf : vt->main_buf;
    vt->map = alt ? vt->map_alt : vt->map_main;
    if (clear) vt_clear(vt);
    vt_mark_all_dirty(vt);
}

int vt_scroll_view(struct vt *vt, int delta)
{
    int v = vt_clamp(vt->view + delta, 0, vt->sb_count);
    if (v != vt->view) {
        vt->view = v;
        vt_mark_all_dirty(vt);
    }
    return v;
}

const struct vt_cell *vt_sb_line(const struct vt *vt, int i)
{
    if (i < 0 || i >= vt->sb_count) return NULL;
    return vt->sb + (size_t)((vt->sb_head + i) % vt->sb_cap) * vt->cols;
}

const struct vt_cell *vt_row(const struct vt *vt, int y)
{
    int line = vt->sb_count - vt->view + y;
    if (line < vt->sb_count) return vt_sb_line(vt, line);
    return vt->screen + (size_t)vt->map[line - vt->sb_count] * vt->cols;
}

const struct vt_cell *vt_screen_row(const struct vt *vt, int y)
{
    return vt->screen + (size_t)vt->map[y] * vt->cols;
}

bool vt_cursor_shown(const struct vt *vt)
{
    return vt->cursor_visible && vt->view == 0;
}
