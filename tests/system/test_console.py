"""The framebuffer terminals (user/srv/tty/console.c) and the PS/2 keyboard (user/drv/kbd),
driven through QEMU's monitor: keys go in with sendkey, and what the console drew comes back
with screendump, read cell by cell against the same PSF2 font rendered here (screen.py)."""
import re
import shutil
import subprocess
import time

import pytest

from cluu_qemu import BUILD, Machine
from screen import Console

PROMPT = re.compile(r"[$#]$")


def numbers(screen):
    """The lines of the screen that are just a number, as ints."""
    return [int(l) for l in screen.lines if l.isdigit()]


@pytest.fixture(scope="module")
def session():
    m = Machine(timeout=90)
    yield m, Console(m)
    m.close()


def login_on_screen(c, user="admin", password="admin"):
    c.type(user + "\n")
    c.wait_text("Password:")
    c.type(password + "\n")
    return c.wait_for(lambda s: any(PROMPT.search(l) for l in s.lines), what="a shell prompt")


def test_login_prompt_drawn_with_the_font(session):
    m, c = session
    m.expect("CLUU login: ", timeout=120)
    s = c.wait_text("CLUU login:")
    # Every cell is a glyph of the font in the console's colours, pixel for pixel.
    assert s.unknown_cells() == 0, s.text
    assert (s.cols, s.rows) == (128, 48)
    assert any(l == "CLUU login:" for l in s.lines[:3]), s.text


def test_alt_f2_shows_a_second_login(session):
    m, c = session
    c.type("first")
    c.wait_text("CLUU login: first")
    c.keys("alt-f2")
    s = c.wait_for(lambda s: "CLUU login:" in s.text and "first" not in s.text,
                   what="the login prompt of tty2")
    assert s.unknown_cells() == 0, s.text
    c.type("second")
    c.wait_text("CLUU login: second")
    c.keys("alt-f1")
    s = c.wait_text("CLUU login: first")
    assert "second" not in s.text
    # Back to an empty prompt on tty1 for the next test.
    c.keys(*["backspace"] * 5)
    c.wait_for(lambda s: "CLUU login:" in s.lines and "first" not in s.text,
               what="the erased name")


def test_shell_scrollback_with_shift_pgup(session):
    m, c = session
    login_on_screen(c)
    c.type("seq 1 300\n")
    s = c.wait_for(lambda s: 300 in numbers(s) and PROMPT.search(s.lines[-1] or s.text.rstrip()),
                   what="the end of seq's output")
    live = numbers(s)
    assert live == list(range(live[0], 301)), s.text
    c.keys("shift-pgup", "shift-pgup", "shift-pgup", "shift-pgup")
    s = c.wait_for(lambda s: numbers(s) and numbers(s)[0] < live[0] - 50, what="earlier lines")
    back = numbers(s)
    # Four half screens back: consecutive earlier lines, the end no longer shown.
    assert back == list(range(back[0], back[0] + len(back))), s.text
    assert back[0] == live[0] - 4 * 24 and 300 not in back, s.text
    c.keys("shift-pgdn", "shift-pgdn", "shift-pgdn", "shift-pgdn")
    s = c.wait_for(lambda s: 300 in numbers(s), what="the live screen again")
    assert numbers(s) == live


def test_utf8_text_is_drawn(session):
    m, c = session
    # Write the text from the serial console, show it on tty1.
    m.con.send("admin\r")
    m.expect("Password: ", timeout=30)
    m.con.send("admin\r")
    m.expect(r"[$#] ", timeout=60)
    m.con.send("echo 'Grüße, €5 → ok' > /tmp/u.txt\r")
    m.expect(r"[$#] ", timeout=30)
    c.type("cat /tmp/u.txt\n")
    s = c.wait_text("Grüße, €5 → ok")
    assert s.unknown_cells() == 0, s.text


def test_ctrl_alt_del_shuts_down_cleanly(tmp_path):
    disk = tmp_path / "userdisk.img"
    shutil.copy(f"{BUILD}/userdisk.img", disk)
    m = Machine(timeout=90, disk=str(disk))
    try:
        m.expect("kbd: ready", timeout=120)
        m.expect("CLUU login: ", timeout=120)
        m.con.send("admin\r")
        m.expect("Password: ", timeout=30)
        m.con.send("admin\r")
        m.expect(r"[$#] ", timeout=60)
        m.con.send("echo written-before-ctrl-alt-del > /home/admin/cad.txt\r")
        m.expect(r"[$#] ", timeout=30)
        t0 = time.monotonic()
        Console(m).keys("ctrl-alt-delete")
        status = m.wait_exit(timeout=10)
        took = time.monotonic() - t0
        out = m.output()
    finally:
        m.close()
    print(f"ctrl-alt-del: QEMU ended {took:.2f} s after the key")
    assert "kbd: Ctrl-Alt-Del: shutting down" in out
    assert "procmgr: powering off" in out, out[-2000:]
    assert status == 0 and took < 10
    fsck = subprocess.run(["/usr/sbin/e2fsck", "-fn", str(disk)], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    cat = subprocess.run(["/usr/sbin/debugfs", "-R", "cat /home/admin/cad.txt", str(disk)],
                         capture_output=True, text=True)
    assert cat.stdout == "written-before-ctrl-alt-del\n", cat.stdout + cat.stderr


BARS = [(255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0),
        (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0)]


def fbprobe_pattern(s):
    """Whether the screen shows fbprobe's pattern: eight bars, then a grey ramp."""
    bars = [s.pixel(s.width * (2 * i + 1) // 16, s.height // 3) for i in range(8)]
    y = s.height * 7 // 8
    ramp = [s.pixel(x, y) for x in (0, s.width // 2, s.width - 1)]
    return bars == BARS and ramp[0] == (0, 0, 0) and ramp[2] == (255, 255, 255) and \
        ramp[1][0] == ramp[1][1] == ramp[1][2] and 120 <= ramp[1][0] <= 135


def test_fbprobe_takes_the_framebuffer_and_gives_it_back(session):
    m, c = session
    c.type("clear\n")
    c.type("fbprobe\n")
    c.wait_for(fbprobe_pattern, what="fbprobe's test pattern")
    m.expect(r"tty: framebuffer lent to pid \d+", timeout=30)
    # The pattern stays while fbprobe holds the framebuffer, whatever the terminal does.
    time.sleep(1)
    assert fbprobe_pattern(c.shot())
    c.type("q")
    m.expect("tty: framebuffer returned; redrawing", timeout=30)
    s = c.wait_text("fbprobe: pattern drawn; press a key")
    assert s.unknown_cells() == 0 and not fbprobe_pattern(s), s.text


def test_fbprobe_killed_gives_the_framebuffer_back(session):
    m, c = session
    c.type("clear\n")
    c.type("fbprobe\n")
    c.wait_for(fbprobe_pattern, what="fbprobe's test pattern")
    c.keys("ctrl-c")  # SIGINT: fbprobe dies holding the framebuffer; procmgr closes its lease
    m.expect("tty: framebuffer returned; redrawing", timeout=30)
    s = c.wait_text("fbprobe: pattern drawn; press a key")
    assert s.unknown_cells() == 0, s.text


def test_framebuffer_refused_without_device_profile(session):
    m, c = session
    # Outside /bin the program is no container and runs with the shell's profile, no DEVICE.
    c.type("cp /bin/fbprobe /tmp/fbp\n")
    c.type("/tmp/fbp\n")
    s = c.wait_text("fbprobe: not permitted: the framebuffer needs the DEVICE profile")
    assert s.unknown_cells() == 0 and not fbprobe_pattern(s)


def test_console_under_uefi():
    # GRUB sets the mode through GOP (all_video in grub.cfg); keys reach tty2 too.
    m = Machine(firmware="uefi", timeout=180)
    try:
        m.expect(r"tty: console 128x48 on a 1024x768 framebuffer", timeout=180)
        m.expect("CLUU login: ", timeout=120)
        c = Console(m)
        s = c.wait_text("CLUU login:")
        assert s.unknown_cells() == 0, s.text
        c.keys("alt-f2")
        c.type("uefi")
        s = c.wait_text("CLUU login: uefi")
        assert s.unknown_cells() == 0, s.text
    finally:
        m.close()
