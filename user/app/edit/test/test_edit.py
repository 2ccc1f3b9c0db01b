#!/usr/bin/python3
"""Drive the editor through a pseudo-terminal: open, move, edit, search, save and quit,
then check the file byte for byte. usage: test_edit.py PATH-TO-EDIT"""
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback

import pexpect

EDIT = os.path.abspath(sys.argv[1])
UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
HOME, END, PGUP, PGDN, DEL = "\x1b[H", "\x1b[F", "\x1b[5~", "\x1b[6~", "\x1b[3~"
CHOME, CEND = "\x1b[1;5H", "\x1b[1;5F"
BS, ENTER, ESC = "\x7f", "\r", "\x1b"


def ctrl(c):
    return chr(ord(c) & 0x1F)


ENV = dict(os.environ, TERM="xterm", ASAN_OPTIONS="detect_leaks=0")
tests = []


def test(fn):
    tests.append(fn)
    return fn


class Ed:
    def __init__(self, cwd, *args, rows=24, cols=80):
        self.p = pexpect.spawn(EDIT, list(args), cwd=cwd, env=ENV, encoding="utf-8",
                               timeout=5, dimensions=(rows, cols))
        self.p.delaybeforesend = 0.005
        if os.environ.get("EDITTEST_LOG"):
            self.p.logfile_read = open(os.environ["EDITTEST_LOG"], "a")
        self.p.expect_exact("Ln 1, Col 1")
        self.first = self.p.before  # the first screen, up to the cursor position

    def keys(self, *ks):
        for k in ks:
            self.p.send(k)
            time.sleep(0.02)  # an escape sequence must not run into the next key

    def expect(self, s):
        self.p.expect_exact(s)

    def save(self):
        self.keys(ctrl("s"))
        self.p.expect(r"Wrote \d+ bytes")

    def quit(self):
        self.keys(ctrl("q"))
        self.p.expect(pexpect.EOF)
        self.p.close()
        assert self.p.exitstatus == 0, (self.p.exitstatus, self.p.signalstatus)


def write(path, data, mode=None):
    with open(path, "wb") as f:
        f.write(data)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check(path, want):
    got = read(path)
    assert got == want, f"{path}: got {got!r}, want {want!r}"


@test
def edit_move_insert_delete(d):
    f = os.path.join(d, "a.txt")
    write(f, b"one\ntwo\nthree\n")
    e = Ed(d, "a.txt")
    e.keys(DOWN, END, "2", HOME, DEL, "T", CEND, BS, "EE", CHOME, RIGHT, RIGHT, "!")
    e.expect("Ln 1, Col 4")
    e.save()
    e.quit()
    check(f, b"on!e\nTwo2\nthreEE\n")


@test
def enter_splits_backspace_joins(d):
    f = os.path.join(d, "b.txt")
    write(f, b"abcdef\nxyz\n")
    e = Ed(d, "b.txt")
    e.keys(RIGHT, RIGHT, RIGHT, ENTER)
    e.expect("3 lines")
    e.keys(DOWN, HOME, BS)
    e.expect("Ln 2, Col 4")
    e.save()
    e.quit()
    check(f, b"abc\ndefxyz\n")


@test
def page_and_line_moves(d):
    f = os.path.join(d, "c.txt")
    write(f, b"".join(b"line %d\n" % i for i in range(1, 101)))
    e = Ed(d, "c.txt", rows=12)
    e.keys(PGDN)
    e.expect("Ln 11, Col 1")
    e.keys(PGDN, PGUP, DOWN, "<")
    e.expect("Ln 12, Col 2")
    e.keys(CEND)
    e.expect("Ln 100, Col 9")
    e.keys(ctrl("g"), "50", ENTER, "*")
    e.expect("Ln 50, Col 2")
    e.save()
    e.quit()
    lines = [b"line %d\n" % i for i in range(1, 101)]
    lines[11] = b"<" + lines[11]
    lines[49] = b"*" + lines[49]
    check(f, b"".join(lines))


@test
def utf8_characters(d):
    f = os.path.join(d, "u.txt")
    write(f, "aé€😀b\n".encode())
    e = Ed(d, "u.txt")
    assert "aé€😀b" in e.first, repr(e.first)
    e.keys(RIGHT, RIGHT, RIGHT)
    e.expect("Ln 1, Col 4")
    e.keys(DEL, BS, "ü")
    e.expect("Ln 1, Col 4")
    e.save()
    e.quit()
    check(f, "aéüb\n".encode())


@test
def tabs_and_long_lines(d):
    f = os.path.join(d, "t.txt")
    long = b"".join(b"%03d," % i for i in range(30))  # 120 bytes
    write(f, b"\tX\n" + long + b"\n")
    e = Ed(d, "t.txt", cols=60)
    assert "        X" in e.first, repr(e.first)
    assert long[:60].decode() + "\x1b[K" in e.first, repr(e.first)  # cut at the edge
    e.keys(END)
    e.expect("Ln 1, Col 10")
    e.keys(DOWN, END)
    e.expect(long[61:].decode() + "\x1b[K")  # scrolled: the end of the line shows
    e.expect("Ln 2, Col 121")
    e.keys("Y", HOME, "Z")
    e.expect("Ln 2, Col 2")
    e.save()
    e.quit()
    check(f, b"\tX\nZ" + long + b"Y\n")


@test
def new_buffer_save_as(d):
    e = Ed(d)
    assert "[new]" in e.first, repr(e.first)
    e.keys("hello", ENTER, "wörld", ctrl("s"))
    e.expect("Save as:")
    e.keys("n.txt", ENTER)
    e.p.expect(r"Wrote 13 bytes")
    e.quit()
    check(os.path.join(d, "n.txt"), "hello\nwörld\n".encode())


@test
def new_file_named_on_command_line(d):
    e = Ed(d, "fresh.sh")
    e.expect("New file")
    e.keys("echo hi")
    e.save()
    e.quit()
    check(os.path.join(d, "fresh.sh"), b"echo hi\n")


@test
def no_trailing_newline_kept(d):
    f = os.path.join(d, "nonl.txt")
    write(f, b"a\nb")
    e = Ed(d, "nonl.txt")
    e.keys(CEND, "c")
    e.save()
    e.quit()
    check(f, b"a\nbc")


@test
def unsaved_changes_prompt(d):
    f = os.path.join(d, "q.txt")
    write(f, b"keep\n")
    e = Ed(d, "q.txt")
    e.keys("x", ctrl("q"))
    e.expect("Unsaved changes")
    e.keys("n")
    e.expect("[modified]")
    assert e.p.isalive()
    e.keys(ctrl("q"))
    e.expect("Unsaved changes")
    e.keys("y")
    e.p.expect(pexpect.EOF)
    check(f, b"keep\n")
    # s at the prompt saves, then quits.
    e = Ed(d, "q.txt")
    e.keys("y", ctrl("q"))
    e.expect("Unsaved changes")
    e.keys("s")
    e.p.expect(pexpect.EOF)
    check(f, b"ykeep\n")


@test
def undo_redo(d):
    f = os.path.join(d, "r.txt")
    write(f, b"base\n")
    e = Ed(d, "r.txt")
    e.keys(END, " more", ENTER, "next")
    e.keys(ctrl("u"))  # "next"
    e.keys(ctrl("u"))  # the newline
    e.expect("1 lines")
    e.keys(ctrl("u"))  # " more"
    e.expect("Ln 1, Col 5")
    e.keys(ctrl("u"))
    e.expect("Nothing to undo")
    e.keys(ctrl("r"), ctrl("r"))
    e.expect("2 lines")
    e.save()
    check(f, b"base more\n\n")
    e.keys(ctrl("r"))
    e.expect("[modified]")
    e.keys(ctrl("r"))
    e.expect("Nothing to redo")
    e.save()
    e.quit()
    check(f, b"base more\nnext\n")


@test
def undo_back_to_saved_is_clean(d):
    f = os.path.join(d, "s.txt")
    write(f, b"x\n")
    e = Ed(d, "s.txt")
    e.keys("abc")
    e.expect("[modified]")
    e.keys(ctrl("u"))
    e.expect("Ln 1, Col 1")
    e.quit()  # no prompt: the buffer is the file again
    check(f, b"x\n")


@test
def find_next_previous(d):
    f = os.path.join(d, "f.txt")
    write(f, b"alpha\nbeta foo\ngamma\nfoo delta\nfoo\n")
    e = Ed(d, "f.txt")
    e.keys(ctrl("f"), "fo")
    e.expect("Ln 2, Col 6")
    e.keys("o", DOWN)
    e.expect("Ln 4, Col 1")
    e.keys(DOWN)
    e.expect("Ln 5, Col 1")
    e.keys(DOWN)  # wraps
    e.expect("Ln 2, Col 6")
    e.keys(UP)  # back to the last one
    e.expect("Ln 5, Col 1")
    e.keys(UP, ENTER, "[")
    e.keys(ctrl("f"), "gam")
    e.expect("Ln 3, Col 1")
    e.keys(ESC)
    time.sleep(0.3)
    e.keys("]")
    e.expect("Ln 4, Col 3")
    e.keys(ctrl("f"), "nothere", ENTER)
    e.expect("Not found")
    e.save()
    e.quit()
    check(f, b"alpha\nbeta foo\ngamma\n[]foo delta\nfoo\n")


@test
def write_error_keeps_buffer(d):
    e = Ed(d, "missing-dir/x.txt")
    e.keys("text")
    e.keys(ctrl("s"))
    e.expect("[modified]")  # the status bar is drawn before the message line
    e.expect("Cannot save missing-dir/x.txt")
    if os.getuid() != 0:
        ro = os.path.join(d, "ro")
        os.mkdir(ro)
        write(os.path.join(ro, "f.txt"), b"old\n")
        os.chmod(ro, 0o555)
    # Save the kept buffer elsewhere: the text survived the failure.
    os.mkdir(os.path.join(d, "missing-dir"))
    e.save()
    e.quit()
    check(os.path.join(d, "missing-dir/x.txt"), b"text\n")


@test
def read_only_directory(d):
    if os.getuid() == 0:
        # root ignores directory permissions; /proc refuses new files to anyone.
        path = "/proc/edit-test.txt"
    else:
        ro = os.path.join(d, "ro")
        os.mkdir(ro)
        write(os.path.join(ro, "f.txt"), b"old\n")
        os.chmod(ro, 0o555)
        path = os.path.join(ro, "f.txt")
    e = Ed(d, path)
    e.keys("new ")
    e.keys(ctrl("s"))
    e.expect("[modified]")
    e.expect("Cannot save")
    e.keys(ctrl("q"))
    e.expect("Unsaved changes")
    e.keys("y")
    e.p.expect(pexpect.EOF)
    if os.getuid() != 0:
        check(path, b"old\n")
        os.chmod(os.path.dirname(path), 0o755)


@test
def unreadable_file_message(d):
    os.mkdir(os.path.join(d, "adir"))
    e = Ed(d, "adir")
    e.expect("Cannot read adir")
    e.keys("still editing")
    e.expect("Ln 1, Col 14")
    e.keys(ctrl("q"), "y")
    e.p.expect(pexpect.EOF)


@test
def save_is_atomic_and_keeps_mode(d):
    f = os.path.join(d, "m.sh")
    write(f, b"#!/bin/sh\n", 0o750)
    ino = os.stat(f).st_ino
    link = os.path.join(d, "link.sh")
    os.symlink("m.sh", link)
    e = Ed(d, "link.sh")
    e.keys(CEND, ENTER, "echo ok")
    e.save()
    e.quit()
    st = os.stat(f)
    assert stat.S_IMODE(st.st_mode) == 0o750, oct(st.st_mode)
    assert st.st_ino != ino, "saved in place, not through a new file and rename"
    assert os.path.islink(link)
    check(f, b"#!/bin/sh\necho ok\n")
    leftovers = [n for n in os.listdir(d) if n.startswith(".")]
    assert not leftovers, leftovers


@test
def resize_changes_page(d):
    f = os.path.join(d, "w.txt")
    write(f, b"".join(b"%d\n" % i for i in range(1, 61)))
    e = Ed(d, "w.txt", rows=24)
    e.p.setwinsize(10, 40)
    time.sleep(0.3)
    e.keys(PGDN)
    e.expect("Ln 9, Col 1")
    e.keys("#")
    e.save()
    e.quit()
    want = [b"%d\n" % i for i in range(1, 61)]
    want[8] = b"#" + want[8]
    check(f, b"".join(want))


@test
def syntax_highlighting(d):
    write(os.path.join(d, "h.c"), b"int x = 42; // note\n")
    e = Ed(d, "h.c")
    out = e.first
    assert out.endswith("c | "), repr(out)
    e.quit()
    assert "\x1b[0;32mint" in out, repr(out)
    assert "\x1b[0;31m42" in out and "\x1b[0;36m// note" in out, repr(out)
    write(os.path.join(d, "Cluufile"), b"# c\nFROM scratch\n")
    e = Ed(d, "Cluufile")
    assert e.first.endswith("cluufile | "), repr(e.first)
    assert "\x1b[0;33mFROM" in e.first, repr(e.first)
    e.quit()
    write(os.path.join(d, "p"), b"#!/usr/bin/env python3\ndef f(): pass\n")
    e = Ed(d, "p")
    assert e.first.endswith("python | "), repr(e.first)
    e.quit()


def shell(d):
    # dash, unlike bash, does not reset the terminal modes when a job stops, so a
    # suspended editor must have restored them itself.
    sh = pexpect.spawn("/usr/bin/dash", ["-i"], cwd=d,
                       env=dict(ENV, PS1="$ ", PROMPT_COMMAND=""), encoding="utf-8",
                       timeout=5, dimensions=(24, 80))
    sh.expect_exact("$ ")
    return sh


def stty(sh, d, name):
    sh.sendline(f"stty -g > {name}")
    sh.expect_exact("$ ")
    return read(os.path.join(d, name))


def run_in_shell(sh, d, args):
    """Start the editor from the shell; returns its process id."""
    sh.sendline(f"{EDIT} {args}")
    sh.expect_exact("Ln 1, Col 1")
    with open(f"/proc/{sh.pid}/task/{sh.pid}/children") as f:
        kids = f.read().split()
    assert len(kids) == 1, kids
    return int(kids[0])


@test
def terminal_restored_on_quit_and_signals(d):
    sh = shell(d)
    before = stty(sh, d, "before")
    run_in_shell(sh, d, "x.txt")
    sh.send(ctrl("q"))
    sh.expect_exact("$ ")
    assert stty(sh, d, "after1") == before, "quit"
    # A fatal signal from outside.
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGSEGV):
        pid = run_in_shell(sh, d, "x.txt")
        sh.send("dirty")
        time.sleep(0.2)
        os.kill(pid, sig)
        sh.expect_exact("$ ")
        assert stty(sh, d, "after2") == before, sig
    # An error exit: no terminal to edit on.
    sh.sendline(f"{EDIT} x.txt < /dev/null; echo status=$?")
    sh.expect_exact("status=1")
    sh.expect_exact("$ ")
    assert stty(sh, d, "after3") == before, "error exit"
    sh.sendline("exit")
    sh.expect(pexpect.EOF)


@test
def suspend_and_resume(d):
    sh = shell(d)
    before = stty(sh, d, "before")
    run_in_shell(sh, d, "z.txt")
    sh.send("abc")
    time.sleep(0.2)
    sh.send(ctrl("z"))
    sh.expect("Stopped")
    sh.expect_exact("$ ")
    assert stty(sh, d, "during") == before, "suspended"
    sh.sendline("fg")
    sh.expect_exact("Ln 1, Col 4")
    # Stopped from outside (kill -TSTP), like any job.
    with open(f"/proc/{sh.pid}/task/{sh.pid}/children") as f:
        pid = int(f.read().split()[0])
    os.kill(pid, signal.SIGTSTP)
    sh.expect("Stopped")
    sh.expect_exact("$ ")
    during2 = stty(sh, d, "during2")
    assert during2 == before, ("stopped by signal", before, during2)
    sh.sendline("fg")
    sh.expect_exact("Ln 1, Col 4")
    sh.send("d")
    time.sleep(0.1)
    sh.send(ctrl("s"))
    sh.expect(r"Wrote \d+ bytes")
    sh.send(ctrl("q"))
    sh.expect_exact("$ ")
    assert stty(sh, d, "after") == before, "after resume"
    check(os.path.join(d, "z.txt"), b"abcd\n")
    sh.sendline("exit")
    sh.expect(pexpect.EOF)


def main():
    failed = 0
    start = time.time()
    for fn in tests:
        d = tempfile.mkdtemp(prefix="edit-test-")
        try:
            fn(d)
            print(f"ok   {fn.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc()
        finally:
            for root, dirs, _ in os.walk(d):
                for x in dirs:
                    os.chmod(os.path.join(root, x), 0o755)
            shutil.rmtree(d, ignore_errors=True)
    print(f"edit pty tests: {len(tests) - failed}/{len(tests)} passed in {time.time() - start:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
