/* fbprobe: takes the framebuffer from the console (it needs the DEVICE profile: see
 * containers/fbprobe/Cluufile), draws a test pattern, and gives the framebuffer back when a
 * key is pressed. Pattern: eight colour bars over the top three quarters (white, yellow,
 * cyan, green, magenta, red, blue, black), a grey ramp from black to white below. */
#include "cluu.h"
#include "abi/proto/procmgr.h"
#include "abi/proto/tty.h"
#include "fsclient.h"
#include "lib/string.h"

static const uint32_t bars[8] = {0xffffff, 0xffff00, 0x00ffff, 0x00ff00,
                                 0xff00ff, 0xff0000, 0x0000ff, 0x000000};

static void say(const char *s)
{
    file_write(PROC_CAP_FD0 + 2, s, strlen(s), FILE_OFF_CUR);
}

static void draw(const struct cluu_fb *fb)
{
    uint32_t split = fb->height * 3 / 4;
    for (uint32_t y = 0; y < fb->height; y++) {
        uint32_t *px = (uint32_t *)(void *)(fb->base + (size_t)y * fb->pitch);
        for (uint32_t x = 0; x < fb->width; x++) {
            if (y < split) {
                px[x] = bars[x * 8 / fb->width];
            } else {
                uint32_t v = fb->width > 1 ? x * 255 / (fb->width - 1) : 0;
                px[x] = v << 16 | v << 8 | v;
            }
        }
    }
}

/* One key from standard input, without waiting for a line or echoing it. */
static void wait_key(void)
{
    cap_t in = PROC_CAP_FD0;
    struct tty_termios old, raw;
    bool tty = file_ioctl(in, TCGETS, 0, &old, 0, sizeof old) >= 0;
    if (tty) {
        raw = old;
        raw.c_lflag &= ~(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        file_ioctl(in, TCSETS, 0, &raw, sizeof raw, 0);
    }
    char c;
    file_read(in, &c, 1, FILE_OFF_CUR);
    if (tty) file_ioctl(in, TCSETS, 0, &old, sizeof old, 0);
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    struct cluu_fb fb;
    long r = framebuffer_acquire(&fb);
    if (r == -EPERM) {
        say("fbprobe: not permitted: the framebuffer needs the DEVICE profile\n");
        return 1;
    }
    if (r < 0) {
        say(r == -EBUSY    ? "fbprobe: another program holds the framebuffer\n"
            : r == -ENODEV ? "fbprobe: no framebuffer\n"
                           : "fbprobe: cannot acquire the framebuffer\n");
        return 1;
    }
    draw(&fb);
    dprintf_k("fbprobe: %ux%u pattern drawn\n", fb.width, fb.height);
    say("fbprobe: pattern drawn; press a key\n");
    wait_key();
    framebuffer_release(&fb);
    return 0;
}
