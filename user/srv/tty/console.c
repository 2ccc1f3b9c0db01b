/* The framebuffer terminals /dev/tty1..: one vt (user/lib/vt) per terminal, drawn on the
 * framebuffer GRUB set up when it is the one on screen; key events from the kbd driver
 * (abi/proto/kbd.h) go to the line discipline of the terminal on screen. Drawing is batched:
 * at most one frame every FRAME_NS while output streams, so a flood of text costs parsing,
 * not pixels. */
#include "tty.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"
#include "user/lib/vt/keymap.h"
#include "user/lib/vt/psf.h"
#include "user/lib/vt/render.h"
#include "user/lib/vt/vt.h"

#define FB_VA 0x0000600000000000ull
#define FRAME_NS 20000000ull /* 50 frames a second at most */
#define SB_LINES 1000
#define FONT_MAP_MAX 4096

extern const uint8_t console_font[], console_font_end[]; /* font.S */

static struct psf_font font;
static struct psf_map font_map[FONT_MAP_MAX];
static struct render rnd;
static bool have_fb;
static bool fb_lent;   /* a program holds the framebuffer (framebuffer hand-over) */
static long fb_holder; /* its pid, as it says */
static cap_t fb_lend;  /* the copy lent memory capabilities derive from (revoked at return) */
static struct boot_fb_info fb_geom;
static struct vt vts[CONSOLE_VTS];
static struct tty *ttys[CONSOLE_VTS];
static int active;
static bool pending;        /* the terminal on screen changed since the last frame */
static uint64_t last_frame; /* when the last frame was drawn */

static uint64_t now_ns(void)
{
    return (uint64_t)sys_clock();
}

static void draw(void)
{
    pending = false;
    if (have_fb && !fb_lent) render_draw(&rnd, &vts[active]);
    last_frame = now_ns(); /* from the frame's end: drawing takes at most half the time */
}

static void redraw_all(void)
{
    pending = false;
    last_frame = now_ns();
    if (have_fb && !fb_lent) render_full(&rnd, &vts[active]);
}

/* Draws now when a frame is due, else leaves it to console_tick. */
static void changed(void)
{
    pending = true;
    if (now_ns() - last_frame >= FRAME_NS) draw();
}

/* Answers to queries (CSI 6n, CSI c) are typed into the terminal's input. */
static void vt_reply(void *ctx, const char *bytes, size_t len)
{
    struct tty *t = ctx;
    t->last_rx_ns = now_ns();
    ldisc_input(&t->ld, bytes, len);
}

void console_write(struct tty *t, const char *buf, size_t n)
{
    int i = t->index;
    vt_write(&vts[i], buf, n);
    if (i == active) changed();
}

static long map_framebuffer(const struct boot_fb_info *fb)
{
    if (!fb || !fb->phys || fb->bpp != 32 || !fb->width || !fb->height) return -ENODEV;
    long pages = invoke0(PROC_CAP_FRAMEBUFFER, MEMORY_INFO);
    if (pages <= 0 || (uint64_t)pages * 4096 < fb->pitch * fb->height) return -ENODEV;
    long r = invoke5(CAP_SELF_VSPACE, VSPACE_MAP, PROC_CAP_FRAMEBUFFER, FB_VA, 0, (uint64_t)pages,
                     PROT_R | PROT_W);
    if (r < 0) return r;
    /* GRUB sets up QEMU's and most firmware's 32-bpp modes as x8r8g8b8. */
    struct render_fb rf = {
        (uint8_t *)FB_VA, (uint32_t)fb->pitch, (uint32_t)fb->width, (uint32_t)fb->height, 16, 8, 0};
    return render_init(&rnd, &rf, &font);
}

long console_start(struct tty *t[CONSOLE_VTS])
{
    long r = psf_parse(&font, console_font, (size_t)(console_font_end - console_font), font_map,
                       FONT_MAP_MAX);
    if (r < 0) return r;
    const struct boot_user_info *bi = cluu_bootinfo();
    r = map_framebuffer(bi ? &bi->fb : NULL);
    have_fb = r == 0;
    if (have_fb) {
        fb_geom = bi->fb;
        fb_lend = slot_alloc();
        if (!fb_lend ||
            invoke3(CAP_SELF_CSPACE, CSPACE_COPY, fb_lend, PROC_CAP_FRAMEBUFFER, RIGHT_ALL) < 0)
            fb_lend = 0;
    }
    if (!have_fb) dprintf_k("tty: no usable framebuffer (%ld): terminals without a display\n", r);
    int cols = have_fb ? rnd.cols : 80, rows = have_fb ? rnd.rows : 25;
    if (cols > VT_MAX_COLS) cols = VT_MAX_COLS;
    if (rows > VT_MAX_ROWS) rows = VT_MAX_ROWS;
    size_t cells = (size_t)cols * (size_t)rows, sb = (size_t)cols * SB_LINES;
    size_t pages = ((2 * cells + sb) * sizeof(struct vt_cell) + 4095) / 4096;
    for (int i = 0; i < CONSOLE_VTS; i++) {
        struct vt_cell *mem = pages_alloc(pages, NULL);
        if (!mem) return -ENOMEM;
        r = vt_init(&vts[i], cols, rows, mem, mem + cells, mem + 2 * cells, SB_LINES);
        if (r < 0) return r;
        ttys[i] = t[i];
        vt_set_reply(&vts[i], vt_reply, t[i]);
        t[i]->ws = (struct tty_winsize){(uint16_t)rows, (uint16_t)cols, 0, 0};
    }
    if (have_fb)
        dprintf_k("tty: console %dx%d on a %lux%lu framebuffer, %d terminals\n", cols, rows,
                  bi->fb.width, bi->fb.height, CONSOLE_VTS);
    redraw_all();
    return 0;
}

void console_key(const struct ipc_msg *m)
{
    struct key_event ev;
    memcpy(&ev, m->w, sizeof ev);
    struct vt *vt = &vts[active];
    switch (ev.kind) {
    case KEY_EV_BYTES: {
        if (ev.len > sizeof ev.bytes) return;
        if (vt->app_cursor) keymap_app_cursor(&ev); /* DECCKM: ESC O x */
        struct tty *t = ttys[active];
        t->last_rx_ns = now_ns();
        if (vt->view) {
            vt_scroll_view(vt, -vt->view);
            changed();
        }
        ldisc_input(&t->ld, (const char *)ev.bytes, ev.len);
        return;
    }
    case KEY_EV_SWITCH_VT:
        if (ev.arg >= 0 && ev.arg < CONSOLE_VTS && ev.arg != active) {
            active = ev.arg;
            redraw_all();
        }
        return;
    case KEY_EV_SCROLL_UP:
    case KEY_EV_SCROLL_DOWN: {
        int half = vt->rows / 2 > 0 ? vt->rows / 2 : 1;
        vt_scroll_view(vt, ev.kind == KEY_EV_SCROLL_UP ? half : -half);
        changed();
        return;
    }
    default:
        return;
    }
}

uint64_t console_timeout(void)
{
    if (!pending) return TIMEOUT_FOREVER;
    uint64_t due = last_frame + FRAME_NS, now = now_ns();
    return due > now ? due - now : 0;
}

void console_tick(void)
{
    if (pending && now_ns() - last_frame >= FRAME_NS) draw();
}

long console_fb_lend(cap_t mem, uint64_t geom[4], long pid)
{
    if (!have_fb || !fb_lend) return -ENODEV;
    if (fb_lent) return -EBUSY;
    long r = invoke3(CAP_SELF_CSPACE, CSPACE_COPY, mem, fb_lend, RIGHT_READ | RIGHT_WRITE);
    if (r < 0) return r;
    geom[0] = fb_geom.width;
    geom[1] = fb_geom.height;
    geom[2] = fb_geom.pitch;
    geom[3] = fb_geom.bpp;
    fb_lent = true;
    fb_holder = pid;
    if (pid > 0) serial_watch(pid);
    dprintf_k("tty: framebuffer lent to pid %ld\n", pid);
    return 0;
}

void console_fb_return(void)
{
    if (!fb_lent) return;
    invoke1(CAP_SELF_CSPACE, CSPACE_REVOKE, fb_lend);
    fb_lent = false;
    if (fb_holder > 0) serial_watch(0);
    fb_holder = 0;
    dprintf_k("tty: framebuffer returned; redrawing\n");
    redraw_all();
}

void console_fb_holder_gone(long pid)
{
    if (fb_lent && pid == fb_holder) {
        dprintf_k("tty: pid %ld ended holding the framebuffer\n", pid);
        console_fb_return();
    }
}

void console_flush(void)
{
    if (pending) draw();
}
