import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from cluu_qemu import Machine  # noqa: E402


@pytest.fixture
def machine():
    """Factory: machine(firmware=..., cmdline=...) boots a guest, closed after the test."""
    started = []

    def boot(**kw):
        m = Machine(**kw)
        started.append(m)
        return m

    yield boot
    for m in started:
        m.close()
