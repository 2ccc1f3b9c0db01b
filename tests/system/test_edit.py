"""The editor inside CLUU, driven over the serial console as a person would: open a file,
move, insert and delete, search, save, quit; then cat shows the file. One boot for the
module. After each key the test waits for the status bar's "Ln L, Col C" so keys never race
the screen."""
import re
import time
import tty as host_tty

import pytest

from cluu_qemu import Machine
from test_login import Console

UP, DOWN, LEFT, RIGHT = "\x1b[A", "\x1b[B", "\x1b[D", "\x1b[C"
HOME, END, DEL = "\x1b[H", "\x1b[F", "\x1b[3~"
BACKSPACE = "\x7f"
CTRL_F, CTRL_Q, CTRL_S = "\x06", "\x11", "\x13"


@pytest.fixture(scope="module")
def con():
    m = Machine()
    c = Console(m)
    try:
        assert c.login("admin", "admin") == 0
        host_tty.setraw(m.con.child_fd)  # Ctrl-Q, Ctrl-S and Ctrl-F go to the guest
        yield c
    finally:
        m.close()


def key(c, k, pos=None, text=None, timeout=60):
    """Sends one key; waits for the cursor position (line, column) or a text on screen."""
    c.m.con.send(k)
    if pos:
        c.m.expect(rf"Ln {pos[0]}, Col {pos[1]} ", timeout=timeout)
    if text:
        c.m.expect(re.escape(text), timeout=timeout)
    if not pos and not text:
        time.sleep(0.5)


def typed(c, s, line, col):
    """Types s a character at a time, ending at (line, col)."""
    for i, ch in enumerate(s):
        key(c, ch, pos=(line, col - len(s) + i + 1))


def open_editor(c, path, lines):
    c.m.con.send(f"edit {path}\r")
    c.m.expect(rf"{re.escape(path)} - {lines} lines", timeout=60)
    c.m.expect(r"Ln 1, Col 1 ", timeout=60)


def test_edit_search_save_and_cat(con):
    con.run("printf 'alpha\\nbravo\\ncharlie\\ndelta charm\\n' > /tmp/e.txt")
    open_editor(con, "/tmp/e.txt", 4)
    # Delete forward twice at the start of the file: "alpha" -> "pha".
    key(con, DEL, text="[modified]")
    key(con, DEL, pos=(1, 1))
    # Down and End, then insert: "bravo" -> "bravo-two".
    key(con, DOWN, pos=(2, 1))
    key(con, END, pos=(2, 6))
    typed(con, "-tw", 2, 9)
    key(con, "x", pos=(2, 10))
    key(con, BACKSPACE, pos=(2, 9))  # a typo, rubbed out
    typed(con, "o", 2, 10)
    # Search: the first "char" after the cursor is in "charlie".
    key(con, CTRL_F, text="Find:")
    typed_find = "char"
    for ch in typed_find:
        con.m.con.send(ch)
        time.sleep(0.3)
    con.m.expect(r"Ln 3, Col 1 ", timeout=60)
    key(con, "\r", pos=(3, 1))
    typed(con, "X", 3, 2)
    # Search again and go on to the next match ("charm"), with Down.
    key(con, CTRL_F, text="Find:")
    for ch in typed_find:
        con.m.con.send(ch)
        time.sleep(0.3)
    con.m.expect(r"Ln 3, Col 2 ", timeout=60)
    key(con, DOWN, pos=(4, 7))
    key(con, "\r", pos=(4, 7))
    typed(con, "Y", 4, 8)
    # Enter splits the line; Left moves back over text.
    key(con, END, pos=(4, 13))
    key(con, LEFT, pos=(4, 12))
    key(con, "\r", pos=(5, 1))
    # Save, then quit without a question.
    expected = "pha\nbravo-two\nXcharlie\ndelta Ychar\nm\n"
    key(con, CTRL_S, text=f"Wrote {len(expected)} bytes to /tmp/e.txt")
    con.m.con.send(CTRL_Q)
    con.m.expect(r"[$#] ", timeout=60)
    assert con.run("cat /tmp/e.txt") == expected


def test_quit_with_unsaved_changes_asks_first(con):
    con.run("printf 'keep me\\n' > /tmp/q.txt")
    open_editor(con, "/tmp/q.txt", 1)
    typed(con, "zz", 1, 3)
    key(con, CTRL_Q, text="Unsaved changes!")
    # Any key other than y or s stays in the editor, with the change still there.
    key(con, "n", pos=(1, 3))
    typed(con, "z", 1, 4)
    key(con, CTRL_Q, text="Unsaved changes!")
    con.m.con.send("y")
    con.m.expect(r"[$#] ", timeout=60)
    assert con.run("cat /tmp/q.txt") == "keep me\n"
    # "s" at the question saves, then quits.
    open_editor(con, "/tmp/q.txt", 1)
    key(con, END, pos=(1, 8))
    typed(con, "!", 1, 9)
    key(con, CTRL_Q, text="Unsaved changes!")
    con.m.con.send("s")
    con.m.expect(r"[$#] ", timeout=60)
    assert con.run("cat /tmp/q.txt") == "keep me!\n"


def test_a_file_that_cannot_be_written_keeps_the_buffer(con):
    before = con.run("cat /etc/passwd")
    n = before.count("\n")
    open_editor(con, "/etc/passwd", n)
    typed(con, "#", 1, 2)
    key(con, CTRL_S, text="Cannot save /etc/passwd: Permission denied")
    # Still editing, the change still there: the question comes on quitting.
    key(con, CTRL_Q, text="Unsaved changes!")
    con.m.con.send("y")
    con.m.expect(r"[$#] ", timeout=60)
    assert con.run("cat /etc/passwd") == before


def test_ctrl_z_suspends_like_any_job(con):
    con.run("printf 'job\\n' > /tmp/z.txt")
    open_editor(con, "/tmp/z.txt", 1)
    key(con, END, pos=(1, 4))
    typed(con, "s", 1, 5)
    # Ctrl-Z: the editor gives the terminal back and stops; the shell says so.
    con.m.con.send("\x1a")
    con.m.expect(r"Stopped\s+edit /tmp/z.txt", timeout=60)
    con.m.expect(r"[$#] ", timeout=60)
    assert re.search(r"Stopped.*edit /tmp/z.txt", con.run("jobs"))
    # fg: the editor takes the terminal again with the unsaved change still there.
    con.m.con.send("fg\r")
    con.m.expect(r"z.txt \[modified\] - 1 lines", timeout=60)
    typed(con, "!", 1, 6)
    key(con, CTRL_S, text="Wrote 6 bytes to /tmp/z.txt")
    con.m.con.send(CTRL_Q)
    con.m.expect(r"[$#] ", timeout=60)
    assert con.run("cat /tmp/z.txt; jobs") == "jobs!\n"
