"""1. Start-up: first paint, and time to usable, against a bare PySide6 window.

Time to usable is ``python -m comprimato_companion ... --quit-when-ready``, timed from process
start to the
line it prints once the window is usable: the session started, the stream list shown,
Create enabled and the app linked to the OBS that runs. In sandbox mode the local
Comprimato starts in the process; in real mode the app talks HTTPS to the stand-in, whose
test CA it trusts through ``SSL_CERT_FILE``, and fetches the account's streams once. The
bare window is timed to the line it prints at its first paint, in the same run: runs
alternate so a busy moment of the machine hits all alike.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.common import PYTHON, REPO, Row, isolated_env, median, temp_home
from benchmarks.peers import Keyring, real_mode_env

FIRST_PAINT_RATIO = 1.5
USABLE_RATIO = 3.0
#: Real mode reads the API key from the keyring in a worker thread during start-up.
REAL_USABLE_RATIO = 3.3
USABLE_MARK = "Usable:"
PAINTED_MARK = "painted"


def _time_once(args: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-800:]}")
    return elapsed


def _time_to_line(args: list[str], env: dict[str, str], mark: str,
                  expect: str = "") -> tuple[float, float]:
    """Seconds from start to the stdout line starting with ``mark``, and to the exit.

    The process exits on its own; a non-zero status or no such line is an error.
    """
    started = time.perf_counter()
    child = subprocess.Popen([PYTHON, *args], env=env, cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    elapsed: float | None = None
    seen = ""
    for line in child.stdout:
        if elapsed is None and line.startswith(mark):
            elapsed = time.perf_counter() - started
            seen = line.strip()
    try:
        _, errors = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        raise RuntimeError(f"{' '.join(args)} did not exit after being usable") from None
    exited = time.perf_counter() - started
    if child.returncode != 0 or elapsed is None:
        raise RuntimeError(f"{' '.join(args)} exited with {child.returncode} "
                           f"({seen or 'never ready'}): {errors.strip()[-800:]}")
    if expect and expect not in seen:
        raise RuntimeError(f"{' '.join(args)}: expected {expect!r} in {seen!r}")
    return elapsed, exited


def with_keyring(env: dict[str, str], keyring: Keyring | None) -> dict[str, str]:
    """``env`` using ``keyring`` as a user's app uses the system's: detected, not forced."""
    if keyring is None:
        return env
    env = {**env, **keyring.env}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    return env


def measure(runs: int, obs_url: str, obs_what: str, standin: Any,
            big_home: Path | None, keyring: Keyring | None = None) -> list[Row]:
    """The start-up rows. With ``keyring`` (holding the stand-in's API key) the app reads
    its secrets from it, as a returning user's does; without, no keyring at all."""
    bare_env = isolated_env(temp_home("bare"))
    paint_env = with_keyring(isolated_env(temp_home("startup")), keyring)
    sandbox_env = with_keyring(
        isolated_env(temp_home("usable-sandbox"), OBS_WEBSOCKET_URL=obs_url), keyring
    )
    real_env = with_keyring(
        isolated_env(temp_home("usable-real"), **real_mode_env(standin, obs_url, keyring)),
        keyring,
    )
    big_env = (with_keyring(isolated_env(big_home, **real_mode_env(standin, obs_url, keyring)),
                            keyring)
               if big_home is not None else None)
    # The same real mode without any keyring: what the keyring adds to the wait.
    plain_env = (isolated_env(temp_home("usable-plain"), **real_mode_env(standin, obs_url))
                 if keyring is not None else None)
    secrets = (f"secrets read from the system keyring ({keyring.what})" if keyring is not None
               else "no keyring (backend: fail), the API key from COMPRIMATO_API_KEY")
    # How the app reads the API key during its start-up (app/storage/secret_service.py).
    reader = ", the API key in a worker thread" if keyring is not None else ""
    bare_args = ["-m", "benchmarks.bare_window"]
    paint_args = ["-m", "comprimato_companion", "--sandbox", "--quit-after-startup"]
    sandbox_args = ["-m", "comprimato_companion", "--sandbox", "--quit-when-ready"]
    real_args = ["-m", "comprimato_companion", "--quit-when-ready"]
    linked = "linked." if obs_url else ""
    # One untimed run of each warms the page cache (Qt's libraries are large) and writes
    # the compiled bytecode, as an installed program has it.
    _time_to_line(bare_args, bare_env, PAINTED_MARK)
    _time_once(paint_args, paint_env)
    _time_to_line(sandbox_args, sandbox_env, USABLE_MARK, linked)
    _time_to_line(real_args, real_env, USABLE_MARK, linked)
    if big_env is not None:
        _time_to_line(real_args, big_env, USABLE_MARK, "10000 streams shown")
    if plain_env is not None:
        _time_to_line(real_args, plain_env, USABLE_MARK, linked)
    bare: list[float] = []
    plain: list[float] = []
    bare_exit: list[float] = []
    paint: list[float] = []
    sandbox: list[float] = []
    real: list[float] = []
    big: list[float] = []
    for _ in range(runs):
        painted, exited = _time_to_line(bare_args, bare_env, PAINTED_MARK)
        bare.append(painted)
        bare_exit.append(exited)
        paint.append(_time_once(paint_args, paint_env))
        sandbox.append(_time_to_line(sandbox_args, sandbox_env, USABLE_MARK, linked)[0])
        real.append(_time_to_line(real_args, real_env, USABLE_MARK, linked)[0])
        if big_env is not None:
            big.append(_time_to_line(real_args, big_env, USABLE_MARK, "10000 streams shown")[0])
        if plain_env is not None:
            plain.append(_time_to_line(real_args, plain_env, USABLE_MARK, linked)[0])
    base = median(bare)
    base_exit = median(bare_exit)
    usable = f"<= {USABLE_RATIO:.0f}x bare"
    rows = [
        Row("Start-up to first paint, then exit", median(paint), base_exit, "s",
            f"<= {FIRST_PAINT_RATIO}x bare", median(paint) <= FIRST_PAINT_RATIO * base_exit,
            f"median of {runs}; baseline: a bare PySide6 QLabel to its first paint and exit"),
        Row("Time to usable, sandbox mode, OBS linked", median(sandbox), base, "s", usable,
            median(sandbox) <= USABLE_RATIO * base,
            f"median of {runs}; `--sandbox --quit-when-ready`, timed to its 'Usable' line: local "
            f"Comprimato started, list shown, Create enabled, linked to {obs_what}; {secrets}; "
            "baseline: the bare QLabel timed to the line it prints at its first paint"),
        Row("Time to usable, real mode over HTTPS, OBS linked", median(real), base, "s",
            f"<= {REAL_USABLE_RATIO}x bare", median(real) <= REAL_USABLE_RATIO * base,
            f"median of {runs}; `--quit-when-ready` against the HTTPS stand-in (test CA "
            "trusted through SSL_CERT_FILE): the account's streams fetched once and shown, "
            f"Create enabled, OBS linked; {secrets}{reader}"),
    ]
    if plain:
        rows.append(
            Row("Time to usable, real mode over HTTPS, no keyring", median(plain), base, "s",
                usable, median(plain) <= USABLE_RATIO * base,
                f"median of {runs}; as the row above, but the API key from "
                "COMPRIMATO_API_KEY and keyring's fail backend: what reading the keyring adds")
        )
    if big:
        rows.append(
            Row("Time to usable, real mode, 10,000 streams stored", median(big), base, "s",
                usable, median(big) <= USABLE_RATIO * base,
                f"median of {runs}; as above with 10,000 streams in the local store: all "
                "read and shown")
        )
    return rows
