"""SrtIngest against real ffmpeg publishers over loopback SRT."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from comprimato_companion.sandbox.srt_ingest import SrtIngest
from tests.support.srt_fixtures import (
    CONFLICT,
    UNAUTHORIZED,
    RecordingGate,
    SrtPublisher,
    local_srt_url,
)

pytestmark = pytest.mark.srt

KEY = "sk-publisher-0123456789abcdef"
OTHER_KEY = "sk-publisher-fedcba9876543210"
Publish = Callable[[str], SrtPublisher]


@pytest.fixture
def gate() -> RecordingGate:
    return RecordingGate(keys=[KEY, OTHER_KEY])


@pytest.fixture
def ingest(gate: RecordingGate) -> Iterator[SrtIngest]:
    listener = SrtIngest("127.0.0.1", 0, gate)
    listener.start()
    yield listener
    listener.stop()


def url(ingest: SrtIngest, key: str) -> str:
    return local_srt_url(ingest.port, key)


def wait_for_more_media(gate: RecordingGate, key: str, than: int) -> None:
    gate.wait_for(lambda: gate.media_calls[key] > than)


def serving_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "srt-ingest"]


def test_right_key_is_admitted_and_its_media_counted(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    publisher = srt_publisher(url(ingest, KEY))

    waited = gate.wait_for(lambda: gate.media_calls[KEY] >= 1)
    first = gate.media_bytes[KEY]
    gate.wait_for(lambda: gate.media_bytes[KEY] > first + 20_000)

    assert waited < 5
    assert gate.admits == [KEY]
    assert gate.refusals == []
    assert gate.ended_keys == []
    assert publisher.running


def test_media_reports_are_aggregated(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1)
    started = time.monotonic()
    gate.wait_for(lambda: gate.media_calls[KEY] >= 6)
    elapsed = time.monotonic() - started

    # 5 reports at most one per 0.2 s; ffmpeg sends dozens of packets a second.
    assert elapsed >= 5 * 0.2 * 0.9


def test_wrong_key_is_refused_in_the_handshake(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    wrong = "sk-not-a-real-key-000000"
    publisher = srt_publisher(url(ingest, wrong))

    code = publisher.wait(timeout=10)

    assert code != 0
    assert gate.admits == [wrong]
    assert gate.refusals == [(wrong, UNAUTHORIZED)]
    assert gate.media_calls[wrong] == 0
    assert gate.ended_keys == []  # never admitted, so nothing to end
    assert "reject" in publisher.stderr.lower()


def test_second_publisher_with_the_same_key_is_refused_while_the_first_flows(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    first = srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1)

    second = srt_publisher(url(ingest, KEY))
    assert second.wait(timeout=10) != 0
    flowed = gate.media_bytes[KEY]
    gate.wait_for(lambda: gate.media_bytes[KEY] > flowed + 10_000)

    assert gate.refusals == [(KEY, CONFLICT)]
    assert gate.ended_keys == []
    assert first.running


def test_two_keys_publish_side_by_side(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    srt_publisher(url(ingest, KEY))
    other = srt_publisher(url(ingest, OTHER_KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 2 and gate.media_calls[OTHER_KEY] >= 2)

    other.terminate()
    gate.wait_for(lambda: gate.ended_keys == [OTHER_KEY])
    flowed = gate.media_bytes[KEY]
    gate.wait_for(lambda: gate.media_bytes[KEY] > flowed + 10_000)
    assert gate.ended_keys == [OTHER_KEY]


def test_publisher_stopped_with_sigterm_ends_promptly(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    publisher = srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1)

    publisher.terminate()
    waited = gate.wait_for(lambda: gate.ended_keys == [KEY])

    assert waited < 3
    publisher.wait(timeout=10)


@pytest.mark.slow
def test_publisher_killed_ends_after_the_idle_timeout(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    publisher = srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1)

    publisher.kill()
    waited = gate.wait_for(lambda: gate.ended_keys == [KEY], timeout=15)

    assert 2 < waited < 10  # silence, not a close: libsrt's peer idle timeout decides
    # the key is free again: a new publisher is admitted
    srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.admits.count(KEY) == 2 and KEY in gate.live)


def test_disconnect_ends_the_publishers_connection(
    ingest: SrtIngest, gate: RecordingGate, srt_publisher: Publish
) -> None:
    publisher = srt_publisher(url(ingest, KEY))
    other = srt_publisher(url(ingest, OTHER_KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1 and gate.media_calls[OTHER_KEY] >= 1)

    ingest.disconnect(KEY)

    assert publisher.wait(timeout=10) != 0
    gate.wait_for(lambda: gate.ended_keys == [KEY])
    assert other.running
    ingest.disconnect(KEY)  # nothing left to disconnect: no-op
    ingest.disconnect("sk-unknown-key-000000")
    ingest.stop()
    assert gate.ended_keys == [KEY, OTHER_KEY]  # exactly once each


def test_stop_with_a_live_publisher_returns_promptly_and_joins(
    gate: RecordingGate, srt_publisher: Publish
) -> None:
    ingest = SrtIngest("127.0.0.1", 0, gate)
    ingest.start()
    assert len(serving_threads()) == 1
    publisher = srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1)

    ingest.stop()  # returns once its threads are joined: no thread is left to wait for

    assert serving_threads() == []
    assert gate.ended_keys == [KEY]
    assert publisher.wait(timeout=10) != 0  # the publisher saw its connection go
    ingest.stop()
    assert gate.ended_keys == [KEY]


def test_start_and_stop_twice(gate: RecordingGate, srt_publisher: Publish) -> None:
    ingest = SrtIngest("127.0.0.1", 0, gate)
    ingest.stop()  # never started: nothing to do
    for round_number in (1, 2):
        ingest.start()
        ingest.start()  # already running: no second listener
        assert len(serving_threads()) == 1
        reports_before = gate.media_calls[KEY]
        srt_publisher(url(ingest, KEY))
        wait_for_more_media(gate, KEY, than=reports_before)
        assert gate.admits == [KEY] * round_number
        ingest.stop()
        ingest.stop()
        assert serving_threads() == []
        assert gate.ended_keys == [KEY] * round_number


def test_a_failing_gate_refuses_the_caller_and_the_ingest_goes_on(
    ingest: SrtIngest,
    gate: RecordingGate,
    srt_publisher: Publish,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate.fail_admit = True
    refused = srt_publisher(url(ingest, KEY))
    assert refused.wait(timeout=10) != 0
    assert "gate failed" in caplog.text

    gate.fail_admit = False
    srt_publisher(url(ingest, KEY))
    gate.wait_for(lambda: gate.media_calls[KEY] >= 1)


def test_logs_never_show_the_streamer_key(
    gate: RecordingGate, srt_publisher: Publish, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with SrtIngest("127.0.0.1", 0, gate) as ingest:
        publisher = srt_publisher(url(ingest, KEY))
        gate.wait_for(lambda: gate.media_calls[KEY] >= 1)
        srt_publisher(url(ingest, KEY)).wait(timeout=10)
        srt_publisher(url(ingest, "sk-wrong-key-0123456789")).wait(timeout=10)
        ingest.disconnect(KEY)
        publisher.wait(timeout=10)
        gate.wait_for(lambda: gate.ended_keys == [KEY])

    assert "sk-p…" in caplog.text
    assert KEY not in caplog.text
    assert KEY[:5] not in caplog.text
    assert "sk-wrong-key" not in caplog.text


def test_the_encoder_address_carries_a_key_with_url_characters_as_it_is(
    srt_publisher: Publish,
) -> None:
    # ffmpeg does not percent-decode the streamid: srt_url must not encode what can go raw.
    from comprimato_companion.comprimato.models import srt_url

    key = "sk/live=7:ab@cd"
    gate = RecordingGate(keys=[key])
    with SrtIngest("127.0.0.1", 0, gate) as listener:
        srt_publisher(srt_url(f"srt://127.0.0.1:{listener.port}", key))
        gate.wait_for(lambda: gate.media_calls[key] >= 1)
    assert gate.admits == [key]
