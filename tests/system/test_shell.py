"""The shell inside CLUU on the serial console: pipelines, redirections, job control keys,
completion, history and line editing (one boot for the whole module).

Typed lines are written so that the output looked for never appears in the echo of what was
typed (an empty "" splits the word), so a match proves the command ran.
"""
import re
import time
import tty as host_tty

import pytest

from cluu_qemu import Machine
from test_login import Console

PROMPT = r"\$ "
LEFT, UP = "\x1b[D", "\x1b[A"
CTRL_A, CTRL_C, CTRL_E, CTRL_W, CTRL_Z = "\x01", "\x03", "\x05", "\x17", "\x1a"


@pytest.fixture(scope="module")
def sh():
    m = Machine()
    c = Console(m)
    try:
        assert c.login("admin", "admin") == 0
        # Our side of the pseudo-terminal passes Ctrl-C and Ctrl-Z to the guest instead of
        # turning them into signals for QEMU.
        host_tty.setraw(m.con.child_fd)
        yield c
    finally:
        m.close()


def line_out(sh, text, timeout=60):
    """Waits for text as a whole line of output, then for the prompt."""
    sh.m.expect(r"\r\n" + re.escape(text) + r"\r*\n", timeout=timeout)
    sh.m.expect(PROMPT, timeout=timeout)


def test_pipeline_of_three_programs(sh):
    assert sh.run("seq 1 12 | grep 1 | wc -l").split() == ["4"]
    assert sh.run("seq 1 100 | sort -r | head -n 3").split() == ["99", "98", "97"]


def test_redirections(sh):
    out = sh.run("seq 1 3 > /tmp/r.txt; echo four >> /tmp/r.txt; wc -l < /tmp/r.txt")
    assert out.split() == ["4"]
    assert sh.run("cat /tmp/r.txt").split() == ["1", "2", "3", "four"]
    # 2> catches only the error; 2>&1 sends both to the same file, in order.
    out = sh.run("ls /tmp/r.txt /nosuch 2> /tmp/err.txt; echo --; cat /tmp/err.txt")
    before, after = out.split("--")
    assert "/tmp/r.txt" in before and "nosuch" not in before
    assert "nosuch" in after and "r.txt" not in after
    out = sh.run("ls /tmp/r.txt /nosuch > /tmp/both.txt 2>&1; echo st=$?; cat /tmp/both.txt")
    assert "st=0" not in out and "nosuch" in out and "/tmp/r.txt" in out
    # A here-document typed at the prompt: continuation prompts, expansion in the body.
    sh.m.con.send("cat <<END | grep -v skipped\r")
    sh.m.expect("> ")
    sh.m.con.send("here $((6 * 7))\r")
    sh.m.expect("> ")
    sh.m.con.send("skipped line\r")
    sh.m.expect("> ")
    sh.m.con.send("END\r")
    line_out(sh, "here 42")


def test_ctrl_c_ends_the_foreground_job(sh):
    sh.m.con.send("sleep 300\r")
    time.sleep(3)  # let sleep start and take the terminal
    start = time.monotonic()
    sh.m.con.send(CTRL_C)
    sh.m.expect(PROMPT, timeout=30)
    assert time.monotonic() - start < 30
    sh.m.con.send('echo "st=$?"\r')  # not through sh.run, whose first echo resets $?
    line_out(sh, "st=130")
    assert "sleep" not in sh.run("jobs")


def test_ctrl_z_then_bg_and_fg(sh):
    sh.m.con.send("sleep 300\r")
    time.sleep(3)
    sh.m.con.send(CTRL_Z)
    sh.m.expect(r"\[1\]\+?\s+Stopped\s+sleep 300", timeout=30)
    sh.m.expect(PROMPT)
    assert re.search(r"\[1\].*Stopped.*sleep 300", sh.run("jobs"))
    sh.m.con.send("bg %1\r")
    sh.m.expect(PROMPT)
    assert re.search(r"\[1\].*Running.*sleep 300", sh.run("jobs"))
    # fg gives it the terminal again: the shell waits, and Ctrl-C now reaches sleep.
    sh.m.con.send("fg %1\r")
    sh.m.expect("sleep 300", timeout=30)
    time.sleep(2)
    sh.m.con.send(CTRL_C)
    sh.m.expect(PROMPT, timeout=30)
    sh.m.con.send('echo "st=$?"\r')  # not through sh.run, whose first echo resets $?
    line_out(sh, "st=130")
    assert sh.run("jobs").strip() == ""


def test_tab_completion(sh):
    # A command: "whoa" has one completion, whoami.
    sh.m.con.send("whoa\t")
    sh.m.expect("whoami ", timeout=30)
    sh.m.con.send("\r")
    line_out(sh, "admin")
    # A path.
    sh.m.con.send("cat /etc/welc\t")
    sh.m.expect("welcome.txt ", timeout=30)
    sh.m.con.send("\r")
    sh.m.expect("Welcome to CLUU", timeout=30)
    sh.m.expect(PROMPT)
    # Several choices: the first Tab completes nothing, the second lists them.
    sh.m.con.send("un\t")
    time.sleep(1)
    sh.m.con.send("\t")
    listing = sh.m.expect(r"\n([^\n]*uniq[^\n]*)\r*\n", timeout=30).group(1)
    for name in ["unalias", "uname", "uniq", "unset"]:
        assert name in listing
    # The line is redrawn with what was typed; finish it as a command.
    sh.m.expect("un", timeout=30)
    sh.m.con.send("ame\r")
    line_out(sh, "CLUU")


def test_up_arrow_recalls_history(sh):
    sh.m.con.send('echo hist""ory-$((1 + 1))\r')
    line_out(sh, "history-2")
    sh.m.con.send(UP)
    sh.m.expect(re.escape('echo hist""ory-$((1 + 1))'), timeout=30)
    sh.m.con.send("\r")
    line_out(sh, "history-2")
    assert 'echo hist""ory-$((1 + 1))' in sh.run("history")


def test_in_line_editing(sh):
    # Cursor left, then insert in the middle of the line.
    sh.m.con.send('echo w""rld' + LEFT * 3 + "o\r")
    line_out(sh, "world")
    # Ctrl-A to the start, Ctrl-E to the end.
    sh.m.con.send('cho A""B' + CTRL_A + "e" + CTRL_E + "C\r")
    line_out(sh, "ABC")
    # Ctrl-W deletes the word before the cursor.
    sh.m.con.send('echo K""eep dr""op' + CTRL_W + 't""ail\r')
    line_out(sh, "Keep tail")
