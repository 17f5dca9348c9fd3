"""The user's own streaming destination as a real receiver, and the command line against
real OBS: what the real-OBS tests of "OBS never streams where the user did not choose" share.

``users_server`` (a fixture) is a second sandbox whose SRT ingest plays the user's own
server, with a key of the user's own: whatever OBS sends it is counted. ``comprimato`` is
the sandbox playing Comprimato (its ingest required). ``cli`` runs the command line against
both; ``set_service``/``service`` are what the user does in OBS Settings > Stream.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.sandbox import Sandbox
from tests.support.real_obs import RealObs, wait_until

REPO = Path(__file__).resolve().parent.parent.parent


@dataclass
class UsersServer:
    """The user's own streaming destination: a real SRT ingest and the user's own key."""

    sandbox: Sandbox
    stream_id: str
    key: str

    @property
    def service(self) -> dict[str, Any]:
        """What the user typed into OBS Settings > Stream (Custom)."""
        assert self.sandbox.ingest_url is not None
        return {"server": self.sandbox.ingest_url, "key": self.key, "use_auth": False}

    def received(self) -> int:
        return self.sandbox.registry.bytes_received(self.stream_id)


def _require_ingest(sandbox: Sandbox) -> None:
    if sandbox.ingest_url is None:
        reason = f"the sandbox's SRT ingest is off: {sandbox.ingest_problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def comprimato(sandbox: Sandbox) -> Sandbox:
    _require_ingest(sandbox)
    return sandbox


@pytest.fixture
def users_server() -> Iterator[UsersServer]:
    with Sandbox(stopped_grace=0.5) as theirs:
        _require_ingest(theirs)
        own = theirs.registry.create()
        yield UsersServer(theirs, own.id, own.streamer_key)


def cli(
    args: list[str], obs: RealObs, comprimato: Sandbox, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    assert comprimato.ingest_url is not None
    env.update(
        COMPRIMATO_API_URL=comprimato.api_url,
        COMPRIMATO_API_KEY=comprimato.api_key,
        COMPRIMATO_INGEST_URL=comprimato.ingest_url,
        COMPRIMATO_PLAYER_URL=comprimato.player_url_template,
        OBS_WEBSOCKET_URL=obs.url,
    )
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def set_service(obs: RealObs, settings: dict[str, Any]) -> None:
    """The user edits OBS Settings > Stream (Custom), as OBS's own dialog saves it."""
    obs.call(
        "SetStreamServiceSettings",
        {"streamServiceType": "rtmp_custom", "streamServiceSettings": settings},
    )


def service(obs: RealObs) -> dict[str, Any]:
    held: dict[str, Any] = obs.call("GetStreamServiceSettings")["streamServiceSettings"]
    return held


def create_stream(obs: RealObs, comprimato: Sandbox) -> dict[str, Any]:
    created = cli(["streams", "create", "--json"], obs, comprimato)
    assert created.returncode == 0, created.stderr
    stream: dict[str, Any] = json.loads(created.stdout)
    return stream


def wait_stopped(obs: RealObs) -> None:
    wait_until(lambda: not obs.stream_active(), 20, interval=0.2, what="OBS to stop")


__all__ = ["UsersServer", "cli", "comprimato", "create_stream", "service", "set_service",
           "users_server", "wait_stopped"]
