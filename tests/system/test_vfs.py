"""The vfs server, driven by the vfstest program (user/srv/vfs/test/vfstest.c)."""
import os
import re
import shutil
import subprocess
import tempfile

import pexpect
import pytest

from cluu_qemu import BUILD


def check_suite(m, minimum):
    res = m.expect(r"vfstest: (\d+) passed, (\d+) failed", timeout=180)
    out = m.output()
    fails = [l for l in out.splitlines() if l.startswith("vfstest: FAIL")]
    assert int(res.group(2)) == 0, "\n".join(fails)
    assert int(res.group(1)) >= minimum
    assert "killed by signal" not in out
    assert "KERNEL" not in out
    return out


def test_vfs_suite(machine):
    """ramfs, initfs, devfs, pipes, permissions, attach and malformed requests."""
    m = machine(cmdline="bootconf=vfstest.conf")
    m.expect(r"vfs: initfs: \d+ entries", timeout=60)
    m.expect(r"vfs: ready")
    out = check_suite(m, 340)
    assert re.search(r"vfstest: open\+read\+close \d+ ns", out)
    m.expect(r"init: vfstest \(pid \d+\) exited with status 0")


def has_module(name):
    cfg = os.path.join(BUILD, "iso", "boot", "grub", "grub.cfg")
    return os.path.exists(cfg) and f"/boot/{name} " in open(cfg).read()


@pytest.mark.skipif(not has_module("virtio-blk"), reason="no virtio-blk driver in the build")
def test_vfs_ext2_durable():
    """ext2 on the virtio-blk user disk: what vfstest writes is on the image after the
    unmount, and the image is clean."""
    tmp = tempfile.mkdtemp(prefix="cluu-vfs-")
    disk = os.path.join(tmp, "userdisk.img")
    shutil.copy(os.path.join(BUILD, "userdisk.img"), disk)
    args = [
        "-machine", "q35", "-cpu", "max", "-accel", "tcg", "-m", "512M",
        "-no-reboot", "-display", "none", "-serial", "stdio",
        "-cdrom", os.path.join(BUILD, "cluu.iso"),
        "-drive", f"if=none,id=userdisk,file={disk},format=raw",
        "-device", "virtio-blk-pci,drive=userdisk",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-fw_cfg", "name=opt/cluu/cmdline,string=bootconf=vfsdisk.conf",
    ]
    con = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8",
                        codec_errors="replace", timeout=180)
    log = []
    try:
        con.expect(r"vfs: blk0 mounted on /mnt/disk \(ext2\)")
        con.expect(r"vfstest: ext2 on blk0 exercised")
        con.expect(r"vfstest: file systems unmounted")
        con.expect(r"vfstest: (\d+) passed, (\d+) failed")
        log.append(con.before + con.after)
        assert con.match.group(2) == "0", "".join(log)
    finally:
        con.terminate(force=True)
    try:
        fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr

        def debugfs(cmd):
            return subprocess.run(["debugfs", "-R", cmd, disk], capture_output=True,
                                  check=True).stdout

        assert debugfs("cat /vfstest.txt") == b"written by vfstest\n"
        big = debugfs("cat /vfstest.d/big")
        assert big == bytes((i * 7 + 3) & 0xFF for i in range(40000))
        assert debugfs("cat /vfstest.d/link") == big
        stat = debugfs("stat /vfstest.d/big").decode()
        assert re.search(r"Links: 2", stat)
        assert re.search(r"Mode:\s+0600", stat)
        assert b"Fast link dest: \"big\"" in debugfs("stat /vfstest.d/sym")
        assert b"renamed" not in debugfs("ls /vfstest.d")
        # the file unlinked while open went with its last close
        assert debugfs("ls -l /.vfs-orphans").count(b"\n") <= 3
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
