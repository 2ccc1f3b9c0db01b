#!/usr/bin/python3
"""make bench: CLUU operations beside the same operations in Linux, under the same QEMU.

Two measurements per operation, because these machines have no hardware virtualisation:
  - instructions: QEMU -icount shift=0,sleep=off, where rdtsc advances by exactly one per
    guest instruction, so a rdtsc delta is an instruction count;
  - time: plain TCG, nanoseconds per operation.
Linux is Debian's kernel with a static benchmark program (bench/linux) booted in the same
QEMU in the same run. Writes build/bench.json and prints a table.
"""
import json
import statistics
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench", "linux"))
import run as linuxbench  # noqa: E402

CACHE = os.environ.get("CLUU_CACHE", os.path.expanduser("~/.cache/cluu"))
# icount: one instruction per TSC tick and per nanosecond of guest time. sleep=off warps the
# clock to the next timer when the guest idles, which is exact for benchmarks that never
# idle; one that waits for the disk would see its timeouts expire before the host finishes the
# I/O, so those run with sleep=on (idle time then passes at the host's pace and is counted).
ICOUNT = "shift=0,sleep=off"
ICOUNT_IO = "shift=0,sleep=on"
BUILD = os.path.join(ROOT, "build")


def have_kvm():
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
        return bool(re.search(r"\b(vmx|svm)\b", flags)) and os.access("/dev/kvm", os.R_OK | os.W_OK)
    except OSError:
        return False


def run_cluu_once(mode, timeout=600, bootconf="bench.conf", disk=None, icount=ICOUNT):
    """Boots CLUU with a bench configuration; returns {op: {"tsc", "ns"}} once done."""
    args = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-accel", "tcg",
            "-m", "512M", "-no-reboot", "-display", "none", "-serial", "stdio",
            "-cdrom", os.path.join(BUILD, "cluu.iso"),
            "-fw_cfg", f"name=opt/cluu/cmdline,string=bootconf={bootconf}"]
    if disk:
        args += ["-drive", f"if=none,id=disk,file={disk},format=raw",
                 "-device", "virtio-blk-pci,drive=disk"]
    if mode == "icount":
        args += ["-icount", icount]
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace")
    watchdog = threading.Timer(timeout, proc.kill)  # a guest that goes quiet must not hang us
    watchdog.start()
    res, lines = {}, []
    try:
        for line in proc.stdout:
            lines.append(line)
            m = re.match(r"BENCH (\w+) (\d+) ([\d.]+)", line)
            if m:
                res[m.group(1)] = {"tsc": int(m.group(2)), "ns": float(m.group(3))}
            if line.startswith("BENCH done") or line.startswith("BENCH failed"):
                break
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()
    if not any(l.startswith("BENCH done") for l in lines):
        sys.exit(f"bench: CLUU did not finish in {mode} mode:\n{''.join(lines[-40:])}")
    print(f"bench: CLUU {mode} run ({bootconf}) took {time.monotonic() - t0:.1f} s",
          file=sys.stderr)
    return res


# The file-system benchmarks: 64 MiB written and read back, 10,000 files of 256 bytes created,
# on a fresh ext2 image (4 KiB blocks) of their own over virtio-blk, for CLUU and Linux alike.
FS_WRITE_MIB = 64
FS_FILES = 10000
FS_DISK = os.path.join(BUILD, "benchdisk.img")


def fresh_disk():
    if os.path.exists(FS_DISK):
        os.unlink(FS_DISK)
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-b", "4096", "-N", "16384",
                    "-E", "root_owner=0:0", FS_DISK, "256M"], check=True)
    return FS_DISK


def fs_runs(lcache):
    """{mode: (CLUU results, Linux results)} for the file-system operations, one run each
    (a run takes minutes; the time figures are single runs)."""
    out = {}
    counts = {"pipe": 0, "futex": 0, "getppid": 0, "spawn": 0, "fswrite": FS_WRITE_MIB,
              "fsfiles": FS_FILES}
    for mode in ("icount", "tcg"):
        cl = run_cluu_once(mode, 1500, "fsbench.conf", fresh_disk(), ICOUNT_IO)
        li = linuxbench.run(lcache, mode, 1500, counts=counts, disk=fresh_disk(),
                            icount=ICOUNT_IO)
        out[mode] = (cl, li)
    os.unlink(FS_DISK)
    return out


def median_runs(fn, n):
    """Runs fn n times; per operation and key, the median (TCG time is noisy on a shared host)."""
    runs = [fn() for _ in range(n)]
    out = {}
    for op in runs[0]:
        out[op] = {k: statistics.median(r[op][k] for r in runs if op in r) for k in runs[0][op]}
    return out


# (row name, CLUU operation, Linux operation)
ROWS = [
    ("ipc_roundtrip_vs_pipe", "ipc_roundtrip", "pipe_roundtrip"),
    ("ipc_roundtrip_vs_futex", "ipc_roundtrip", "futex_roundtrip"),
    ("null_syscall_vs_getppid", "null_syscall", "getppid"),
    ("spawn_wait", "spawn_wait", "spawn_wait"),
    # 1 MiB of text to the framebuffer terminal on screen, drawn (goal: at most 1 s under TCG).
    ("fbcat_1mib", "fbcat_1mib", None),
]
NOTES = {"fbcat_1mib": "1 MiB of 80-column text to /dev/tty1 on screen, then tcdrain; CLUU only"}
# Whole runs, not single operations.
FS_ROWS = [
    ("fs_write_64mib", "fs_write", "fs_write"),
    ("fs_read_64mib", "fs_read", "fs_read"),
    ("fs_create_10000_files", "fs_create", "fs_create"),
]


def main():
    subprocess.run(["sh", os.path.join(ROOT, "bench", "linux", "build.sh"),
                    os.path.join(CACHE, "linux-bench")], check=True)
    results = {}
    data = {}
    lcache = os.path.join(CACHE, "linux-bench")
    # icount is deterministic: one run each. Plain TCG time is noisy: medians of several runs.
    data["icount"] = (run_cluu_once("icount"), linuxbench.run(lcache, "icount", 600))
    data["tcg"] = (median_runs(lambda: run_cluu_once("tcg"), 5),
                   median_runs(lambda: linuxbench.run(lcache, "tcg", 600), 3))
    fsdata = fs_runs(lcache)
    for rows, source, note in ((ROWS, data, ""), (FS_ROWS, fsdata, "(whole run)")):
        # icount with sleep=on: the instructions plus the nanoseconds spent idle (disk waits).
        for name, cop, lop in rows:
            for mode, key, unit in (("icount", "tsc", "instructions"), ("tcg", "ns", "ns")):
                cl, li = source[mode]
                c = cl[cop][key] if cop and cop in cl else None
                lv = li[lop][key] if lop in li else None
                results[f"{name}_{'instructions' if mode == 'icount' else 'ns'}"] = {
                    "cluu": c, "linux": lv, "unit": unit,
                    "note": (note + " " + NOTES.get(name, "")).strip()}
    if have_kvm():
        results["note_kvm"] = {"cluu": None, "linux": None, "unit": "",
                               "note": "hardware KVM present; cycle counts not implemented yet"}
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, "bench.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(f"{'benchmark':40} {'CLUU':>14} {'Linux':>14} {'Linux/CLUU':>11}  unit")
    for k, v in results.items():
        c, lv = v["cluu"], v["linux"]
        ratio = f"{lv / c:.1f}x" if c and lv else "-"
        cs = f"{c:.0f}" if isinstance(c, (int, float)) else "n/a"
        ls = f"{lv:.0f}" if isinstance(lv, (int, float)) else "n/a"
        print(f"{k:40} {cs:>14} {ls:>14} {ratio:>11}  {v['unit']} {v['note']}")
    print("wrote build/bench.json")


if __name__ == "__main__":
    main()
