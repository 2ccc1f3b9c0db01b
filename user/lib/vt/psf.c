#include <string.h>
#include "psf.h"

#define NONE 0xffffffffu

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Decodes one UTF-8 code point from the table; returns bytes used or 0 when malformed. */
static size_t utf8_get(const uint8_t *p, size_t n, uint32_t *cp)
{
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    size_t len;
    uint32_t c = p[0];
    if (c < 0x80)
        len = 1;
    else if ((c & 0xe0) == 0xc0)
        len = 2, c &= 0x1f;
    else if ((c & 0xf0) == 0xe0)
        len = 3, c &= 0x0f;
    else if ((c & 0xf8) == 0xf0)
        len = 4, c &= 0x07;
    else
        return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        c = c << 6 | (p[i] & 0x3f);
    }
    if (c < min[len - 1] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
    *cp = c;
    return len;
}

static int map_less(const struct psf_map *a, const struct psf_map *b)
{
    return a->cp < b->cp || (a->cp == b->cp && a->glyph < b->glyph);
}

static void sift(struct psf_map *m, size_t i, size_t n)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && map_less(&m[c], &m[c + 1])) c++;
        if (!map_less(&m[i], &m[c])) return;
        struct psf_map t = m[i];
        m[i] = m[c];
        m[c] = t;
        i = c;
    }
}

static void heapsort_map(struct psf_map *m, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(m, i, n);
    for (size_t k = n; k-- > 1;) {
        struct psf_map t = m[0];
        m[0] = m[k];
        m[k] = t;
        sift(m, 0, k);
    }
}

/* Walks the Unicode table; stores at most cap entries, returns the count or -EINVAL. */
static long walk_table(const uint8_t *p, size_t n, uint32_t glyphs, struct psf_map *map, size_t cap)
{
    size_t i = 0;
    long count = 0;
    for (uint32_t g = 0; g < glyphs; g++) {
        int in_seq = 0;
        for (;;) {
            if (i >= n) return -EINVAL;
            if (p[i] == 0xff) {
                i++;
                break;
            }
            if (p[i] == 0xfe) {
                in_seq = 1; /* combining sequences are not indexed */
                i++;
                continue;
            }
            uint32_t cp;
            size_t k = utf8_get(p + i, n - i, &cp);
            if (!k) return -EINVAL;
            i += k;
            if (in_seq) continue;
            if ((size_t)count < cap) map[count] = (struct psf_map){cp, g};
            count++;
        }
    }
    return count;
}

static uint32_t lookup(const struct psf_font *f, uint32_t cp)
{
    if (cp < 256) return f->latin[cp];
    if (!f->unicode) return cp < f->count ? cp : NONE;
    size_t lo = 0, hi = f->nmap;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->map[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->nmap && f->map[lo].cp == cp ? f->map[lo].glyph : NONE;
}

int psf_parse(struct psf_font *f, const void *blob, size_t len, struct psf_map *map, size_t cap)
{
    const uint8_t *p = blob;
    memset(f, 0, sizeof(*f));
    if (!p || len < 32 || le32(p) != PSF2_MAGIC || le32(p + 4) != 0) return -EINVAL;
    uint32_t hdr = le32(p + 8), flags = le32(p + 12), count = le32(p + 16);
    uint32_t charsize = le32(p + 20), height = le32(p + 24), width = le32(p + 28);
    if (hdr < 32 || hdr > len || width == 0 || width > PSF_MAX_DIM || height == 0 ||
        height > PSF_MAX_DIM || count == 0 || count > PSF_MAX_GLYPHS)
        return -EINVAL;
    uint32_t stride = (width + 7) / 8;
    if (charsize != stride * height) return -EINVAL;
    uint64_t end = (uint64_t)hdr + (uint64_t)count * charsize;
    if (end > len) return -EINVAL;

    f->glyphs = p + hdr;
    f->count = count;
    f->charsize = charsize;
    f->width = width;
    f->height = height;
    f->stride = stride;
    memset(f->latin, 0xff, sizeof(f->latin));

    if (flags & PSF2_HAS_UNICODE) {
        long n = walk_table(p + end, len - (size_t)end, count, map, cap);
        if (n < 0) return (int)n;
        f->nmap = (uint32_t)n;
        if ((size_t)n > cap) return -ENOSPC;
        heapsort_map(map, (size_t)n);
        size_t w = 0;
        for (size_t i = 0; i < (size_t)n; i++)
            if (w == 0 || map[w - 1].cp != map[i].cp) map[w++] = map[i];
        f->nmap = (uint32_t)w;
        f->map = map;
        f->unicode = 1;
        for (size_t i = 0; i < w && map[i].cp < 256; i++)
            f->latin[map[i].cp] = map[i].glyph;
    } else {
        for (uint32_t c = 0; c < 256 && c < count; c++)
            f->latin[c] = c;
    }

    uint32_t fb = lookup(f, 0xfffd);
    if (fb == NONE) fb = lookup(f, '?');
    f->fallback = fb == NONE ? 0 : fb;
    return 0;
}

uint32_t psf_glyph_index(const struct psf_font *f, uint32_t cp)
{
    uint32_t g = lookup(f, cp);
    return g == NONE ? f->fallback : g;
}

const uint8_t *psf_glyph_bits(const struct psf_font *f, uint32_t g)
{
    if (g >= f->count) g = f->fallback;
    return f->glyphs + (size_t)g * f->charsize;
}
