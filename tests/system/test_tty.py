"""The tty server on COM1 (user/srv/tty), driven from the serial console: ttytest
(user/srv/tty/test/ttytest.c) reads what we type through /dev/ttyS0 and reports on the kernel
log what it received. One boot runs the whole session; each test checks one part of it."""
import re
import time
import tty as host_tty

import pytest

from cluu_qemu import Machine

RUB = "\b \b"


class Session:
    """Runs ttytest's steps once, keeping for each step the echo we saw and its report."""

    def __init__(self):
        self.m = Machine(cmdline="bootconf=ttytest.conf", timeout=60)
        self.steps = {}
        self.error = None

    def until(self, pattern, timeout=None):
        """Waits for pattern; returns (text before it, the match)."""
        self.m.expect(pattern, timeout=timeout)
        return self.m.con.before, self.m.con.match

    def step(self, name, keys, report, prompt=None, timeout=None):
        """Optionally waits for prompt, types keys, waits for the report line."""
        if prompt:
            self.until(re.escape(prompt), timeout=timeout)
        for k in keys if isinstance(keys, list) else [keys]:
            self.m.con.send(k)
            time.sleep(0.3)
        before, match = self.until(report, timeout=timeout)
        self.steps[name] = (before, match)

    def run(self):
        try:
            self.until(r"tty: ready", timeout=60)
            # Our side of the pseudo-terminal must pass ^C, CR and DEL through untouched, and
            # QEMU's output unchanged (QEMU turned OPOST on when it set up stdio, before now).
            host_tty.setraw(self.m.con.child_fd)
            self.step("line1", "hellx\x7fo wrold\b\b\b\borld\r",
                      r"ttytest: line 1 \((-?\d+)\) \[(.*)\]", prompt="line1> ")
            self.step("line2", "garbage\x15good\r",
                      r"ttytest: line 2 \((-?\d+)\) \[(.*)\]", prompt="line2> ")
            self.step("line3", "one two\x17three\r",
                      r"ttytest: line 3 \((-?\d+)\) \[(.*)\]", prompt="line3> ")
            self.step("winsize", [], r"ttytest: winsize (-?\d+) rows (\d+) cols (\d+)")
            self.step("winsize_set", [],
                      r"ttytest: winsize set (-?\d+) get (-?\d+) rows (\d+) cols (\d+)")
            self.step("termios", [], r"ttytest: termios (-?\d+) iflag (\d+) oflag (\d+) "
                      r"lflag (\d+) erase (\d+) vmin (\d+)")
            self.step("raw0", "Z", r"ttytest: raw byte 0 \((-?\d+)\) (\S*)\r*\n", prompt="raw> ")
            self.step("raw1", "\x03", r"ttytest: raw byte 1 \((-?\d+)\) (\S*)\r*\n")
            self.step("raw2", "\r", r"ttytest: raw byte 2 \((-?\d+)\) (\S*)\r*\n")
            self.step("raw3", "\x7f", r"ttytest: raw byte 3 \((-?\d+)\) (\S*)\r*\n")
            self.step("fionread", "xyz", r"ttytest: fionread (-?\d+) avail (-?\d+) poll (\w+)\r*\n",
                      prompt="fionread> ")
            self.step("rawread", [], r"ttytest: raw read \((-?\d+)\) \[(.*)\]")
            self.step("nonblock", [], r"ttytest: nonblocking read (-?\d+) poll (\w+)\r*\n")
            self.step("vtime", [], r"ttytest: vtime read (-?\d+) after (\d+) ms")
            self.step("eof1", "\x04", r"ttytest: eof read 1 \((-?\d+)\) \[(.*)\]",
                      prompt="eof> ")
            self.step("eof2", "abc\x04", r"ttytest: eof read 2 \((-?\d+)\) \[(.*)\]")
            self.step("pgrp", [], r"ttytest: pgrp set (-?\d+) get (-?\d+) pgrp (-?\d+) "
                      r"\(own (-?\d+)\)")
            self.step("intr", ["lost", "\x03"],
                      r"ttytest: interrupted read (-?\d+) sigints (\d+)", prompt="intr> ")
            self.step("after", "kept\r", r"ttytest: after read \((-?\d+)\) \[(.*)\]",
                      prompt="after> ")
            self.until(r"ttytest: done")
        except Exception as e:  # the tests below report which step is missing
            self.error = f"{type(e).__name__} after steps {list(self.steps)}"

    def get(self, name):
        if name not in self.steps:
            pytest.fail(f"step {name} did not run ({self.error})\n{self.m.output()[-3000:]}")
        return self.steps[name]


@pytest.fixture(scope="module")
def session():
    s = Session()
    s.run()
    yield s
    s.m.close()


def test_canonical_editing(session):
    _, m = session.get("line1")
    assert m.group(2) == r"hello world\n" and m.group(1) == "12"
    _, m = session.get("line2")
    assert m.group(2) == r"good\n", "kill (^U) discards the line"
    _, m = session.get("line3")
    assert m.group(2) == r"one three\n", "word-erase (^W) removes one word"


def test_echo_and_output_processing(session):
    before, _ = session.get("line1")
    # Every erase rubs out one column; CR is read as NL and echoed as CR NL (ONLCR).
    assert "hellx" + RUB + "o wrold" + RUB * 4 + "orld\r\n" in before
    before, _ = session.get("line2")
    assert "garbage" + RUB * 7 + "good\r\n" in before
    before, _ = session.get("line3")
    assert "one two" + RUB * 3 + "three\r\n" in before
    before, _ = session.get("winsize")
    assert "out:two\r\nlines\r\n" in before


def test_termios_defaults(session):
    _, m = session.get("termios")
    r, iflag, oflag, lflag, erase, vmin = (int(g, 8) if i in (1, 2, 3) else int(g)
                                          for i, g in enumerate(m.groups()))
    assert r == 0
    assert iflag & 0o400, "ICRNL"
    assert oflag & 0o5 == 0o5, "OPOST|ONLCR"
    for bit, name in [(0o1, "ISIG"), (0o2, "ICANON"), (0o10, "ECHO"), (0o20, "ECHOE"),
                      (0o40, "ECHOK")]:
        assert lflag & bit, name
    assert erase == 127 and vmin == 1


def test_window_size(session):
    _, m = session.get("winsize")
    assert m.groups() == ("0", "24", "80")
    _, m = session.get("winsize_set")
    assert m.groups() == ("0", "0", "40", "100")


def test_raw_mode_single_bytes_unechoed(session):
    expected = {"raw0": "Z", "raw1": r"\x03", "raw2": r"\r", "raw3": r"\x7f"}
    for step, shown in expected.items():
        before, m = session.get(step)
        assert m.groups() == ("1", shown), step
    # Nothing we typed came back: no echo, and ^C was data, not a signal.
    assert "Z" not in session.get("raw0")[0]
    assert "^C" not in session.get("raw1")[0]
    before, m = session.get("fionread")
    assert "xyz" not in before
    assert m.groups() == ("0", "3", "5"), "FIONREAD counts 3 bytes; POLLIN|POLLOUT"
    _, m = session.get("rawread")
    assert m.groups() == ("3", "xyz")


def test_nonblocking_and_vtime(session):
    _, m = session.get("nonblock")
    assert m.groups() == ("-11", "4"), "O_NONBLOCK read of nothing: -EAGAIN, only POLLOUT"
    _, m = session.get("vtime")
    assert m.group(1) == "0"
    assert 450 <= int(m.group(2)) <= 3000, "VTIME 5 waits about half a second"


def test_eof(session):
    _, m = session.get("eof1")
    assert m.groups() == ("0", ""), "^D at line start: end of file"
    _, m = session.get("eof2")
    assert m.groups() == ("3", "abc"), "^D after text: the text without a newline"


def test_sigint_to_foreground_group(session):
    _, m = session.get("pgrp")
    r, r2, pgrp, own = m.groups()
    assert (r, r2) == ("0", "0") and pgrp == own
    before, m = session.get("intr")
    assert "lost^C" in before
    assert m.groups() == ("-4", "1"), "read interrupted (-EINTR) and the handler ran once"
    _, m = session.get("after")
    assert m.groups() == ("5", r"kept\n"), "the line typed before ^C was discarded"
    out = session.m.output()
    assert "KERNEL" not in out


def test_open_through_vfs(machine):
    """With vfs up, the server attaches /dev/ttyS0 and opens of the path reach it."""
    m = machine(cmdline="bootconf=ttyvfs.conf")
    m.expect(r"tty: attached /dev/ttyS0", timeout=60)
    m.expect(r"ttytest: opened /dev/ttyS0 through vfs: 0 \(type 20000\)")
    m.expect(r"ttytest: stat 0 mode 20620 rdev 440")
    m.expect(r"line1> ")
    host_tty.setraw(m.con.child_fd)
    m.con.send("via\x7fa vfs\r")
    m.expect(r"ttytest: line 1 \((\d+)\) \[(.*)\]")
    assert m.con.match.groups() == ("8", r"via vfs\n")
