"""/proc on the default system: ps and top read it, its files keep Linux's layouts, and
another user's environment stays private. One boot: admin's checks, then guest's."""
import re

import pytest

from cluu_qemu import Machine


class Console:
    """A logged-in shell on ttyS0."""

    def __init__(self, m):
        self.m = m

    def login(self, user, password):
        self.m.expect("CLUU login: ", timeout=120)
        self.m.con.send(user + "\r")
        self.m.expect("Password: ", timeout=60)
        self.m.con.send(password + "\r")
        self.m.expect(r"\$ ", timeout=60)

    def run(self, cmd, timeout=90):
        """Runs cmd; returns what it printed (without the echoed command and the prompt)."""
        self.m.con.send(f'echo BEGIN""-OUT; {cmd}; echo END""-OUT\r')
        self.m.expect(r"BEGIN-OUT\r*\n", timeout=timeout)
        self.m.expect("END-OUT", timeout=timeout)
        out = self.m.con.before
        self.m.expect(r"\$ ", timeout=timeout)
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).replace("\r", "")

    def background(self, cmd):
        """Starts cmd as a background job; returns its pid."""
        self.m.con.send(cmd + " &\r")
        self.m.expect(r"\$ ", timeout=60)
        return int(self.run("echo $!").strip())


@pytest.fixture(scope="module")
def admin():
    m = Machine(timeout=90)
    c = Console(m)
    c.login("admin", "admin")
    yield c
    m.close()


def status_fields(text):
    return dict(line.split(":\t", 1) for line in text.strip().splitlines() if ":\t" in line)


def test_top_shows_a_busy_process_first(admin):
    pid = admin.background("while true; do :; done")
    out = admin.run("top -b -n 2 -d 2", timeout=120)
    frames = out.split("top - up ")
    assert len(frames) == 3, out
    second = frames[2].splitlines()
    assert re.match(r"\d+:\d\d:\d\d, load average: \d+\.\d\d \d+\.\d\d \d+\.\d\d", second[0])
    assert re.match(r"Tasks: \d+ total, [1-9]\d* running", second[1]), second[1]
    assert re.match(r"KiB Mem: [1-9]\d* total, [1-9]\d* used, [1-9]\d* available", second[2])
    rows = [l.split() for l in second if re.match(r"\s*\d+ ", l)]
    top = rows[0]
    assert int(top[0]) == pid, out
    assert top[1] == "admin" and top[2] == "R"
    assert float(top[3]) > 50.0, out
    # On the terminal it redraws every second until q, then gives the screen back.
    admin.m.con.send("top\r")
    admin.m.expect(r"\x1b\[\?1049h", timeout=60)
    admin.m.expect("top - up ", timeout=60)
    admin.m.expect("top - up ", timeout=60)
    admin.m.con.send("q")
    admin.m.expect(r"\x1b\[\?1049l", timeout=60)
    admin.m.expect(r"\$ ", timeout=60)
    admin.run(f"kill {pid}")


def test_status_matches_ps(admin):
    pid = admin.background("sleep 300")
    ps = [l.split() for l in admin.run("ps -ef").splitlines()]
    row = next(r for r in ps if len(r) > 5 and r[1] == str(pid))
    st = status_fields(admin.run(f"cat /proc/{pid}/status"))
    assert st["Pid"] == str(pid) and st["Tgid"] == str(pid)
    assert row[0] == "admin" and st["Uid"].split("\t")[0] == "1000"
    assert row[2] == st["PPid"]
    assert st["State"].startswith(row[3] + " ")
    assert row[5:] == ["sleep", "300"] and st["Name"] == "sleep"
    assert admin.run(f"cat /proc/{pid}/cmdline | wc -c").strip() == str(len("sleep") + 1 + len("300") + 1)
    # stat has the same process, in Linux's 52 fields.
    stat = admin.run(f"cat /proc/{pid}/stat").strip()
    assert stat.startswith(f"{pid} (sleep) S {st['PPid']} ")
    assert len(stat.split()) == 52
    admin.run(f"kill {pid}")
    admin.run("sleep 1")
    assert "No such file" in admin.run(f"cat /proc/{pid}/status")


def test_self_is_the_reader(admin):
    shell = admin.run("echo $$").strip()
    st = status_fields(admin.run("cat /proc/self/status"))
    assert st["Name"] == "cat"
    assert st["PPid"] == shell and st["Pid"] != shell
    assert admin.run("ls -l /proc/self/cwd").strip().endswith("-> /home/admin")
    fds = admin.run("ls /proc/self/fd").split()
    assert {"0", "1", "2"} <= set(fds)


def test_layouts_parse_as_on_linux(admin):
    mem = admin.run("cat /proc/meminfo").strip().splitlines()
    values = {}
    for line in mem:
        m = re.fullmatch(r"(\w+):\s+(\d+) kB", line)
        assert m, line
        values[m.group(1)] = int(m.group(2))
    assert values["MemTotal"] > values["MemFree"] > 0
    assert values["MemAvailable"] <= values["MemTotal"]
    up = admin.run("cat /proc/uptime; sleep 1; cat /proc/uptime").split()
    assert all(re.fullmatch(r"\d+\.\d\d", x) for x in up) and len(up) == 4
    assert float(up[2]) >= float(up[0]) + 1.0
    load = admin.run("cat /proc/loadavg").strip()
    assert re.fullmatch(r"\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+", load), load
    mounts = [l.split() for l in admin.run("cat /proc/mounts").strip().splitlines()]
    assert all(len(f) == 6 for f in mounts)
    points = {f[1]: f[2] for f in mounts}
    assert points["/"] == "ext2" and "/tmp" in points and points["/proc"] == "proc"
    cpu = admin.run("cat /proc/cpuinfo")
    assert re.search(r"^processor\t: 0$", cpu, re.M) and re.search(r"^flags\t\t: .*\bsse2\b", cpu, re.M)
    assert admin.run("cat /proc/version").startswith("CLUU version ")


def test_bad_paths_get_errors(admin):
    cases = {
        "cat /proc/99999999999/status": "No such file",
        "cat /proc/0/status": "No such file",
        "cat /proc/self/fd/200": "No such file",
        "cat /proc/self/status/": "Not a directory",
        "cat /proc/self/" + "x" * 300: "too long",
        "cat /proc/self/../../etc/passwd": "not supported",
        "mkdir /proc/new": "Read-only",
        "rm -f /proc/uptime": "Read-only",
        "mv /proc/uptime /tmp/u": "Read-only",  # rename: EXDEV; then copy, unlink: EROFS
        "cd /proc/self": "not supported",
    }
    for cmd, err in cases.items():
        assert err.lower() in admin.run(cmd).lower(), cmd
    # /proc itself can be the working directory; ".." leaves it.
    assert admin.run("cd /proc; pwd; ls -d self uptime; cd ..; pwd").split() == [
        "/proc", "self", "uptime", "/"]
    admin.run("cd")
    assert re.fullmatch(r"\d+\.\d\d \d+\.\d\d\n", admin.run("cat /proc/uptime"))


def sudo(console, cmd):
    """Runs sudo cmd as admin; returns (exit status, output)."""
    console.m.con.send(f"sudo {cmd}; echo SUDO""-RC=$?\r")
    console.m.expect(r"\[sudo\] password for admin: ", timeout=60)
    console.m.con.send("admin\r")
    rc = console.m.expect(r"SUDO-RC=(\d+)", timeout=60).group(1)
    out = console.m.con.before
    console.m.expect(r"\$ ")
    return int(rc), out


def procfs_pid(console):
    return next(l.split()[1] for l in console.run("ps -ef").splitlines() if l.endswith(" procfs"))


def test_procfs_restarts_and_mounts_again(admin):
    old = procfs_pid(admin)
    assert sudo(admin, f"kill -9 {old}")[0] == 0
    admin.run("sleep 2")
    assert procfs_pid(admin) != old
    assert status_fields(admin.run("cat /proc/self/status"))["Name"] == "cat"
    assert admin.run("grep -c ' /proc ' /proc/mounts").strip() == "1"


def test_environ_is_private(admin):
    vfs = next(l.split()[1] for l in admin.run("ps -ef").splitlines() if l.endswith("vfs -root"))
    assert "Permission denied" in admin.run(f"cat /proc/{vfs}/environ")
    assert "HOME=/home/admin" in admin.run("cat /proc/self/environ")
    # Root may read it.
    rc, out = sudo(admin, f"cat /proc/{vfs}/environ")
    assert rc == 0 and "Permission denied" not in out
    # Writing is refused, whoever asks.
    assert "Permission denied" in admin.run("echo x > /proc/self/status")
    admin.m.con.send("exit\r")
    admin.login("guest", "guest")
    assert "Permission denied" in admin.run(f"cat /proc/{vfs}/environ")
    assert "Permission denied" in admin.run(f"ls /proc/{vfs}/fd")
    # Its status is public, as on Linux.
    assert status_fields(admin.run(f"cat /proc/{vfs}/status"))["Name"] == "vfs"
    assert "HOME=/home/guest" in admin.run("cat /proc/self/environ")
