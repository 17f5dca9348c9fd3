"""What the command line tells a new user: each sentence true, each next step one that works.

Real processes, as the README's setup leaves the user: in the checkout, with `.venv/bin`
not on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.keyring_fixtures import SecretServiceSession

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
#: PATH after the README's setup: the system's, not the virtual environment's.
SYSTEM_PATH = os.pathsep.join(
    p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
    if Path(p).resolve() != VENV_BIN.resolve()
) or "/usr/bin:/bin"


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [".venv/bin/comprimato-companion", *args],
        capture_output=True, text=True, timeout=60, env=env, cwd=ROOT, check=False,
    )


def user_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPRIMATO_API")}
    env["PATH"] = SYSTEM_PATH
    env.update(extra)
    return env


@pytest.fixture
def cli_sandbox() -> Iterator[list[str]]:
    """`.venv/bin/comprimato-companion sandbox`, as the README says; its printed lines."""
    process = subprocess.Popen(
        [".venv/bin/comprimato-companion", "sandbox", "--no-ingest"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env=user_env(),
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if not line.strip() and any("export " in seen for seen in lines):
                break  # the paste block ends with an empty line
        yield lines
    finally:
        process.terminate()
        process.communicate(timeout=15)  # reads and closes both pipes


def test_the_sandbox_paste_lines_work_where_the_readme_leaves_the_user(
    cli_sandbox: list[str], tmp_path: Path,
) -> None:
    start = cli_sandbox.index("In another terminal, paste:")
    pasted = [line.strip() for line in cli_sandbox[start + 1:] if line.strip()]
    assert pasted[0].startswith("export ")
    script = "\n".join(["set -e", *pasted[:2]])
    # "Another terminal": a new shell, in another folder, PATH without the checkout's .venv.
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=user_env(), check=False)
    assert done.returncode == 0, (pasted, done.stderr)
    assert "/play/" in done.stdout  # the stream was made: its player link is printed


def test_no_api_key_and_no_keyring_says_one_true_thing() -> None:
    done = run("streams", "list", env=user_env())
    assert done.returncode == 2
    said = done.stderr
    assert "No Comprimato API key is set" in said
    assert "no system keyring" in said
    # Nothing may promise the keyring this computer does not have.
    assert not re.search(r"(goes to|keeps it in|saved in) the (system )?keyring", said), said
    assert "export COMPRIMATO_API_KEY=" in said
    assert "Keep secrets in a file" in said  # where the window can keep it instead


def test_no_api_key_with_a_working_keyring_says_where_to_save_it(
    secret_service: SecretServiceSession,
) -> None:
    done = run("streams", "list", env=user_env(**{
        k: v for k, v in os.environ.items()
        if k in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "PYTHON_KEYRING_BACKEND")
    }))
    assert done.returncode == 2
    assert "the system keyring holds none" in done.stderr, done.stderr
    assert "no system keyring" not in done.stderr
    assert "keeps it in the system keyring" in done.stderr


def test_a_local_sandbox_that_is_not_running_is_named_as_such(closed_port: int) -> None:
    done = run("streams", "list", env=user_env(
        COMPRIMATO_API_URL=f"http://127.0.0.1:{closed_port}/v1", COMPRIMATO_API_KEY="k"))
    assert done.returncode == 4
    said = done.stderr
    assert "internet connection" not in said
    assert f"127.0.0.1:{closed_port}" in said and "not running" in said
    assert ".venv/bin/comprimato-companion sandbox" in said  # how to start it, from here


def test_commands_it_suggests_are_named_as_this_shell_finds_them(closed_port: int) -> None:
    """On PATH (an installed program): its plain name; not on PATH: its full path."""
    env = user_env(COMPRIMATO_API_URL=f"http://127.0.0.1:{closed_port}/v1",
                   COMPRIMATO_API_KEY="k")
    off_path = run("streams", "list", env=env)
    assert f"`{ROOT / '.venv/bin/comprimato-companion'} sandbox`" in off_path.stderr
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{SYSTEM_PATH}"
    on_path = run("streams", "list", env=env)
    assert "`comprimato-companion sandbox`" in on_path.stderr, on_path.stderr
