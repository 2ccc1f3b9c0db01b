"""Users and login on the serial console (the full system: disk, vfs, tty, login)."""
import re

import pexpect
import pytest



class Console:
    """A logged-in shell on ttyS0."""

    def __init__(self, m):
        self.m = m

    def login(self, user, password, prompt=r"\$ "):
        self.m.expect("CLUU login: ", timeout=90)
        self.m.con.send(user + "\r")
        self.m.expect("Password: ", timeout=30)
        self.m.con.send(password + "\r")
        return self.m.con.expect([prompt, "Login incorrect"], timeout=60)

    def run(self, cmd, prompt=r"[$#] ", timeout=60):
        """Runs cmd; returns what it printed (without the echoed command and the prompt)."""
        # The quotes keep the markers out of the echoed command line.
        self.m.con.send(f'echo BEGIN""-OUT; {cmd}; echo END""-OUT\r')
        self.m.expect(r"BEGIN-OUT\r*\n", timeout=timeout)
        self.m.expect("END-OUT", timeout=timeout)
        out = self.m.con.before
        self.m.expect(prompt, timeout=timeout)
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).replace("\r", "")

    def sudo(self, cmd, password):
        """Runs sudo cmd, answering its password prompt; returns what it printed."""
        self.m.con.send(f"sudo {cmd}; echo SUDO""-DONE\r")
        self.m.expect(r"\[sudo\] password for \w+: ", timeout=60)
        self.m.con.send(password + "\r")
        self.m.expect("SUDO-DONE", timeout=60)
        out = self.m.con.before
        self.m.expect(r"[$#] ")
        return out


@pytest.fixture
def console(machine):
    return Console(machine())


def test_wrong_password_is_rejected(console):
    assert console.login("admin", "wrong") == 1
    assert console.login("nosuchuser", "guest") == 1


def test_guest_is_confined(console):
    assert console.login("guest", "guest") == 0
    out = console.run("id")
    assert "uid=1001(guest)" in out
    assert "Permission denied" in console.run("cat /etc/shadow")
    assert "Permission denied" in console.run("touch /etc/owned")
    assert "Permission denied" in console.run("ls /home/admin")
    assert "not allowed" in console.run("sudo ls /")
    assert console.run("pwd").strip() == "/home/guest"
    console.m.con.send("exit\r")
    console.m.expect("CLUU login: ", timeout=60)


def test_admin_sudo(console):
    assert console.login("admin", "admin") == 0
    out = console.sudo("cat /etc/shadow", "admin")
    assert "root:*:" in out and "admin:$6$rounds=100000$" in out
    log = console.sudo("cat /var/log/auth.log", "admin")
    assert "admin logged in" in log and "admin ran cat as root" in log
    # The password is not echoed anywhere.
    after = console.m.output().split("[sudo] password for admin:")[1]
    assert "admin" not in after.split("\n", 1)[0]


def test_su_and_signalling_other_users(console):
    assert console.login("admin", "admin") == 0
    console.m.con.send("spawnbg sleep 300\r")
    pid = console.m.expect(r"\[1\] (\d+)").group(1)
    console.m.expect(r"\$ ")
    # su to guest with guest's password: a shell as guest.
    console.m.con.send("su guest\r")
    console.m.expect("Password: ", timeout=60)
    console.m.con.send("guest\r")
    console.m.expect(r"\$ ", timeout=60)
    assert "uid=1001(guest)" in console.run("id")
    # guest may not signal admin's process.
    assert "Operation not permitted" in console.run(f"kill {pid}")
    console.m.con.send("exit\r")  # back to admin's shell
    console.m.expect(r"\$ ", timeout=60)
    assert "uid=1000(admin)" in console.run("id")
    assert "Operation not permitted" not in console.run(f"kill {pid}")


def test_passwd_then_login_again(console):
    # Also the second login on the same terminal: the new session takes the terminal.
    assert console.login("guest", "guest") == 0
    console.m.con.send("passwd\r")
    console.m.expect("Current password: ", timeout=60)
    console.m.con.send("guest\r")
    console.m.expect("New password: ", timeout=60)
    console.m.con.send("s3cret-pw\r")
    console.m.expect("Retype new password: ", timeout=60)
    console.m.con.send("s3cret-pw\r")
    console.m.expect("password updated for guest", timeout=90)
    console.m.expect(r"\$ ")
    console.m.con.send("exit\r")
    assert console.login("guest", "guest") == 1
    assert console.login("guest", "s3cret-pw") == 0
    assert "uid=1001(guest)" in console.run("id")
