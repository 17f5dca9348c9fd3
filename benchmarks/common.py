"""What every benchmark shares: result rows, medians, child-process environments."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its baseline, the target and whether it is met.

    Attributes:
        name: what was measured.
        value: the app's figure (median of the runs), in ``unit``.
        baseline: the same figure for the baseline, measured in the same run (None: no
            baseline applies, e.g. an absolute memory figure).
        unit: "s", "ms", "MiB", "%".
        target: the target as a sentence ("<= 1.5x", "<= 100 MiB").
        passed: whether the target is met; None when it could not be measured.
        note: how it was measured, or why it could not be.
    """

    name: str
    value: float | None
    baseline: float | None
    unit: str
    target: str
    passed: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "GAP", None: "n/a"}[self.passed]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit in ("ms", "MiB"):
        return f"{value:.1f} {unit}"
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:g} {unit}"


PYCACHE = Path(tempfile.gettempdir()) / "comprimato-companion-bench-pycache"


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a benchmarked app process: its own HOME, no keyring, offscreen."""
    env = dict(os.environ)
    for name in ("COMPRIMATO_API_URL", "COMPRIMATO_API_KEY", "COMPRIMATO_INGEST_URL",
                 "COMPRIMATO_PLAYER_URL", "OBS_WEBSOCKET_URL", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    (home / ".config").mkdir(parents=True, exist_ok=True)
    (home / ".local" / "share").mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        QT_QPA_PLATFORM="offscreen",
        QT_LOGGING_RULES="qt.qpa.*=false",
        PYTHONPATH=str(REPO),
        # Compiled bytecode as an installed program has it (the warm-up run writes it),
        # kept out of the work tree; the bare baseline gets the same.
        PYTHONPYCACHEPREFIX=str(PYCACHE),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def temp_home(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"bench-{prefix}-"))


def closed_port() -> int:
    """A loopback TCP port nothing listens on (connecting is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_child(args: Sequence[str], env: dict[str, str], timeout: float) -> str:
    """Run a benchmark child process; its stdout, or an error with its stderr's tail."""
    done = subprocess.run(
        [PYTHON, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(args)} exited with {done.returncode}:\n{tail}")
    return done.stdout
