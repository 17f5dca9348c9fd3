"""The installed PySide6 keeps None's reference count right on this Python.

PySide6 6.12.0 returned None from every void method without a reference: after some
thousand calls CPython 3.11 aborts ("none_dealloc: deallocating None"; 3.12+ hides it,
None being immortal there). pyproject.toml excludes the 6.12 series; this test runs the
same loop that aborts with 6.12.0 (exit 134, seen on Python 3.11.7) against the
installed release.
"""

from __future__ import annotations

import subprocess
import sys

LOOP = """
import sys
from PySide6.QtCore import QCoreApplication, QObject
app = QCoreApplication([])
obj = QObject()
before = sys.getrefcount(None)
for _ in range(100_000):
    obj.setObjectName("x")
    obj.blockSignals(False)
print(before - sys.getrefcount(None))
"""


def test_void_methods_keep_none_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOOP], capture_output=True, text=True, timeout=120, check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 100  # no leak of None references either way
