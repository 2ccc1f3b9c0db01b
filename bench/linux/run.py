#!/usr/bin/python3
"""Boot the Linux baseline (built by build.sh) under QEMU and collect lbench.

Command line:
    /usr/bin/python3 bench/linux/run.py --cache DIR --mode icount|tcg [--timeout S]

prints a JSON object on stdout:
    {"pipe_roundtrip": {"tsc": x, "ns": y}, "futex_roundtrip": {...},
     "getppid": {...}, "spawn_wait": {...}}
where "tsc" is the rdtsc delta per operation and "ns" the CLOCK_MONOTONIC
delta per operation, both as measured inside the guest.  With --mode icount
QEMU runs with `-icount shift=0,sleep=off`, so the TSC (and the guest clock)
advances by exactly one per guest instruction and "tsc" is an instruction
count per operation.

As a module (stdlib only):
    sys.path.insert(0, 'bench/linux'); import run as linuxbench
    results = linuxbench.run(cache, 'tcg', 120)   # raises LinuxBenchError
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

MODES = ("icount", "tcg")
BENCHES = ("pipe_roundtrip", "futex_roundtrip", "getppid", "spawn_wait", "fs_write",
           "fs_read", "fs_create")

# Iteration counts handed to lbench (as init arguments after "--" on the
# kernel command line).  Both modes use lbench's own defaults; a whole run
# takes about 20 s (tcg) and 30 s (icount) of wall-clock time on a 2-core
# host, most of which is the kernel boot.  The file-system benchmarks (MiB
# written and read, small files created) need a disk and are off by default.
DEFAULT_COUNTS = {
    "tcg": {"pipe": 20000, "futex": 20000, "getppid": 100000, "spawn": 200,
            "fswrite": 0, "fsfiles": 0},
    "icount": {"pipe": 20000, "futex": 20000, "getppid": 100000, "spawn": 200,
               "fswrite": 0, "fsfiles": 0},
}
COUNT_OF = {"pipe_roundtrip": "pipe", "futex_roundtrip": "futex",
            "getppid": "getppid", "spawn_wait": "spawn", "fs_write": "fswrite",
            "fs_read": "fswrite", "fs_create": "fsfiles"}

DEFAULT_TIMEOUT = 150.0

LINE_RE = re.compile(r"LBENCH (\w+) ([0-9]+(?:\.[0-9]*)?) ([0-9]+(?:\.[0-9]*)?)\s*$")


class LinuxBenchError(RuntimeError):
    """Linux did not boot, the benchmark failed, or it ran out of time."""


def qemu_command(cache, mode, counts, qemu="qemu-system-x86_64", disk=None,
                 icount="shift=0,sleep=off"):
    if mode not in MODES:
        raise ValueError("mode must be one of %s, not %r" % (MODES, mode))
    init_args = " ".join("--%s %d" % (k, int(v)) for k, v in counts.items())
    cmd = [qemu, "-machine", "q35", "-cpu", "max", "-accel", "tcg",
           "-m", "512M", "-no-reboot", "-display", "none", "-serial", "stdio",
           "-kernel", os.path.join(cache, "vmlinuz"),
           "-initrd", os.path.join(cache, "initramfs.cpio.gz"),
           "-append", "console=ttyS0 quiet panic=-1 -- " + init_args]
    if disk:
        cmd += ["-drive", "if=none,id=disk,file=%s,format=raw" % disk,
                "-device", "virtio-blk-pci,drive=disk"]
    if mode == "icount":
        cmd += ["-icount", icount]
    return cmd


def _tail(text, lines=25):
    tail = "\n".join(text.replace("\r", "").splitlines()[-lines:])
    return tail if tail.strip() else "(no console output yet)"


def parse(output, counts=None):
    """Turn the guest console output into the result dict."""
    results = {}
    done = False
    for raw in output.replace("\r", "").splitlines():
        line = raw.strip()
        if "LBENCH error" in line:
            raise LinuxBenchError("lbench failed in the guest: "
                                  + line[line.index("LBENCH error"):])
        if line.endswith("LBENCH done"):
            done = True
            continue
        m = LINE_RE.search(line)
        if m and m.group(1) in BENCHES:
            results[m.group(1)] = {"tsc": float(m.group(2)),
                                   "ns": float(m.group(3))}
    if not done:
        raise LinuxBenchError("lbench did not print 'LBENCH done'; console "
                              "output ended with:\n" + _tail(output))
    expected = [b for b in BENCHES
                if counts is None or counts.get(COUNT_OF[b], 1) > 0]
    missing = [b for b in expected if b not in results]
    if missing:
        raise LinuxBenchError("missing results for %s; console output ended "
                              "with:\n%s" % (", ".join(missing), _tail(output)))
    return results


def run(cache, mode, timeout=DEFAULT_TIMEOUT, counts=None,
        qemu="qemu-system-x86_64", log=None, disk=None, icount="shift=0,sleep=off"):
    """Boot Linux in QEMU, run lbench, return {name: {"tsc": x, "ns": y}}.

    cache:   directory that build.sh filled (vmlinuz, initramfs.cpio.gz)
    mode:    "icount" or "tcg"
    timeout: seconds of wall-clock time for boot + benchmark + power-off
    counts:  optional overrides of the iteration counts, e.g. {"spawn": 50}
    log:     optional file object that receives the whole console output
    disk:    optional raw ext2 image attached as virtio-blk /dev/vda (needed by
             the fswrite and fsfiles counts)
    icount:  the -icount options in icount mode (sleep=on for disk benchmarks:
             with sleep=off the clock jumps over disk waits to the next timer)
    Raises LinuxBenchError on any failure (including the timeout).
    """
    cache = os.path.abspath(cache)
    if mode not in MODES:
        raise LinuxBenchError("mode must be 'icount' or 'tcg', not %r" % mode)
    for f in ("vmlinuz", "initramfs.cpio.gz"):
        if not os.path.isfile(os.path.join(cache, f)):
            raise LinuxBenchError(
                "%s not found; build it first with: bench/linux/build.sh %s"
                % (os.path.join(cache, f), cache))
    all_counts = dict(DEFAULT_COUNTS[mode])
    if counts:
        for k, v in counts.items():
            if k not in all_counts:
                raise LinuxBenchError("unknown count %r (known: %s)"
                                      % (k, ", ".join(all_counts)))
            all_counts[k] = int(v)
    if timeout is None:
        timeout = DEFAULT_TIMEOUT

    cmd = qemu_command(cache, mode, all_counts, qemu, disk, icount)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise LinuxBenchError("cannot start %s: %s" % (qemu, e))
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        text = out.decode("utf-8", "replace")
        if log is not None:
            log.write(text)
        raise LinuxBenchError(
            "Linux did not finish the benchmark within %g s (mode %s); "
            "console output ended with:\n%s" % (timeout, mode, _tail(text)))
    text = out.decode("utf-8", "replace")
    if log is not None:
        log.write(text)
    try:
        return parse(text, all_counts)
    except LinuxBenchError as e:
        msg = str(e)
        if proc.returncode != 0:
            msg += "\nqemu exited with status %d" % proc.returncode
        errtext = err.decode("utf-8", "replace").strip()
        if errtext:
            msg += "\nqemu stderr:\n" + _tail(errtext)
        raise LinuxBenchError(msg)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Run the Linux baseline benchmark under QEMU.")
    ap.add_argument("--cache", required=True,
                    help="directory filled by bench/linux/build.sh")
    ap.add_argument("--mode", required=True, choices=MODES)
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="wall-clock limit in seconds (default %(default)s)")
    ap.add_argument("--qemu", default="qemu-system-x86_64",
                    help="QEMU binary (default %(default)s)")
    ap.add_argument("--disk", help="raw ext2 image for the fswrite/fsfiles benchmarks")
    for k in ("pipe", "futex", "getppid", "spawn", "fswrite", "fsfiles"):
        ap.add_argument("--" + k, type=int, metavar="N",
                        help="iteration count for %s (0 skips it)" % k)
    ap.add_argument("--console", action="store_true",
                    help="copy the guest console output to stderr")
    args = ap.parse_args(argv)

    counts = {k: getattr(args, k) for k in ("pipe", "futex", "getppid", "spawn", "fswrite",
                                            "fsfiles")
              if getattr(args, k) is not None}
    start = time.monotonic()
    try:
        results = run(args.cache, args.mode, args.timeout, counts=counts,
                      qemu=args.qemu, log=sys.stderr if args.console else None,
                      disk=args.disk)
    except LinuxBenchError as e:
        print("linux-bench: error: %s" % e, file=sys.stderr)
        return 1
    print("linux-bench: %s run took %.1f s" % (args.mode,
                                                time.monotonic() - start),
          file=sys.stderr)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
