/* Host tests for the set-1 keymap: bytes for each kind of key and the console events. */
#include "util.h"
#include "keymap.h"

static struct keymap km;
static struct key_event ev;

/* Feeds scancodes; returns how many completed a key event (the last one is in ev). */
static int feed(const uint8_t *sc, size_t n)
{
    int events = 0;
    for (size_t i = 0; i < n; i++)
        events += keymap_feed(&km, sc[i], &ev);
    return events;
}
#define FEED(...) feed((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* Presses and releases one key (E0 keys given as KEY_E0 | code); checks the bytes sent. */
static void press(uint16_t key, const char *want)
{
    if (key & KEY_E0)
        assert_int_equal(FEED(0xe0, key & 0x7f), 1);
    else
        assert_int_equal(FEED((uint8_t)key), 1);
    assert_true(ev.down);
    assert_int_equal(ev.key, key);
    size_t n = strlen(want);
    if (!n && key == 0x39) n = 1; /* Ctrl-Space sends a NUL */
    assert_int_equal(ev.kind, n ? KEY_EV_BYTES : KEY_EV_NONE);
    assert_int_equal(ev.len, n);
    assert_memory_equal(ev.bytes, want, n);
    if (key & KEY_E0)
        assert_int_equal(FEED(0xe0, (key & 0x7f) | 0x80), 1);
    else
        assert_int_equal(FEED((uint8_t)(key | 0x80)), 1);
    assert_false(ev.down);
    assert_int_equal(ev.kind, KEY_EV_NONE);
    assert_int_equal(ev.key, key);
}

static int setup(void **state)
{
    (void)state;
    keymap_init(&km);
    return 0;
}

static void test_letters_and_shift(void **state)
{
    (void)state;
    press(0x1e, "a");
    press(0x10, "q");
    press(0x02, "1");
    press(0x39, " ");
    press(0x2b, "\\");
    press(0x29, "`");
    assert_int_equal(FEED(0x2a), 1); /* left shift down */
    assert_int_equal(ev.kind, KEY_EV_NONE);
    assert_int_equal(ev.mods, KMOD_SHIFT);
    press(0x1e, "A");
    press(0x02, "!");
    press(0x03, "@");
    press(0x0c, "_");
    press(0x28, "\"");
    press(0x35, "?");
    press(0x2b, "|");
    FEED(0xaa);
    press(0x1e, "a");
    FEED(0x36); /* right shift */
    press(0x2c, "Z");
    FEED(0xb6);
    press(0x2c, "z");
}

static void test_caps_lock(void **state)
{
    (void)state;
    assert_int_equal(keymap_leds(&km), 0);
    FEED(0x3a, 0xba);
    assert_int_equal(keymap_leds(&km), 4);
    press(0x1e, "A");
    press(0x02, "1");
    FEED(0x2a);
    press(0x1e, "a");
    press(0x02, "!");
    FEED(0xaa);
    FEED(0x3a, 0x3a, 0xba); /* typematic repeat toggles once */
    assert_int_equal(keymap_leds(&km), 0);
    press(0x1e, "a");
}

static void test_ctrl_alt(void **state)
{
    (void)state;
    FEED(0x1d);
    press(0x2e, "\x03"); /* Ctrl-C */
    press(0x20, "\x04"); /* Ctrl-D */
    press(0x2c, "\x1a"); /* Ctrl-Z */
    press(0x2b, "\x1c"); /* Ctrl-\ */
    press(0x1a, "\x1b"); /* Ctrl-[ */
    press(0x39, "");     /* Ctrl-Space: NUL */
    assert_int_equal(ev.bytes[0], 0);
    press(0x0e, "\x08"); /* Ctrl-Backspace */
    FEED(0x9d);
    press(0x2e, "c");
    FEED(0xe0, 0x1d); /* right ctrl */
    assert_int_equal(ev.key, KEY_RCTRL);
    press(0x2e, "\x03");
    FEED(0xe0, 0x9d);
    FEED(0x38); /* Alt: meta sends ESC first */
    press(0x2d, "\x1bx");
    FEED(0x2a);
    press(0x2d, "\x1bX");
    FEED(0xaa, 0x1d);
    press(0x2d, "\x1b\x18");
    FEED(0x9d, 0xb8);
    press(0x2d, "x");
}

static void test_plain_keys(void **state)
{
    (void)state;
    press(0x0e, "\x7f");
    press(0x1c, "\r");
    press(0x0f, "\t");
    press(0x01, "\x1b");
    FEED(0x2a);
    press(0x0f, "\x1b[Z");
    FEED(0xaa);
}

static void test_editing_keys(void **state)
{
    (void)state;
    press(KEY_UP, "\x1b[A");
    press(KEY_DOWN, "\x1b[B");
    press(KEY_RIGHT, "\x1b[C");
    press(KEY_LEFT, "\x1b[D");
    press(KEY_HOME, "\x1b[H");
    press(KEY_END, "\x1b[F");
    press(KEY_INSERT, "\x1b[2~");
    press(KEY_DELETE, "\x1b[3~");
    press(KEY_PGUP, "\x1b[5~");
    press(KEY_PGDN, "\x1b[6~");
    km.app_cursor = true;
    press(KEY_UP, "\x1bOA");
    press(KEY_HOME, "\x1bOH");
    press(KEY_PGUP, "\x1b[5~");
    km.app_cursor = false;
    FEED(0x1d);
    press(KEY_RIGHT, "\x1b[1;5C");
    press(KEY_DELETE, "\x1b[3;5~");
    FEED(0x2a);
    press(KEY_LEFT, "\x1b[1;6D");
    FEED(0xaa, 0x9d, 0x38);
    press(KEY_UP, "\x1b[1;3A");
    FEED(0xb8);
    press(KEY_KPENTER, "\r");
    press(KEY_KPSLASH, "/");
}

/* What the console does with the keyboard driver's events when the terminal is in DECCKM. */
static void test_app_cursor_after_decoding(void **state)
{
    (void)state;
    static const struct {
        uint16_t key;
        const char *plain, *app;
    } keys[] = {{KEY_UP, "\x1b[A", "\x1bOA"},     {KEY_LEFT, "\x1b[D", "\x1bOD"},
                {KEY_HOME, "\x1b[H", "\x1bOH"},   {KEY_END, "\x1b[F", "\x1bOF"},
                {KEY_PGUP, "\x1b[5~", "\x1b[5~"}, {0x1e, "a", "a"}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        press(keys[i].key, keys[i].plain); /* leaves ev at the release: press it again */
        if (keys[i].key & KEY_E0)
            assert_int_equal(FEED(0xe0, keys[i].key & 0x7f), 1);
        else
            assert_int_equal(FEED((uint8_t)keys[i].key), 1);
        keymap_app_cursor(&ev);
        assert_int_equal(ev.len, strlen(keys[i].app));
        assert_memory_equal(ev.bytes, keys[i].app, ev.len);
        FEED(keys[i].key & KEY_E0 ? 0xe0 : 0, (keys[i].key & 0x7f) | 0x80);
    }
    /* Modified keys keep their CSI form. */
    FEED(0x2a);
    assert_int_equal(FEED(0xe0, 0x48), 1);
    keymap_app_cursor(&ev);
    assert_memory_equal(ev.bytes, "\x1b[1;2A", 7);
    FEED(0xe0, 0xc8, 0xaa);
}

static void test_function_keys(void **state)
{
    (void)state;
    static const char *want[12] = {"\x1bOP",   "\x1bOQ",   "\x1bOR",   "\x1bOS",
                                   "\x1b[15~", "\x1b[17~", "\x1b[18~", "\x1b[19~",
                                   "\x1b[20~", "\x1b[21~", "\x1b[23~", "\x1b[24~"};
    for (int i = 0; i < 12; i++)
        press(i < 10 ? KEY_F1 + i : i == 10 ? KEY_F11 : KEY_F12, want[i]);
    FEED(0x2a);
    press(KEY_F1, "\x1b[1;2P");
    press(KEY_F1 + 4, "\x1b[15;2~");
    FEED(0xaa);
}

static void test_console_events(void **state)
{
    (void)state;
    FEED(0x38, 0x3c); /* Alt-F2 */
    assert_int_equal(ev.kind, KEY_EV_SWITCH_VT);
    assert_int_equal(ev.arg, 1);
    assert_int_equal(ev.len, 0);
    FEED(0xbc, 0x3b);
    assert_int_equal(ev.kind, KEY_EV_SWITCH_VT);
    assert_int_equal(ev.arg, 0);
    FEED(0xbb, 0x1d, 0x40); /* Ctrl-Alt-F6 */
    assert_int_equal(ev.kind, KEY_EV_SWITCH_VT);
    assert_int_equal(ev.arg, 5);
    FEED(0xc0, 0x9d, 0x41); /* Alt-F7: not a terminal switch */
    assert_int_equal(ev.kind, KEY_EV_BYTES);
    assert_memory_equal(ev.bytes, "\x1b[18;3~", 7);
    FEED(0xc1, 0xb8);

    FEED(0x2a, 0xe0, 0x49);
    assert_int_equal(ev.kind, KEY_EV_SCROLL_UP);
    FEED(0xe0, 0xc9, 0xe0, 0x51);
    assert_int_equal(ev.kind, KEY_EV_SCROLL_DOWN);
    FEED(0xe0, 0xd1, 0xaa);

    FEED(0x1d, 0x38, 0xe0, 0x53); /* Ctrl-Alt-Del */
    assert_int_equal(ev.kind, KEY_EV_REBOOT);
    assert_int_equal(ev.key, KEY_DELETE);
    FEED(0xe0, 0xd3, 0x53); /* keypad Del, Num Lock off */
    assert_int_equal(ev.kind, KEY_EV_REBOOT);
    FEED(0xd3, 0x9d, 0xb8, 0xe0, 0x53);
    assert_int_equal(ev.kind, KEY_EV_BYTES);
}

static void test_keypad(void **state)
{
    (void)state;
    press(0x48, "\x1b[A"); /* Num Lock off: cursor keys */
    press(0x47, "\x1b[H");
    press(0x52, "\x1b[2~");
    press(0x4a, "-");
    press(0x37, "*");
    press(0x4c, "");
    FEED(0x45, 0xc5);
    assert_int_equal(keymap_leds(&km), 2);
    press(0x48, "8");
    press(0x52, "0");
    press(0x53, ".");
    press(0x4e, "+");
    FEED(0x2a);
    press(0x48, "\x1b[1;2A"); /* Shift reverses Num Lock */
    FEED(0xaa);
}

static void test_prefixes(void **state)
{
    (void)state;
    /* fake shifts around E0 keys are dropped, controller replies ignored */
    assert_int_equal(FEED(0xe0, 0x2a, 0xe0, 0x48), 1);
    assert_memory_equal(ev.bytes, "\x1b[A", 3);
    assert_int_equal(ev.mods, 0);
    assert_int_equal(FEED(0xe0, 0xc8, 0xe0, 0xaa), 1);
    assert_int_equal(FEED(0xfa, 0xfe, 0x00, 0xff), 0);
    /* Pause: six bytes, no event, the next key unaffected */
    assert_int_equal(FEED(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5), 0);
    press(0x1e, "a");
    assert_int_equal(keymap_leds(&km), 0); /* the 0x45 inside Pause is not Num Lock */
    /* E0 applies to one key only */
    FEED(0xe0, 0x1d, 0xe0, 0x9d);
    press(0x1d, "");
    assert_int_equal(ev.key, KEY_LCTRL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_letters_and_shift, setup),
        cmocka_unit_test_setup(test_caps_lock, setup),
        cmocka_unit_test_setup(test_ctrl_alt, setup),
        cmocka_unit_test_setup(test_plain_keys, setup),
        cmocka_unit_test_setup(test_editing_keys, setup),
        cmocka_unit_test_setup(test_function_keys, setup),
        cmocka_unit_test_setup(test_console_events, setup),
        cmocka_unit_test_setup(test_app_cursor_after_decoding, setup),
        cmocka_unit_test_setup(test_keypad, setup),
        cmocka_unit_test_setup(test_prefixes, setup),
    };
    return cmocka_run_group_tests_name("keymap", tests, NULL, NULL);
}
