"""The libsrt binding and SrtIngest's address handling, without a publisher."""

from __future__ import annotations

import ctypes.util
import socket
from collections.abc import Callable, Iterator

import pytest

from comprimato_companion.errors import CompanionError
from comprimato_companion.sandbox import libsrt
from comprimato_companion.sandbox.srt_ingest import SrtError, SrtIngest, key_hint, libsrt_problem
from tests.support.srt_fixtures import RecordingGate, SrtPublisher, local_srt_url

pytestmark = pytest.mark.srt

KEY = "sk-ipv6-publisher-0123456789"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.fixture
def no_libsrt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend libsrt is not installed (a fresh load that finds nothing)."""
    monkeypatch.setattr(libsrt, "_lib", None)
    monkeypatch.setattr(libsrt, "_load_problem", None)
    monkeypatch.setattr(libsrt, "_users", 0)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(libsrt, "_CANDIDATE_NAMES", ("libsrt-absent-for-tests.so.0",))
    yield


def test_libsrt_loads_and_works_here() -> None:
    assert libsrt_problem() is None
    assert libsrt.version().startswith("1.")


def test_missing_libsrt_is_a_plain_sentence(no_libsrt: None) -> None:
    problem = libsrt_problem()

    assert problem is not None
    assert problem.startswith("libsrt is not installed")
    assert "libsrt1.5-openssl" in problem
    with pytest.raises(SrtError) as raised:
        SrtIngest("127.0.0.1", 0, RecordingGate()).start()
    assert isinstance(raised.value, CompanionError)
    assert raised.value.next_step


def test_port_zero_picks_a_free_port() -> None:
    first = SrtIngest("127.0.0.1", 0, RecordingGate())
    second = SrtIngest("127.0.0.1", 0, RecordingGate())
    with first, second:
        assert first.port > 0
        assert second.port > 0
        assert first.port != second.port


def test_a_given_port_is_used() -> None:
    port = free_udp_port()
    with SrtIngest("127.0.0.1", port, RecordingGate()) as ingest:
        assert ingest.port == port


def test_a_busy_port_is_a_plain_error() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        ingest = SrtIngest("127.0.0.1", port, RecordingGate())
        with pytest.raises(SrtError) as raised:
            ingest.start()
    assert f"UDP port {port}" in raised.value.message
    assert raised.value.next_step
    ingest.stop()  # a failed start leaves nothing to stop
    assert libsrt_problem() is None  # and libsrt's use count is balanced


def test_two_listeners_on_one_port_fail_cleanly() -> None:
    with SrtIngest("127.0.0.1", 0, RecordingGate()) as first, pytest.raises(SrtError):
        SrtIngest("127.0.0.1", first.port, RecordingGate()).start()


def test_an_unknown_host_is_a_plain_error() -> None:
    with pytest.raises(SrtError) as raised:
        SrtIngest("no-such-host.invalid", 0, RecordingGate()).start()
    assert "cannot be resolved" in raised.value.message


@pytest.mark.skipif(not has_ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_ipv6_listener_admits_a_publisher(
    srt_publisher: Callable[[str], SrtPublisher],
) -> None:
    gate = RecordingGate(keys=[KEY])
    with SrtIngest("::1", 0, gate) as ingest:
        srt_publisher(local_srt_url(ingest.port, KEY, host="::1"))
        gate.wait_for(lambda: gate.media_calls[KEY] >= 1)
    assert gate.ended_keys == [KEY]


def test_key_hint_shows_at_most_four_characters() -> None:
    assert key_hint("abcdefghijklmnop") == "abcd…"
    assert key_hint("short") == "…"
    assert key_hint("") == "…"


def test_repr_has_no_gate_or_keys() -> None:
    assert repr(SrtIngest("127.0.0.1", 0, RecordingGate(keys=["sk-secret"]))) == (
        "SrtIngest(host='127.0.0.1', port=0, running=False)"
    )
