"""The user-mode kernel test suite (user/test/kuser) run as the first process."""
import re

# Every case prints "ktest-user: <name> ok" or "ktest-user: <name> FAIL (<file>:<line>: ...)";
# the suite ends with a summary line. The fuzz case alone makes 100,000 system calls.
SUMMARY = r"ktest-user: (\d+) passed, (\d+) failed"
MIN_CASES = 150


def test_kuser_suite(machine):
    m = machine(cmdline="init=kuser")
    try:
        res = m.expect(SUMMARY, timeout=300)
    except Exception:
        out = m.output()
        last = [l for l in out.splitlines() if l.startswith("ktest-user:")][-5:]
        raise AssertionError(
            "no kuser summary line; last results:\n" + "\n".join(last) +
            "\n--- console tail ---\n" + "\n".join(out.splitlines()[-40:]))
    passed, failed = int(res.group(1)), int(res.group(2))
    out = m.output()
    fails = [l for l in out.splitlines() if l.startswith("ktest-user:") and " FAIL (" in l]
    fuzz = [l for l in out.splitlines() if l.startswith("kuser-fuzz:")][:2]
    print(f"kuser: {passed} passed, {failed} failed")
    print("\n".join(fuzz))
    assert failed == 0, f"{failed} failing kuser cases:\n" + "\n".join(fails)
    assert not fails, "\n".join(fails)
    assert passed >= MIN_CASES, f"only {passed} kuser cases passed"
    assert "KERNEL PANIC" not in out and "KERNEL FAULT" not in out
