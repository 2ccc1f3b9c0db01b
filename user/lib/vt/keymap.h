#pragma once
/*
 * PS/2 scan code set 1 (what the i8042 delivers with translation on) to key events and the
 * bytes a terminal sends: US layout, xterm escape sequences for the editing and function keys.
 */
#include <stdbool.h>
#include <stdint.h>

/* Key numbers: the set-1 make code, with KEY_E0 added for E0-prefixed keys. */
#define KEY_E0 0x80
enum {
    KEY_ESC = 0x01,
    KEY_BACKSPACE = 0x0e,
    KEY_TAB = 0x0f,
    KEY_ENTER = 0x1c,
    KEY_LCTRL = 0x1d,
    KEY_LSHIFT = 0x2a,
    KEY_RSHIFT = 0x36,
    KEY_LALT = 0x38,
    KEY_CAPSLOCK = 0x3a,
    KEY_F1 = 0x3b, /* F1..F10 are 0x3b..0x44 */
    KEY_NUMLOCK = 0x45,
    KEY_SCROLLLOCK = 0x46,
    KEY_KP7 = 0x47,
    KEY_KPDOT = 0x53,
    KEY_F11 = 0x57,
    KEY_F12 = 0x58,
    KEY_KPENTER = KEY_E0 | 0x1c,
    KEY_RCTRL = KEY_E0 | 0x1d,
    KEY_KPSLASH = KEY_E0 | 0x35,
    KEY_RALT = KEY_E0 | 0x38,
    KEY_HOME = KEY_E0 | 0x47,
    KEY_UP = KEY_E0 | 0x48,
    KEY_PGUP = KEY_E0 | 0x49,
    KEY_LEFT = KEY_E0 | 0x4b,
    KEY_RIGHT = KEY_E0 | 0x4d,
    KEY_END = KEY_E0 | 0x4f,
    KEY_DOWN = KEY_E0 | 0x50,
    KEY_PGDN = KEY_E0 | 0x51,
    KEY_INSERT = KEY_E0 | 0x52,
    KEY_DELETE = KEY_E0 | 0x53,
};

/* Modifier bits, as xterm encodes them (parameter = 1 + mods). */
#define KMOD_SHIFT 1
#define KMOD_ALT 2
#define KMOD_CTRL 4

enum key_kind {
    KEY_EV_NONE,        /* a key went up or down and sends nothing */
    KEY_EV_BYTES,       /* bytes[0..len) go to the terminal's input */
    KEY_EV_SWITCH_VT,   /* Alt-F1..F6: arg is the terminal, 0..5 */
    KEY_EV_SCROLL_UP,   /* Shift-PgUp */
    KEY_EV_SCROLL_DOWN, /* Shift-PgDn */
    KEY_EV_REBOOT,      /* Ctrl-Alt-Del */
};

struct key_event {
    enum key_kind kind;
    uint16_t key;
    bool down;
    uint8_t mods;
    int arg;
    uint8_t len;
    uint8_t bytes[16];
};

struct keymap {
    uint8_t prefix; /* 0, 0xe0, or the count of Pause bytes still to skip */
    bool e1;
    bool lshift, rshift, lctrl, rctrl, lalt, ralt;
    bool caps, num, scroll;
    bool caps_held, num_held, scroll_held;
    bool app_cursor; /* DECCKM: cursor keys send ESC O x; the console copies vt->app_cursor */
};

void keymap_init(struct keymap *km);

/* Feeds one byte from the i8042; returns 1 and fills *ev when it completes a key press or
 * release, 0 for prefix bytes and controller replies. */
int keymap_feed(struct keymap *km, uint8_t sc, struct key_event *ev);

/* For a consumer that learns DECCKM after the decoding (the console, fed by the keyboard
 * driver): turns an unmodified cursor, Home or End key's ESC [ x into ESC O x. */
void keymap_app_cursor(struct key_event *ev);

/* LED byte for the keyboard's 0xED command: scroll 1, num 2, caps 4. */
uint8_t keymap_leds(const struct keymap *km);
