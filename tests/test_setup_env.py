"""`scripts/setup-env` (behind `scripts/start-sandbox`) does nothing when nothing changed."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / ".venv" / ".setup-env-stamp"


def _setup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "setup-env"), *args],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )


def test_a_second_setup_installs_nothing_and_prints_nothing() -> None:
    first = _setup("--test")  # installs only if this checkout never was
    assert first.returncode == 0, first.stderr
    assert STAMP.is_file()
    editable = sorted((ROOT / ".venv").glob("lib/python*/site-packages/__editable__*"))
    before = [STAMP.stat().st_mtime_ns, *(path.stat().st_mtime_ns for path in editable)]

    began = time.monotonic()
    again = _setup()  # what start-sandbox runs: the product alone, covered by --test
    seconds = time.monotonic() - began

    assert again.returncode == 0
    assert again.stdout == "" and again.stderr == ""  # no setuptools warning block
    after = [STAMP.stat().st_mtime_ns, *(path.stat().st_mtime_ns for path in editable)]
    assert after == before
    assert seconds < 10, f"took {seconds:.1f} s"
