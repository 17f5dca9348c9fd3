"""Every subcommand exits with the code the README's table gives, and a closed stdout
(``… | head -1``) ends it quietly.

The README: 0 success, 1 other failure (including a stream ID that names no stream),
2 usage, 3 API key rejected, 4 Comprimato or network failure, 5 OBS unreachable or
refused, 6 timed out waiting; 141 (as SIGPIPE would give) when standard output is closed.
Each case runs the real command as a process, against the real sandbox and the fake OBS.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs

ROOT = Path(__file__).resolve().parent.parent
INGEST = "srt://127.0.0.1:9999"
#: Stands for the id of a stream the sandbox has and this computer keeps.
STORED_ID = "<stored>"

#: What a case needs around it: the API (up, down, or refusing the key) and OBS.
API_UP, API_DOWN, API_REFUSED = "api-up", "api-down", "api-refused"
OBS_UP, OBS_DOWN, OBS_REFUSED = "obs-up", "obs-down", "obs-refused"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    api: str = API_UP
    obs: str = OBS_UP
    code: int = 0


UNKNOWN = "0000-no-such-stream"
CASES: dict[str, Case] = {
    # A stream ID that names no stream: 1 everywhere.
    "streams show, unknown id": Case(("streams", "show", UNKNOWN), code=1),
    "streams delete, unknown id": Case(("streams", "delete", UNKNOWN), code=1),
    "obs apply, unknown id": Case(("obs", "apply", UNKNOWN), code=1),
    "obs start, unknown id": Case(("obs", "start", UNKNOWN), code=1),
    "golive, unknown id": Case(("golive", "--stream", UNKNOWN), code=1),
    # Comprimato unreachable: 4.
    "streams create, API down": Case(("streams", "create"), api=API_DOWN, code=4),
    "streams list, API down": Case(("streams", "list"), api=API_DOWN, code=4),
    "streams show, API down": Case(("streams", "show", STORED_ID), api=API_DOWN, code=4),
    "streams delete, API down": Case(("streams", "delete", STORED_ID), api=API_DOWN, code=4),
    "golive, API down": Case(("golive",), api=API_DOWN, code=4),
    # The API key refused: 3.
    "streams create, key refused": Case(("streams", "create"), api=API_REFUSED, code=3),
    "streams list, key refused": Case(("streams", "list"), api=API_REFUSED, code=3),
    "streams show, key refused": Case(("streams", "show", STORED_ID), api=API_REFUSED, code=3),
    "streams delete, key refused": Case(
        ("streams", "delete", STORED_ID), api=API_REFUSED, code=3
    ),
    "golive, key refused": Case(("golive",), api=API_REFUSED, code=3),
    # OBS unreachable: 5.
    "obs status, OBS down": Case(("obs", "status"), obs=OBS_DOWN, code=5),
    "obs apply, OBS down": Case(("obs", "apply", STORED_ID), obs=OBS_DOWN, code=5),
    "obs restore, OBS down": Case(("obs", "restore"), obs=OBS_DOWN, code=5),
    "obs output, OBS down": Case(("obs", "output"), obs=OBS_DOWN, code=5),
    "obs start, OBS down": Case(("obs", "start", STORED_ID), obs=OBS_DOWN, code=5),
    "obs stop, OBS down": Case(("obs", "stop"), obs=OBS_DOWN, code=5),
    "golive, OBS down": Case(("golive",), obs=OBS_DOWN, code=5),
    # OBS refuses the password: 5.
    "obs status, OBS refuses": Case(("obs", "status"), obs=OBS_REFUSED, code=5),
    "obs apply, OBS refuses": Case(("obs", "apply", STORED_ID), obs=OBS_REFUSED, code=5),
    "obs restore, OBS refuses": Case(("obs", "restore"), obs=OBS_REFUSED, code=5),
    "obs output, OBS refuses": Case(("obs", "output"), obs=OBS_REFUSED, code=5),
    "obs start, OBS refuses": Case(("obs", "start", STORED_ID), obs=OBS_REFUSED, code=5),
    "obs stop, OBS refuses": Case(("obs", "stop"), obs=OBS_REFUSED, code=5),
    "golive, OBS refuses": Case(("golive",), obs=OBS_REFUSED, code=5),
    # A check that found something to fix is a check that worked: 0, with the advice.
    "obs output, keyframes too far apart": Case(("obs", "output"), code=0),
    "obs output --json, keyframes too far apart": Case(("obs", "output", "--json"), code=0),
}


Run = Callable[..., subprocess.CompletedProcess[str]]


@dataclass(frozen=True)
class World:
    """How to run a case: its environment, and its arguments with the stored id."""

    env: Callable[[Case], dict[str, str]]
    stored_id: str

    def args(self, args: tuple[str, ...]) -> list[str]:
        return [self.stored_id if arg == STORED_ID else arg for arg in args]


@pytest.fixture
def world(api_sandbox: Sandbox, fake_obs: FakeObs, closed_port: int) -> World:
    """Which API and OBS a case reaches; one stream made on the sandbox and kept here."""
    stream = api_sandbox.registry.create()
    StreamStore().add(stream, api_sandbox.api_url)

    def env_for(case: Case) -> dict[str, str]:
        env = dict(os.environ)
        api_url = {
            API_DOWN: f"http://127.0.0.1:{closed_port}/v1",
        }.get(case.api, api_sandbox.api_url)
        obs_url = {
            OBS_DOWN: f"obsws://127.0.0.1:{closed_port}/{fake_obs.password}",
            OBS_REFUSED: f"obsws://127.0.0.1:{fake_obs.port}/not-the-password",
        }.get(case.obs, fake_obs.url)
        env.update(
            COMPRIMATO_API_URL=api_url,
            COMPRIMATO_API_KEY="wrong-key" if case.api == API_REFUSED else api_sandbox.api_key,
            COMPRIMATO_INGEST_URL=INGEST,
            COMPRIMATO_PLAYER_URL=api_sandbox.player_url_template,
            OBS_WEBSOCKET_URL=obs_url,
        )
        return env

    return World(env_for, stream.id)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        capture_output=True, text=True, timeout=90, env=env, cwd=ROOT, check=False,
    )


@pytest.mark.parametrize("name", list(CASES))
def test_every_subcommand_exits_with_the_readme_code(
    name: str, world: World
) -> None:
    case = CASES[name]
    result = _run(world.args(case.args), world.env(case))
    assert result.returncode == case.code, (result.stdout, result.stderr)
    assert "unexpected error" not in result.stderr
    assert "Traceback" not in result.stderr
    if case.code:
        # golive says its steps first; the failure is its last line, one sentence.
        last = result.stderr.rstrip("\n").rsplit("\n", 1)[-1]
        assert last.startswith("comprimato-companion: "), result.stderr


def test_the_keyframe_check_says_what_to_do(world: World) -> None:
    result = _run(["obs", "output"], world.env(Case(("obs", "output"))))
    assert result.returncode == 0, result.stderr
    assert "obs output --fix" in result.stdout


def test_readme_gives_the_codes_the_tests_check() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "1 other failure (including a stream ID that names no stream)" in readme
    assert "5 OBS unreachable or refused" in readme
    assert "141" in readme  # a closed standard output


#: A command of each kind that writes its answer on standard output.
WRITERS: dict[str, tuple[str, ...]] = {
    "--help": ("--help",),
    "--version": ("--version",),
    "streams --help": ("streams", "--help"),
    "streams create": ("streams", "create"),
    "streams list": ("streams", "list"),
    "streams list --json": ("streams", "list", "--json"),
    "streams show": ("streams", "show", STORED_ID),
    "streams delete": ("streams", "delete", STORED_ID),
    "obs detect": ("obs", "detect"),
    "obs status": ("obs", "status"),
    "obs apply": ("obs", "apply", STORED_ID),
    "obs output": ("obs", "output"),
    "obs restore": ("obs", "restore"),
    "obs start": ("obs", "start", STORED_ID),
    "obs stop": ("obs", "stop"),
    "obs setup": ("obs", "setup", "--timeout", "10"),
    "sandbox": ("sandbox", "--no-ingest"),
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_closed_stdout_ends_every_command_quietly(
    name: str, world: World
) -> None:
    """`comprimato-companion … | head -1`: the reader is gone before the command writes."""
    args = world.args(WRITERS[name])
    read_end, write_end = os.pipe()
    os.close(read_end)  # no reader at all: the first write meets a closed pipe
    try:
        result = subprocess.run(
            [sys.executable, "-m", "comprimato_companion", *args],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=90,
            env=world.env(Case(WRITERS[name])), cwd=ROOT, check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""
