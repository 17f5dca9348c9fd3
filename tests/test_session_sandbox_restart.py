"""The window's sandbox streams survive a restart (issue 21 point 3): the list shows them
again, with their names, and their player link and SRT address work again.

The session against its own in-process sandbox (real HTTP, real SRT from ffmpeg), OBS
unreachable; the real window is in ``test_window_sandbox_restart.py``.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from comprimato_companion.comprimato.models import srt_url
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.sandbox.saved_state import STATE_FILE_NAME
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs
from tests.support.session_rigs import make_session
from tests.support.srt_fixtures import SrtPublisher
from tests.support.waits import until


def no_obs(closed_port: int) -> dict[str, str]:
    return {"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}/none"}


@pytest.fixture
def sandbox_port() -> int:
    """A port of this test's own for the sandbox, the same at every start (the usual
    per-user port may be held by another test run on this machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def started(
    tmp_path: Path, closed_port: int, sandbox_port: int | None = None
) -> CompanionSession:
    if sandbox_port is None:
        session = make_session(tmp_path, env=no_obs(closed_port))
    else:
        settings_file = SettingsFile(tmp_path / "config" / "settings.json")
        settings_file.save(Settings(welcome_done=True))
        session = CompanionSession(
            sandbox=True, settings_file=settings_file, sandbox_port=sandbox_port,
            store=StreamStore(tmp_path / "data" / "streams.json"),
            env={**os.environ, **no_obs(closed_port)},
        )
    await session.start()
    await until(lambda: session.state.ready, what="the session's start")
    return session


@pytest.mark.srt
async def test_the_list_shows_the_streams_again_and_their_link_and_srt_work(
    tmp_path: Path, closed_port: int, sandbox_port: int,
    srt_publisher: Callable[[str], SrtPublisher],
) -> None:
    first = await started(tmp_path, closed_port, sandbox_port)
    try:
        kept = await first.create_stream()
        other = await first.create_stream()
        await first.rename(kept.stream.id, "Morning show")
        link = first.state.player_url_template.format(player_key=kept.stream.player_key)
        ingest = first.state.ingest_url
    finally:
        await first.close()
    assert (tmp_path / "data" / STATE_FILE_NAME).is_file()  # beside the stream list

    second = await started(tmp_path, closed_port, sandbox_port)
    try:
        listed = {s.stream.id: s for s in second.state.streams}
        assert set(listed) == {kept.stream.id, other.stream.id}  # each once
        assert listed[kept.stream.id].name == "Morning show"
        assert listed[kept.stream.id].stream.streamer_key == kept.stream.streamer_key
        assert second.state.player_url_template.format(
            player_key=kept.stream.player_key) == link  # the shared link and QR code
        assert second.state.ingest_url == ingest  # OBS's SRT address
        async with httpx.AsyncClient(timeout=5) as http:
            assert (await http.get(link)).status_code == 200
        sandbox = second.sandbox
        assert sandbox is not None
        assert sandbox.registry.get(kept.stream.id).status == "Stopped"  # type: ignore[union-attr]
        publisher = srt_publisher(srt_url(ingest, kept.stream.streamer_key))
        assert sandbox.registry.wait_for_status(kept.stream.id, "Running", 10)
        publisher.terminate()
    finally:
        await second.close()


async def test_the_kept_streams_are_listed_even_where_the_list_lost_them(
    tmp_path: Path, closed_port: int, sandbox_port: int
) -> None:
    """The stream list set aside (or the sandbox on another port than before): the
    sandbox's own streams are listed all the same."""
    first = await started(tmp_path, closed_port, sandbox_port)
    try:
        kept = await first.create_stream()
    finally:
        await first.close()
    (tmp_path / "data" / "streams.json").unlink()  # as if set aside
    second = await started(tmp_path, closed_port, sandbox_port)
    try:
        assert [s.stream.id for s in second.state.streams] == [kept.stream.id]
    finally:
        await second.close()


async def test_a_deleted_stream_does_not_come_back(tmp_path: Path, closed_port: int) -> None:
    first = await started(tmp_path, closed_port)
    try:
        gone = await first.create_stream()
        await first.delete(gone.stream.id)
        kept = await first.create_stream()
    finally:
        await first.close()
    second = await started(tmp_path, closed_port)
    try:
        assert [s.stream.id for s in second.state.streams] == [kept.stream.id]
    finally:
        await second.close()


TWITCH = {"service": "Twitch", "server": "auto", "key": "users-twitch-key"}


async def test_a_kept_stream_left_in_obs_by_a_crash_is_given_back_until_sent_again(
    tmp_path: Path, fake_obs: FakeObs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session that sent it ended without a quit (killed): the next start gives OBS
    the user's own settings back, as a quit would have, though the stream is listed again;
    sent again in this run, it is OBS's stream of this run and stays."""
    fake_obs.set_service("rtmp_common", TWITCH)
    env = {"OBS_WEBSOCKET_URL": fake_obs.url}
    first = make_session(tmp_path, env=env)
    await first.start()
    await until(lambda: first.state.obs.connected, what="the fake OBS link")
    stored = await first.create_stream()
    assert fake_obs.service().service_settings["key"] == stored.stream.streamer_key

    async def nothing() -> None:
        return None

    monkeypatch.setattr(first.obs_rules, "give_back_on_quit", nothing)  # killed: OBS is not told
    await first.close()

    second = make_session(tmp_path, env=env)
    await second.start()
    try:
        await until(lambda: fake_obs.service().service_settings == TWITCH,
                    what="the user's own settings back")
        assert stored.stream.id in [s.stream.id for s in second.state.streams]
        await second.select_stream(stored.stream.id)
        await second.send_to_obs()
        await second.obs.refresh()
        await second.obs_rules.give_back_after_sandbox()  # as at OBS's next link
        assert fake_obs.service().service_settings["key"] == stored.stream.streamer_key
    finally:
        await second.close()


async def test_links_made_on_a_fallback_port_keep_working_after_a_restart(
    tmp_path: Path, closed_port: int, sandbox_port: int
) -> None:
    """Its usual port was taken at the first start, so its links carry another one: the
    next start takes that one again, even once the usual port is free."""
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", sandbox_port))
        squatter.listen()
        first = await started(tmp_path, closed_port, sandbox_port)
        try:
            kept = await first.create_stream()
            link = first.state.player_url_template.format(player_key=kept.stream.player_key)
        finally:
            await first.close()
    assert f":{sandbox_port}/" not in link
    second = await started(tmp_path, closed_port, sandbox_port)  # the usual port is free
    try:
        assert second.state.player_url_template.format(
            player_key=kept.stream.player_key) == link
    finally:
        await second.close()
