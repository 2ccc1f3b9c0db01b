"""The utilities in CLUU (user/app): tr, cut, xargs, du, free, hostname and dmesg on real
input, and their images: every program in /bin has one, and those without VFS work with no
file system at all (one boot for the module, logged in as admin)."""
import re

import pytest

from test_login import Console

# Programs whose image has no VFS (containers/NAME/Cluufile: PROFILE IPC).
NO_VFS = ["basename", "clear", "date", "dirname", "dmesg", "echo", "false", "hostname", "kill",
          "printenv", "seq", "sleep", "tr", "true", "uname", "yes"]


class Shell(Console):
    """The console with generous timeouts: the machine is shared with other builds."""

    def run(self, cmd, prompt=r"[$#] ", timeout=180):
        return super().run(cmd, prompt=prompt, timeout=timeout)


@pytest.fixture(scope="module")
def admin():
    from cluu_qemu import Machine
    m = Machine(timeout=180)
    c = Shell(m)
    assert c.login("admin", "admin") == 0
    yield c
    m.close()


def test_tr(admin):
    # tr has no VFS: it works on what the shell connects to its stdin.
    assert admin.run("seq 3 | tr 1 x") == "x\n2\n3\n"
    assert admin.run("tr -d : < /etc/passwd | head -1") == "rootx00root/root/bin/sh\n"
    assert admin.run("echo hello   world | tr -s ' ' | tr '[:lower:]' '[:upper:]'") == \
        "HELLO WORLD\n"
    assert admin.run("echo abc123def | tr -cd '0-9\\n'") == "123\n"
    assert admin.run("echo abcdef | tr a-f 'x[y*]z'") == "xyyyyz\n"
    assert "reverse collating sequence" in admin.run("tr z-a x")


def test_cut(admin):
    assert admin.run("cut -d: -f1,7 /etc/passwd") == \
        "root:/bin/sh\nadmin:/bin/sh\nguest:/bin/sh\n"
    assert admin.run("cut -c1-4,6 /etc/passwd") == "rootx\nadmi:\ngues:\n"
    assert admin.run("cut -b -3 /etc/group | head -2") == "roo\nwhe\n"
    assert admin.run("printf 'a\\tb\\nnone\\n' | cut -s -f2") == "b\n"
    assert "No such file" in admin.run("cut -f1 /nonexistent")


def test_xargs(admin):
    assert admin.run("seq 5 | xargs -n 2 echo") == "1 2\n3 4\n5\n"
    assert admin.run("printf 'a b\\nc\\n' | xargs -I{} echo '<{}>'") == "<a b>\n<c>\n"
    assert admin.run("printf 'a b\\nc\\n' | tr '\\n' '\\0' | xargs -0 -n1 echo") == "a b\nc\n"
    assert admin.run("echo x | xargs -t echo") == "echo x\nx\n"
    # 300 numbers do not fit one exec request: xargs runs several lines, losing nothing.
    out = admin.run("seq 300 | xargs echo")
    assert out.split() == [str(i) for i in range(1, 301)] and out.count("\n") > 1
    out = admin.run("echo a | xargs no-such-cmd; echo rc=$?")
    assert "xargs: no-such-cmd: No such file or directory" in out and "rc=127" in out
    assert admin.run("seq 3 | xargs sh -c 'exit 3'; echo rc=$?").endswith("rc=123\n")


def test_du(admin):
    admin.run("cd /home/admin; mkdir -p dt/sub; echo hi > dt/sub/f; echo more > dt/g")
    # vfs reports st_blocks as the size in 512-byte units, rounded up (not the ext2 blocks):
    # each directory is 1024 bytes, each file one unit, so dt/sub is 1536 bytes, dt 3072.
    assert admin.run("du dt") == "2\tdt/sub\n3\tdt\n"
    assert sorted(admin.run("du -a dt").splitlines()) == \
        ["1\tdt/g", "1\tdt/sub/f", "2\tdt/sub", "3\tdt"]
    assert admin.run("du -s dt dt/sub/f") == "3\tdt\n1\tdt/sub/f\n"
    assert admin.run("du -sh dt") == "3.0K\tdt\n"
    assert admin.run("du -sk /etc").split("\t")[1] == "/etc\n"
    assert "du: nope: No such file or directory" in admin.run("du nope")


def test_hostname(admin):
    assert admin.run("hostname") == "cluu\n"
    out = admin.run("hostname other; echo rc=$?")
    assert "hostname: setting the host name is not supported" in out and "rc=1" in out


def test_free(admin):
    out = admin.run("free; echo rc=$?")
    assert out.startswith("               total        used        free      shared")
    assert re.search(r"^Mem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$", out, re.M)
    assert "rc=0" in out
    # free reads procfs's /proc/meminfo: its total is MemTotal in KiB
    total = re.search(r"MemTotal: +(\d+) kB", admin.run("cat /proc/meminfo")).group(1)
    assert re.search(r"^Mem: +" + total + " ", out, re.M)


def test_dmesg(admin):
    version = admin.run("uname -r").strip()
    log = admin.run("dmesg")
    assert f"CLUU {version} (x86_64)" in log  # the kernel's banner
    assert "features in use:" in log
    # What user programs write with debug_write is kept too: procmgr's message about an
    # image that does not exist.
    assert admin.run("dmesg | grep -c dmesg-probe") == "0\n"
    assert "no such image" in admin.run("container run dmesg-probe")
    assert "procmgr: container 'dmesg-probe'" in admin.run("dmesg | grep dmesg-probe")


def test_every_program_has_an_image(admin):
    programs = admin.run("ls /bin").split()
    images = dict(l.split(None, 1) for l in admin.run("container list").splitlines() if l.strip())
    assert set(programs) <= set(images), set(programs) - set(images)
    for name in NO_VFS:
        assert images[name] == "IPC", name
    for name in ["cut", "du", "free", "xargs", "cat"]:
        assert "VFS" in images[name], name
    manifest = admin.run("container inspect cut")
    assert "profile IPC VFS\n" in manifest and "mount / readonly\n" in manifest


def test_no_vfs_programs_work_without_files(admin):
    assert admin.run("container inspect tr") == \
        'name tr\nfrom scratch\nprofile IPC\nrestart no\nentrypoint ["/bin/tr"]\n'
    out = admin.run("/bin/echo hi; /bin/true; echo t=$?; /bin/false; echo f=$?; "
                    "/bin/yes ab | head -2; /bin/basename /a/b.c .c; /bin/dirname /a/b; "
                    "/bin/uname -s; /bin/printenv HOME; /bin/kill -l 15; /bin/seq 2 | /bin/tr 12 ab; "
                    "/bin/clear | wc -c; /bin/sleep 0; /bin/date +%Y | wc -c")
    assert out == ("hi\nt=0\nf=1\nab\nab\nb\n/a\nCLUU\n/home/admin\nTERM\na\nb\n11\n5\n")
