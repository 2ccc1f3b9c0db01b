#pragma once
/* kbd -> console: the keyboard driver calls the console's key endpoint (registry name
 * KBD_CONSOLE_NAME) once per key event; the console answers w0 = 0. */
#define KBD_CONSOLE_NAME "tty.keys"
#define KBD_EVENT 1 /* w0..w4: a struct key_event (user/lib/vt/keymap.h) */
#define KBD_EVENT_WORDS 5
