"""ext2 with 4 KiB blocks: disktest (bootconf=e2write.conf) writes a known tree on a fresh
mke2fs -b 4096 user disk and syncs; QEMU is then stopped without an unmount. The image must
pass e2fsck -fn and debugfs must read back exactly what was written."""
import os
import re
import shutil
import subprocess
import tempfile

import pexpect
import pytest

from cluu_qemu import BUILD


def pattern(n):
    """The bytes disktest writes: byte i of a file is (i * 7 + 3) mod 256."""
    return bytes((i * 7 + 3) & 0xFF for i in range(n))


def debugfs(disk, cmd):
    return subprocess.run(["debugfs", "-R", cmd, disk], capture_output=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("mke2fs"), reason="needs e2fsprogs")
def test_ext2_4k_blocks():
    tmp = tempfile.mkdtemp(prefix="cluu-4k-")
    disk = os.path.join(tmp, "disk4k.img")
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-b", "4096", "-E", "root_owner=0:0",
                    disk, "48M"], check=True, capture_output=True)
    args = ["-machine", "q35", "-cpu", "max", "-accel", "tcg", "-m", "256M", "-no-reboot",
            "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-cdrom", os.path.join(BUILD, "cluu.iso"),
            "-drive", f"if=none,id=userdisk,file={disk},format=raw",
            "-device", "virtio-blk-pci,drive=userdisk",
            "-fw_cfg", "name=opt/cluu/cmdline,string=bootconf=e2write.conf"]
    con = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8", codec_errors="replace",
                        timeout=300)
    try:
        con.expect(r"vfs: blk0 mounted on /mnt/disk \(ext2\)")
        con.expect(r"disktest: wrote the tree, (\d+) failures; synced")
        out = con.before + con.after
        assert con.match.group(1) == "0", out
    finally:
        # Stopped without an unmount: what sync wrote must be all there is.
        con.terminate(force=True)
    try:
        fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr
        assert "4096" in debugfs(disk, "stats").decode().split("Block size:")[1].split("\n")[0]

        dump = os.path.join(tmp, "dump")
        os.mkdir(dump)
        debugfs(disk, f"rdump /w {dump}")
        w = os.path.join(dump, "w")
        assert sorted(os.listdir(w)) == ["big", "d1", "fast", "many", "slow", "small.txt",
                                         "sparse"]
        assert open(os.path.join(w, "small.txt"), "rb").read() == pattern(5)
        big = open(os.path.join(w, "big"), "rb").read()
        assert big == pattern(6 << 20)
        assert open(os.path.join(w, "d1", "hard"), "rb").read() == big
        sparse = open(os.path.join(w, "sparse"), "rb").read()
        assert len(sparse) == (20 << 20) + 3
        assert sparse[-3:] == b"end" and sparse[:-3].count(0) == 20 << 20
        assert open(os.path.join(w, "d1", "d2", "deep"), "rb").read() == pattern(300)
        assert open(os.path.join(w, "d1", "renamed"), "rb").read() == pattern(10)
        many = os.path.join(w, "many")
        assert sorted(os.listdir(many)) == [f"file-{i:03d}" for i in range(300)]
        for i in range(300):
            assert open(os.path.join(many, f"file-{i:03d}"), "rb").read() == pattern(i)
        assert os.readlink(os.path.join(w, "fast")) == "small.txt"
        slow_target = "".join(chr(ord("a") + i % 26) for i in range(100))
        assert os.readlink(os.path.join(w, "slow")) == slow_target

        # What rdump cannot show: links, block maps, owners and modes.
        stat = debugfs(disk, "stat /w/big").decode()
        assert re.search(r"Links: 2\b", stat)
        assert re.search(r"Mode:\s+0600", stat)
        assert "(DIND)" in stat, "6 MiB with 4 KiB blocks needs the double-indirect block"
        assert debugfs(disk, "stat /w/d1/hard").decode().split("\n")[0] == stat.split("\n")[0]
        sparse_blocks = int(re.search(r"Blockcount: (\d+)", debugfs(disk, "stat /w/sparse")
                                      .decode()).group(1))
        assert sparse_blocks <= 3 * 8, "the sparse file's hole took blocks"
        renamed = debugfs(disk, "stat /w/d1/renamed").decode()
        assert re.search(r"Mode:\s+0604", renamed)
        assert re.search(r"User:\s+1000\s+Group:\s+1001", renamed)
        assert re.search(r"Mode:\s+0640", debugfs(disk, "stat /w/d1/d2/deep").decode())
        assert re.search(r"Mode:\s+0750", debugfs(disk, "stat /w/d1").decode())
        assert re.search(r"Links: 3\b", debugfs(disk, "stat /w/d1").decode())
        assert b"Fast link dest: \"small.txt\"" in debugfs(disk, "stat /w/fast")
        many_size = int(re.search(r"Size: (\d+)", debugfs(disk, "stat /w/many").decode())
                        .group(1))
        assert many_size > 4096, "300 entries take more than one directory block"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
