"""A live watch ends when it is closed, even mid-start, and a new one never runs beside
an old one: otherwise one stream's status ends up in another stream's record."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.golive.live_status import LiveStatus
from comprimato_companion.golive.live_watch import LiveWatch
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.obs.connection import ObsConnectionInfo
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.supervisor import ObsSupervisor
from tests.support.fake_obs import FakeObs
from tests.support.session_rigs import make_session
from tests.support.waits import until


def _watch_tasks() -> list[asyncio.Task[object]]:
    return [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith("live-watch-") and not task.done()
    ]


class GatedClient:
    """Answers ``get_stream`` only once the test opens the gate."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.gate = asyncio.Event()
        self.calls = 0
        self.called = asyncio.Event()

    async def get_stream(self, stream_id: str) -> Stream:
        self.calls += 1
        self.called.set()
        await self.gate.wait()
        return self.stream


async def _never_resolve() -> ObsConnectionInfo:
    raise AssertionError("the watch must not connect to OBS itself")


async def test_a_watch_closed_while_starting_stops_for_good() -> None:
    stream = Stream(id="s-a", streamer_key="k", player_key="p", status="running")
    client = GatedClient(stream)
    supervisor = ObsSupervisor(_never_resolve)  # not started: no OBS link
    seen: list[LiveStatus] = []
    observer = ObsObserver(supervisor)
    watch = LiveWatch(client, stream.id, observer, on_change=seen.append)

    starting = asyncio.ensure_future(watch.start())
    await asyncio.wait_for(client.called.wait(), 5)
    await watch.close()
    seen.clear()
    client.gate.set()
    await asyncio.wait_for(starting, 5)

    assert _watch_tasks() == [], "a closed watch still polls"
    assert seen == [], "a closed watch still reports statuses"


@pytest.fixture
async def two_streams(
    tmp_path: Path, fake_obs: FakeObs
) -> AsyncIterator[tuple[CompanionSession, str, str]]:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await session.start()
    try:
        first = await session.create_stream()
        second = await session.create_stream()
        yield session, first.stream.id, second.stream.id
    finally:
        await session.close()


async def test_starting_a_watch_closes_the_one_it_replaces(
    two_streams: tuple[CompanionSession, str, str],
) -> None:
    session, first, _second = two_streams
    await session.select_stream(first)
    await session._start_watch()  # a second start for the same selection
    assert len([t for t in _watch_tasks() if t.get_name() == "live-watch-comprimato"]) == 1


async def test_a_slow_watch_of_the_last_stream_never_writes_into_the_next(
    two_streams: tuple[CompanionSession, str, str],
) -> None:
    session, first, second = two_streams
    sandbox = session.sandbox
    assert sandbox is not None
    record = next(s for s in session.state.streams if s.stream.id == first).stream
    # The first stream's status read is slow and says "running"; the second's is "stopped".
    path = f"/v1/streams/{first}"
    sandbox.faults.latency("GET", path, 0.5)
    sandbox.faults.status(
        "GET", path, 200, body=dataclasses.replace(record, status="running").to_json()
    )
    before = sandbox.request_count("GET", path)

    selecting_first = asyncio.ensure_future(session.select_stream(first))
    await until(lambda: sandbox.request_count("GET", path) > before, what="the slow read")
    await session.select_stream(second)
    await selecting_first  # its watch's first read has been answered by now

    selected = session.state.selected
    assert selected is not None and selected.stream.id == second
    assert selected.stream.status.lower() != "running"
    assert len([t for t in _watch_tasks() if t.get_name() == "live-watch-comprimato"]) == 1


async def test_the_viewers_check_reaches_the_selected_streams_status(
    tmp_path: Path, closed_port: int
) -> None:
    """OBS's side comes from the observed picture; the viewers' check still from the watch."""
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"})
    await session.start()
    try:
        sandbox = session.sandbox
        assert sandbox is not None
        if getattr(sandbox, "hls", None) is None:
            pytest.skip("the sandbox has no SRT ingest here, so no viewers' check")
        await session.create_stream()
        await until(
            lambda: session.state.live is not None and session.state.live.viewers is not None,
            what="the viewers' check",
        )
        live = session.state.live
        assert live is not None and live.viewers is not None
        assert not live.viewers.watchable  # nothing was sent: nothing to watch
        assert [t.get_name() for t in _watch_tasks()].count("live-watch-viewers") == 1
    finally:
        await session.close()
    assert _watch_tasks() == []
