"""The window's Qt-free core against real parts: the in-process sandbox and the fake OBS.

No screen and no Qt: every action a user can take in the window is driven here through
``CompanionSession``, and every failure must come back as a ``CompanionError`` recorded in
the area of the window where it belongs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from comprimato_companion.comprimato.errors import (
    ApiKeyRejected,
    CreateOutcomeUnknown,
    NetworkUnreachable,
)
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import (
    AREA_CREATE,
    AREA_LIST,
    AREA_STREAM,
    ApiKeyStatus,
    Mode,
    ViewState,
)
from comprimato_companion.obs.errors import (
    ObsAuthFailed,
    ObsBusyStreaming,
    ObsNotRunning,
    start_held_back_next_step,
)
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import STARTED, STOPPED, FakeObs
from tests.support.session_rigs import fill_store, make_session
from tests.support.waits import until


@pytest.fixture
async def obs_session(tmp_path: Path, fake_obs: FakeObs) -> AsyncIterator[CompanionSession]:
    """A sandbox session connected to the fake OBS."""
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await session.start()
    await until(lambda: session.state.obs.connected, what="the fake OBS link")
    yield session
    await session.close()


async def test_closing_while_a_create_starts_its_watch_ends_cleanly(
    obs_session: CompanionSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window quits while Create is finishing: the watch it would start must not use
    the client the close has just shut (it raised 'the client has been closed')."""
    session = obs_session
    stop_watch = session._stop_watch

    async def closed_meanwhile() -> None:
        await stop_watch()
        await session.close()

    monkeypatch.setattr(session, "_stop_watch", closed_meanwhile)
    stored = await session.create_stream()
    assert stored.stream.id
    assert session.closed and session.watch.current is None


async def test_one_click_creates_sends_to_obs_and_goes_live(
    obs_session: CompanionSession, fake_obs: FakeObs
) -> None:
    session = obs_session
    snapshots: list[ViewState] = []
    session.add_observer(snapshots.append)
    assert session.state.mode is Mode.SANDBOX
    assert session.state.ready

    stored = await session.create_stream()

    state = session.state
    assert state.selected is not None and state.selected.stream.id == stored.stream.id
    assert [s.stream.id for s in state.streams] == [stored.stream.id]
    service = fake_obs.service()
    assert service.service_type == "rtmp_custom"
    assert service.service_settings["server"] == state.ingest_url
    assert service.service_settings["key"] == stored.stream.streamer_key
    assert state.obs.held_stream_id == stored.stream.id
    assert state.player_link() == state.player_url_template.replace(
        "{player_key}", stored.stream.player_key
    )

    await session.go_live()
    await until(
        lambda: session.state.live is not None
        and session.state.live.obs_output is OutputState.LIVE,
        what="OBS live",
    )
    # The fake OBS sends no SRT, so Comprimato never sees the stream: not LIVE overall.
    assert not session.state.is_live
    await until(
        lambda: session.state.live is not None and session.state.live.figures is not None,
        what="live figures",
    )

    await session.stop()
    await until(
        lambda: session.state.live is not None
        and session.state.live.obs_output is OutputState.STOPPED,
        what="OBS stopped",
    )
    assert not fake_obs.streaming
    assert all(isinstance(s, ViewState) for s in snapshots)


async def test_a_start_obs_drops_is_said_next_to_go_live_until_a_start_works(
    tmp_path: Path, fake_obs: FakeObs
) -> None:
    """OBS's first-start wizard (or its Settings) open: OBS answers the window's StartStream
    and drops it, without an event. The window says so as the command line does, with the
    window to close, where a failed Go live is said; a start that works takes it away."""
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    session.obs.start_timeout = 1.0
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, what="the fake OBS link")
        await session.create_stream()  # sent to OBS at once (automatic sending)
        fake_obs.hold_starts_back()

        await session.go_live()
        live = session.state.live
        assert live is not None and live.obs_output is OutputState.STARTING  # asked, waiting
        assert AREA_STREAM not in session.state.notices
        await until(lambda: AREA_STREAM in session.state.notices, what="the dropped start said")
        notice = session.state.notices[AREA_STREAM]
        assert notice.message == (
            "OBS did not begin to start streaming: it took the request, then did nothing "
            "for 1 s."
        )
        assert notice.next_step == start_held_back_next_step()  # the command line's own
        assert notice.level == "error"
        live = session.state.live
        assert live is not None and live.obs_output is OutputState.FAILED
        assert live.problem == notice.message
        assert not fake_obs.streaming

        # The user closes the wizard and starts in OBS itself: the notice is over.
        fake_obs.hold_starts_back(False)
        fake_obs.set_stream_state(STARTED, True)
        await until(lambda: AREA_STREAM not in session.state.notices, what="the notice gone")
        fake_obs.set_stream_state(STOPPED, False)
        await until(lambda: not session.state.obs.sending, what="OBS stopped")

        fake_obs.hold_starts_back()  # dropped once more, then Go live again once it works
        await session.go_live()
        await until(lambda: AREA_STREAM in session.state.notices, what="dropped again")
        fake_obs.hold_starts_back(False)
        await session.go_live()
        await until(
            lambda: session.state.live is not None
            and session.state.live.obs_output is OutputState.LIVE,
            what="OBS live",
        )
        assert AREA_STREAM not in session.state.notices
        assert len(fake_obs.requests_of("StartStream")) == 3
    finally:
        await session.close()


async def test_double_create_makes_one_stream(
    obs_session: CompanionSession,
) -> None:
    sandbox = obs_session.sandbox
    assert sandbox is not None
    first, second = await asyncio.gather(obs_session.create_stream(), obs_session.create_stream())
    assert first.stream.id == second.stream.id
    assert sandbox.request_count("POST", "/v1/streams") == 1
    assert len(obs_session.state.streams) == 1


async def test_create_outcome_unknown_refreshes_the_list(tmp_path: Path, closed_port: int) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    await session.start()
    try:
        sandbox = session.sandbox
        assert sandbox is not None
        sandbox.faults.create_then_drop()
        with pytest.raises(CreateOutcomeUnknown):
            await session.create_stream()
        assert AREA_CREATE in session.state.notices
        # The stream was made anyway: the refresh after the unknown outcome finds it.
        await until(lambda: len(session.state.streams) == 1, what="the refreshed list")
        assert sandbox.request_count("POST", "/v1/streams") == 1
    finally:
        await session.close()


async def test_obs_already_streaming_is_refused(
    obs_session: CompanionSession, fake_obs: FakeObs
) -> None:
    before = fake_obs.service()
    fake_obs.set_stream_state(STARTED, True)
    await until(lambda: fake_obs.streaming, what="the fake OBS streaming")
    stored = await obs_session.create_stream()  # the create itself succeeds
    assert stored.stream.id
    notice = obs_session.state.notices.get(AREA_STREAM)
    assert notice is not None and "stream" in notice.message.lower()
    with pytest.raises(ObsBusyStreaming):
        await obs_session.send_to_obs()
    assert fake_obs.service() == before


async def test_obs_not_running(tmp_path: Path, closed_port: int) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    await session.start()
    try:
        await session.create_stream()
        with pytest.raises(ObsNotRunning):
            await session.send_to_obs()
        notice = session.state.notices[AREA_STREAM]
        assert "OBS is not running" in notice.message and notice.next_step
        assert session.state.obs.error is not None
    finally:
        await session.close()


async def test_wrong_obs_password(tmp_path: Path, fake_obs: FakeObs) -> None:
    url = f"obsws://127.0.0.1:{fake_obs.port}/wrong-password"
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": url})
    await session.start()
    try:
        await until(lambda: session.state.obs.error is not None, what="the OBS error")
        assert "password" in session.state.obs.error.message.lower()  # type: ignore[union-attr]
        await session.create_stream()
        with pytest.raises(ObsAuthFailed):
            await session.send_to_obs()
        assert fake_obs.service().service_type == "rtmp_common"
    finally:
        await session.close()


async def test_api_key_rejected(tmp_path: Path, api_sandbox: Sandbox, closed_port: int) -> None:
    env = {
        "COMPRIMATO_API_URL": api_sandbox.api_url,
        "COMPRIMATO_API_KEY": "not-the-key",
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }
    session = make_session(tmp_path, sandbox=False, env=env)
    await session.start()
    try:
        assert session.state.mode is Mode.REAL
        with pytest.raises(ApiKeyRejected):
            await session.create_stream()
        assert session.state.api_key_status is ApiKeyStatus.REJECTED
        assert "rejected the API key" in session.state.notices[AREA_CREATE].message
        assert api_sandbox.api_key not in repr(session.state)
    finally:
        await session.close()


async def test_api_unreachable(tmp_path: Path, closed_port: int) -> None:
    env = {
        "COMPRIMATO_API_URL": f"http://127.0.0.1:{closed_port}/v1",
        "COMPRIMATO_API_KEY": "some-key",
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }
    session = make_session(tmp_path, sandbox=False, env=env)
    await session.start()
    try:
        with pytest.raises(NetworkUnreachable):
            await session.create_stream()
        assert "Nothing answers at 127.0.0.1" in session.state.notices[AREA_CREATE].message
    finally:
        await session.close()


async def test_rename_delete_and_refresh(tmp_path: Path, closed_port: int) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    await session.start()
    try:
        sandbox = session.sandbox
        assert sandbox is not None
        first = await session.create_stream()
        second = await session.create_stream()
        await session.rename(first.stream.id, "  Sunday service ")
        names = {s.stream.id: s.name for s in session.state.streams}
        assert names[first.stream.id] == "Sunday service"
        await session.delete(second.stream.id)
        assert [s.stream.id for s in session.state.streams] == [first.stream.id]
        assert session.state.selected is None
        assert sandbox.request_count("DELETE", "/v1/streams/") == 1
        # A stream made elsewhere (another computer) appears after a refresh.
        made_elsewhere = sandbox.registry.create()
        await session.refresh()
        assert {s.stream.id for s in session.state.streams} == {
            first.stream.id,
            made_elsewhere.id,
        }
    finally:
        await session.close()


async def test_ten_thousand_streams_load_fast(tmp_path: Path, closed_port: int) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    await session.start()
    try:
        store = StreamStore(tmp_path / "data" / "streams.json")
        api_url = session.state.api_url
        fill_store(store, api_url, 10_000)
        await session.refresh()
        # How long it takes is the benchmarks' to say ("10,000 streams" rows).
        assert len(session.state.streams) == 10_000
    finally:
        await session.close()


async def test_close_during_start_releases_what_start_makes(
    tmp_path: Path, closed_port: int
) -> None:
    """Quitting while the window still starts: the sandbox and OBS link started after
    the close are released, not left listening until the garbage collector finds them."""
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    starting = asyncio.ensure_future(session.start())
    await until(lambda: session.sandbox is not None or starting.done(), what="the sandbox")
    await session.close()
    await starting
    assert session.sandbox is None and session.closed
    assert not session.state.obs.connected


async def test_real_mode_shows_the_stored_list_first_and_keeps_it_while_unchanged(
    tmp_path: Path, closed_port: int
) -> None:
    api_url = f"http://127.0.0.1:{closed_port}/v1"
    fill_store(StreamStore(tmp_path / "data" / "streams.json"), api_url, 300)
    session = make_session(
        tmp_path,
        sandbox=False,
        env={
            "COMPRIMATO_API_URL": api_url,
            "COMPRIMATO_API_KEY": "test-api-key",
            "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
        },
    )
    seen: list[tuple[bool, tuple[object, ...]]] = []
    session.add_observer(lambda state: seen.append((state.ready, state.streams)))
    await session.start()
    try:
        with_list = [(ready, streams) for ready, streams in seen if streams]
        assert with_list, "the stored streams never showed"
        first_ready, first_list = with_list[0]
        assert not first_ready  # shown before the client, keyring and OBS are set up
        assert len(first_list) == 300
        # Re-reading the unchanged store hands the window the very same tuple.
        assert all(streams is first_list for _, streams in with_list)
    finally:
        await session.close()


async def test_a_list_set_aside_is_still_said_when_the_api_offers_no_listing(
    tmp_path: Path, api_sandbox: Sandbox, closed_port: int
) -> None:
    """Both sentences show (issue 22 point 5): the list file was set aside, and this API
    cannot list the streams to bring them back."""
    store_file = tmp_path / "data" / "streams.json"
    store_file.parent.mkdir(parents=True)
    store_file.write_bytes(b"{ not json")
    api_sandbox.faults.status("GET", "/v1/streams", 404, times=None)
    session = make_session(
        tmp_path,
        sandbox=False,
        env={
            "COMPRIMATO_API_URL": api_sandbox.api_url,
            "COMPRIMATO_API_KEY": api_sandbox.api_key,
            "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
        },
    )
    await session.start()
    try:
        def both() -> bool:
            notice = session.state.notices.get(AREA_LIST)
            return notice is not None and "does not offer" in notice.text
        await until(both, what="the listing notice")
        await session.refresh()  # again: the set-aside sentence stays with it
        notice = session.state.notices[AREA_LIST]
        assert "set aside" in notice.text and "does not offer" in notice.text, notice.text
    finally:
        await session.close()
