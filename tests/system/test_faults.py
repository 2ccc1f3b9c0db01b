"""Deliberate kernel faults must produce a report naming the faulting function, then halt."""
import pytest

CASES = [
    ("null", r"KERNEL FAULT: page fault \(vector 14\) in crash_null_deref",
     r"page fault at 0000000000000008: not-present write kernel"),
    ("write-text", r"KERNEL FAULT: page fault \(vector 14\) in crash_write_text",
     r"protection write kernel"),
    ("stack-overflow", r"KERNEL FAULT: double fault \(vector 8\) in crash_recurse",
     r"kernel stack overflow"),
    ("stack-smash", r"KERNEL PANIC: stack protector: stack smashing detected",
     r"__stack_chk_fail\+0x[0-9a-f]+\r?\n\s+#2 [0-9a-f]+ crash_stack_smash"),
    ("heap-overflow", r"KERNEL PANIC: kfree: heap overflow past the end of", r"#2 [0-9a-f]+ crash_run"),
    ("double-free", r"KERNEL PANIC: kfree: double free of", r"#2 [0-9a-f]+ crash_run"),
]


@pytest.mark.parametrize("what,report,detail", CASES, ids=[c[0] for c in CASES])
def test_fault_report(machine, what, report, detail):
    m = machine(cmdline=f"crash={what} panic_exit")
    m.expect(f"crash: triggering '{what}'", timeout=60)
    m.expect(report, timeout=30)
    out_after = m.expect(r"System halted\.", timeout=30)
    assert out_after
    import re
    text = m.output()
    assert re.search(detail, text), f"expected {detail!r} in report:\n{text}"
    if what in ("null", "write-text", "stack-overflow"):
        assert "RIP " in text and "CR2 " in text, "register dump missing"
    assert "did not fault" not in text
    assert m.wait_exit() == (0x7F << 1) | 1
