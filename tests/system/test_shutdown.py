"""Orderly shutdown: SIGTERM, grace, SIGKILL, then ACPI S5 power-off ends QEMU."""
import time


def test_poweroff_needs_admin_and_ends_qemu(machine):
    m = machine(cmdline="bootconf=powertest.conf")
    m.expect(r"powertest: unprivileged poweroff: (\w+)\r*\n", timeout=60)
    assert m.con.match.group(1) == "refused"
    t0 = time.monotonic()
    m.expect(r"procmgr: shutdown requested by pid \d+: sending SIGTERM")
    m.expect("procmgr: powering off", timeout=15)
    status = m.wait_exit(timeout=10)
    took = time.monotonic() - t0
    out = m.output()
    # The ever-restarted service was not started again once the shutdown began.
    after = out.split("shutdown requested by")[1]
    assert "init: started pmchild" not in after
    assert "did not work" not in out
    assert status == 0, out[-2000:]
    assert took < 10


def test_reboot_resets_the_machine(machine):
    m = machine(cmdline="bootconf=reboottest.conf")
    m.expect("procmgr: rebooting", timeout=60)
    status = m.wait_exit(timeout=10)
    assert "did not work" not in m.output()
    assert status == 0
