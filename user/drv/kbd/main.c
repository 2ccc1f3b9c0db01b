/* kbd: the PS/2 keyboard behind the i8042 controller (ports 0x60/0x64, ISA IRQ 1). Scan
 * codes (set 1: the controller translates) become key events through user/lib/vt/keymap.c
 * and go to the console (abi/proto/kbd.h). Ctrl-Alt-Del asks procmgr for an orderly
 * shutdown, the path poweroff takes (the service needs the ADMIN profile). */
#include "cluu.h"
#include "abi/proto/kbd.h"
#include "abi/proto/procmgr.h"
#include "lib/string.h"
#include "user/lib/vt/keymap.h"

#define I8042_DATA 0x60
#define I8042_STATUS 0x64 /* read: status; write: controller command */
#define ST_OUT_FULL 0x01
#define ST_IN_FULL 0x02
#define ST_AUX 0x20 /* the byte waiting is from the mouse port */
#define CMD_READ_CFG 0x20
#define CMD_WRITE_CFG 0x60
#define CMD_AUX_OFF 0xA7
#define CMD_KBD_OFF 0xAD
#define CMD_KBD_ON 0xAE
#define CFG_KBD_IRQ 0x01
#define CFG_AUX_IRQ 0x02
#define CFG_KBD_CLOCK_OFF 0x10
#define CFG_TRANSLATE 0x40
#define KBD_ENABLE_SCAN 0xF4
#define KBD_SET_LEDS 0xED
#define KBD_IRQ 1
#define POLL_NS 200000000ull /* look at the controller every 200 ms too, in case an edge is lost   \
                              */
#define CONSOLE_WAIT_MS 5000

static cap_t data_port, status_port, irq, notif, console;

static uint8_t in8(cap_t p, int port)
{
    return (uint8_t)invoke2(p, IOPORT_IN, port, 1);
}

static void out8(cap_t p, int port, uint8_t v)
{
    invoke3(p, IOPORT_OUT, port, 1, v);
}

/* Waits until the controller can take a byte; false after a bounded number of tries. */
static bool wait_in_empty(void)
{
    for (int t = 0; t < 100000; t++)
        if (!(in8(status_port, I8042_STATUS) & ST_IN_FULL)) return true;
    return false;
}

static bool wait_out_full(void)
{
    for (int t = 0; t < 100000; t++)
        if (in8(status_port, I8042_STATUS) & ST_OUT_FULL) return true;
    return false;
}

static void command(uint8_t cmd)
{
    if (wait_in_empty()) out8(status_port, I8042_STATUS, cmd);
}

static void write_data(uint8_t v)
{
    if (wait_in_empty()) out8(data_port, I8042_DATA, v);
}

static void flush_output(void)
{
    for (int i = 0; i < 64 && (in8(status_port, I8042_STATUS) & ST_OUT_FULL); i++)
        in8(data_port, I8042_DATA);
}

/* Keyboard interrupts on, translation to set 1 on, the mouse port's interrupt off. */
static long controller_init(void)
{
    command(CMD_KBD_OFF);
    command(CMD_AUX_OFF);
    flush_output();
    command(CMD_READ_CFG);
    if (!wait_out_full()) return -ENODEV;
    uint8_t cfg = in8(data_port, I8042_DATA);
    cfg = (uint8_t)((cfg | CFG_KBD_IRQ | CFG_TRANSLATE) & ~(CFG_AUX_IRQ | CFG_KBD_CLOCK_OFF));
    command(CMD_WRITE_CFG);
    write_data(cfg);
    command(CMD_KBD_ON);
    write_data(KBD_ENABLE_SCAN); /* its 0xFA acknowledgement is dropped by keymap_feed */
    return 0;
}

static void send_event(const struct key_event *ev)
{
    if (!console) return;
    struct ipc_msg m = {0};
    _Static_assert(sizeof *ev <= KBD_EVENT_WORDS * 8, "a key event fits the message");
    memcpy(m.w, ev, sizeof *ev);
    long r = sys_call(console, IPC_INFO(KBD_EVENT, KBD_EVENT_WORDS, 0), &m);
    static bool warned;
    if (r < 0 && !warned) {
        warned = true;
        dprintf_k("kbd: the console does not answer (%ld)\n", r);
    }
}

static void shutdown(void)
{
    dprintf_k("kbd: Ctrl-Alt-Del: shutting down\n");
    long r = pm_shutdown(PROC_CAP_PROCMGR, PM_POWEROFF);
    if (r < 0) dprintf_k("kbd: shutdown refused (%ld)\n", r);
}

static void drain(struct keymap *km)
{
    for (int i = 0; i < 256; i++) {
        uint8_t st = in8(status_port, I8042_STATUS);
        if (!(st & ST_OUT_FULL)) return;
        uint8_t b = in8(data_port, I8042_DATA);
        if (st & ST_AUX) continue;
        struct key_event ev;
        uint8_t leds = keymap_leds(km);
        if (!keymap_feed(km, b, &ev)) continue;
        if (ev.kind == KEY_EV_REBOOT)
            shutdown();
        else if (ev.kind != KEY_EV_NONE)
            send_event(&ev);
        if (keymap_leds(km) != leds) {
            write_data(KBD_SET_LEDS);
            write_data(keymap_leds(km));
        }
    }
}

static void find_console(void)
{
    cap_t nap = slot_alloc();
    if (nap && invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, nap) < 0) nap = 0;
    long e = -ENOENT;
    for (int i = 0; i < CONSOLE_WAIT_MS / 50 && e < 0; i++) {
        e = registry_lookup(PROC_CAP_REGISTRY, KBD_CONSOLE_NAME, &console);
        if (e < 0 && nap) sys_wait(nap, 50000000ull);
    }
    if (nap) slot_delete(nap);
    if (e < 0) {
        console = 0;
        dprintf_k("kbd: no console (%s: %ld); only Ctrl-Alt-Del works\n", KBD_CONSOLE_NAME, e);
    }
}

int main(const struct boot_user_info *bi)
{
    (void)bi;
    data_port = slot_alloc();
    status_port = slot_alloc();
    irq = slot_alloc();
    notif = slot_alloc();
    long r = data_port && status_port && irq && notif ? 0 : -ENOSPC;
    if (r == 0) r = invoke3(PROC_CAP_IOPORT, IOPORT_ISSUE, I8042_DATA, 1, data_port);
    if (r == 0) r = invoke3(PROC_CAP_IOPORT, IOPORT_ISSUE, I8042_STATUS, 1, status_port);
    if (r == 0) r = invoke3(CAP_SELF_UNTYPED, UNTYPED_RETYPE, OBJ_NOTIFICATION, 0, notif);
    if (r == 0) r = invoke2(PROC_CAP_IRQ_CONTROL, IRQ_CONTROL_GET, KBD_IRQ, irq);
    if (r == 0) r = invoke2(irq, IRQ_SET_NOTIFICATION, notif, 1);
    /* Keep only the two ports and the one interrupt. */
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, PROC_CAP_IOPORT);
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, PROC_CAP_IRQ_CONTROL);
    invoke1(CAP_SELF_CSPACE, CSPACE_DELETE, PROC_CAP_FRAMEBUFFER);
    if (r == 0) r = controller_init();
    if (r < 0) {
        dprintf_k("kbd: cannot start: error %ld\n", r);
        return 1;
    }
    find_console();
    dprintf_k("kbd: ready\n");
    struct keymap km;
    keymap_init(&km);
    for (;;) {
        long bits = sys_wait(notif, POLL_NS);
        drain(&km);
        if (bits > 0 && (bits & 1)) invoke0(irq, IRQ_ACK);
    }
}
