"""The observed picture of OBS follows what OBS holds, against the fake OBS.

Every change here is made in OBS itself (the fake's own side), never through the program:
the picture must see it by reading OBS, and say at once when OBS is gone.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.observer import ObsObserver, ObsPicture
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.obs.srt_settings import describe_service, public_server
from comprimato_companion.obs.supervisor import ObsSupervisor
from comprimato_companion.storage.stream_store import StoredStream
from tests.support.fake_obs import FakeObs, Profile
from tests.support.picture_waits import until
from tests.support.qt_fixtures import eventually

INGEST = "srt://127.0.0.1:9000"
KEY_A = "sk_observed_a"
STREAM_A = StoredStream(Stream(id="a", streamer_key=KEY_A, player_key="pa"), "api")
STREAM_B = StoredStream(Stream(id="b", streamer_key="sk_observed_b", player_key="pb"), "api")
OURS_A = {"server": INGEST, "key": KEY_A, "use_auth": False, "username": "", "password": ""}



@pytest.fixture
async def supervisor(fake_obs: FakeObs) -> AsyncIterator[ObsSupervisor]:
    info: ObsConnectionInfo = parse_obsws_url(fake_obs.url)

    async def resolve() -> ObsConnectionInfo:
        return info

    made = ObsSupervisor(resolve, first_retry_delay=0.1, max_retry_delay=0.2)
    await made.start()
    await made.wait_connected(5)
    yield made
    await made.stop()


@pytest.fixture
async def observer(supervisor: ObsSupervisor) -> AsyncIterator[ObsObserver]:
    # A long idle interval: each test says when polling is what it relies on.
    made = ObsObserver(supervisor, idle_interval=30.0, live_interval=0.2)
    await made.start()
    yield made
    await made.close()


async def test_the_first_picture_is_what_obs_holds(
    fake_obs: FakeObs, observer: ObsObserver
) -> None:
    picture = observer.picture
    assert picture.connected and picture.profile == "Untitled"
    assert picture.profiles == ("Untitled",)
    assert picture.service is not None and picture.service.type == "rtmp_common"
    assert picture.output is OutputState.STOPPED and not picture.active
    assert picture.figures is None
    assert describe_service(picture.service) == "OBS's default service, not set up"
    assert ObsPicture() == ObsPicture(connected=False)


async def test_settings_edited_in_obs_are_seen_by_the_regular_read(
    fake_obs: FakeObs, supervisor: ObsSupervisor
) -> None:
    observer = ObsObserver(supervisor, idle_interval=0.2)
    await observer.start()
    try:
        assert not observer.picture.holds(INGEST, KEY_A)
        fake_obs.set_service("rtmp_custom", OURS_A)  # no event: OBS sends none for this
        seen = await until(observer, lambda p: p.holds(INGEST, KEY_A))
        assert seen.held_stream([STREAM_B, STREAM_A], INGEST) is STREAM_A
        assert seen.service is not None and public_server(seen.service) == INGEST
        fake_obs.set_service("rtmp_custom", {**OURS_A, "key": "users-own"})
        seen = await until(observer, lambda p: not p.holds(INGEST, KEY_A))
        assert seen.held_stream([STREAM_A, STREAM_B], INGEST) is None
        assert "users-own" not in repr(seen)
    finally:
        await observer.close()


async def test_refresh_reads_now(fake_obs: FakeObs, observer: ObsObserver) -> None:
    fake_obs.set_service("rtmp_custom", OURS_A)
    picture = await observer.refresh()
    assert picture.holds(INGEST, KEY_A)


async def test_a_profile_switched_in_obs_is_seen_from_its_event(
    fake_obs: FakeObs, observer: ObsObserver
) -> None:
    fake_obs.profiles["Podcast"] = Profile("rtmp_custom", dict(OURS_A))
    fake_obs.switch_profile("Podcast")
    # The idle interval is 30 s: only the CurrentProfileChanged event can explain this.
    seen = await until(observer, lambda p: p.profile == "Podcast" and p.service is not None,
                       timeout=3)
    assert seen.holds(INGEST, KEY_A)
    assert "Podcast" in seen.profiles


async def test_streaming_shows_live_figures_and_which_stream(
    fake_obs: FakeObs, observer: ObsObserver, supervisor: ObsSupervisor
) -> None:
    fake_obs.set_service("rtmp_custom", OURS_A)
    assert supervisor.link is not None
    await supervisor.link.start_stream()
    live = await until(
        observer,
        lambda p: p.output is OutputState.LIVE and p.figures is not None
        and p.figures.bitrate_kbps is not None,
    )
    assert live.active and live.status is not None and live.status.active
    assert live.held_stream([STREAM_A], INGEST) is STREAM_A
    await supervisor.link.stop_stream()
    stopped = await until(observer, lambda p: p.output is OutputState.STOPPED)
    assert stopped.figures is None and not stopped.active


@pytest.mark.parametrize("how", ["crash", "quit", "exit_started"])
async def test_obs_gone_while_live_says_so_at_once(
    fake_obs: FakeObs, observer: ObsObserver, supervisor: ObsSupervisor, how: str
) -> None:
    fake_obs.set_service("rtmp_custom", OURS_A)
    assert supervisor.link is not None
    await supervisor.link.start_stream()
    await until(observer, lambda p: p.output is OutputState.LIVE)
    if how == "crash":
        fake_obs.drop()
    elif how == "quit":
        fake_obs.stop()
    else:
        fake_obs.exit_started()
    gone = await until(observer, lambda p: not p.connected, timeout=8)
    assert gone.output is OutputState.STOPPED and not gone.active
    assert gone.figures is None and gone.status is None and gone.service is None
    assert not gone.holds(INGEST, KEY_A)


async def test_obs_restarted_with_other_settings_is_read_again(
    fake_obs: FakeObs, observer: ObsObserver
) -> None:
    fake_obs.set_service("rtmp_custom", OURS_A)
    await observer.refresh()
    assert observer.picture.holds(INGEST, KEY_A)
    fake_obs.stop()
    await until(observer, lambda p: not p.connected, timeout=8)
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine/live", "key": "mine"})
    fake_obs.start()
    back = await until(observer, lambda p: p.connected, timeout=10)
    assert not back.holds(INGEST, KEY_A)
    assert describe_service(back.service) == "the server rtmp://mine/live"


async def test_a_plain_link_is_observed_too(fake_obs: FakeObs) -> None:
    link = ObsLink()
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    observer = ObsObserver(link, idle_interval=30.0)
    try:
        await observer.start()
        assert observer.picture.connected
        fake_obs.drop()
        await until(observer, lambda p: not p.connected, timeout=8)
    finally:
        await observer.close()
        await link.close()


async def test_close_ends_the_reading_even_when_a_wake_up_comes_at_the_same_moment(
    fake_obs: FakeObs,
) -> None:
    """Python 3.11's wait_for could swallow close()'s cancellation: close must never hang."""
    link = ObsLink()
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    try:
        loop = asyncio.get_running_loop()
        for round_ in range(150):
            observer = ObsObserver(link, idle_interval=0.0005, live_interval=0.0005)
            await observer.start()
            task = observer._task
            assert task is not None
            await asyncio.sleep(0.001 * (round_ % 4))
            observer._wake.set()  # a wake-up racing the cancellation
            began = loop.time()
            await asyncio.wait({asyncio.ensure_future(observer.close())}, timeout=2)
            assert task.done(), f"round {round_}: the observer kept reading after close()"
            assert loop.time() - began < 2
    finally:
        await link.close()


async def test_while_live_the_figures_are_read_often_and_the_settings_as_when_idle(
    fake_obs: FakeObs, supervisor: ObsSupervisor
) -> None:
    observer = ObsObserver(supervisor, idle_interval=1.0, live_interval=0.05)
    await observer.start()
    try:
        fake_obs.set_service("rtmp_custom", OURS_A)
        assert supervisor.link is not None
        await supervisor.link.start_stream()
        await until(observer, lambda p: p.output is OutputState.LIVE and p.figures is not None)
        status_before = len(fake_obs.requests_of("GetStreamStatus"))
        settings_before = len(fake_obs.requests_of("GetStreamServiceSettings"))
        await eventually(lambda: len(fake_obs.requests_of("GetStreamStatus")) >= status_before + 40,
                         10, what="40 reads of the figures")
        status_reads = len(fake_obs.requests_of("GetStreamStatus")) - status_before
        settings_reads = len(fake_obs.requests_of("GetStreamServiceSettings")) - settings_before
        # 40 reads 50 ms apart take 2 s or more: the settings were read again, but about
        # once a second, not at every read of the figures.
        assert 1 <= settings_reads <= status_reads // 5, (settings_reads, status_reads)
        # An edit in OBS while live is still seen by the regular read (no event for it);
        # the running output keeps sending where it started, so that is still what it holds.
        fake_obs.set_service("rtmp_custom", {**OURS_A, "key": "users-own"})
        seen = await until(
            observer,
            lambda p: p.service is not None and p.service.settings.get("key") == "users-own",
            timeout=3,
        )
        assert seen.holds(INGEST, KEY_A)
        await supervisor.link.stop_stream()
    finally:
        await observer.close()


async def test_a_service_read_back_by_the_program_is_drawn_at_once(
    fake_obs: FakeObs, observer: ObsObserver, supervisor: ObsSupervisor
) -> None:
    assert supervisor.link is not None
    assert not observer.picture.holds(INGEST, KEY_A)
    fake_obs.set_service("rtmp_custom", OURS_A)
    held = await supervisor.link.get_stream_service_settings()
    observer.saw_service(held)  # no read of OBS in between: the idle interval is 30 s
    assert observer.picture.holds(INGEST, KEY_A)
    assert observer.picture.profile == "Untitled"
