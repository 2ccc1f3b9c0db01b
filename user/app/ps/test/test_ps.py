"""ps and top against the host's /proc (the same layouts CLUU's procfs serves) and against
a crafted /proc with awkward names and malformed files."""
import os
import re
import subprocess
import sys
import tempfile
import time

ps, top = sys.argv[1], sys.argv[2]
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


# 1. ps -e lists a known child with its parent, state and command.
child = subprocess.Popen(["sleep", "30"])
try:
    out = subprocess.run([ps, "-e"], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    check(lines[0].split() == ["PID", "PPID", "USER", "STAT", "TIME", "CMD"], "ps header")
    row = [l.split() for l in lines[1:] if l.split()[:1] == [str(child.pid)]]
    check(len(row) == 1, "ps -e shows the child")
    check(row and row[0][1] == str(os.getpid()), "ps shows the child's parent")
    check(row and row[0][3] == "S" and row[0][5] == "sleep", "ps state and command")
    out = subprocess.run([ps, "-ef"], capture_output=True, text=True, check=True).stdout
    check(any(l.split()[1:2] == [str(child.pid)] and l.endswith("sleep 30") for l in out.splitlines()[1:]),
          "ps -f shows the full command line")
finally:
    child.kill()
    child.wait()

# 2. top -b: rows sorted by CPU; a busy process above an idle one, with real CPU use (the
# host may be busy with other work, so no exact figure).
busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
idle = subprocess.Popen(["sleep", "30"])
try:
    time.sleep(0.5)
    out = subprocess.run([top, "-b", "-n", "2", "-d", "1"], capture_output=True, text=True,
                         check=True, timeout=20).stdout
    frames = out.strip().split("\n\n\n") if "\n\n\n" in out else out.split("top - ")
    last = out[out.rfind("top - "):]
    check(re.search(r"^top - up \d+:\d\d:\d\d, load average: ", last, re.M) is not None, "top header")
    check(re.search(r"^Tasks: \d+ total", last, re.M) is not None, "top tasks line")
    procs = [l.split() for l in last.splitlines() if re.match(r"\s*\d+ ", l)]
    cpus = [float(p[3]) for p in procs]
    check(cpus == sorted(cpus, reverse=True), "rows sorted by %CPU")
    pids = [p[0] for p in procs]
    check(str(busy.pid) in pids and str(idle.pid) in pids, "busy and idle processes listed")
    if str(busy.pid) in pids and str(idle.pid) in pids:
        b, i = pids.index(str(busy.pid)), pids.index(str(idle.pid))
        check(b < i and cpus[b] >= 20.0 and cpus[i] == 0.0,
              f"busy above idle with CPU use (busy {cpus[b]}%, idle {cpus[i]}%)")
finally:
    busy.kill()
    busy.wait()
    idle.kill()
    idle.wait()

# 3. A crafted /proc: a name with spaces and parentheses, a malformed stat, a missing dir.
with tempfile.TemporaryDirectory() as d:
    os.makedirs(f"{d}/7")
    with open(f"{d}/7/stat", "w") as f:
        f.write("7 (a (weird) name) R 1 7 7 0 -1 0 0 0 0 0 250 50 0 0 20 0 1 0 100 4096 3\n")
    with open(f"{d}/7/status", "w") as f:
        f.write("Name:\tx\nUid:\t1000\t1000\t1000\t1000\n")
    with open(f"{d}/7/cmdline", "wb") as f:
        f.write(b"weird\0--flag\0")
    os.makedirs(f"{d}/9")
    with open(f"{d}/9/stat", "w") as f:
        f.write("9 (two\nlines) S 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 4096 3\n")
    with open(f"{d}/9/cmdline", "wb") as f:
        f.write(b"sh\0-c\0echo a\necho \x1b[2Jb\0")
    os.makedirs(f"{d}/8")
    with open(f"{d}/8/stat", "w") as f:
        f.write("8 garbage\n")
    os.makedirs(f"{d}/self")
    env = dict(os.environ, PS_PROC_ROOT=d)
    r = subprocess.run([ps, "-ef"], capture_output=True, text=True, env=env)
    check(r.returncode == 0, "ps survives a malformed /proc")
    rows = r.stdout.splitlines()[1:]
    check(len(rows) == 2 and rows[0].split()[1] == "7", "malformed entries skipped")
    check(rows[1:] and rows[1].endswith("sh -c echo a?echo ?[2Jb"),
          "control characters in a command line show as '?', one line per process")
    check(rows and "weird --flag" in rows[0] and "00:00:03" in rows[0], "cmdline and CPU time")
    r = subprocess.run([ps, "-e"], capture_output=True, text=True, env=env)
    check("a (weird) name" in r.stdout, "comm with parentheses")
    check("two?lines" in r.stdout and len(r.stdout.splitlines()) == 3, "newline in comm")
    r = subprocess.run([ps, "-e"], capture_output=True, text=True,
                       env=dict(os.environ, PS_PROC_ROOT=d + "/nope"))
    check(r.returncode == 1 and "cannot read" in r.stderr, "missing /proc is an error")

print(f"ps/top: {failures} failures")
sys.exit(1 if failures else 0)
