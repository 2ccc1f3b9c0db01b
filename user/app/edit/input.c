#define _POSIX_C_SOURCE 200809L
#include "input.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "utf8.h"

static struct termios saved;
static volatile int raw_on;
static int term_fd = -1;

int term_raw(int fd)
{
    struct termios t;
    if (!raw_on) {
        if (tcgetattr(fd, &saved) < 0) return -1;
    }
    t = saved;
    t.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    t.c_oflag &= ~(tcflag_t)OPOST;
    t.c_cflag |= CS8;
    t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 1;
    if (tcsetattr(fd, TCSAFLUSH, &t) < 0) return -1;
    term_fd = fd;
    raw_on = 1;
    /* Alternate screen, so the shell's screen comes back on exit. */
    static const char enter[] = "\x1b[?1049h";
    if (write(STDOUT_FILENO, enter, sizeof enter - 1) < 0) return -1;
    return 0;
}

void term_restore(void)
{
    static const char leave[] = "\x1b[0m\x1b[?25h\x1b[?1049l";
    if (!raw_on) return;
    raw_on = 0;
    ssize_t r = write(STDOUT_FILENO, leave, sizeof leave - 1);
    (void)r;
    tcsetattr(term_fd, TCSAFLUSH, &saved);
}

int term_size(int fd, int *rows, int *cols)
{
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0 || ws.ws_row == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/* Read one byte, waiting at most one VTIME tick; -1 if none came. */
static int read_byte(int fd)
{
    unsigned char c;
    ssize_t n = read(fd, &c, 1);
    return n == 1 ? c : -1;
}

/* Decode the rest of an escape sequence after ESC. */
static int read_escape(int fd)
{
    int a = read_byte(fd);
    if (a < 0) return KEY_ESC;
    if (a == 'O') {
        switch (read_byte(fd)) {
        case 'H':
            return KEY_HOME;
        case 'F':
            return KEY_END;
        case 'A':
            return KEY_UP;
        case 'B':
            return KEY_DOWN;
        case 'C':
            return KEY_RIGHT;
        case 'D':
            return KEY_LEFT;
        }
        return KEY_NONE;
    }
    if (a != '[') return KEY_NONE;
    int params[4] = {0}, np = 0, c;
    while ((c = read_byte(fd)) >= 0) {
        if (c >= '0' && c <= '9') {
            if (np == 0) np = 1;
            params[np - 1] = params[np - 1] * 10 + (c - '0');
        } else if (c == ';') {
            if (np == 0) np = 1;
            if (np < 4) np++;
        } else {
            break;
        }
    }
    int ctrl = np >= 2 && params[1] == 5;
    switch (c) {
    case 'A':
        return KEY_UP;
    case 'B':
        return KEY_DOWN;
    case 'C':
        return ctrl ? KEY_CTRL_RIGHT : KEY_RIGHT;
    case 'D':
        return ctrl ? KEY_CTRL_LEFT : KEY_LEFT;
    case 'H':
        return ctrl ? KEY_CTRL_HOME : KEY_HOME;
    case 'F':
        return ctrl ? KEY_CTRL_END : KEY_END;
    case '~':
        switch (params[0]) {
        case 1:
        case 7:
            return ctrl ? KEY_CTRL_HOME : KEY_HOME;
        case 4:
        case 8:
            return ctrl ? KEY_CTRL_END : KEY_END;
        case 3:
            return KEY_DEL;
        case 5:
            return KEY_PGUP;
        case 6:
            return KEY_PGDN;
        }
    }
    return KEY_NONE;
}

int input_read_key(int fd)
{
    unsigned char c;
    ssize_t n = read(fd, &c, 1);
    if (n != 1) {
        if (n < 0 && errno != EINTR && errno != EAGAIN) return KEY_CLOSED;
        return KEY_NONE;
    }
    if (c == KEY_ESC) return read_escape(fd);
    if (c == 8) return KEY_BACKSPACE;
    if (c < 0x80) return c;
    /* A UTF-8 sequence: its continuation bytes follow at once. */
    char seq[4] = {(char)c};
    size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1, got = 1, used;
    while (got < need) {
        int b = read_byte(fd);
        if (b < 0) break;
        seq[got++] = (char)b;
    }
    uint32_t cp = utf8_decode(seq, got, 0, &used);
    return used == got ? (int)cp : KEY_NONE;
}
