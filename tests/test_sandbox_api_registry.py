"""StreamRegistry as the SRT ingest's gate: admit, media, ended and the stopped grace."""

from __future__ import annotations

import threading
import time

import pytest

from comprimato_companion.sandbox.registry import (
    REJECT_CONFLICT,
    REJECT_UNAUTHORIZED,
    StreamRegistry,
)
from tests.support.sandbox_fixtures import wait_until


def test_admit_media_ended_cycle_with_grace() -> None:
    registry = StreamRegistry(stopped_grace=0.3)
    stream = registry.create()
    assert registry.admit(stream.streamer_key) is None
    assert registry.get(stream.id).status == "Stopped"  # connected, no signal yet
    registry.media(stream.streamer_key, 1316)
    assert registry.get(stream.id).status == "Running"
    assert registry.bytes_received(stream.id) == 1316
    ended_at = time.monotonic()
    registry.ended(stream.streamer_key)
    assert registry.get(stream.id).status == "Running"  # still within the grace
    assert registry.wait_for_status(stream.id, "stopped", timeout=5)
    assert time.monotonic() - ended_at >= 0.25
    registry.close()


def test_reconnect_within_grace_keeps_it_running() -> None:
    registry = StreamRegistry(stopped_grace=0.3)
    stream = registry.create()
    registry.admit(stream.streamer_key)
    registry.media(stream.streamer_key, 10)
    registry.ended(stream.streamer_key)
    assert registry.admit(stream.streamer_key) is None
    registry.media(stream.streamer_key, 10)
    assert not registry.wait_for_status(stream.id, "Stopped", timeout=0.6)
    registry.close()


def test_zero_grace_stops_at_once_and_key_is_free_again() -> None:
    registry = StreamRegistry(stopped_grace=0)
    stream = registry.create()
    registry.admit(stream.streamer_key)
    assert registry.admit(stream.streamer_key) == REJECT_CONFLICT
    registry.media(stream.streamer_key, 10)
    registry.ended(stream.streamer_key)
    assert registry.get(stream.id).status == "Stopped"
    assert registry.admit(stream.streamer_key) is None


def test_unknown_and_deleted_keys_are_refused_and_late_events_ignored() -> None:
    registry = StreamRegistry(stopped_grace=0)
    assert registry.admit("nope") == REJECT_UNAUTHORIZED
    stream = registry.create()
    registry.admit(stream.streamer_key)
    assert registry.delete(stream.id) is not None
    registry.media(stream.streamer_key, 10)  # a late report after delete: no error
    registry.ended(stream.streamer_key)
    assert registry.admit(stream.streamer_key) == REJECT_UNAUTHORIZED
    assert registry.delete(stream.id) is None


def test_media_without_admission_does_not_start_a_stream() -> None:
    registry = StreamRegistry()
    stream = registry.create()
    registry.media(stream.streamer_key, 10)
    assert registry.get(stream.id).status == "Stopped"


def test_closed_registry_refuses_and_cancels_timers() -> None:
    registry = StreamRegistry(stopped_grace=30)
    stream = registry.create()
    registry.admit(stream.streamer_key)
    registry.media(stream.streamer_key, 10)
    registry.ended(stream.streamer_key)
    registry.close()
    assert registry.admit(stream.streamer_key) == REJECT_UNAUTHORIZED
    wait_until(lambda: not any(t.name == "sandbox-stopped-grace" for t in threading.enumerate()))


@pytest.mark.parametrize("publishers", [8])
def test_only_one_of_many_simultaneous_publishers_is_admitted(publishers: int) -> None:
    registry = StreamRegistry()
    stream = registry.create()
    start = threading.Barrier(publishers)
    answers: list[int | None] = []
    lock = threading.Lock()

    def knock() -> None:
        start.wait()
        answer = registry.admit(stream.streamer_key)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=knock) for _ in range(publishers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(None) == 1
    assert answers.count(REJECT_CONFLICT) == publishers - 1
