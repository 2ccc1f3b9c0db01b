#pragma once
/* Draws a vt's grid into a 32-bpp linear framebuffer with a PSF2 font. */
#include <stdbool.h>
#include <stdint.h>
#include "psf.h"
#include "vt.h"

struct render_fb {
    uint8_t *base;
    uint32_t pitch; /* bytes per scanline */
    uint32_t width, height;
    uint8_t rshift, gshift, bshift; /* bit position of each 8-bit channel in a pixel */
};

struct render {
    struct render_fb fb;
    const struct psf_font *font;
    int cols, rows;        /* cells that fit on the framebuffer */
    uint32_t palette[256]; /* in framebuffer pixel format */
    bool cur_drawn;
    int cur_x, cur_y;
    /* 8-pixel-wide fonts: the pixels of every glyph row byte in the colours last used. */
    uint32_t lut[256][8];
    uint32_t lut_fg, lut_bg;
    bool lut_valid;
};

/* Binds a framebuffer and font; cols and rows give the grid size to make the vt. */
int render_init(struct render *r, const struct render_fb *fb, const struct psf_font *font);

/* 0xRRGGBB of palette entry i: 16 console colours, the 6x6x6 cube, the grey ramp. */
uint32_t render_palette_rgb(int i);

/* Redraws the rows the vt marked dirty plus the rows the cursor left or entered, then
 * clears the vt's dirty marks. Returns the number of rows drawn. */
int render_draw(struct render *r, struct vt *vt);

/* Clears the framebuffer and redraws everything: after a terminal switch (the renderer tracks
 * one vt's cursor) or a framebuffer hand-back. */
int render_full(struct render *r, struct vt *vt);
