"""The C library (musl 1.2.3 + the glue in user/lib/musl/glue) inside CLUU, driven by the
libctest program (user/lib/musl/test/libctest/, bootconf=libctest.conf)."""
import re
import time
import tty as host_tty


def test_libc_suite(machine):
    m = machine(cmdline="bootconf=libctest.conf")
    res = m.expect(r"libctest: (\d+) passed, (\d+) failed, (\d+) skipped", timeout=300)
    m.expect(r"init: libctest \(pid \d+\) exited with status 0", timeout=30)
    out = m.output()
    fails = [l for l in out.splitlines() if "libctest: FAIL" in l]
    assert int(res.group(2)) == 0, "\n".join(fails)
    assert int(res.group(1)) >= 110, out
    # stdout without an fd 1 is the kernel console (printf through musl's stdio).
    assert "libctest: printf 42 works 1.50" in out
    assert "libctest: stderr works" in out
    # The run with stdio=/dev/null: fds 0..2 existed, closing them fell back to the console.
    assert re.search(r"libctest-stdio: ok \(0x0\)", out), out
    assert "KERNEL" not in out
    assert "page fault" not in out.lower()


def test_libc_terminal(machine):
    """termios, window size, FIONREAD and poll through musl on /dev/ttyS0 (the tty server),
    with the keys typed on the serial console."""
    m = machine(cmdline="bootconf=libctty.conf")
    m.expect(r"libctest-tty raw> ", timeout=120)
    host_tty.setraw(m.con.child_fd)  # pass CR through untouched
    time.sleep(0.3)
    m.con.send("Q")
    m.expect(r"libctest-tty line> ", timeout=30)
    time.sleep(0.3)
    m.con.send("xy\r")
    res = m.expect(r"libctest-tty: (\d+) passed, (\d+) failed", timeout=60)
    out = m.output()
    fails = [l for l in out.splitlines() if "libctest-tty: FAIL" in l]
    assert int(res.group(2)) == 0, "\n".join(fails)
    assert int(res.group(1)) >= 15, out
