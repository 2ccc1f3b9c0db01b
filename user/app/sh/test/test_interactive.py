#!/usr/bin/python3
"""Interactive tests of the shell through a pseudo-terminal: line editing, history,
completion and job control. usage: test_interactive.py PATH-TO-SH"""
import os
import re
import shutil
import sys
import tempfile
import time

import pexpect

SH = os.path.abspath(sys.argv[1])
PROMPT = "tsh$ "
LEFT, RIGHT, HOME, END, DEL, UP, DOWN = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x1b[3~", "\x1b[A", "\x1b[B"
CTRL = {c: chr(ord(c) - ord("a") + 1) for c in "abcdefgklnpruwz"}

tests = []


def test(fn):
    tests.append(fn)
    return fn


class Shell:
    def __init__(self, home, cols=200):
        self.home = home
        env = dict(os.environ)
        env.update({"HOME": home, "PS1": PROMPT, "TERM": "dumb", "ASAN_OPTIONS": "detect_leaks=0",
                    "PATH": home + "/bin:/usr/bin:/bin"})
        self.p = pexpect.spawn(SH, ["-i"], env=env, cwd=home, encoding="utf-8", timeout=5,
                               dimensions=(40, cols))
        if os.environ.get("SHTEST_LOG"):
            self.p.logfile_read = open(os.environ["SHTEST_LOG"], "a")
        self.prompt()

    def prompt(self):
        self.p.expect_exact(PROMPT)

    def send(self, s):
        self.p.send(s)

    def line(self, s):
        """Type s, press Enter, and wait for the output that follows the Enter."""
        self.p.send(s + "\r")
        self.p.expect_exact("\r\n")

    def expect_out(self, text):
        """Expect text as a whole output line (after a newline)."""
        self.p.expect(r"\r\n" + re.escape(text) + r"\r\n")

    def run(self, cmd, out):
        self.line(cmd)
        self.p.expect(re.escape(out) + r"\r\n")
        self.prompt()

    def close(self):
        if self.p.isalive():
            self.p.sendcontrol("d")
            try:
                self.p.expect(pexpect.EOF, timeout=3)
            except pexpect.TIMEOUT:
                pass
        self.p.close(force=True)


@test
def basic_command(s):
    s.run("echo hello", "hello")
    s.run("x=41; echo $((x+1))", "42")


@test
def insert_in_middle(s):
    s.send("echo bc" + LEFT + LEFT + "a\r")
    s.p.expect(r"\r\nabc\r\n")
    s.prompt()


@test
def home_end_ctrl_a_e(s):
    s.send("cho X" + CTRL["a"] + "e" + CTRL["e"] + "Y\r")
    s.p.expect(r"\r\nXY\r\n")
    s.prompt()
    s.send("cho P" + HOME + "e" + END + "Q\r")
    s.p.expect(r"\r\nPQ\r\n")
    s.prompt()


@test
def ctrl_b_f(s):
    s.send("echo ac" + CTRL["b"] + CTRL["b"] + CTRL["f"] + "b\r")
    s.p.expect(r"\r\nabc\r\n")
    s.prompt()


@test
def kill_line_and_word(s):
    s.send("echo keep junk" + LEFT * 5 + CTRL["k"] + "\r")
    s.p.expect(r"\r\nkeep\r\n")
    s.prompt()
    s.send("garbage" + CTRL["u"] + "echo fresh\r")
    s.p.expect(r"\r\nfresh\r\n")
    s.prompt()
    s.send("echo one two" + CTRL["w"] + "three\r")
    s.p.expect(r"\r\none three\r\n")
    s.prompt()


@test
def backspace_and_delete_anywhere(s):
    s.send("echo abXc" + LEFT + "\x7f\r")
    s.p.expect(r"\r\nabc\r\n")
    s.prompt()
    s.send("echo aZbc" + HOME + RIGHT * 6 + DEL + "\r")
    s.p.expect(r"\r\nabc\r\n")
    s.prompt()
    s.send("echo xy" + LEFT + CTRL["d"] + "z\r")
    s.p.expect(r"\r\nxz\r\n")
    s.prompt()


@test
def long_line_scrolls(s):
    # On a 40-column terminal a 70-character line scrolls sideways instead of wrapping.
    t = Shell(s.home, cols=40)
    try:
        word = "".join(chr(ord("a") + i % 26) for i in range(60))
        t.send("echo " + word)
        t.p.expect_exact(word[-20:])
        t.send(HOME)
        t.p.expect_exact("\r" + PROMPT + "echo abcdef")
        t.send(RIGHT * 5 + "X" + END + "Y\r")
        t.p.expect(r"\r\nX" + word + r"Y\r\n")
        t.prompt()
        assert all(len(seg) <= 40 for seg in t.p.before.split("\r")), "line wider than terminal"
    finally:
        t.close()


@test
def ctrl_l_clears(s):
    s.send("echo still" + CTRL["l"])
    s.p.expect_exact("\x1b[H\x1b[2J")
    s.send("\r")
    s.p.expect(r"\r\nstill\r\n")


@test
def ctrl_c_discards_line(s):
    s.send("echo partial" + "\x03")
    s.p.expect_exact("^C")
    s.prompt()
    s.run("echo ok", "ok")
    s.run("echo $?", "0")


@test
def history_up_down(s):
    s.run("echo hist1", "hist1")
    s.run("echo hist2", "hist2")
    s.send(UP + UP + "\r")
    s.p.expect(r"\r\nhist1\r\n")
    s.prompt()
    s.send(UP + UP + DOWN + "\r")
    s.p.expect(r"\r\nhist1\r\n")
    s.prompt()
    s.send("echo typed" + UP + DOWN + "\r")
    s.p.expect(r"\r\ntyped\r\n")
    s.prompt()
    s.send(CTRL["p"] + "\r")
    s.p.expect(r"\r\ntyped\r\n")
    s.prompt()
    s.line("history")
    s.p.expect(r"1  echo hist1\r\n.*2  echo hist2")
    s.prompt()


@test
def history_file(s):
    s.run("echo saved-line", "saved-line")
    s.close()
    with open(os.path.join(s.home, ".sh_history")) as f:
        assert "echo saved-line\n" in f.read()
    t = Shell(s.home)
    try:
        t.send(UP + "\r")
        t.p.expect(r"\r\nsaved-line\r\n")
        t.prompt()
    finally:
        t.close()


@test
def reverse_search(s):
    s.run("echo findme123", "findme123")
    s.run("echo other", "other")
    s.send(CTRL["r"] + "findme")
    s.p.expect_exact("(reverse-i-search)`findme': echo findme123")
    s.send("\r")
    s.p.expect(r"\r\nfindme123\r\n")
    s.prompt()
    # Ctrl-R again goes to an older match; Ctrl-E accepts it for editing.
    s.run("echo match-a", "match-a")
    s.run("echo match-b", "match-b")
    s.send(CTRL["r"] + "match-" + CTRL["r"])
    s.p.expect_exact("`match-': echo match-a")
    s.send(CTRL["e"] + "X\r")
    s.p.expect(r"\r\nmatch-aX\r\n")
    s.prompt()


@test
def complete_builtin(s):
    s.send("histo\t")
    s.p.expect_exact("history ")
    s.send("\r")
    s.p.expect(r"1  history \r\n")
    s.prompt()


@test
def complete_program_on_path(s):
    os.makedirs(os.path.join(s.home, "bin"), exist_ok=True)
    prog = os.path.join(s.home, "bin", "zzuniqprog")
    with open(prog, "w") as f:
        f.write("echo uniq-prog-ran\n")
    os.chmod(prog, 0o755)
    s.send("zzuni\t")
    s.p.expect_exact("zzuniqprog ")
    s.send("\r")
    s.p.expect(r"\r\nuniq-prog-ran\r\n")
    s.prompt()


@test
def complete_paths_and_list(s):
    d = os.path.join(s.home, "compdir")
    os.makedirs(d)
    for n in ("alpha.txt", "common1", "common2"):
        open(os.path.join(d, n), "w").write(n + "-content\n")
    s.send("cat comp\t")
    s.p.expect_exact("compdir/")
    s.send("al\t")
    s.p.expect_exact("compdir/alpha.txt ")
    s.send("\r")
    s.p.expect(r"\r\nalpha.txt-content\r\n")
    s.prompt()
    s.send("cat compdir/co\t")
    s.p.expect_exact("compdir/common")
    s.send("\t")
    s.p.expect(r"compdir/common1\s+compdir/common2")
    s.p.expect_exact(PROMPT + "cat compdir/common")
    s.send("2\r")
    s.p.expect(r"\r\ncommon2-content\r\n")
    s.prompt()


@test
def ctrl_c_foreground_sleep(s):
    start = time.time()
    s.line("sleep 30")
    time.sleep(0.5)  # let the job start and take the terminal
    s.send("\x03")
    s.prompt()
    assert time.time() - start < 5, "Ctrl-C did not stop sleep"
    s.run("echo status=$?", "status=130")
    s.run("echo alive", "alive")


@test
def ctrl_c_stops_loops(s):
    # A loop the shell runs itself, and a loop whose body is a program.
    s.line("while true; do :; done")
    time.sleep(0.5)  # let the job start and take the terminal
    s.send("\x03")
    s.prompt()
    start = time.time()
    s.line("for i in 1 2 3; do sleep 5; done; echo loop-went-on")
    time.sleep(0.5)  # let the job start and take the terminal
    s.send("\x03")
    s.prompt()
    assert time.time() - start < 3, "Ctrl-C did not end the loop"
    assert "loop-went-on" not in s.p.before
    s.run("echo alive", "alive")


@test
def ctrl_z_then_fg(s):
    s.line("sleep 30")
    time.sleep(0.5)  # let the job start and take the terminal
    s.send(CTRL["z"])
    s.p.expect(r"\[1\]\+\s+Stopped\s+sleep 30")
    s.prompt()
    s.run("echo status=$?", "status=148")
    s.line("jobs")
    s.p.expect(r"\[1\]\+\s+Stopped\s+sleep 30")
    s.prompt()
    s.line("fg %1")
    s.p.expect_exact("sleep 30")
    time.sleep(0.5)  # let the job start and take the terminal
    s.send("\x03")
    s.prompt()
    s.run("echo status=$?", "status=130")
    s.line("jobs")
    s.prompt()
    assert "sleep" not in s.p.before


@test
def ctrl_z_pipeline_bg_kill(s):
    s.line("sleep 30 | cat")
    time.sleep(0.5)  # let the job start and take the terminal
    s.send(CTRL["z"])
    s.p.expect(r"Stopped\s+sleep 30 \| cat")
    s.prompt()
    s.line("bg %1")
    s.p.expect_exact("[1] sleep 30 | cat &")
    s.prompt()
    s.line("jobs")
    s.p.expect(r"\[1\]\+\s+Running\s+sleep 30 \| cat")
    s.prompt()
    s.line("kill %1")
    # The notice comes before the next prompt once the shell has seen the job end.
    time.sleep(0.3)
    s.send("\r")
    s.p.expect(r"\[1\]\+?\s+Killed \(SIGTERM\)\s+sleep 30 \| cat")
    s.prompt()


@test
def background_done_notice(s):
    s.line("sleep 0.2 &")
    s.p.expect(r"\[1\] \d+")
    s.prompt()
    time.sleep(0.6)
    s.line("")
    s.p.expect(r"\[1\]\+?\s+Done\s+sleep 0.2")
    s.prompt()


@test
def stop_and_wait_builtins(s):
    s.line("sleep 30 &")
    s.prompt()
    s.line("stop %1")
    s.prompt()
    time.sleep(0.2)
    s.line("jobs")
    s.p.expect(r"\[1\]\+\s+Stopped\s+sleep 30")
    s.prompt()
    s.line("kill -KILL %1")
    s.prompt()
    s.line("wait; jobs; echo waited")
    s.p.expect_exact("waited")
    s.prompt()


@test
def spawn_and_container(s):
    s.run("spawn echo spawned-fg", "spawned-fg")
    s.line("spawnbg sleep 0.1")
    s.p.expect(r"\[1\] \d+")
    s.prompt()
    s.run("wait; echo bg-waited", "bg-waited")
    # The host has no /var/images: a clear error, status 1; a bad subcommand: usage, 2.
    s.line("container list; echo rc=$?")
    s.p.expect_exact("container: /var/images: No such file or directory")
    s.p.expect_exact("rc=1")
    s.prompt()
    s.line("container frobnicate; echo rc=$?")
    s.p.expect_exact("usage: container run NAME")
    s.p.expect_exact("rc=2")
    s.prompt()


@test
def terminal_restored_for_programs(s):
    # While a command runs, the terminal is back in canonical mode with echo.
    s.line("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | sort | tr '\\n' ,; echo")
    s.p.expect(r"echo,icanon,\r\n")
    s.prompt()


@test
def multiline_command(s):
    s.send("for i in 1 2\r")
    s.p.expect_exact("> ")
    s.send("do echo n$i\r")
    s.p.expect_exact("> ")
    s.send("done\r")
    s.p.expect(r"n1\r\nn2\r\n")
    s.prompt()


@test
def ctrl_d_exits(s):
    s.send(CTRL["d"])
    s.p.expect(pexpect.EOF)
    s.p.close()
    assert s.p.exitstatus == 0, s.p.exitstatus


def main():
    only = sys.argv[2:]
    passed, failed = 0, []
    start = time.time()
    for fn in tests:
        if only and fn.__name__ not in only:
            continue
        home = tempfile.mkdtemp(prefix="shtest-")
        s = None
        try:
            s = Shell(home)
            fn(s)
            passed += 1
        except Exception as e:  # one failing test must not stop the others
            failed.append(fn.__name__)
            before = s.p.before if s is not None and hasattr(s.p, "before") else ""
            print("FAIL: %s: %s: %r" % (fn.__name__, type(e).__name__, before[-300:] if before else ""))
        finally:
            if s is not None:
                s.close()
            shutil.rmtree(home, ignore_errors=True)
    print("sh interactive: %d passed, %d failed (%.1fs)" % (passed, len(failed), time.time() - start))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
