"""go_live and LiveWatch against the real sandbox API and the fake OBS.

The fake OBS has no SRT output, so a small bridge plays the ingest's part: when the fake
starts streaming, the sandbox's registry is told (through its real ingest gate) that the
stream's key connected and sent media, and that it left when the fake stops. Everything
else is real: the HTTP API over loopback, obs-websocket over a real socket, the store.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from comprimato_companion.comprimato.client import ComprimatoClient
from comprimato_companion.comprimato.models import StreamState
from comprimato_companion.errors import ExitCode, WaitTimedOut
from comprimato_companion.golive import live_watch
from comprimato_companion.golive.flow import go_live
from comprimato_companion.golive.live_status import LiveStatus
from comprimato_companion.golive.live_watch import LiveWatch
from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.errors import ObsBusyStreaming, ObsStreamFailed
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.obs.supervisor import ObsSupervisor
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.obs_backups import ObsBackups
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import RECONNECTING, STARTED, FakeObs

INGEST = "srt://127.0.0.1:9000"


@contextmanager
def ingest_follows(fake: FakeObs, sandbox: Sandbox) -> Iterator[None]:
    """Make the sandbox see the fake OBS's stream: admitted and Running while it streams."""
    done = threading.Event()

    def follow() -> None:
        fake.wait_for(lambda: fake.streaming or done.is_set(), timeout=60)
        if done.is_set():
            return
        key = str(fake.service().service_settings.get("key", ""))
        if sandbox.registry.admit(key) is not None:
            return
        sandbox.registry.media(key, 1316)
        fake.wait_for(lambda: not fake.streaming or done.is_set(), timeout=60)
        sandbox.registry.ended(key)

    thread = threading.Thread(target=follow, name="ingest-bridge", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(5)


@pytest.fixture
def store(tmp_path: Path) -> StreamStore:
    return StreamStore(tmp_path / "streams.json")


@pytest.fixture
async def client(api_sandbox: Sandbox) -> AsyncIterator[ComprimatoClient]:
    async with ComprimatoClient(api_sandbox.api_url, api_sandbox.api_key) as made:
        yield made


@pytest.fixture
async def link(fake_obs: FakeObs) -> AsyncIterator[ObsLink]:
    made = ObsLink()
    await made.connect(parse_obsws_url(fake_obs.url))
    yield made
    await made.close()


def flow_options(sandbox: Sandbox, **extra: object) -> dict[str, object]:
    return {
        "api_url": sandbox.api_url,
        "ingest_url": INGEST,
        "player_url_template": sandbox.player_url_template,
        **extra,
    }


async def test_go_live_creates_applies_starts_and_waits_for_both_sides(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "server": "auto", "key": "mine"})
    said: list[str] = []
    with ingest_follows(fake_obs, api_sandbox):
        result = await go_live(
            client, link, store, **flow_options(api_sandbox, on_progress=said.append),
            observer=ObsObserver(link),
        )

    assert result.status.is_live
    assert result.status.obs_output is OutputState.LIVE
    assert result.status.comprimato_status == "Running"
    assert result.stream.is_running
    assert result.player_url == api_sandbox.player_url_template.replace(
        "{player_key}", result.stream.player_key
    )
    assert result.srt_url == f"{INGEST}?streamid={result.stream.streamer_key}"
    assert 0 < result.seconds < 10
    assert said[:4] == [
        "Creating a stream on Comprimato.",
        "Sending the stream's SRT address and key to OBS.",
        "Starting the stream in OBS.",
        "Waiting until Comprimato reports the stream.",
    ]
    service = fake_obs.service()
    assert service.service_type == "rtmp_custom"
    assert service.service_settings["server"] == INGEST
    assert service.service_settings["key"] == result.stream.streamer_key
    assert store.get(result.stream.id) is not None
    kept = ObsBackups().newest("Untitled")  # the user's own settings were kept first
    assert kept is not None and kept.settings["key"] == "mine"
    assert "streamer_key" not in repr(result) and result.stream.streamer_key not in repr(result)


async def test_times_out_saying_what_was_reached(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    # No ingest bridge: OBS goes live, Comprimato never sees the stream.
    with pytest.raises(WaitTimedOut) as caught:
        await go_live(
            client,
            link,
            store,
            **flow_options(api_sandbox, timeout=1.5),
            observer=ObsObserver(link),
        )

    assert caught.value.exit_code == ExitCode.TIMED_OUT
    assert "OBS is live, Comprimato reports Stopped" in caught.value.message
    assert "obs stop" in caught.value.next_step
    assert fake_obs.streaming  # left as it was, as the message says


async def test_a_start_obs_drops_says_a_window_in_obs_may_hold_it_back(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    # OBS's first-start Auto-Configuration Wizard (or its Settings) open: OBS answers the
    # start and does nothing, with no event. The ingest address is not the thing to check.
    fake_obs.hold_starts_back()
    with pytest.raises(WaitTimedOut) as caught:
        await go_live(
            client,
            link,
            store,
            **flow_options(api_sandbox, timeout=1.5),
            observer=ObsObserver(link),
        )

    assert caught.value.exit_code == ExitCode.TIMED_OUT
    assert caught.value.message.startswith(
        "Not live within 1.5 s: OBS did not begin to start streaming (it took the request, "
        "then did nothing), Comprimato reports Stopped."
    )
    assert "Auto-Configuration Wizard" in caught.value.next_step
    assert "SRT ingest" not in str(caught.value)
    assert len(fake_obs.requests_of("StartStream")) == 1 and not fake_obs.streaming


async def test_obs_failing_to_connect_to_the_ingest_fails_fast(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    fake_obs.fail_next_start()
    # ObsStreamFailed (not a time-out) says the STOPPED event ended the wait, not the clock.
    with pytest.raises(ObsStreamFailed) as caught:
        await go_live(
            client, link, store, **flow_options(api_sandbox, timeout=30), observer=ObsObserver(link)
        )

    assert "could not connect to the SRT ingest" in caught.value.message
    assert caught.value.exit_code == ExitCode.OBS


async def test_obs_retrying_a_connection_it_never_made_fails_and_is_stopped(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    # What OBS 29 does when the SRT ingest refuses the key: STARTING, then RECONNECTING.
    fake_obs.hang_next_start()
    flow = asyncio.create_task(
        go_live(
            client, link, store, **flow_options(api_sandbox, timeout=30), observer=ObsObserver(link)
        )
    )
    await asyncio.to_thread(fake_obs.wait_for, lambda: bool(fake_obs.requests_of("StartStream")))
    fake_obs.set_stream_state(RECONNECTING, False)

    with pytest.raises(ObsStreamFailed) as caught:
        await asyncio.wait_for(flow, 10)

    assert f"could not connect to the SRT ingest at {INGEST}" in caught.value.message
    assert "was stopped" in caught.value.message
    assert len(fake_obs.requests_of("StopStream")) == 1


async def test_obs_streaming_elsewhere_is_refused_before_creating_anything(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "server": "auto", "key": "mine"})
    fake_obs.set_stream_state(STARTED, True)

    with pytest.raises(ObsBusyStreaming) as caught:
        await go_live(client, link, store, **flow_options(api_sandbox), observer=ObsObserver(link))

    assert "already streaming to the service Twitch" in caught.value.message
    assert "a new stream cannot go live" in caught.value.message
    assert api_sandbox.request_count("POST", "/v1/streams") == 0
    assert fake_obs.requests_of("SetStreamServiceSettings") == []
    assert fake_obs.service().service_settings["key"] == "mine"


async def test_obs_streaming_elsewhere_is_refused_for_a_stored_stream_too(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    stream = await client.create_stream()
    store.add(stream, api_sandbox.api_url)
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": "somebody-else"})
    fake_obs.set_stream_state(STARTED, True)

    with pytest.raises(ObsBusyStreaming):
        await go_live(
            client,
            link,
            store,
            **flow_options(api_sandbox, stream_id=stream.id),
            observer=ObsObserver(link),
        )
    assert fake_obs.requests_of("SetStreamServiceSettings") == []


async def test_obs_already_streaming_this_stream_is_only_watched(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    stream = await client.create_stream()  # not in the store: looked up through the API
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": stream.streamer_key})
    said: list[str] = []
    with ingest_follows(fake_obs, api_sandbox):
        fake_obs.set_stream_state(STARTED, True)
        result = await go_live(
            client, link, store,
            **flow_options(api_sandbox, stream_id=stream.id, on_progress=said.append),
            observer=ObsObserver(link),
        )

    assert result.was_streaming and result.status.is_live
    assert result.stream.id == stream.id
    assert "OBS is already streaming this stream." in said
    assert fake_obs.requests_of("StartStream") == []
    assert fake_obs.requests_of("SetStreamServiceSettings") == []
    assert store.get(stream.id) is not None


async def test_without_a_status_endpoint_obs_live_is_enough_and_said(
    client: ComprimatoClient, link: ObsLink, store: StreamStore, fake_obs: FakeObs,
    api_sandbox: Sandbox,
) -> None:
    api_sandbox.faults.status("GET", "/v1/streams/", 404, body="<html>nope</html>", times=None)

    result = await go_live(
        client, link, store, **flow_options(api_sandbox, timeout=10), observer=ObsObserver(link)
    )

    assert result.status.obs_output is OutputState.LIVE
    assert not result.status.comprimato_polled
    assert not result.status.is_live
    assert result.status.problem is not None and "cannot be checked" in result.status.problem


async def test_live_watch_reports_figures_each_second_while_live(
    client: ComprimatoClient, link: ObsLink, fake_obs: FakeObs, api_sandbox: Sandbox,
) -> None:
    stream = await client.create_stream()
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": stream.streamer_key})
    seen: list[LiveStatus] = []
    observer = ObsObserver(link)
    watch = LiveWatch(client, stream.id, observer, on_change=seen.append)
    await observer.start()
    await watch.start()
    try:
        assert watch.status.obs_output is OutputState.STOPPED
        assert watch.status.comprimato_status == "Stopped"
        with ingest_follows(fake_obs, api_sandbox):
            await link.start_stream()
            live = await watch.wait_for(
                lambda s: s.is_live and s.figures is not None
                and s.figures.bitrate_kbps is not None,
                timeout=10,
            )
            assert live.figures is not None and live.figures.bitrate_kbps is not None
            # The fake sends 2.5 Mbit/s.
            assert 1500 < live.figures.bitrate_kbps < 3500
            assert live.problem is None
    finally:
        await watch.close()
        await observer.close()
    assert [s.obs_output for s in seen].count(OutputState.LIVE) >= 1
    assert seen[-1] is watch.status


async def test_live_watch_follows_the_supervisor_through_a_crash_and_back(
    client: ComprimatoClient, fake_obs: FakeObs,
) -> None:
    info: ObsConnectionInfo = parse_obsws_url(fake_obs.url)

    async def resolve() -> ObsConnectionInfo:
        return info

    supervisor = ObsSupervisor(resolve, first_retry_delay=0.1, max_retry_delay=0.2)
    await supervisor.start()
    stream = await client.create_stream()
    observer = ObsObserver(supervisor)
    watch = LiveWatch(client, stream.id, observer)
    try:
        await supervisor.wait_connected(5)
        await observer.start()
        await watch.start()
        await watch.wait_for(lambda s: s.obs_connected, timeout=5)

        fake_obs.stop()
        lost = await watch.wait_for(lambda s: not s.obs_connected, timeout=10)
        assert lost.problem
        assert not lost.is_live

        fake_obs.start()
        await supervisor.wait_connected(10)
        back = await watch.wait_for(lambda s: s.obs_connected, timeout=10)
        assert back.problem is None or "Comprimato" in back.problem
        assert supervisor.state is LinkState.CONNECTED
    finally:
        await watch.close()
        await observer.close()
        await supervisor.stop()


async def test_comprimato_is_polled_fast_only_while_a_change_is_expected(
    client: ComprimatoClient, link: ObsLink, api_sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(live_watch, "EXPECT_INTERVAL", 0.05)
    monkeypatch.setattr(live_watch, "STEADY_INTERVAL", 2.0)
    stream = await client.create_stream()
    observer = ObsObserver(link)
    watch = LiveWatch(client, stream.id, observer)

    def reads() -> int:
        return api_sandbox.request_count("GET", f"/v1/streams/{stream.id}")

    await observer.start()
    await watch.start()
    try:
        assert reads() == 1
        watch.expect(StreamState.RUNNING)
        await asyncio.sleep(0.5)  # observing a pace: there is no event to wait for
        assert reads() >= 5

        assert api_sandbox.registry.admit(stream.streamer_key) is None
        api_sandbox.registry.media(stream.streamer_key, 1316)
        await watch.wait_for(lambda s: s.comprimato_status == "Running", timeout=5)
        settled = reads()
        await asyncio.sleep(0.5)
        assert reads() - settled <= 1  # back to the steady pace
    finally:
        await watch.close()
        await observer.close()


async def test_an_api_without_stream_status_turns_polling_off_and_says_so(
    client: ComprimatoClient, link: ObsLink, api_sandbox: Sandbox,
) -> None:
    stream = await client.create_stream()
    api_sandbox.faults.status("GET", "/v1/streams/", 405, times=None)
    observer = ObsObserver(link)
    watch = LiveWatch(client, stream.id, observer)
    await observer.start()
    await watch.start()
    try:
        assert not watch.status.comprimato_polled
        assert watch.status.comprimato_state is StreamState.UNKNOWN
        assert watch.status.problem is not None
        assert "cannot be checked from here" in watch.status.problem
        watch.expect(StreamState.RUNNING)
        await asyncio.sleep(0.3)  # observing that nothing is sent
        assert api_sandbox.request_count("GET", "/v1/streams/") == 1
    finally:
        await watch.close()
        await observer.close()
