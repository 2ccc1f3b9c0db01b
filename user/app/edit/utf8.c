#include "utf8.h"

static int is_cont(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

uint32_t utf8_decode(const char *s, size_t len, size_t i, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[i];
    size_t need;
    uint32_t cp, min;

    if (c < 0x80) {
        *n = 1;
        return c;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        need = 1, cp = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2, cp = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3, cp = c & 0x07, min = 0x10000;
    } else {
        *n = 1;
        return 0xfffd;
    }
    if (i + need >= len) {
        *n = 1;
        return 0xfffd;
    }
    for (size_t k = 1; k <= need; k++) {
        if (!is_cont(u[i + k])) {
            *n = 1;
            return 0xfffd;
        }
        cp = (cp << 6) | (u[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        *n = 1;
        return 0xfffd;
    }
    *n = need + 1;
    return cp;
}

size_t utf8_seqlen(const char *s, size_t len, size_t i)
{
    size_t n;
    utf8_decode(s, len, i, &n);
    return n;
}

size_t utf8_prev(const char *s, size_t i)
{
    if (i == 0) return 0;
    /* Step back over at most three continuation bytes, then check the sequence covers i. */
    size_t j = i - 1;
    for (int k = 0; k < 3 && j > 0 && is_cont((unsigned char)s[j]); k++)
        j--;
    if (utf8_seqlen(s, i, j) == i - j) return j;
    return i - 1;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

int utf8_width(uint32_t cp)
{
    static const uint32_t zero[][2] = {
        {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a}, {0x064b, 0x065f},
        {0x200b, 0x200f}, {0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
    };
    static const uint32_t wide[][2] = {
        {0x1100, 0x115f},   {0x2e80, 0x303e},   {0x3041, 0x33ff},   {0x3400, 0x4dbf},
        {0x4e00, 0x9fff},   {0xa000, 0xa4cf},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},
        {0xfe30, 0xfe4f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
        {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
    };
    for (size_t k = 0; k < sizeof zero / sizeof zero[0]; k++)
        if (cp >= zero[k][0] && cp <= zero[k][1]) return 0;
    for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++)
        if (cp >= wide[k][0] && cp <= wide[k][1]) return 2;
    return 1;
}

/* Columns taken by the character at s[i] when it starts at column rx. */
static int char_cols(const char *s, size_t len, size_t i, int rx, int tabstop, size_t *n)
{
    uint32_t cp = utf8_decode(s, len, i, n);
    if (cp == '\t') return tabstop - rx % tabstop;
    if (cp < 0x20 || cp == 0x7f) return 2; /* shown as ^X */
    return utf8_width(cp);
}

int utf8_col_to_rx(const char *s, size_t len, size_t col, int tabstop)
{
    int rx = 0;
    size_t i = 0, n;
    while (i < col && i < len) {
        rx += char_cols(s, len, i, rx, tabstop, &n);
        i += n;
    }
    return rx;
}

size_t utf8_rx_to_col(const char *s, size_t len, int rx, int tabstop)
{
    int cur = 0;
    size_t i = 0, n;
    while (i < len) {
        int w = char_cols(s, len, i, cur, tabstop, &n);
        if (cur + w > rx) return i;
        cur += w;
        i += n;
    }
    return len;
}
