"""init, the name registry and procmgr, driven by the pmtest program (user/pmtest)."""
import re


def test_default_boot_starts_services_and_login(machine):
    m = machine()
    m.expect(r"procmgr: ready", timeout=60)
    m.expect(r"virtio-blk: blk0 ready")
    m.expect(r"vfs: blk0 mounted on / \(ext2\)")
    m.expect(r"tty: attached /dev/ttyS0")
    pid = m.expect(r"init: started hello \(pid (\d+)\)").group(1)
    m.expect(rf"hello: pid {pid} \(parent 1\), 6 arguments: hello hello from the boot configuration")
    # hello's exit and the login prompt come in either order.
    seen = set()
    while len(seen) < 2:
        seen.add(m.con.expect([rf"init: hello \(pid {pid}\) exited with status 0",
                               r"CLUU login: "], timeout=60))


def test_pmtest_suite(machine):
    m = machine(cmdline="bootconf=pmtest.conf")
    res = m.expect(r"pmtest: (\d+) passed, (\d+) failed", timeout=120)
    out = m.output()
    fails = [l for l in out.splitlines() if l.startswith("pmtest:") and "FAIL" in l]
    assert int(res.group(2)) == 0, "\n".join(fails)
    assert int(res.group(1)) >= 20
    assert "pmchild: reparented to init" in out
    assert re.search(r"pmtest: kernel free pages (\d+) -> \1\b", out)
    m.expect(r"init: pmtest \(pid 3\) exited with status 0")


def test_restart_policy_with_backoff(machine):
    m = machine(cmdline="bootconf=pmtest.conf")
    for i, delay in enumerate([100, 200, 400, 800, 1600], start=1):
        m.expect(rf"init: restarting crasher in {delay} ms \(restart {i} of 5\)", timeout=60)
    m.expect(r"init: crasher failed 5 times; giving up", timeout=30)
    out = m.output()
    # Every crash was a page fault reported as SIGSEGV, never a kernel panic.
    assert len(re.findall(r"init: crasher \(pid \d+\) killed by signal 11", out)) == 6
    assert "KERNEL" not in out
