"""Corrupted user disks: CLUU boots against 50 seeded, structurally corrupted ext2 images
(1 KiB and 4 KiB blocks). disktest (bootconf=e2fuzz.conf) walks and reads the tree, then
writes, renames, links and removes; vfs must answer every request, the mount must either
succeed or fail with a logged reason, and the system must power off in order.
CLUU_FUZZ_IMAGES and CLUU_FUZZ_SEED change the count and the seeds for longer runs by hand."""
import concurrent.futures
import os
import re
import shutil
import subprocess
import tempfile

import pytest

import ext2img
from cluu_qemu import BUILD

IMAGES = int(os.environ.get("CLUU_FUZZ_IMAGES", "50"))
SEED = int(os.environ.get("CLUU_FUZZ_SEED", "20261128"))
PARALLEL = 2
TIMEOUT = 150  # seconds per boot; a hang in vfs or the driver shows up as a timeout

MOUNTED = "vfs: blk0 mounted on /mnt/disk (ext2)"
REFUSED = re.compile(r"vfs: ext2: mount refused: (.+)\n(?:.*\n)*?.*vfs: cannot mount blk0 on /mnt/disk: error -(\d+)")


def boot(disk, log_path):
    """Boots CLUU on disk with the fuzz configuration; returns (exit status or None on a
    timeout, serial output)."""
    args = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-accel", "tcg",
            "-m", "256M", "-no-reboot", "-display", "none", "-serial", "stdio",
            "-monitor", "none", "-cdrom", os.path.join(BUILD, "cluu.iso"),
            "-drive", f"if=none,id=userdisk,file={disk},format=raw",
            "-device", "virtio-blk-pci,drive=userdisk",
            "-fw_cfg", "name=opt/cluu/cmdline,string=bootconf=e2fuzz.conf"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            status = proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            status = None
    with open(log_path, errors="replace") as f:
        return status, f.read()


def problems(status, out):
    """What went wrong in one boot, as a list of strings (empty: all well)."""
    bad = []
    if status is None:
        bad.append("QEMU did not power off in time (a hang)")
    elif status != 0:
        bad.append(f"QEMU exited with status {status}")
    for marker in ("KERNEL", "panic", "trap: unexpected", ") fault (vector"):
        if marker in out:
            bad.append(f"'{marker}' in the log")
    for service in ("vfs", "virtio-blk"):
        if re.search(rf"init: {service} \(pid \d+\) (exited|killed)", out):
            bad.append(f"{service} ended")
    refused = REFUSED.search(out)
    if MOUNTED not in out and not refused:
        bad.append("neither mounted nor a logged reason for refusing")
    if "disktest: vfs alive" not in out:
        bad.append("vfs did not answer after the disk operations")
    if "procmgr: file systems synced and unmounted" not in out:
        bad.append("no orderly unmount")
    return bad


@pytest.mark.skipif(not shutil.which("mke2fs"), reason="needs e2fsprogs")
def test_corrupted_images():
    tmp = tempfile.mkdtemp(prefix="cluu-fuzz-")
    try:
        src = os.path.join(tmp, "src")
        ext2img.build_tree(src)
        bases = {}
        for bs in (1024, 4096):
            path = os.path.join(tmp, f"base{bs}.img")
            ext2img.make_image(path, src, bs)
            with open(path, "rb") as f:
                data = f.read()
            bases[bs] = (data, ext2img.Image(data))

        def one(i):
            """Image i (-1: the pristine 1 KiB image, the control)."""
            seed = SEED + i
            data, img = bases[1024 if i % 2 == 0 else 4096]
            bad, what = ext2img.corrupt(seed, data, img) if i >= 0 else (data, "none")
            disk = os.path.join(tmp, f"disk{i}.img")
            with open(disk, "wb") as f:
                f.write(bad)
            status, out = boot(disk, os.path.join(tmp, f"serial{i}.log"))
            if i >= 0:
                os.unlink(disk)
            return seed, img.bs, what, status, out

        with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
            results = list(pool.map(one, range(-1, IMAGES)))

        # The control: the whole tree found, no error but the dangling symlink's, and what
        # disktest changed leaves a consistent file system.
        seed, bs, what, status, out = results.pop(0)
        assert not problems(status, out), out
        assert MOUNTED in out
        assert "disktest: walked 147 entries (7 dirs, 125 files, 2 links)" in out, out
        assert re.search(r"disktest: \d+ requests answered, 2 with an error, 0 of them", out), out
        fsck = subprocess.run(["e2fsck", "-fn", os.path.join(tmp, "disk-1.img")],
                              capture_output=True, text=True)
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr

        failures, mounted, refused, with_errors = [], 0, {}, 0
        for seed, bs, what, status, out in results:
            bad = problems(status, out)
            if bad:
                tail = "\n".join(out.splitlines()[-15:])
                failures.append(f"seed {seed} ({bs}-byte blocks, {what}): {'; '.join(bad)}\n{tail}")
                continue
            m = REFUSED.search(out)
            if m:
                refused[m.group(1)] = refused.get(m.group(1), 0) + 1
            else:
                mounted += 1
                errs = re.search(r"disktest: \d+ requests answered, \d+ with an error, (\d+)", out)
                if errs and int(errs.group(1)) > 0:
                    with_errors += 1
        print(f"ext2 fuzz: {IMAGES} images, {mounted} mounted ({with_errors} gave EUCLEAN/EIO), "
              f"refused: {refused}")
        assert not failures, "\n\n".join(failures)
        # The corruptions reach both outcomes: most images mount, and then hit errors.
        if IMAGES >= 20:
            assert mounted >= IMAGES // 2
            assert with_errors >= IMAGES // 10
            assert sum(refused.values()) >= 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
