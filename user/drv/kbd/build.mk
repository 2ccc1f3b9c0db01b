# kbd: the PS/2 keyboard driver (native, libcluu); the set-1 decoding is user/lib/vt/keymap.c,
# host-tested with the terminal library.
USER_PROGS += kbd
PROG_SRCS_kbd := user/drv/kbd/main.c user/lib/vt/keymap.c
