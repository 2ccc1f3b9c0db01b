"""The virtio-blk driver (user/drv/virtio-blk) driven by blktest over the block protocol."""
import hashlib
import os
import re

from cluu_qemu import BUILD

MIN_PASSED = 45


def disk_digest():
    with open(os.path.join(BUILD, "userdisk.img"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_blktest(machine, firmware):
    before = disk_digest()
    m = machine(firmware=firmware, cmdline="bootconf=blktest.conf")
    m.expect(r"virtio-blk: blk0 ready", timeout=120)
    res = m.expect(r"blktest: (\d+) passed, (\d+) failed", timeout=120)
    m.expect(r"init: blktest \(pid \d+\) exited with status 0")
    out = m.output()
    m.close()
    fails = [l for l in out.splitlines() if l.startswith("blktest: FAIL")]
    assert int(res.group(2)) == 0, "\n".join(fails)
    assert int(res.group(1)) >= MIN_PASSED
    speed = re.search(r"blktest: 1 MiB sequential read in (\d+) us: (\d+) KiB/s", out)
    assert speed, "no throughput line"
    print(f"virtio-blk ({firmware}): 1 MiB in {speed.group(1)} us, {speed.group(2)} KiB/s")
    assert re.search(r"virtio-blk: MSI-X vector \d+", out)
    assert "KERNEL" not in out and "trap: unexpected" not in out
    # blktest wrote the last sectors; snapshot=on keeps them off the host image.
    assert disk_digest() == before


def test_blktest_bios(machine):
    run_blktest(machine, "bios")


def test_blktest_uefi(machine):
    run_blktest(machine, "uefi")


def test_device_errors_are_eio():
    """A disk whose sector 2 fails (QEMU blkdebug): the driver answers -EIO for requests
    touching it and keeps serving the others."""
    import pexpect
    blockdev = ('{"driver":"raw","node-name":"r","read-only":true,"file":{"driver":"blkdebug",'
                '"inject-error":[{"event":"read_aio","errno":5,"sector":2}],'
                f'"image":{{"driver":"file","filename":"{os.path.join(BUILD, "userdisk.img")}",'
                '"read-only":true}}}')
    args = ["-machine", "q35", "-cpu", "max", "-accel", "tcg", "-m", "512M", "-no-reboot",
            "-display", "none", "-serial", "stdio",
            "-cdrom", os.path.join(BUILD, "cluu.iso"),
            "-blockdev", blockdev, "-device", "virtio-blk-pci,drive=r,rerror=report",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-fw_cfg", "name=opt/cluu/cmdline,string=bootconf=blkerr.conf"]
    con = pexpect.spawn("qemu-system-x86_64", args, encoding="utf-8", codec_errors="replace",
                        timeout=120)
    try:
        con.expect(r"blktest: (\d+) passed, (\d+) failed")
        passed, failed = int(con.match.group(1)), int(con.match.group(2))
        out = con.before
    finally:
        con.terminate(force=True)
    assert failed == 0, "\n".join(l for l in out.splitlines() if "FAIL" in l)
    assert passed == 7
