"""The program's own streams are never taken for the user's: real OBS (29 and 32.2 with
``--obs=29,32.2``) under Xvfb, the user's own destination a real SRT receiver counting bytes.

The issues' sequences (issue 22 point 1, issue 21 point 1): a stream deleted and then
another applied, then Restore; the stream list set aside against an API that offers only
``POST /streams``, then Restore; a sandbox window session quit (or crashed) and reopened.
Each ends the way it would hurt: the user presses Start Streaming in OBS itself, and their
own server must get the bytes, Comprimato none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.paths import data_dir
from tests.support.real_obs import RealObs, wait_until
from tests.support.session_rigs import make_session
from tests.support.users_server import (
    UsersServer,
    cli,
    create_stream,
    service,
    set_service,
    wait_stopped,
)
from tests.support.waits import until

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]


def users_own_goes_out(obs: RealObs, users: UsersServer) -> None:
    """The user presses Start Streaming in OBS: their own server receives it."""
    obs.call("StartStream")
    try:
        wait_until(lambda: users.received() > 0, 30, interval=0.2,
                   what="OBS's stream at the user's own server")
    finally:
        obs.call("StopStream")
        wait_stopped(obs)


def test_a_deleted_stream_then_apply_then_restore_gives_the_users_own_back(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    set_service(real_obs, users_server.service)
    first = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", first["id"]], real_obs, comprimato).returncode == 0
    deleted = cli(["streams", "delete", first["id"]], real_obs, comprimato)
    assert deleted.returncode == 0, deleted.stderr
    second = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", second["id"]], real_obs, comprimato).returncode == 0
    listed = json.loads(cli(["obs", "restore", "--list", "--json"], real_obs, comprimato).stdout)
    assert [entry["server"] for entry in listed] == [users_server.service["server"]]
    restored = cli(["obs", "restore"], real_obs, comprimato)
    assert restored.returncode == 0, restored.stderr
    assert service(real_obs)["key"] == users_server.key
    users_own_goes_out(real_obs, users_server)
    assert comprimato.registry.bytes_received(second["id"]) == 0


def test_the_list_set_aside_with_an_api_that_only_creates_then_restore(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    """The worst case of issue 22: only ``POST /streams`` answers, the stream list is set
    aside; Restore must not put a live Comprimato stream back into OBS."""
    comprimato.faults.status("GET", "/v1/streams", 405, times=None)
    set_service(real_obs, users_server.service)
    first = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", first["id"]], real_obs, comprimato).returncode == 0
    (data_dir() / "streams.json").write_bytes(b'{"version": 1, "streams": [')  # torn
    second = create_stream(real_obs, comprimato)  # the list is set aside, then holds this one
    assert cli(["obs", "apply", second["id"]], real_obs, comprimato).returncode == 0
    assert list(data_dir().glob("streams.json.corrupt-*"))
    restored = cli(["obs", "restore"], real_obs, comprimato)
    assert restored.returncode == 0, restored.stderr
    assert service(real_obs)["key"] == users_server.key
    users_own_goes_out(real_obs, users_server)
    assert comprimato.registry.bytes_received(first["id"]) == 0
    assert comprimato.registry.bytes_received(second["id"]) == 0


async def _sandbox_session(tmp_path: Path, obs: RealObs) -> CompanionSession:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": obs.url})
    await session.start()
    await until(lambda: session.state.obs.connected, timeout=30, what="the real OBS link")
    return session


def _holds(obs: RealObs, settings: dict[str, Any]) -> bool:
    held = service(obs)
    return all(held.get(name) == value for name, value in settings.items())


async def test_a_sandbox_window_session_quit_and_reopened_leaves_obs_as_it_found_it(
    tmp_path: Path, real_obs: RealObs, users_server: UsersServer
) -> None:
    set_service(real_obs, users_server.service)
    session = await _sandbox_session(tmp_path, real_obs)
    stored = await session.create_stream()
    assert service(real_obs)["key"] == stored.stream.streamer_key
    await session.close()  # the window quits in sandbox mode
    assert _holds(real_obs, users_server.service)
    again = await _sandbox_session(tmp_path, real_obs)
    try:
        await again.restore_obs_settings()  # nothing of ours comes back
        assert _holds(real_obs, users_server.service)
    finally:
        await again.close()
    users_own_goes_out(real_obs, users_server)


async def test_a_crashed_sandbox_session_is_given_back_at_the_next_start(
    tmp_path: Path, real_obs: RealObs, users_server: UsersServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_service(real_obs, users_server.service)
    session = await _sandbox_session(tmp_path, real_obs)
    stored = await session.create_stream()

    async def killed() -> None:  # a killed window tells OBS nothing
        return None

    monkeypatch.setattr(session.obs_rules, "give_back_on_quit", killed)
    await session.close()
    assert service(real_obs)["key"] == stored.stream.streamer_key  # the dead address
    again = await _sandbox_session(tmp_path, real_obs)
    try:
        await until(lambda: _holds(real_obs, users_server.service), timeout=15,
                    what="the user's own settings back")
    finally:
        await again.close()
    users_own_goes_out(real_obs, users_server)
