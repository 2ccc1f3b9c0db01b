#include <string.h>
#include "keymap.h"

/* Set-1 make codes 0x00..0x39 to characters, unshifted and shifted. */
static const char lower[] =
    "\0\0331234567890-=\x7f\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char upper[] =
    "\0\033!@#$%^&*()_+\x7f\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";
_Static_assert(sizeof(lower) == 0x3b && sizeof(upper) == 0x3b, "key tables cover 0x00..0x39");

/* Keypad 0x47..0x53 with Num Lock on, and the editing key each stands for with it off. */
static const char kp_digits[] = "789-456+1230.";
static const uint16_t kp_nav[13] = {KEY_HOME, KEY_UP,     KEY_PGUP,  0,       KEY_LEFT,
                                    0,        KEY_RIGHT,  0,         KEY_END, KEY_DOWN,
                                    KEY_PGDN, KEY_INSERT, KEY_DELETE};

void keymap_init(struct keymap *km)
{
    memset(km, 0, sizeof(*km));
}

uint8_t keymap_leds(const struct keymap *km)
{
    return (uint8_t)((km->scroll ? 1 : 0) | (km->num ? 2 : 0) | (km->caps ? 4 : 0));
}

static void put(struct key_event *ev, const char *s)
{
    while (*s && ev->len < sizeof(ev->bytes))
        ev->bytes[ev->len++] = (uint8_t)*s++;
}

static void put_num(struct key_event *ev, int n)
{
    char b[4] = {0};
    if (n >= 10) {
        b[0] = (char)('0' + n / 10);
        b[1] = (char)('0' + n % 10);
    } else {
        b[0] = (char)('0' + n);
    }
    put(ev, b);
}

/* CSI sequences: letter keys (ESC [ A, or ESC [ 1 ; m A) and tilde keys (ESC [ n ; m ~). */
static void csi_key(struct key_event *ev, int num, char final, bool ss3)
{
    char f[2] = {final, 0};
    if (!ev->mods) {
        put(ev, ss3 ? "\x1bO" : "\x1b[");
        if (num) put_num(ev, num);
        put(ev, f);
        return;
    }
    put(ev, "\x1b[");
    put_num(ev, num ? num : 1);
    put(ev, ";");
    put_num(ev, 1 + ev->mods);
    put(ev, f);
}

static int ctrl_char(int c)
{
    if (c >= 'a' && c <= 'z') return c - 'a' + 1;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
    switch (c) {
    case ' ':
    case '@':
    case '2':
        return 0;
    case '[':
    case '3':
        return 0x1b;
    case '\\':
    case '4':
        return 0x1c;
    case ']':
    case '5':
        return 0x1d;
    case '^':
    case '6':
        return 0x1e;
    case '_':
    case '-':
    case '/':
    case '7':
        return 0x1f;
    case '?':
    case '8':
        return 0x7f;
    case 0x7f:
        return 0x08;
    default:
        return c;
    }
}

static void special(struct keymap *km, struct key_event *ev, uint16_t key)
{
    bool shift = ev->mods & KMOD_SHIFT;
    switch (key) {
    case KEY_UP:
        csi_key(ev, 0, 'A', km->app_cursor);
        break;
    case KEY_DOWN:
        csi_key(ev, 0, 'B', km->app_cursor);
        break;
    case KEY_RIGHT:
        csi_key(ev, 0, 'C', km->app_cursor);
        break;
    case KEY_LEFT:
        csi_key(ev, 0, 'D', km->app_cursor);
        break;
    case KEY_HOME:
        csi_key(ev, 0, 'H', km->app_cursor);
        break;
    case KEY_END:
        csi_key(ev, 0, 'F', km->app_cursor);
        break;
    case KEY_INSERT:
        csi_key(ev, 2, '~', false);
        break;
    case KEY_DELETE:
        if ((ev->mods & (KMOD_CTRL | KMOD_ALT)) == (KMOD_CTRL | KMOD_ALT))
            ev->kind = KEY_EV_REBOOT;
        else
            csi_key(ev, 3, '~', false);
        break;
    case KEY_PGUP:
        if (shift)
            ev->kind = KEY_EV_SCROLL_UP;
        else
            csi_key(ev, 5, '~', false);
        break;
    case KEY_PGDN:
        if (shift)
            ev->kind = KEY_EV_SCROLL_DOWN;
        else
            csi_key(ev, 6, '~', false);
        break;
    case KEY_KPENTER:
        put(ev, ev->mods & KMOD_ALT ? "\x1b\r" : "\r");
        break;
    case KEY_KPSLASH:
        put(ev, ev->mods & KMOD_ALT ? "\x1b/" : "/");
        break;
    default:
        break;
    }
}

static void function_key(struct key_event *ev, int n)
{
    static const uint8_t tilde[12] = {0, 0, 0, 0, 15, 17, 18, 19, 20, 21, 23, 24};
    if ((ev->mods & KMOD_ALT) && !(ev->mods & KMOD_SHIFT) && n <= 6) {
        ev->kind = KEY_EV_SWITCH_VT;
        ev->arg = n - 1;
        return;
    }
    if (n <= 4)
        csi_key(ev, 0, (char)('P' + n - 1), true);
    else
        csi_key(ev, tilde[n - 1], '~', false);
}

static void character(struct keymap *km, struct key_event *ev, uint16_t key)
{
    bool shift = ev->mods & KMOD_SHIFT;
    int c = shift ? upper[key] : lower[key];
    if (!c) return;
    if (km->caps && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) c ^= 0x20;
    if (key == KEY_TAB && shift) {
        put(ev, "\x1b[Z");
        return;
    }
    if (ev->mods & KMOD_CTRL) c = ctrl_char(c);
    if (ev->mods & KMOD_ALT) ev->bytes[ev->len++] = 0x1b;
    ev->bytes[ev->len++] = (uint8_t)c;
}

static uint8_t mods(const struct keymap *km)
{
    return (uint8_t)((km->lshift || km->rshift ? KMOD_SHIFT : 0) |
                     (km->lalt || km->ralt ? KMOD_ALT : 0) |
                     (km->lctrl || km->rctrl ? KMOD_CTRL : 0));
}

/* Tracks modifier and lock keys; returns true when key was one. */
static bool modifier(struct keymap *km, uint16_t key, bool down)
{
    switch (key) {
    case KEY_LSHIFT:
        km->lshift = down;
        return true;
    case KEY_RSHIFT:
        km->rshift = down;
        return true;
    case KEY_LCTRL:
        km->lctrl = down;
        return true;
    case KEY_RCTRL:
        km->rctrl = down;
        return true;
    case KEY_LALT:
        km->lalt = down;
        return true;
    case KEY_RALT:
        km->ralt = down;
        return true;
    case KEY_CAPSLOCK:
        if (down && !km->caps_held) km->caps = !km->caps;
        km->caps_held = down;
        return true;
    case KEY_NUMLOCK:
        if (down && !km->num_held) km->num = !km->num;
        km->num_held = down;
        return true;
    case KEY_SCROLLLOCK:
        if (down && !km->scroll_held) km->scroll = !km->scroll;
        km->scroll_held = down;
        return true;
    default:
        return false;
    }
}

int keymap_feed(struct keymap *km, uint8_t sc, struct key_event *ev)
{
    if (km->e1) { /* Pause: E1 1D 45 E1 9D C5, nothing to send */
        if (--km->prefix == 0) km->e1 = false;
        return 0;
    }
    if (sc == 0xe1) {
        km->e1 = true;
        km->prefix = 5;
        return 0;
    }
    if (sc == 0xe0) {
        km->prefix = 0xe0;
        return 0;
    }
    if (sc == 0x00 || sc == 0xfa || sc == 0xfe || sc == 0xff) return 0; /* controller replies */

    bool e0 = km->prefix == 0xe0;
    km->prefix = 0;
    uint16_t key = (uint16_t)((sc & 0x7f) | (e0 ? KEY_E0 : 0));
    bool down = !(sc & 0x80);
    if (key == (KEY_E0 | 0x2a) || key == (KEY_E0 | 0x36)) return 0; /* fake shifts */

    memset(ev, 0, sizeof(*ev));
    ev->key = key;
    ev->down = down;
    if (modifier(km, key, down) || !down) {
        ev->mods = mods(km);
        return 1;
    }
    ev->mods = mods(km);

    if (key >= KEY_KP7 && key <= KEY_KPDOT) {
        int i = key - KEY_KP7;
        if (km->num && !(ev->mods & KMOD_SHIFT) && kp_digits[i] != '-' && kp_digits[i] != '+') {
            char s[3] = {0};
            s[ev->mods & KMOD_ALT ? 1 : 0] = kp_digits[i];
            if (ev->mods & KMOD_ALT) s[0] = 0x1b;
            put(ev, s);
        } else if (kp_nav[i]) {
            special(km, ev, kp_nav[i]);
        } else if (kp_digits[i] == '-' || kp_digits[i] == '+') {
            put(ev, kp_digits[i] == '-' ? "-" : "+");
        }
    } else if (key >= KEY_F1 && key < KEY_F1 + 10) {
        function_key(ev, key - KEY_F1 + 1);
    } else if (key == KEY_F11 || key == KEY_F12) {
        function_key(ev, key == KEY_F11 ? 11 : 12);
    } else if (key < sizeof(lower) - 1) {
        character(km, ev, key);
    } else {
        special(km, ev, key);
    }
    if (ev->kind == KEY_EV_NONE && ev->len) ev->kind = KEY_EV_BYTES;
    return 1;
}

void keymap_app_cursor(struct key_event *ev)
{
    if (ev->kind != KEY_EV_BYTES || ev->mods || ev->len != 3 || ev->bytes[0] != 0x1b ||
        ev->bytes[1] != '[')
        return;
    switch (ev->key) {
    case KEY_UP:
    case KEY_DOWN:
    case KEY_LEFT:
    case KEY_RIGHT:
    case KEY_HOME:
    case KEY_END:
        ev->bytes[1] = 'O';
    }
}
