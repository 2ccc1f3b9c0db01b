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
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench", "linux"))
import run as linuxbench  # noqa: E402

CACHE = os.environ.get("CLUU_CACHE", os.path.expanduser("~/.cache/cluu"))
BUILD = os.path.join(ROOT, "build")


def have_kvm():
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
        return bool(re.search(r"\b(vmx|svm)\b", flags)) and os.access("/dev/kvm", os.R_OK | os.W_OK)
    except OSError:
        return False


def run_cluu_once(mode, timeout=600):
    """Boots CLUU with the bench configuration; returns {op: {"tsc", "ns"}} once done."""
    args = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-accel", "tcg",
            "-m", "512M", "-no-reboot", "-display", "none", "-serial", "stdio",
            "-cdrom", os.path.join(BUILD, "cluu.iso"),
            "-fw_cfg", "name=opt/cluu/cmdline,string=bootconf=bench.conf"]
    if mode == "icount":
        args += ["-icount", "shift=0,sleep=off"]
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace")
    res, lines = {}, []
    try:
        for line in proc.stdout:
            lines.append(line)
            m = re.match(r"BENCH (\w+) (\d+) ([\d.]+)", line)
            if m:
                res[m.group(1)] = {"tsc": int(m.group(2)), "ns": float(m.group(3))}
            if line.startswith("BENCH done") or time.monotonic() - t0 > timeout:
                break
    finally:
        proc.kill()
        proc.wait()
    if not any(l.startswith("BENCH done") for l in lines):
        sys.exit(f"bench: CLUU did not finish in {mode} mode:\n{''.join(lines[-40:])}")
    print(f"bench: CLUU {mode} run took {time.monotonic() - t0:.1f} s", file=sys.stderr)
    return res


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
    for name, cop, lop in ROWS:
        for mode, key, unit in (("icount", "tsc", "instructions"), ("tcg", "ns", "ns")):
            cl, li = data[mode]
            c = cl[cop][key] if cop and cop in cl else None
            lv = li[lop][key] if lop in li else None
            results[f"{name}_{'instructions' if mode == 'icount' else 'ns'}"] = {
                "cluu": c, "linux": lv, "unit": unit,
                "note": NOTES.get(name, "")}
    if have_kvm():
        results["note_kvm"] = {"cluu": None, "linux": None, "unit": "",
                               "note": "hardware KVM present; cycle counts not implemented yet"}
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, "bench.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(f"{'benchmark':40} {'CLUU':>12} {'Linux':>12} {'Linux/CLUU':>11}  unit")
    for k, v in results.items():
        c, lv = v["cluu"], v["linux"]
        ratio = f"{lv / c:.1f}x" if c and lv else "-"
        cs = f"{c:.0f}" if isinstance(c, (int, float)) else "n/a"
        ls = f"{lv:.0f}" if isinstance(lv, (int, float)) else "n/a"
        print(f"{k:40} {cs:>12} {ls:>12} {ratio:>11}  {v['unit']} {v['note']}")
    print("wrote build/bench.json")


if __name__ == "__main__":
    main()
