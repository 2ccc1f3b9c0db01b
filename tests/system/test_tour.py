"""The newcomer's tour (shared/TOUR.md), the parts that work today, on the serial console."""
import datetime

import pytest

from test_login import Console


@pytest.fixture
def admin(machine):
    c = Console(machine())
    assert c.login("admin", "admin") == 0
    return c


def test_tour_files_and_images(admin):
    assert "Welcome to CLUU" in admin.run("cat /etc/welcome.txt")
    assert "capabilit" in admin.run("cat /etc/architecture.txt")
    top = admin.run("ls /").split()
    for d in ["bin", "etc", "home", "tmp", "var", "dev"]:
        assert d in top
    images = admin.run("ls /var/images").split()
    for name in ["hello", "login", "sh", "su", "ls"]:
        assert name in images
    assert "admin:x:1000:1000" in admin.run("cat /etc/passwd")
    assert "hello" in admin.run("container list")
    # hello greets on the console; its parent is crun, the shell's job.
    assert "hello: pid" in admin.run("container run hello; echo rc=$?")
    assert "rc=0" in admin.run("container run hello; echo rc=$?")
    assert "no such image" in admin.run("container run nosuch")
    assert str(datetime.datetime.now(datetime.timezone.utc).year) in admin.run("date +%Y")


def test_tour_spawn_pipes_and_jobs(admin):
    admin.run("spawn mkdir /tmp/demo")
    admin.run("spawn mkdir /tmp/demo/inner")
    assert admin.run("ls /tmp/demo").split() == ["inner"]
    admin.run("spawn rm -r /tmp/demo")
    assert "demo" not in admin.run("ls /tmp").split()
    out = admin.run("ls /bin | grep m > /tmp/m.txt; cat < /tmp/m.txt").split()
    assert "mkdir" in out and "rm" in out and "ls" not in out
    admin.m.con.send("spawnbg sleep 30\r")
    admin.m.expect(r"\[1\] \d+")
    assert "sleep" in admin.run("jobs")
    admin.run("kill %1")
    assert "sleep" not in admin.run("jobs; jobs")
