"""The output state machine and the live figures."""

from __future__ import annotations

import asyncio

import pytest

from comprimato_companion.errors import WaitTimedOut
from comprimato_companion.obs.connection import parse_obsws_url
from comprimato_companion.obs.errors import ObsStreamFailed
from comprimato_companion.obs.link import ObsEvent, ObsLink, OutputStatus, StreamStateChanged
from comprimato_companion.obs.output_state import (
    FigureMeter,
    LiveFigures,
    OutputState,
    OutputTracker,
)
from tests.support.fake_obs import RECONNECTED, RECONNECTING, FakeObs

P = "OBS_WEBSOCKET_OUTPUT_"


def event(name: str, active: bool = False) -> StreamStateChanged:
    return StreamStateChanged(P + name, active)


def feed_all(tracker: OutputTracker, *names: str) -> list[OutputState]:
    seen: list[OutputState] = []
    tracker.add_listener(seen.append)
    for name in names:
        tracker.feed(event(name))
    return seen


def test_start_then_live_then_stop() -> None:
    tracker = OutputTracker()
    seen = feed_all(tracker, "STARTING", "STARTED", "STOPPING", "STOPPED")
    assert seen == [OutputState.STARTING, OutputState.LIVE, OutputState.STOPPING,
                    OutputState.STOPPED]
    assert tracker.error is None


def test_starting_then_stopped_is_a_failed_connection() -> None:
    tracker = OutputTracker()
    feed_all(tracker, "STARTING", "STOPPED")
    assert tracker.state is OutputState.FAILED
    assert tracker.error is not None
    assert tracker.error.message == "OBS could not connect to the SRT ingest."
    assert tracker.error.exit_code == 5
    tracker.feed(event("STOPPED"))  # stays failed
    assert tracker.state is OutputState.FAILED
    tracker.feed(event("STARTING"))  # a new attempt clears the failure
    assert tracker.state is OutputState.STARTING and tracker.error is None


def test_reconnecting_and_back() -> None:
    tracker = OutputTracker()
    seen = feed_all(tracker, "STARTING", "STARTED", "RECONNECTING", "RECONNECTED")
    assert seen[-2:] == [OutputState.RECONNECTING, OutputState.LIVE]


def test_starting_then_reconnecting_is_a_failed_connection() -> None:
    # OBS 29 answers a refused SRT handshake with RECONNECTING, never STARTED.
    tracker = OutputTracker()
    feed_all(tracker, "STARTING", "RECONNECTING")
    assert tracker.state is OutputState.FAILED
    assert tracker.error is not None
    assert "refused the stream key" in tracker.error.message
    tracker.feed(event("RECONNECTING"))  # OBS retrying does not hide the failure
    assert tracker.state is OutputState.FAILED
    tracker.feed(event("RECONNECTED"))  # a retry that gets through is live after all
    assert tracker.state is OutputState.LIVE and tracker.error is None


def test_stopped_while_live_without_stopping_is_a_failure() -> None:
    tracker = OutputTracker()
    feed_all(tracker, "STARTING", "STARTED", "RECONNECTING", "STOPPED")
    assert tracker.state is OutputState.FAILED
    assert tracker.error is not None and "connection to the SRT ingest was lost" in (
        tracker.error.message
    )


def test_unknown_states_are_ignored() -> None:
    tracker = OutputTracker()
    tracker.feed(StreamStateChanged("OBS_WEBSOCKET_OUTPUT_PAUSED", True))
    assert tracker.state is OutputState.STOPPED


def test_sync_from_status() -> None:
    tracker = OutputTracker()
    tracker.sync(OutputStatus(True, False, 1000, 0.0, 10, 0, 30))
    assert tracker.state is OutputState.LIVE
    tracker.sync(OutputStatus(True, True, 1000, 0.0, 10, 0, 30))
    assert tracker.state is OutputState.RECONNECTING
    tracker.sync(OutputStatus(False, False, 0, 0.0, 0, 0, 0))
    assert tracker.state is OutputState.STOPPED


def test_a_read_that_overtakes_the_reconnecting_event_still_fails_the_start() -> None:
    # Reads and events come on two connections: the read may say "reconnecting" first.
    tracker = OutputTracker()
    tracker.feed(event("STARTING"))
    tracker.sync(OutputStatus(True, True, 0, 0.0, 0, 0, 0))
    assert tracker.state is OutputState.FAILED
    assert tracker.error is not None and "refused the stream key" in tracker.error.message
    tracker.feed(event("RECONNECTING"))  # the event arriving late keeps the failure
    assert tracker.state is OutputState.FAILED and tracker.error is not None


def test_a_read_still_saying_active_just_after_stopped_does_not_revive_the_stream() -> None:
    # Real OBS 29 answers outputActive for a moment after its STOPPED event.
    now = [100.0]
    tracker = OutputTracker(clock=lambda: now[0])
    feed_all(tracker, "STARTING", "STARTED", "STOPPING", "STOPPED")
    tracker.sync(OutputStatus(True, False, 5000, 0.0, 10_000, 0, 150))
    assert tracker.state is OutputState.STOPPED and tracker.just_stopped()
    now[0] += 2.5  # later, OBS saying it sends is believed again (a start whose event was lost)
    tracker.sync(OutputStatus(True, False, 5000, 0.0, 10_000, 0, 150))
    assert tracker.state is OutputState.LIVE


def test_a_read_while_stopping_keeps_stopping_and_the_stop_is_not_a_drop() -> None:
    # OBS's output stays active until STOPPED: OBS 32 takes about 1 s after STOPPING.
    tracker = OutputTracker()
    feed_all(tracker, "STARTING", "STARTED", "STOPPING")
    tracker.sync(OutputStatus(True, False, 5000, 0.0, 10_000, 0, 150))
    assert tracker.state is OutputState.STOPPING
    tracker.feed(event("STOPPED"))
    assert tracker.state is OutputState.STOPPED and tracker.error is None


def test_a_read_after_the_failure_does_not_hide_it() -> None:
    tracker = OutputTracker()
    feed_all(tracker, "STARTING", "RECONNECTING")
    tracker.sync(OutputStatus(True, True, 0, 0.0, 0, 0, 0))  # OBS keeps retrying
    assert tracker.state is OutputState.FAILED
    assert tracker.error is not None and "refused the stream key" in tracker.error.message
    tracker.sync(OutputStatus(True, False, 1000, 0.0, 10, 0, 30))  # a retry got through
    assert tracker.state is OutputState.LIVE and tracker.error is None


async def test_starting_too_long_fails() -> None:
    tracker = OutputTracker(start_timeout=0.1)
    tracker.feed(event("STARTING"))
    with pytest.raises(ObsStreamFailed) as caught:
        await tracker.wait_for(OutputState.LIVE, timeout=5)
    assert "did not connect to the SRT ingest within 0.1 s" in caught.value.message
    assert tracker.state is OutputState.FAILED


async def test_expected_start_without_any_event_times_out() -> None:
    tracker = OutputTracker(start_timeout=0.05)
    tracker.expect_start()
    assert tracker.state is OutputState.STARTING
    with pytest.raises(ObsStreamFailed):
        await tracker.wait_for(OutputState.LIVE, timeout=5)


async def test_a_start_obs_never_began_says_a_window_in_obs_may_hold_it_back() -> None:
    # OBS 29, 30.2 and 32.2 answer StartStream and drop it, with no event, while their
    # first-start Auto-Configuration Wizard (or Settings) is open: the ingest is not to blame.
    tracker = OutputTracker(start_timeout=0.05)
    tracker.expect_start()
    tracker.sync(OutputStatus(False, False, 0, 0.0, 0, 0, 0))  # the read: not active
    with pytest.raises(ObsStreamFailed) as caught:
        await tracker.wait_for(OutputState.LIVE, timeout=5)
    assert caught.value.message == (
        "OBS did not begin to start streaming: it took the request, then did nothing for "
        "0.05 s."
    )
    assert "Auto-Configuration Wizard" in caught.value.next_step
    assert "close it, then try again" in caught.value.next_step
    assert "SRT ingest" not in str(caught.value)
    assert caught.value.exit_code == 5
    assert tracker.state is OutputState.FAILED


async def test_a_start_obs_began_and_never_finished_points_at_the_ingest() -> None:
    tracker = OutputTracker(start_timeout=0.05)
    tracker.expect_start()
    tracker.feed(event("STARTING"))
    with pytest.raises(ObsStreamFailed) as caught:
        await tracker.wait_for(OutputState.LIVE, timeout=5)
    assert caught.value.message == "OBS did not connect to the SRT ingest within 0.05 s."
    assert "Check the SRT ingest address" in caught.value.next_step


async def test_an_event_of_an_earlier_start_does_not_count_for_the_next() -> None:
    tracker = OutputTracker(start_timeout=0.05)
    feed_all(tracker, "STARTING", "STARTED", "STOPPING", "STOPPED")
    tracker.expect_start()
    with pytest.raises(ObsStreamFailed) as caught:
        await tracker.wait_for(OutputState.LIVE, timeout=5)
    assert "did not begin to start streaming" in caught.value.message


async def test_started_in_time_cancels_the_timeout() -> None:
    tracker = OutputTracker(start_timeout=0.1)
    tracker.feed(event("STARTING"))
    tracker.feed(event("STARTED", True))
    await asyncio.sleep(0.2)
    assert tracker.state is OutputState.LIVE
    tracker.close()


async def test_wait_for_times_out_with_exit_code_6() -> None:
    tracker = OutputTracker()
    with pytest.raises(WaitTimedOut) as caught:
        await tracker.wait_for(OutputState.LIVE, timeout=0.05)
    assert caught.value.exit_code == 6 and "live" in caught.value.message


async def test_wait_for_returns_at_once_when_there() -> None:
    tracker = OutputTracker()
    assert await tracker.wait_for({OutputState.STOPPED}, timeout=0.01) is OutputState.STOPPED


async def test_tracker_fed_by_the_fake_obs(fake_obs: FakeObs) -> None:
    link = ObsLink()
    tracker = OutputTracker(start_timeout=2)

    def on_event(item: ObsEvent) -> None:
        if isinstance(item, StreamStateChanged):
            tracker.feed(item)

    link.add_listener(on_event)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    try:
        await link.start_stream()
        assert await tracker.wait_for(OutputState.LIVE, 5) is OutputState.LIVE
        fake_obs.set_stream_state(RECONNECTING, True)
        await tracker.wait_for(OutputState.RECONNECTING, 5)
        fake_obs.set_stream_state(RECONNECTED, True)
        await tracker.wait_for(OutputState.LIVE, 5)
        await link.stop_stream()
        await tracker.wait_for(OutputState.STOPPED, 5)
        fake_obs.fail_next_start()
        tracker.expect_start()
        await link.start_stream()
        with pytest.raises(ObsStreamFailed):
            await tracker.wait_for(OutputState.LIVE, 5)
        fake_obs.hang_next_start()
        tracker.expect_start()  # the earlier failure must not answer this wait
        assert tracker.error is None
        await link.start_stream()
        with pytest.raises(ObsStreamFailed) as caught:
            await tracker.wait_for(OutputState.LIVE, 5)
        assert "within 2 s" in caught.value.message
        assert "SRT ingest" in str(caught.value)  # OBS said STARTING: it did begin
        await link.stop_stream()
        await tracker.wait_for(OutputState.STOPPED, 5)
        fake_obs.hold_starts_back()  # a window open in OBS: the start is dropped
        tracker.expect_start()
        await link.start_stream()
        with pytest.raises(ObsStreamFailed) as caught:
            await tracker.wait_for(OutputState.LIVE, 5)
        assert "did not begin to start streaming" in caught.value.message
        assert "Auto-Configuration Wizard" in caught.value.next_step
        assert fake_obs.requests_of("StartStream")[-1:] == [None]  # asked, and answered
        assert not fake_obs.streaming
    finally:
        tracker.close()
        await link.close()


# --- figures ------------------------------------------------------------------------------


def status(bytes_: int, *, duration_ms: int = 5000, skipped: int = 0, total: int = 150,
           active: bool = True, reconnecting: bool = False) -> OutputStatus:
    return OutputStatus(active, reconnecting, duration_ms, 0.25, bytes_, skipped, total)


def test_bitrate_from_the_change_in_bytes() -> None:
    meter = FigureMeter()
    first = meter.update(status(1_000_000), now=100.0)
    assert first.bitrate_kbps is None  # one sample says nothing about a rate
    second = meter.update(status(1_750_000, duration_ms=7000), now=102.0)
    assert second.bitrate_kbps == pytest.approx(3000.0)  # 750 000 B * 8 / 2 s
    assert second.uptime_s == 7.0 and second.congestion == 0.25


def test_bytes_going_backwards_start_over() -> None:
    meter = FigureMeter()
    meter.update(status(5_000_000), now=1.0)
    assert meter.update(status(100), now=2.0).bitrate_kbps is None
    assert meter.update(status(125_100), now=3.0).bitrate_kbps == pytest.approx(1000.0)


def test_no_time_passed_gives_no_rate() -> None:
    meter = FigureMeter()
    meter.update(status(1000), now=5.0)
    assert meter.update(status(2000), now=5.0).bitrate_kbps is None


def test_reads_a_moment_apart_give_no_rate_and_keep_the_older_sample() -> None:
    meter = FigureMeter()
    meter.update(status(0), now=10.0)
    # A division by a few nanoseconds was an infinite bitrate on the live panel.
    assert meter.update(status(2**62), now=10.0 + 1e-9).bitrate_kbps is None
    assert meter.update(status(250_000), now=12.0).bitrate_kbps == pytest.approx(1000.0)


def test_inactive_output_resets() -> None:
    meter = FigureMeter()
    meter.update(status(1000), now=1.0)
    stopped = meter.update(status(0, active=False, total=0), now=2.0)
    assert stopped == LiveFigures(5.0, None, 0.0, 0.25, False)
    assert meter.update(status(5000), now=3.0).bitrate_kbps is None


def test_dropped_frames_in_percent() -> None:
    meter = FigureMeter()
    assert meter.update(status(0, skipped=3, total=300), now=1.0).dropped_percent == 1.0
    assert meter.update(status(0, skipped=0, total=0), now=2.0).dropped_percent == 0.0
    assert meter.update(status(0, reconnecting=True), now=3.0).reconnecting


async def test_figures_from_the_fake_obs(fake_obs: FakeObs) -> None:
    fake_obs.bitrate_bps = 4_000_000
    link = ObsLink()
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    try:
        await link.start_stream()
        fake_obs.wait_for(lambda: fake_obs.streaming)
        meter = FigureMeter()
        loop = asyncio.get_running_loop()
        meter.update(await link.get_stream_status(), loop.time())
        await asyncio.sleep(0.3)
        figures = meter.update(await link.get_stream_status(), loop.time())
        assert figures.bitrate_kbps is not None
        assert 2500 < figures.bitrate_kbps < 5500
        assert figures.uptime_s > 0.2
    finally:
        await link.close()
