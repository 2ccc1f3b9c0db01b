/* Output parser: UTF-8 decoding, C0 controls, ESC and CSI sequences, SGR. */
#include <string.h>
#include "vt_int.h"

enum {
    S_GROUND = VT_GROUND,
    S_ESC,
    S_ESC_INTER,
    S_CSI,
    S_CSI_IGNORE,
    S_OSC,
    S_OSC_ESC,
    S_STR,
    S_STR_ESC,
};

#define REPLACEMENT 0xfffd

static void reply(struct vt *vt, const char *s, size_t n)
{
    if (vt->reply) vt->reply(vt->reply_ctx, s, n);
}

static size_t put_uint(char *p, unsigned v)
{
    char tmp[12];
    size_t n = 0, i = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        p[i++] = tmp[--n];
    return i;
}

static void control(struct vt *vt, uint8_t b)
{
    switch (b) {
    case '\b':
        if (vt->x > 0) vt->x--;
        vt->wrap_pending = false;
        break;
    case '\t': {
        int x = vt->x + 1;
        while (x < vt->cols - 1 && !vt_is_tab(vt, x))
            x++;
        vt->x = x < vt->cols ? x : vt->cols - 1;
        vt->wrap_pending = false;
        break;
    }
    case '\n':
    case '\v':
    case '\f':
        vt_index(vt);
        vt->wrap_pending = false;
        break;
    case '\r':
        vt->x = 0;
        vt->wrap_pending = false;
        break;
    case 0x1b:
        vt->state = S_ESC;
        vt->inter = 0;
        break;
    case 0x18:
    case 0x1a:
        vt->state = S_GROUND;
        break;
    case 0x0e: /* SO, SI: shift to G1, G0 */
    case 0x0f:
        vt->gl = b == 0x0e;
        break;
    default: /* BEL, NUL and the rest are ignored */
        break;
    }
}

static int arg(const struct vt *vt, int i, int def)
{
    return i < vt->nparams && vt->params[i] > 0 ? vt->params[i] : def;
}

static const uint8_t cube_level[6] = {0, 95, 135, 175, 215, 255};

static int dist(int a, int b)
{
    return a > b ? a - b : b - a;
}

static int nearest_level(int v)
{
    int best = 0;
    for (int i = 1; i < 6; i++)
        if (dist(v, cube_level[i]) < dist(v, cube_level[best])) best = i;
    return best;
}

/* Nearest entry of the xterm 6x6x6 cube or grey ramp to a 24-bit colour. */
uint8_t vt_rgb_to_256(int r, int g, int b)
{
    r = vt_clamp(r, 0, 255);
    g = vt_clamp(g, 0, 255);
    b = vt_clamp(b, 0, 255);
    int ri = nearest_level(r), gi = nearest_level(g), bi = nearest_level(b);
    int cr = cube_level[ri], cg = cube_level[gi], cb = cube_level[bi];
    int cube_d = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb);
    int avg = (r + g + b) / 3;
    int gi2 = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
    if (gi2 > 23) gi2 = 23;
    int gv = 8 + 10 * gi2;
    int grey_d = (r - gv) * (r - gv) + (g - gv) * (g - gv) + (b - gv) * (b - gv);
    if (grey_d < cube_d) return (uint8_t)(232 + gi2);
    return (uint8_t)(16 + 36 * ri + 6 * gi + bi);
}

/* Parses the colour after 38/48 at params[*i]; returns -1 when malformed. */
static int ext_colour(struct vt *vt, int *i)
{
    int k = *i + 1;
    if (k >= vt->nparams) return -1;
    if (vt->params[k] == 5 && k + 1 < vt->nparams) {
        *i = k + 1;
        return vt_clamp(vt->params[k + 1], 0, 255);
    }
    if (vt->params[k] == 2 && k + 3 < vt->nparams) {
        *i = k + 3;
        return vt_rgb_to_256(vt->params[k + 1], vt->params[k + 2], vt->params[k + 3]);
    }
    *i = vt->nparams;
    return -1;
}

static void sgr(struct vt *vt)
{
    for (int i = 0; i < vt->nparams; i++) {
        int p = vt->params[i], c;
        if (p >= 30 && p <= 37)
            vt->fg = (uint8_t)(p - 30);
        else if (p >= 40 && p <= 47)
            vt->bg = (uint8_t)(p - 40);
        else if (p >= 90 && p <= 97)
            vt->fg = (uint8_t)(p - 90 + 8);
        else if (p >= 100 && p <= 107)
            vt->bg = (uint8_t)(p - 100 + 8);
        else
            switch (p) {
            case 0:
                vt->fg = VT_DEFAULT_FG;
                vt->bg = VT_DEFAULT_BG;
                vt->attr = 0;
                break;
            case 1:
                vt->attr |= VT_ATTR_BOLD;
                break;
            case 4:
                vt->attr |= VT_ATTR_UNDERLINE;
                break;
            case 5:
                vt->attr |= VT_ATTR_BLINK;
                break;
            case 7:
                vt->attr |= VT_ATTR_REVERSE;
                break;
            case 22:
                vt->attr &= (uint8_t)~VT_ATTR_BOLD;
                break;
            case 24:
                vt->attr &= (uint8_t)~VT_ATTR_UNDERLINE;
                break;
            case 25:
                vt->attr &= (uint8_t)~VT_ATTR_BLINK;
                break;
            case 27:
                vt->attr &= (uint8_t)~VT_ATTR_REVERSE;
                break;
            case 38:
                if ((c = ext_colour(vt, &i)) >= 0) vt->fg = (uint8_t)c;
                break;
            case 48:
                if ((c = ext_colour(vt, &i)) >= 0) vt->bg = (uint8_t)c;
                break;
            case 39:
                vt->fg = VT_DEFAULT_FG;
                break;
            case 49:
                vt->bg = VT_DEFAULT_BG;
                break;
            default:
                break; /* faint, italic, conceal, ... are not rendered */
            }
    }
}

static void set_mode(struct vt *vt, bool on)
{
    for (int i = 0; i < vt->nparams; i++) {
        int p = vt->params[i];
        if (vt->priv == '?') {
            switch (p) {
            case 1:
                vt->app_cursor = on;
                break;
            case 6:
                vt->origin = on;
                vt_move_origin(vt, 0, 0);
                break;
            case 7:
                vt->autowrap = on;
                break;
            case 25:
                vt->cursor_visible = on;
                vt_mark_dirty(vt, vt->y);
                break;
            case 47:
            case 1047:
                vt_switch_screen(vt, on, on);
                break;
            case 1049:
                if (!vt->alt_buf) break;
                if (on && !vt->alt_active) {
                    vt_save_cursor(vt);
                    vt_switch_screen(vt, true, true);
                } else if (!on && vt->alt_active) {
                    vt_switch_screen(vt, false, false);
                    vt_restore_cursor(vt);
                }
                break;
            default:
                break;
            }
        } else if (!vt->priv && p == 4) {
            vt->insert = on;
        }
    }
}

static void report(struct vt *vt, int n)
{
    char buf[32];
    size_t k = 0;
    if (n == 5) {
        reply(vt, "\x1b[0n", 4);
    } else if (n == 6) {
        int y = vt->origin ? vt->y - vt->top : vt->y;
        buf[k++] = 0x1b;
        buf[k++] = '[';
        k += put_uint(buf + k, (unsigned)y + 1);
        buf[k++] = ';';
        k += put_uint(buf + k, (unsigned)vt->x + 1);
        buf[k++] = 'R';
        reply(vt, buf, k);
    }
}

static void csi(struct vt *vt, uint8_t f)
{
    int n = arg(vt, 0, 1);
    struct vt_cell *r = vt_rowp(vt, vt->y);

    if (vt->inter == ' ' && f == 'q') {
        int s = arg(vt, 0, 0);
        vt->cursor_style = s <= 2 ? VT_CURSOR_BLOCK : s <= 4 ? VT_CURSOR_UNDERLINE : VT_CURSOR_BAR;
        vt_mark_dirty(vt, vt->y);
        return;
    }
    if (vt->inter == '!' && f == 'p') {
        vt_soft_reset(vt);
        return;
    }
    if (vt->inter) return;
    if (vt->priv && f != 'h' && f != 'l' && f != 'c') return;

    switch (f) {
    case 'A':
        vt_move(vt, vt->x, vt->y >= vt->top ? vt_clamp(vt->y - n, vt->top, vt->y) : vt->y - n);
        break;
    case 'B':
    case 'e':
        vt_move(vt, vt->x, vt->y <= vt->bot ? vt_clamp(vt->y + n, vt->y, vt->bot) : vt->y + n);
        break;
    case 'C':
    case 'a':
        vt_move(vt, vt->x + n, vt->y);
        break;
    case 'D':
        vt_move(vt, vt->x - n, vt->y);
        break;
    case 'E':
        vt_move(vt, 0, vt->y <= vt->bot ? vt_clamp(vt->y + n, vt->y, vt->bot) : vt->y + n);
        break;
    case 'F':
        vt_move(vt, 0, vt->y >= vt->top ? vt_clamp(vt->y - n, vt->top, vt->y) : vt->y - n);
        break;
    case 'G':
    case '`':
        vt_move(vt, n - 1, vt->y);
        break;
    case 'H':
    case 'f':
        vt_move_origin(vt, arg(vt, 1, 1) - 1, n - 1);
        break;
    case 'd':
        vt_move_origin(vt, vt->x, n - 1);
        break;
    case 'I':
        while (n-- > 0)
            control(vt, '\t');
        break;
    case 'Z':
        while (n-- > 0 && vt->x > 0) {
            int x = vt->x - 1;
            while (x > 0 && !vt_is_tab(vt, x))
                x--;
            vt->x = x;
        }
        vt->wrap_pending = false;
        break;
    case 'J':
        switch (arg(vt, 0, 0)) {
        case 0:
            vt_fill(vt, vt->y, vt->x, vt->cols);
            for (int y = vt->y + 1; y < vt->rows; y++)
                vt_fill(vt, y, 0, vt->cols);
            break;
        case 1:
            for (int y = 0; y < vt->y; y++)
                vt_fill(vt, y, 0, vt->cols);
            vt_fill(vt, vt->y, 0, vt->x + 1);
            break;
        case 2:
            vt_clear(vt);
            break;
        case 3:
            vt->sb_count = vt->sb_head = 0;
            vt->view = 0;
            break;
        }
        vt->wrap_pending = false;
        break;
    case 'K':
        switch (arg(vt, 0, 0)) {
        case 0:
            vt_fill(vt, vt->y, vt->x, vt->cols);
            break;
        case 1:
            vt_fill(vt, vt->y, 0, vt->x + 1);
            break;
        case 2:
            vt_fill(vt, vt->y, 0, vt->cols);
            break;
        }
        vt->wrap_pending = false;
        break;
    case 'L':
        if (vt->y >= vt->top && vt->y <= vt->bot) {
            vt_scroll_down(vt, vt->y, vt->bot, n);
            vt_move(vt, 0, vt->y);
        }
        break;
    case 'M':
        if (vt->y >= vt->top && vt->y <= vt->bot) {
            vt_scroll_up(vt, vt->y, vt->bot, n, false); /* DL never feeds scrollback */
            vt_move(vt, 0, vt->y);
        }
        break;
    case '@': {
        int w = vt->cols - vt->x;
        if (n > w) n = w;
        memmove(r + vt->x + n, r + vt->x, sizeof(*r) * (size_t)(w - n));
        vt_fill(vt, vt->y, vt->x, vt->x + n);
        vt->wrap_pending = false;
        break;
    }
    case 'P': {
        int w = vt->cols - vt->x;
        if (n > w) n = w;
        memmove(r + vt->x, r + vt->x + n, sizeof(*r) * (size_t)(w - n));
        vt_fill(vt, vt->y, vt->cols - n, vt->cols);
        vt->wrap_pending = false;
        break;
    }
    case 'X':
        vt_fill(vt, vt->y, vt->x, vt->x + (n < vt->cols - vt->x ? n : vt->cols - vt->x));
        vt->wrap_pending = false;
        break;
    case 'S':
        vt_scroll_up(vt, vt->top, vt->bot, n, false);
        break;
    case 'T':
        vt_scroll_down(vt, vt->top, vt->bot, n);
        break;
    case 'b':
        if (n > vt->cols * vt->rows) n = vt->cols * vt->rows;
        while (n-- > 0)
            vt_print(vt, vt->last_cp);
        break;
    case 'g':
        if (arg(vt, 0, 0) == 0)
            vt->tabs[vt->x / 8] &= (uint8_t) ~(1u << (vt->x % 8));
        else if (arg(vt, 0, 0) == 3)
            memset(vt->tabs, 0, sizeof(vt->tabs));
        break;
    case 'm':
        sgr(vt);
        break;
    case 'h':
        set_mode(vt, true);
        break;
    case 'l':
        set_mode(vt, false);
        break;
    case 'n':
        report(vt, arg(vt, 0, 0));
        break;
    case 'c':
        if (arg(vt, 0, 0) != 0) break;
        if (vt->priv == '>')
            reply(vt, "\x1b[>0;0;0c", 9);
        else if (!vt->priv)
            reply(vt, "\x1b[?6c", 5);
        break;
    case 'r': {
        int t = arg(vt, 0, 1), b = arg(vt, 1, vt->rows);
        if (b > vt->rows) b = vt->rows;
        if (t < b) {
            vt->top = t - 1;
            vt->bot = b - 1;
            vt_move_origin(vt, 0, 0);
        }
        break;
    }
    case 's':
        if (vt->nparams == 1 && !vt->params[0]) vt_save_cursor(vt);
        break;
    case 'u':
        vt_restore_cursor(vt);
        break;
    default:
        break;
    }
}

static void esc(struct vt *vt, uint8_t b)
{
    vt->state = S_GROUND;
    switch (b) {
    case '[':
        vt->state = S_CSI;
        vt->nparams = 1;
        vt->params[0] = 0;
        vt->priv = 0;
        vt->inter = 0;
        break;
    case ']':
        vt->state = S_OSC;
        break;
    case 'P':
    case 'X':
    case '^':
    case '_':
        vt->state = S_STR;
        break;
    case '7':
        vt_save_cursor(vt);
        break;
    case '8':
        vt_restore_cursor(vt);
        break;
    case 'D':
        vt_index(vt);
        break;
    case 'E':
        vt->x = 0;
        vt_index(vt);
        vt->wrap_pending = false;
        break;
    case 'M':
        vt_rindex(vt);
        vt->wrap_pending = false;
        break;
    case 'H':
        vt->tabs[vt->x / 8] |= (uint8_t)(1u << (vt->x % 8));
        break;
    case 'c':
        vt_reset(vt);
        break;
    default:
        if (b >= 0x20 && b <= 0x2f) {
            vt->inter = (char)b;
            vt->state = S_ESC_INTER;
        }
        break; /* keypad modes (= >) and the rest are ignored */
    }
}

static void esc_inter(struct vt *vt, uint8_t b)
{
    if (b >= 0x20 && b <= 0x2f) return;
    vt->state = S_GROUND;
    if (vt->inter == '#' && b == '8') { /* DECALN: fill with E */
        for (int y = 0; y < vt->rows; y++) {
            struct vt_cell *r = vt_rowp(vt, y);
            for (int x = 0; x < vt->cols; x++)
                r[x] = (struct vt_cell){.cp = 'E', .fg = VT_DEFAULT_FG, .bg = VT_DEFAULT_BG};
            vt_mark_dirty(vt, y);
        }
    }
    /* ESC ( and ESC ): G0/G1 become DEC line drawing (0) or stay ASCII (anything else) */
    if (vt->inter == '(' || vt->inter == ')') vt->g[vt->inter == ')'] = b == '0';
}

static void csi_byte(struct vt *vt, uint8_t b)
{
    if (b >= '0' && b <= '9') {
        int *p = &vt->params[vt->nparams - 1];
        if (*p < 100000) *p = *p * 10 + (b - '0');
    } else if (b == ';' || b == ':') {
        if (vt->nparams < VT_MAX_PARAMS) vt->params[vt->nparams++] = 0;
    } else if (b >= '<' && b <= '?') {
        if (vt->priv || vt->nparams > 1 || vt->params[0])
            vt->state = S_CSI_IGNORE;
        else
            vt->priv = (char)b;
    } else if (b >= 0x20 && b <= 0x2f) {
        vt->inter = (char)b;
    } else if (b >= 0x40 && b <= 0x7e) {
        vt->state = S_GROUND;
        csi(vt, b);
    } else {
        vt->state = S_CSI_IGNORE;
    }
}

/* DEC Special Graphics for 0x5f..0x7e, as Unicode. */
static const uint16_t dec_graphics[32] = {
    0x00a0, 0x25c6, 0x2592, 0x2409, 0x240c, 0x240d, 0x240a, 0x00b0, 0x00b1, 0x2424, 0x240b,
    0x2518, 0x2510, 0x250c, 0x2514, 0x253c, 0x23ba, 0x23bb, 0x2500, 0x23bc, 0x23bd, 0x251c,
    0x2524, 0x2534, 0x252c, 0x2502, 0x2264, 0x2265, 0x03c0, 0x2260, 0x00a3, 0x00b7,
};

static void utf8_start(struct vt *vt, uint8_t b)
{
    if (b < 0x80) {
        vt_print(vt, vt->g[vt->gl] && b >= 0x5f ? dec_graphics[b - 0x5f] : b);
    } else if (b >= 0xc2 && b <= 0xdf) {
        vt->utf_cp = b & 0x1f;
        vt->utf_left = 1;
        vt->utf_min = 0x80bf;
    } else if (b >= 0xe0 && b <= 0xef) {
        vt->utf_cp = b & 0x0f;
        vt->utf_left = 2;
        vt->utf_min = b == 0xe0 ? 0xa0bf : b == 0xed ? 0x809f : 0x80bf;
    } else if (b >= 0xf0 && b <= 0xf4) {
        vt->utf_cp = b & 0x07;
        vt->utf_left = 3;
        vt->utf_min = b == 0xf0 ? 0x90bf : b == 0xf4 ? 0x808f : 0x80bf;
    } else {
        vt_print(vt, REPLACEMENT);
    }
}

/* utf_min packs the allowed range of the next continuation byte: lo << 8 | hi. */
static bool utf8_cont(struct vt *vt, uint8_t b)
{
    if (b < (vt->utf_min >> 8) || b > (vt->utf_min & 0xff)) {
        vt->utf_left = 0;
        vt_print(vt, REPLACEMENT);
        return false;
    }
    vt->utf_cp = vt->utf_cp << 6 | (b & 0x3f);
    vt->utf_min = 0x80bf;
    if (--vt->utf_left == 0) {
        uint32_t cp = vt->utf_cp;
        if (cp >= 0x80 && cp < 0xa0) return true; /* C1 controls: ignored */
        vt_print(vt, cp);
    }
    return true;
}

static void byte(struct vt *vt, uint8_t b)
{
    if (vt->utf_left && utf8_cont(vt, b)) return;

    switch (vt->state) {
    case S_OSC:
    case S_STR:
        if (b == 0x07 && vt->state == S_OSC)
            vt->state = S_GROUND;
        else if (b == 0x1b)
            vt->state = vt->state == S_OSC ? S_OSC_ESC : S_STR_ESC;
        else if (b == 0x18 || b == 0x1a)
            vt->state = S_GROUND;
        return;
    case S_OSC_ESC:
    case S_STR_ESC:
        if (b == '\\')
            vt->state = S_GROUND;
        else if (b == 0x1b)
            return;
        else
            esc(vt, b);
        return;
    default:
        break;
    }

    if (b < 0x20) {
        control(vt, b);
        return;
    }
    if (b == 0x7f) return;

    switch (vt->state) {
    case S_GROUND:
        utf8_start(vt, b);
        break;
    case S_ESC:
        esc(vt, b);
        break;
    case S_ESC_INTER:
        esc_inter(vt, b);
        break;
    case S_CSI:
        csi_byte(vt, b);
        break;
    case S_CSI_IGNORE:
        if (b >= 0x40 && b <= 0x7e) vt->state = S_GROUND;
        break;
    }
}

void vt_write(struct vt *vt, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    if (len && vt->view) {
        vt->view = 0;
        vt_mark_all_dirty(vt);
    }
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        if (vt->state == S_GROUND && !vt->utf_left && vt->autowrap && !vt->insert && !vt->g[vt->gl])
            while (j < len && p[j] >= 0x20 && p[j] < 0x7f)
                j++;
        if (j > i) {
            vt_print_ascii(vt, p + i, j - i);
            i = j;
        } else {
            byte(vt, p[i++]);
        }
    }
}
