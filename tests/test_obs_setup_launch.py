"""`obs setup` starts OBS with ``--multi`` and says what happens when OBS does not come up.

OBS here is a stand-in ``obs`` on PATH that records its arguments and then ends, or hangs
without ever opening a WebSocket server; the real OBS, started with ``--multi`` while
another OBS runs, is in ``test_obs_setup_real_obs.py``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from comprimato_companion.obs.install import ObsInstall, launch_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def stand_in_obs(tmp_path: Path) -> Iterator[Callable[[str], tuple[dict[str, str], Path]]]:
    """``make(body)``: an environment whose PATH finds an ``obs`` running the shell
    ``body`` (after writing its arguments and process id), and the arguments' file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    argv_file = tmp_path / "obs-argv"
    pid_file = tmp_path / "obs-pid"

    def make(body: str) -> tuple[dict[str, str], Path]:
        script = bin_dir / "obs"
        script.write_text(
            "#!/bin/sh\n"
            f"echo $$ > '{pid_file}'\n"
            f"printf '%s\\n' \"$@\" > '{argv_file}'\n"
            f"{body}\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        env = dict(os.environ)
        env.pop("OBS_WEBSOCKET_URL", None)
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
        return env, argv_file

    yield make
    if pid_file.exists():  # it runs in a session of its own: its pid is its group
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.killpg(int(pid_file.read_text().strip()), signal.SIGKILL)


def setup(env: dict[str, str], timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "obs", "setup", "--timeout", f"{timeout:g}"],
        capture_output=True, text=True, timeout=timeout + 60, env=env, cwd=ROOT, check=False,
    )
    return done, time.monotonic() - began


def test_obs_is_started_with_multi_and_its_early_end_is_said_at_once(
    stand_in_obs: Callable[[str], tuple[dict[str, str], Path]],
) -> None:
    env, argv_file = stand_in_obs("exit 3")
    done, seconds = setup(env, timeout=30)
    assert argv_file.read_text().split() == ["--multi"]
    assert done.returncode == 5, done.stderr
    assert seconds < 15, f"waited {seconds:.1f} s for an OBS that had ended"
    assert "ended right after it was started (exit status 3)" in done.stderr
    assert "applications menu" in done.stderr


def test_an_obs_that_never_answers_is_not_waited_for_in_silence(
    stand_in_obs: Callable[[str], tuple[dict[str, str], Path]],
) -> None:
    env, _ = stand_in_obs("exec sleep 120")  # runs, never opens a WebSocket server
    done, _ = setup(env, timeout=12)
    assert done.returncode == 5, done.stderr
    assert "Still waiting for OBS to answer (10 s so far)" in done.stdout, done.stdout
    assert "was started 12 s ago, but its WebSocket server never answered" in done.stderr
    assert "Safe Mode" in done.stderr  # what may be holding it, and what to choose


@pytest.mark.parametrize(
    ("install", "expected"),
    [
        (ObsInstall("native", ("obs",), Path("c")), ["obs", "--multi"]),
        (ObsInstall("flatpak", ("flatpak", "run", "com.obsproject.Studio"), Path("c")),
         ["flatpak", "run", "com.obsproject.Studio", "--multi"]),
        (ObsInstall("macos", ("open", "-a", "/Applications/OBS.app"), Path("c")),
         ["open", "-a", "/Applications/OBS.app", "--args", "--multi"]),
        (ObsInstall("windows", ("C:/obs/bin/64bit/obs64.exe",), Path("c")),
         ["C:/obs/bin/64bit/obs64.exe", "--multi"]),
    ],
)
def test_every_kind_of_obs_gets_multi(install: ObsInstall, expected: list[str]) -> None:
    assert launch_command(install) == expected
