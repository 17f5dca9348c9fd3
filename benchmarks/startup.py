"""1. Start-up: ``python -m app --sandbox --quit-after-startup`` against a bare QLabel.

Both are timed from process start to exit, on the same platform plugin (offscreen), with
the same Python; runs alternate so a busy moment of the machine hits both alike. The app
is also started with a store of 10,000 streams in its data folder (target 5).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from benchmarks.common import PYTHON, REPO, Row, isolated_env, median, temp_home

TARGET_RATIO = 1.5


def _time_once(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([PYTHON, *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-800:]}")
    return elapsed


def measure(runs: int, big_store_home: Path | None) -> list[Row]:
    bare_env = isolated_env(temp_home("bare"))
    app_env = isolated_env(temp_home("startup"))
    bare_args = ["-m", "benchmarks.bare_window"]
    app_args = ["-m", "app", "--sandbox", "--quit-after-startup"]
    # One untimed run of each warms the page cache (Qt's libraries are large).
    _time_once(bare_args, bare_env)
    _time_once(app_args, app_env)
    bare: list[float] = []
    app: list[float] = []
    big: list[float] = []
    big_env = isolated_env(big_store_home) if big_store_home else None
    for _ in range(runs):
        bare.append(_time_once(bare_args, bare_env))
        app.append(_time_once(app_args, app_env))
        if big_env is not None:
            big.append(_time_once(["-m", "app", "--quit-after-startup"], big_env))
    base = median(bare)
    rows = [
        Row("Start-up to first paint, then exit", median(app), base, "s",
            f"<= {TARGET_RATIO}x bare", median(app) <= TARGET_RATIO * base,
            f"median of {runs}; bare PySide6 QLabel as baseline"),
    ]
    if big:
        rows.append(
            Row("Start-up with 10,000 streams stored", median(big), base, "s",
                f"<= {TARGET_RATIO}x bare", median(big) <= TARGET_RATIO * base,
                f"median of {runs}; the store is read after the first paint")
        )
    return rows
