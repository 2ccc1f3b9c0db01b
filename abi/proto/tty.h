#pragma once
#include <stdint.h>

/* Terminals. A terminal is an open file (abi/proto/file.h) served by the tty server; its
 * ioctls are Linux's numbers with Linux's kernel-side structures, carried by FILE_IOCTL:
 * w0 = request, w1 = integer argument, w2 = bytes of the structure in words 6...
 *
 * Requests whose Linux argument is a pointer to an int (TIOCSPGRP, TIOCSCTTY's sid) take the
 * int in words 6.. when w2 >= 4, else in w1; those that return an int (TIOCGPGRP, TIOCGSID,
 * FIONREAD, TIOCOUTQ) return it in words 6.. (4 bytes) and in the reply's w1.
 *
 * The server does not know which process calls: TIOCSCTTY carries the caller's session id
 * (the C library passes getsid(0)) and makes that session's group the foreground group. */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429

/* TCFLSH arguments */
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2

#define TTY_NCCS 19
/* Linux's kernel struct termios (what TCGETS/TCSETS carry). */
struct tty_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[TTY_NCCS];
};
_Static_assert(sizeof(struct tty_termios) == 36, "Linux kernel termios is 36 bytes");

struct tty_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};
_Static_assert(sizeof(struct tty_winsize) == 8, "winsize is 8 bytes");

/* c_cc indices */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define IGNBRK 0000001u
#define BRKINT 0000002u
#define IGNPAR 0000004u
#define ISTRIP 0000040u
#define INLCR 0000100u
#define IGNCR 0000200u
#define ICRNL 0000400u
#define IXON 0002000u
#define IXANY 0004000u
#define IXOFF 0010000u
#define IMAXBEL 0020000u
#define IUTF8 0040000u

/* c_oflag */
#define OPOST 0000001u
#define OLCUC 0000002u
#define ONLCR 0000004u
#define OCRNL 0000010u
#define ONOCR 0000020u
#define ONLRET 0000040u

/* c_cflag */
#define B38400 0000017u
#define CSIZE 0000060u
#define CS8 0000060u
#define CREAD 0000200u
#define HUPCL 0002000u
#define CLOCAL 0004000u

/* c_lflag */
#define ISIG 0000001u
#define ICANON 0000002u
#define ECHO 0000010u
#define ECHOE 0000020u
#define ECHOK 0000040u
#define ECHONL 0000100u
#define NOFLSH 0000200u
#define TOSTOP 0000400u
#define ECHOCTL 0001000u
#define ECHOPRT 0002000u
#define ECHOKE 0004000u
#define FLUSHO 0010000u
#define PENDIN 0040000u
#define IEXTEN 0100000u
