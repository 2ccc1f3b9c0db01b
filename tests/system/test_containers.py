"""Containers: each mount policy and each profile right, refused when absent and granted when
present. The test images are installed the way an administrator would: manifests written to
/var/images/NAME/manifest (as root, through sudo), then `container run NAME ARGS`."""
import pytest

from test_login import Console

# name -> (profile, mount lines, entrypoint)
IMAGES = {
    "t-priv": ("IPC VFS", ["/tmp private"], "/bin/sh"),
    "t-ro": ("IPC VFS", ["/tmp readonly"], "/bin/sh"),
    "t-none": ("IPC VFS", ["/tmp none"], "/bin/sh"),
    "t-inherit": ("IPC VFS", ["/tmp inherit"], "/bin/sh"),
    "t-novfs": ("IPC", [], "/bin/cat"),
    "t-noadmin": ("IPC VFS", [], "/bin/poweroff"),
    "t-nosup": ("IPC VFS", [], "/bin/su"),
    "t-noentry": ("IPC VFS", [], "/bin/nosuch"),
}


def manifest(name, profile, mounts, entry):
    lines = [f"name {name}", "from scratch", f"profile {profile}"]
    lines += [f"mount {m}" for m in mounts]
    lines += ["restart no", f'entrypoint ["{entry}"]']
    return "\\n".join(lines) + "\\n"


@pytest.fixture(scope="module")
def admin():
    from cluu_qemu import Machine
    m = Machine()
    c = Console(m)
    assert c.login("admin", "admin") == 0
    for name, (profile, mounts, entry) in IMAGES.items():
        c.run(f"printf '{manifest(name, profile, mounts, entry)}' > /tmp/{name}.manifest")
    # not a capability: the manifest parser refuses it
    c.run("printf 'name t-bad\\nprofile IPC ROOT\\n' > /tmp/t-bad.manifest")
    script = "; ".join(f"mkdir -p /var/images/{n} && cp /tmp/{n}.manifest /var/images/{n}/manifest"
                       for n in list(IMAGES) + ["t-bad"])
    c.run(f"printf '{script}\\n' > /tmp/install.sh")
    c.sudo("sh /tmp/install.sh", "admin")
    assert "t-priv" in c.run("container list")
    yield c
    m.close()


def test_inherit_shares_the_parents_tmp(admin):
    admin.run("echo outside > /tmp/shared.txt")
    out = admin.run("container run t-inherit -c 'cat /tmp/shared.txt; echo inside > /tmp/made.txt'")
    assert "outside" in out
    assert "inside" in admin.run("cat /tmp/made.txt")
    # spawn mkdir then spawn rm -r see the same /tmp (each program's own image, inherit)
    admin.run("spawn mkdir /tmp/demo")
    assert "demo" in admin.run("ls /tmp").split()
    admin.run("spawn rm -r /tmp/demo")
    assert "demo" not in admin.run("ls /tmp").split()


def test_private_gives_a_fresh_tmp(admin):
    admin.run("echo outside > /tmp/visible.txt")
    out = admin.run("container run t-priv -c 'ls -a /tmp; echo mine > /tmp/mine.txt; "
                    "cat /tmp/mine.txt; ls -ld /tmp'")
    assert "visible.txt" not in out
    assert "mine" in out
    assert "drwxrwxrwt" in out  # the private /tmp keeps the mode of the one it replaces
    assert "No such file" in admin.run("cat /tmp/mine.txt")
    # a second run starts empty again
    assert "mine.txt" not in admin.run("container run t-priv -c 'ls /tmp'")
    # .. from the private /tmp leads to the real root
    assert "etc" in admin.run("container run t-priv -c 'cd /tmp/.. && ls'").split()


def test_readonly_refuses_writes(admin):
    admin.run("echo keep > /tmp/ro.txt")
    out = admin.run("container run t-ro -c 'cat /tmp/ro.txt; echo x > /tmp/ro.txt; "
                    "echo y > /tmp/new.txt; mkdir /tmp/d; rm -f /tmp/ro.txt; echo rc=$?'")
    assert "keep" in out
    assert out.count("Read-only file system") >= 3
    assert "rc=1" in out
    assert "keep" in admin.run("cat /tmp/ro.txt")
    assert "No such file" in admin.run("ls /tmp/new.txt")
    # outside /tmp the same container may write where its user may
    out = admin.run("container run t-ro -c 'echo ok > /home/admin/rw.txt && cat /home/admin/rw.txt'")
    assert "ok" in out


def test_none_hides_tmp(admin):
    out = admin.run("container run t-none -c 'ls /tmp; echo x > /tmp/f; echo rc=$?'")
    assert "No such file or directory" in out
    assert "rc=2" in out  # a failed redirection (POSIX: status > 0; dash and our sh say 2)
    assert "passwd" in admin.run("container run t-none -c 'ls /etc'")


def test_without_vfs_no_file_opens(admin):
    # cat runs as admin, who may read welcome.txt, but its container has no VFS right
    out = admin.run("container run t-novfs /etc/welcome.txt; echo rc=$?")
    assert "Welcome" not in out
    assert "cat: /etc/welcome.txt: " in out  # an error, whichever
    assert "rc=1" in out
    assert "Welcome" in admin.run("cat /etc/welcome.txt")


def test_without_admin_no_shutdown(admin):
    out = admin.sudo("crun t-noadmin", "admin")
    assert "not permitted" in out
    assert "up" in admin.run("echo still up")


def test_without_supervisor_no_credential_change(admin):
    out = admin.sudo("crun t-nosup guest -c id", "admin")
    assert "uid=1001" not in out
    assert "su: cannot change credentials" in out
    assert "uid=0" in admin.sudo("id", "admin")


def test_bad_images_launch_nothing(admin):
    out = admin.run("container run t-bad; echo rc=$?")
    assert "malformed manifest or missing entrypoint" in out and "rc=126" in out
    out = admin.run("container run t-noentry; echo rc=$?")
    assert "malformed manifest or missing entrypoint" in out and "rc=126" in out


def test_init_restarts_containers_as_declared(machine):
    """init runs `container NAME` lines with the RESTART policy of the image's Cluufile:
    hello's says on-failure max=3 backoff=100."""
    m = machine(cmdline="bootconf=containertest.conf")
    m.expect(r"a container's restart comes from its Cluufile", timeout=60)
    m.expect(r"procmgr: container 'nosuch': error -2", timeout=60)
    m.expect(r"init: restarting hello in 100 ms \(restart 1 of 3\)", timeout=60)
    m.expect(r"init: hello \(pid \d+\) exited with status 0", timeout=60)
    m.expect(r"init: restarting hello in 200 ms \(restart 2 of 3\)", timeout=60)
    m.expect(r"init: restarting hello in 400 ms \(restart 3 of 3\)", timeout=60)
    m.expect(r"init: hello failed 3 times; giving up", timeout=60)
    log = open(m.log_path).read()
    # the clean exit was not restarted: four runs of "hello 3", one of "hello 0"
    assert log.count("2 arguments: /bin/hello 3") == 4
    assert log.count("2 arguments: /bin/hello 0") == 1
