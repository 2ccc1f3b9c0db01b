#include <string.h>
#include "render.h"

static const uint32_t base16[16] = {
    0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
    0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
};

uint32_t render_palette_rgb(int i)
{
    static const uint8_t level[6] = {0, 95, 135, 175, 215, 255};
    if (i < 0 || i > 255) return 0;
    if (i < 16) return base16[i];
    if (i < 232) {
        i -= 16;
        return (uint32_t)level[i / 36] << 16 | (uint32_t)level[i / 6 % 6] << 8 | level[i % 6];
    }
    uint32_t g = 8 + 10 * (uint32_t)(i - 232);
    return g << 16 | g << 8 | g;
}

int render_init(struct render *r, const struct render_fb *fb, const struct psf_font *font)
{
    if (!r || !fb || !fb->base || !font || !font->glyphs || fb->pitch < fb->width * 4 ||
        fb->rshift > 24 || fb->gshift > 24 || fb->bshift > 24)
        return -EINVAL;
    memset(r, 0, sizeof(*r));
    r->fb = *fb;
    r->font = font;
    r->cols = (int)(fb->width / font->width);
    r->rows = (int)(fb->height / font->height);
    if (r->cols < 1 || r->rows < 1) return -EINVAL;
    for (int i = 0; i < 256; i++) {
        uint32_t c = render_palette_rgb(i);
        r->palette[i] = (c >> 16 & 0xff) << fb->rshift | (c >> 8 & 0xff) << fb->gshift |
                        (c & 0xff) << fb->bshift;
    }
    return 0;
}

static void draw_cell(struct render *r, int cx, int cy, const struct vt_cell *c, int cursor)
{
    const struct psf_font *f = r->font;
    int fgi = c->fg, bgi = c->bg;
    if ((c->attr & VT_ATTR_BOLD) && fgi < 8) fgi += 8;
    if (c->attr & VT_ATTR_REVERSE) {
        int t = fgi;
        fgi = bgi;
        bgi = t;
    }
    if (cursor == VT_CURSOR_BLOCK + 1) {
        int t = fgi;
        fgi = bgi;
        bgi = t;
    }
    uint32_t fg = r->palette[fgi], bg = r->palette[bgi], diff = fg ^ bg;
    const uint8_t *bits = psf_glyph_bits(f, psf_glyph_index(f, c->cp));
    uint32_t w = f->width, h = f->height;
    uint8_t *line = r->fb.base + (size_t)cy * h * r->fb.pitch + (size_t)cx * w * 4;
    uint64_t bar = cursor == VT_CURSOR_BAR + 1 ? 0xc000000000000000ull : 0;
    bool lut = w == 8 && f->stride == 1;
    if (lut && (!r->lut_valid || r->lut_fg != fg || r->lut_bg != bg)) {
        for (int b = 0; b < 256; b++)
            for (int x = 0; x < 8; x++)
                r->lut[b][x] = b & (0x80 >> x) ? fg : bg;
        r->lut_fg = fg;
        r->lut_bg = bg;
        r->lut_valid = true;
    }
    for (uint32_t y = 0; y < h; y++, bits += f->stride, line += r->fb.pitch) {
        uint32_t *px = (uint32_t *)(void *)line;
        /* the glyph row, leftmost pixel in bit 63 (widths up to 64 pixels) */
        uint64_t row = 0;
        for (uint32_t b = 0; b < f->stride; b++)
            row |= (uint64_t)bits[b] << (56 - 8 * b);
        if (((c->attr & VT_ATTR_UNDERLINE) && y == h - 1) ||
            (cursor == VT_CURSOR_UNDERLINE + 1 && y >= h - 2))
            row = ~0ull;
        row |= bar;
        if (lut) {
            memcpy(px, r->lut[row >> 56], sizeof r->lut[0]);
            continue;
        }
        for (uint32_t x = 0; x < w; x++, row <<= 1)
            px[x] = bg ^ (diff & -(uint32_t)(row >> 63));
    }
}

static void draw_row(struct render *r, struct vt *vt, int y, bool cursor_on)
{
    const struct vt_cell *row = vt_row(vt, y);
    int n = vt->cols < r->cols ? vt->cols : r->cols;
    for (int x = 0; x < n; x++) {
        int cur = cursor_on && y == vt->y && x == vt->x ? (int)vt->cursor_style + 1 : 0;
        draw_cell(r, x, y, &row[x], cur);
    }
}

int render_draw(struct render *r, struct vt *vt)
{
    bool on = vt_cursor_shown(vt);
    if (r->cur_drawn && (!on || r->cur_x != vt->x || r->cur_y != vt->y))
        vt_mark_dirty(vt, r->cur_y);
    if (on && (!r->cur_drawn || r->cur_x != vt->x || r->cur_y != vt->y)) vt_mark_dirty(vt, vt->y);
    int rows = vt->rows < r->rows ? vt->rows : r->rows, drawn = 0;
    for (int y = 0; y < rows; y++) {
        if (!vt_row_dirty(vt, y)) continue;
        draw_row(r, vt, y, on);
        drawn++;
    }
    r->cur_drawn = on;
    r->cur_x = vt->x;
    r->cur_y = vt->y;
    vt_clean(vt);
    return drawn;
}

int render_full(struct render *r, struct vt *vt)
{
    for (uint32_t y = 0; y < r->fb.height; y++) {
        uint32_t *px = (uint32_t *)(void *)(r->fb.base + (size_t)y * r->fb.pitch);
        for (uint32_t x = 0; x < r->fb.width; x++)
            px[x] = r->palette[VT_DEFAULT_BG];
    }
    vt_mark_all_dirty(vt);
    r->cur_drawn = false;
    return render_draw(r, vt);
}
