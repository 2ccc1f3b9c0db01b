#pragma once
/* PSF2 console fonts: validation, and glyph lookup through the font's Unicode table. */
#include <stddef.h>
#include <stdint.h>
#include "abi/errno.h"

#define PSF2_MAGIC 0x864ab572u
#define PSF2_HAS_UNICODE 0x01u
#define PSF_MAX_DIM 64
#define PSF_MAX_GLYPHS 65536

struct psf_map {
    uint32_t cp;
    uint32_t glyph;
};

struct psf_font {
    const uint8_t *glyphs;
    uint32_t count, charsize, width, height, stride; /* stride: bytes per glyph row */
    struct psf_map *map;                             /* sorted by code point */
    uint32_t nmap;
    uint32_t latin[256]; /* glyph of U+0000..U+00FF, 0xffffffff when absent */
    int unicode;         /* the font has a Unicode table */
    uint32_t fallback;   /* glyph for code points the font lacks: U+FFFD, '?' or 0 */
};

/*
 * Checks a PSF2 blob and indexes its Unicode table into map (cap entries, sorted in place).
 * The font keeps pointers into blob and map. Returns 0, -EINVAL for a malformed blob, or
 * -ENOSPC when the table needs more than cap entries (f->nmap then holds the number needed).
 */
int psf_parse(struct psf_font *f, const void *blob, size_t len, struct psf_map *map, size_t cap);

/* Glyph index for a code point, the fallback glyph when the font has none. */
uint32_t psf_glyph_index(const struct psf_font *f, uint32_t cp);

/* Bitmap of glyph g: height rows of stride bytes, most significant bit leftmost. */
const uint8_t *psf_glyph_bits(const struct psf_font *f, uint32_t g);
