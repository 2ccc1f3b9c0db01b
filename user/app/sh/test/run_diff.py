#!/usr/bin/python3
"""Differential test: every script of the corpus runs through our shell and through dash.

usage: run_diff.py OUR_SHELL REFERENCE_SHELL DIR...

Each DIR/*.sh runs in a fresh empty directory (also $HOME) with $SH set to the shell running
it, so scripts can start that shell again (`$SH -c ...`). Compared: stdout exactly, the exit
status exactly, and the shape of stderr: the number of lines, each line's message with the
shell's own prefix removed ("sh: ", "dash: ", "script: 12: ", "sh: line 3: ") compared only by
being present, since the two shells word their messages differently. DIR/EXCLUDE lists scripts
that test where our shell deliberately differs (a CLUU builtin, an extension), one per line
with its reason; they are reported, not run.
"""
import os
import re
import subprocess
import sys
import tempfile

TIMEOUT = 20


def run(shell, script):
    with tempfile.TemporaryDirectory() as work:
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": work,
            "SH": shell,
            "LC_ALL": "C",
            "ASAN_OPTIONS": "detect_leaks=0",
        }
        try:
            p = subprocess.run([shell, script], cwd=work, env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return None
        return p.stdout, p.stderr, p.returncode


PREFIX = re.compile(rb"^(?:[^:\n]*sh|[^:\n]*\.sh|dash)?(?:: line \d+)?(?:: \d+)?: ?")


def shape(stderr):
    """One entry per message line: whether the message left after its prefix is empty."""
    return [bool(PREFIX.sub(b"", line).strip()) for line in stderr.splitlines()]


def excluded(directory):
    out = {}
    path = os.path.join(directory, "EXCLUDE")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, _, reason = line.partition(" ")
                    out[name] = reason.strip()
    return out


def main():
    ours, ref = os.path.abspath(sys.argv[1]), sys.argv[2]
    passed, failed, skipped = 0, [], []
    for directory in sys.argv[3:]:
        skip = excluded(directory)
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".sh"):
                continue
            base = name[:-3]
            if base in skip:
                skipped.append(f"{base} ({skip[base]})")
                continue
            script = os.path.abspath(os.path.join(directory, name))
            a, b = run(ours, script), run(ref, script)
            problems = []
            if a is None or b is None:
                problems.append("timed out: " + ("ours" if a is None else "reference"))
            else:
                if a[0] != b[0]:
                    problems.append("stdout differs:\n--- ours\n" + a[0].decode(errors="replace")
                                    + "--- reference\n" + b[0].decode(errors="replace"))
                if a[2] != b[2]:
                    problems.append(f"exit status: ours {a[2]}, reference {b[2]}")
                if shape(a[1]) != shape(b[1]):
                    problems.append("stderr differs in shape:\n--- ours\n"
                                    + a[1].decode(errors="replace") + "--- reference\n"
                                    + b[1].decode(errors="replace"))
            if problems:
                failed.append(base)
                print(f"FAIL: {base}")
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
            else:
                passed += 1
    for s in skipped:
        print(f"excluded: {s}")
    print(f"sh differential: {passed} agree with {os.path.basename(ref)}, {len(failed)} differ, "
          f"{len(skipped)} excluded")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
