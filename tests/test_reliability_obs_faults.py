"""OBS faults as the window meets them, through the session: each reported in plain words,
recovered from where it should be, and never a crash.

Against the fake obs-websocket server (every fault, fast) and against real OBS under Xvfb
(the ones real OBS can produce on demand: a wrong password, settings pushed while
streaming). OBS killed while live with real OBS is in ``test_golive_real_obs.py``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import AREA_STREAM
from comprimato_companion.obs.errors import ObsAuthFailed, ObsBusyStreaming, ObsKicked
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import STARTED, FakeObs
from tests.support.real_obs import RealObs


async def until(condition: Callable[[], bool], within: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or 'the condition'}")
        await asyncio.sleep(0.02)


def make_session(tmp_path: Path, obs_url: str | None = None) -> CompanionSession:
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    env = {k: v for k, v in os.environ.items() if k != "OBS_WEBSOCKET_URL"}
    if obs_url:
        env["OBS_WEBSOCKET_URL"] = obs_url
    return CompanionSession(sandbox=True, settings_file=settings_file,
                            store=StreamStore(tmp_path / "streams.json"), env=env)


@pytest.fixture
async def live_session(tmp_path: Path, fake_obs: FakeObs) -> AsyncIterator[CompanionSession]:
    """A sandbox session connected to the fake OBS, one stream created and sent to OBS."""
    session = make_session(tmp_path, fake_obs.url)
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, what="the fake OBS link")
        await session.create_stream()
        assert session.state.obs.held_stream_id is not None
        yield session
    finally:
        await session.close()


def obs_live(session: CompanionSession) -> bool:
    live = session.state.live
    return live is not None and live.obs_output is OutputState.LIVE and live.obs_connected


@pytest.mark.slow
async def test_obs_killed_while_live_is_reported_then_recovered(
    live_session: CompanionSession, fake_obs: FakeObs
) -> None:
    session = live_session
    await session.go_live()
    await until(lambda: obs_live(session), what="OBS live")

    fake_obs.drop()  # a crash: no close frame
    fake_obs.stop()  # and nothing listens any more
    await until(lambda: session.state.obs.state == "retrying", what="the lost link reported")
    assert session.state.obs.error is not None and session.state.obs.error.next_step
    assert session.state.live is not None and not session.state.live.obs_connected
    assert not session.state.is_live

    fake_obs.start()  # OBS started again (same port): the link comes back by itself
    await until(lambda: session.state.obs.connected, what="the link back")
    assert session.state.obs.error is None
    await session.go_live()  # and streaming works again
    await until(lambda: obs_live(session), what="OBS live again")


async def test_kicked_is_final_until_the_user_reconnects(
    live_session: CompanionSession, fake_obs: FakeObs
) -> None:
    session = live_session
    sessions_before = fake_obs.identified_sessions
    fake_obs.kick(4011)
    await until(lambda: session.state.obs.state == "failed", what="the kick reported")
    error = session.state.obs.error
    assert error is not None and error.message == ObsKicked().message
    await asyncio.sleep(1.5)  # longer than the first retry delays: no attempt may come
    assert fake_obs.identified_sessions == sessions_before
    with pytest.raises(ObsKicked):
        await session.send_to_obs()
    assert session.state.notices[AREA_STREAM].message == ObsKicked().message

    await session.reconnect_obs()  # the user asks again
    await until(lambda: session.state.obs.connected, what="connected again")
    await session.send_to_obs()


async def test_wrong_password_then_fixed_in_settings(tmp_path: Path, fake_obs: FakeObs) -> None:
    session = make_session(tmp_path)
    await session.start()
    try:
        settings = dataclasses.replace(session.state.settings, obs_host="127.0.0.1",
                                       obs_port=fake_obs.port)
        await session.update_settings(settings, obs_password="not-the-password")
        await until(lambda: session.state.obs.error is not None, what="the refusal")
        assert session.state.obs.error is not None
        assert session.state.obs.error.message == ObsAuthFailed().message
        assert not session.state.obs.connected
        await session.create_stream()  # creating still works; sending says why not
        with pytest.raises(ObsAuthFailed):
            await session.send_to_obs()
        assert fake_obs.requests_of("SetStreamServiceSettings") == []

        await session.update_settings(settings, obs_password=fake_obs.password)
        await until(lambda: session.state.obs.connected, what="connected with the password")
        await session.send_to_obs()
        assert fake_obs.service().service_settings["key"] == (
            session.state.selected.stream.streamer_key  # type: ignore[union-attr]
        )
    finally:
        await session.close()


async def test_settings_pushed_while_streaming_are_refused_then_work_after_stop(
    live_session: CompanionSession, fake_obs: FakeObs
) -> None:
    session = live_session
    held = fake_obs.service()
    fake_obs.set_stream_state(STARTED, True)  # streaming, started in OBS by the user
    await until(lambda: fake_obs.streaming, what="OBS streaming")
    second = await session.create_stream()  # made; not sent, and said so
    assert session.state.obs.held_stream_id != second.stream.id
    with pytest.raises(ObsBusyStreaming):
        await session.send_to_obs()
    notice = session.state.notices[AREA_STREAM]
    assert "stream" in notice.message.lower() and notice.next_step
    assert fake_obs.service() == held  # OBS still sends where it did
    assert session.state.obs.connected  # a refusal is not a lost link

    await session.stop()
    await until(lambda: not fake_obs.streaming, what="OBS stopped")
    await session.send_to_obs()
    assert fake_obs.service().service_settings["key"] == second.stream.streamer_key


async def test_obs_restarting_over_and_over_never_breaks_the_session(
    live_session: CompanionSession, fake_obs: FakeObs
) -> None:
    session = live_session
    for _ in range(3):
        fake_obs.restart()
        await until(lambda: session.state.obs.state != "connected", what="the loss noticed")
        await until(lambda: session.state.obs.connected, what="the link back")
    await session.send_to_obs()
    assert session.state.obs.error is None


# --- real OBS -----------------------------------------------------------------------------


@pytest.mark.real_obs
@pytest.mark.slow
async def test_real_obs_wrong_password_then_busy_streaming(
    tmp_path: Path, real_obs: RealObs, sandbox: Sandbox
) -> None:
    if sandbox.ingest_url is None:
        pytest.skip(f"no SRT ingest: {sandbox.ingest_problem}")
    wrong = f"obsws://{real_obs.host}:{real_obs.port}/not-{real_obs.password}"
    session = make_session(tmp_path / "wrong", wrong)
    await session.start()
    try:
        await until(lambda: session.state.obs.error is not None, 20, "the refusal")
        assert session.state.obs.error is not None
        assert session.state.obs.error.message == ObsAuthFailed().message
    finally:
        await session.close()

    session = make_session(tmp_path / "right", real_obs.url)
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, 20, "real OBS connected")
        first = await session.create_stream()
        assert session.state.obs.held_stream_id == first.stream.id
        await session.go_live()
        await until(lambda: obs_live(session), 30, "real OBS live")
        second = await session.create_stream()
        with pytest.raises(ObsBusyStreaming):
            await session.send_to_obs()
        held = real_obs.call("GetStreamServiceSettings")["streamServiceSettings"]
        assert held["key"] == first.stream.streamer_key != second.stream.streamer_key
        await asyncio.to_thread(real_obs.wait_sending)
        await session.stop()
        await until(lambda: not real_obs.stream_active(), 30, "real OBS stopped")
    finally:
        await session.close()
