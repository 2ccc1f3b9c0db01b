"""Boot to the kernel banner under SeaBIOS and OVMF, and the in-kernel test suite."""
import re
import time

import pytest


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_banner(machine, firmware):
    m = machine(firmware=firmware)
    m.expect(r"CLUU (\d+\.\d+\.\d+) \(x86_64\)", timeout=90)
    wall = time.monotonic() - m.started
    mem = m.expect(r"memory: (\d+) MiB usable, (\d+) MiB free")
    assert 400 <= int(mem.group(1)) <= 512
    assert 0 < int(mem.group(2)) <= int(mem.group(1))
    feats = m.expect(r"features in use:([^\r\n]*)\r*\n")
    for f in ["NX", "SMEP", "SMAP", "WP", "stack-protector"]:
        assert f in feats.group(1).split(), f"{f} missing from banner: {feats.group(1)}"
    ms = m.expect(r"boot: (\d+) ms from kernel entry")
    assert int(ms.group(1)) < 5000
    m.expect("CLUU: kernel ready")
    print(f"{firmware}: banner after {wall:.2f} s wall clock")


def test_ktest_suite_passes(machine):
    m = machine(cmdline="ktest exit")
    res = m.expect(r"ktest: (\d+) passed, (\d+) failed", timeout=120)
    passed, failed = int(res.group(1)), int(res.group(2))
    out = m.output()
    fails = [l for l in out.splitlines() if l.startswith("ktest:") and l.rstrip().endswith("FAIL")]
    assert failed == 0, "failing ktests:\n" + "\n".join(fails)
    assert passed >= 25
    # isa-debug-exit: status (0 << 1) | 1 when every case passed.
    assert m.wait_exit() == 1
    print(f"ktest: {passed} passed, {failed} failed")


def test_ktest_under_uefi(machine):
    m = machine(firmware="uefi", cmdline="ktest exit")
    res = m.expect(r"ktest: (\d+) passed, (\d+) failed", timeout=120)
    assert int(res.group(2)) == 0
