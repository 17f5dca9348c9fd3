"""ObsLink through the real obsws-python client against the fake obs-websocket 5 server."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.errors import (
    ObsAuthFailed,
    ObsBusyStreaming,
    ObsConnectionLost,
    ObsKicked,
    ObsNotReady,
    ObsNotRunning,
    ObsRequestFailed,
    ObsServerDisabled,
    ObsTimedOut,
    ObsTooOld,
)
from comprimato_companion.obs.handshake import authentication_string
from comprimato_companion.obs.link import (
    ConnectionLost,
    ExitStarted,
    ObsEvent,
    ObsLink,
    ObsVersion,
    ServiceSettings,
    StreamStateChanged,
)
from tests.support.fake_obs import FakeObs

STARTED = "OBS_WEBSOCKET_OUTPUT_STARTED"


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Wait on the loop until ``condition`` holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


@pytest.fixture
async def link() -> object:
    made = ObsLink(not_ready_delay=0.05)
    yield made
    await made.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_connects_with_the_right_password(fake_obs: FakeObs, link: ObsLink) -> None:
    version = await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    assert version == ObsVersion("29.0.2", "5.1.0", 1)
    assert link.connected and link.version is version
    assert fake_obs.identified_sessions == 2  # one for requests, one for events


async def test_an_obs_on_this_computer_is_never_reached_through_a_proxy(
    fake_obs: FakeObs, link: ObsLink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A company proxy in the environment is for the Internet: 127.0.0.1 goes direct."""
    with socket.socket() as proxy:
        proxy.bind(("127.0.0.1", 0))
        proxy.listen(8)
        proxy.setblocking(False)
        address = f"http://127.0.0.1:{proxy.getsockname()[1]}"
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, address)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
        assert fake_obs.identified_sessions == 2
        with pytest.raises(BlockingIOError):
            proxy.accept()  # nothing ever connected to the proxy


async def test_connects_without_a_password(fake_obs_factory: Callable[..., FakeObs]) -> None:
    fake = fake_obs_factory(password=None)
    link = ObsLink()
    try:
        await link.connect(parse_obsws_url(fake.url), timeout=2)
        assert link.connected
    finally:
        await link.close()


async def test_wrong_password_is_4009(fake_obs: FakeObs, link: ObsLink) -> None:
    info = ObsConnectionInfo("127.0.0.1", fake_obs.port, "wrong-password", "test")
    with pytest.raises(ObsAuthFailed) as caught:
        await link.connect(info, timeout=2)
    assert not caught.value.password_missing
    assert "rejected the WebSocket password" in caught.value.message
    assert "wrong-password" not in str(caught.value)
    assert not link.connected


async def test_missing_password_is_said_so(fake_obs: FakeObs, link: ObsLink) -> None:
    info = ObsConnectionInfo("127.0.0.1", fake_obs.port, None, "test")
    with pytest.raises(ObsAuthFailed) as caught:
        await link.connect(info, timeout=2)
    assert caught.value.password_missing


async def test_nothing_listening_is_not_running(link: ObsLink) -> None:
    port = free_port()
    with pytest.raises(ObsNotRunning) as caught:
        await link.connect(ObsConnectionInfo("127.0.0.1", port, None, "test"), timeout=2)
    assert "OBS is not running, or its WebSocket server is off" in caught.value.message
    assert "Enable WebSocket server" in caught.value.next_step
    assert caught.value.exit_code == 5


async def test_server_off_in_obs_config_is_said_so(link: ObsLink) -> None:
    info = ObsConnectionInfo("127.0.0.1", free_port(), None, "/x/config.json", server_enabled=False)
    with pytest.raises(ObsServerDisabled) as caught:
        await link.connect(info, timeout=2)
    assert "Tools > WebSocket Server Settings" in caught.value.next_step


async def test_silent_server_times_out(link: ObsLink) -> None:
    """Something accepts the connection and says nothing (a frozen OBS)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        info = ObsConnectionInfo("127.0.0.1", listener.getsockname()[1], None, "test")
        with pytest.raises(ObsTimedOut):
            await link.connect(info, timeout=0.5)
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


async def test_a_web_server_is_not_obs(link: ObsLink) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        info = ObsConnectionInfo("127.0.0.1", listener.getsockname()[1], None, "test")
        with pytest.raises(ObsTooOld) as caught:
            await link.connect(info, timeout=2)
        assert "not an obs-websocket 5 server" in caught.value.message
    finally:
        thread.join(5)
        listener.close()


async def test_not_ready_is_retried(fake_obs: FakeObs, link: ObsLink) -> None:
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    fake_obs.not_ready(3)
    service = await link.get_stream_service_settings()
    assert service.type == "rtmp_common"
    assert len(fake_obs.requests_of("GetStreamServiceSettings")) == 4


async def test_not_ready_for_too_long_is_an_error(fake_obs: FakeObs) -> None:
    link = ObsLink(not_ready_retries=2, not_ready_delay=0.01)
    try:
        await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
        fake_obs.not_ready(10)
        with pytest.raises(ObsNotReady):
            await link.get_stream_status()
        assert link.connected  # a busy OBS is not a dead link
    finally:
        await link.close()


async def test_not_ready_while_connecting_is_retried(fake_obs: FakeObs, link: ObsLink) -> None:
    fake_obs.not_ready(2)
    version = await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    assert version.obs_version == "29.0.2"


async def test_settings_are_merged_by_obs(fake_obs: FakeObs, link: ObsLink) -> None:
    """The fake behaves like OBS: same type merges, so the link's callers send everything."""
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://a", "key": "k", "use_auth": True})
    await link.set_stream_service_settings(ServiceSettings("rtmp_custom", {"server": "srt://b"}))
    held = await link.get_stream_service_settings()
    assert held.settings == {"server": "srt://b", "key": "k", "use_auth": True}
    assert "k" not in repr(held)


async def test_stream_start_and_stop_events(fake_obs: FakeObs, link: ObsLink) -> None:
    events: list[ObsEvent] = []
    link.add_listener(events.append)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await link.start_stream()
    await until(lambda: StreamStateChanged(STARTED, True) in events)
    assert events[0] == StreamStateChanged("OBS_WEBSOCKET_OUTPUT_STARTING", False)
    await until(lambda: fake_obs.streaming)
    await asyncio.sleep(0.1)
    status = await link.get_stream_status()
    assert status.active and status.bytes > 0 and status.duration_ms > 0
    with pytest.raises(ObsBusyStreaming) as busy:
        await link.set_stream_service_settings(ServiceSettings("rtmp_custom", {"key": "k"}))
    assert "streaming" in busy.value.message
    with pytest.raises(ObsBusyStreaming):
        await link.start_stream()
    await link.stop_stream()
    await until(lambda: StreamStateChanged("OBS_WEBSOCKET_OUTPUT_STOPPED", False) in events)
    await link.stop_stream()  # not running: nothing to do, no error


async def test_stop_returns_once_obs_has_stopped_however_long_it_takes(
    fake_obs: FakeObs, link: ObsLink
) -> None:
    fake_obs.stop_delay = 1.5  # OBS 32 takes about 1 s from STOPPING to STOPPED
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await link.start_stream()
    await until(lambda: fake_obs.streaming)
    started = asyncio.get_running_loop().time()
    await link.stop_stream()
    assert asyncio.get_running_loop().time() - started >= 1.4
    assert not (await link.get_stream_status()).active
    # So the next change is taken at once (refused with 500 while OBS is still stopping).
    await link.set_stream_service_settings(ServiceSettings("rtmp_custom", {"key": "k"}))


async def test_stop_waits_for_the_first_bytes_before_stopping(
    fake_obs: FakeObs, link: ObsLink
) -> None:
    # OBS 32.2.2 (Debian's) segfaults when a stream is stopped before its first bytes left.
    fake_obs.bitrate_bps = 0
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await link.start_stream()
    await until(lambda: fake_obs.streaming)
    stopping = asyncio.create_task(link.stop_stream())
    await asyncio.sleep(0.5)
    assert not stopping.done()
    assert "StopStream" not in [name for name, _ in fake_obs.requests]
    fake_obs.bitrate_bps = 2_500_000
    await asyncio.wait_for(stopping, 3)
    assert "StopStream" in [name for name, _ in fake_obs.requests]
    assert not (await link.get_stream_status()).active


async def test_stop_stops_anyway_when_no_bytes_come(fake_obs: FakeObs) -> None:
    link = ObsLink(first_bytes_timeout=0.5)
    try:
        fake_obs.bitrate_bps = 0
        await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
        await link.start_stream()
        await until(lambda: fake_obs.streaming)
        started = asyncio.get_running_loop().time()
        await link.stop_stream()
        assert 0.4 <= asyncio.get_running_loop().time() - started < 3
        assert not (await link.get_stream_status()).active
    finally:
        await link.close()


async def test_stop_that_never_ends_is_a_timeout(fake_obs: FakeObs) -> None:
    link = ObsLink(stop_timeout=0.5)
    try:
        fake_obs.stop_delay = 30
        await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
        await link.start_stream()
        await until(lambda: fake_obs.streaming)
        with pytest.raises(ObsTimedOut):
            await link.stop_stream()
    finally:
        await link.close()


async def test_other_request_failures_name_the_request(fake_obs: FakeObs, link: ObsLink) -> None:
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    with pytest.raises(ObsRequestFailed) as caught:
        await link.set_current_profile("No Such Profile")
    assert caught.value.code == 600 and caught.value.request == "SetCurrentProfile"
    assert link.connected


async def test_profiles_wait_for_the_switch(fake_obs: FakeObs, link: ObsLink) -> None:
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await link.create_profile("Second")
    assert await link.get_profiles() == ("Second", ["Untitled", "Second"])
    await link.set_current_profile("Untitled")
    assert fake_obs.current_profile == "Untitled"
    await link.set_current_profile("Untitled")  # already there: no request, no wait
    assert len(fake_obs.requests_of("SetCurrentProfile")) == 1


async def test_kick_is_4011_and_reported_once(fake_obs: FakeObs, link: ObsLink) -> None:
    events: list[ObsEvent] = []
    link.add_listener(events.append)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    fake_obs.kick()
    await until(lambda: any(isinstance(e, ConnectionLost) for e in events))
    lost = [e for e in events if isinstance(e, ConnectionLost)]
    assert isinstance(lost[0].error, ObsKicked)
    assert not link.connected
    with pytest.raises(ObsKicked):
        await link.get_stream_status()
    await asyncio.sleep(0.2)
    assert len([e for e in events if isinstance(e, ConnectionLost)]) == 1


async def test_dropped_connection_is_noticed_at_once(fake_obs: FakeObs, link: ObsLink) -> None:
    events: list[ObsEvent] = []
    link.add_listener(events.append)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    fake_obs.drop()
    await until(lambda: any(isinstance(e, ConnectionLost) for e in events), timeout=3)
    lost = next(e for e in events if isinstance(e, ConnectionLost))
    assert type(lost.error) is ObsConnectionLost
    with pytest.raises(ObsConnectionLost):
        await link.get_stream_status()


async def test_exit_started_then_lost(fake_obs: FakeObs, link: ObsLink) -> None:
    events: list[ObsEvent] = []
    link.add_listener(events.append)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    fake_obs.exit_started()
    await until(lambda: any(isinstance(e, ConnectionLost) for e in events))
    assert isinstance(events[0], ExitStarted)
    lost = [e for e in events if isinstance(e, ConnectionLost)]
    assert len(lost) == 1 and "shutting down" in lost[0].error.message


async def test_a_failed_request_on_a_dead_server_reports_lost(fake_obs: FakeObs) -> None:
    """Only the request socket is cut: the next request notices."""
    link = ObsLink(request_timeout=2)
    events: list[ObsEvent] = []
    link.add_listener(events.append)
    try:
        await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
        fake_obs.stop()
        with pytest.raises(ObsConnectionLost):
            await link.get_stream_status()
        await until(lambda: any(isinstance(e, ConnectionLost) for e in events))
        assert len([e for e in events if isinstance(e, ConnectionLost)]) == 1
    finally:
        await link.close()


async def test_close_sends_no_lost_event(fake_obs: FakeObs) -> None:
    link = ObsLink()
    events: list[ObsEvent] = []
    link.add_listener(events.append)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await link.close()
    await link.close()
    fake_obs.wait_for(lambda: fake_obs.session_count() == 0)
    await asyncio.sleep(0.1)
    assert events == [] and not link.connected
    with pytest.raises(ObsConnectionLost):
        await link.get_stream_status()


async def test_a_failing_listener_does_not_stop_the_others(
    fake_obs: FakeObs, link: ObsLink
) -> None:
    seen: list[ObsEvent] = []

    def broken(event: ObsEvent) -> None:
        raise RuntimeError("listener bug")

    link.add_listener(broken)
    unsubscribe = link.add_listener(seen.append)
    await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
    await link.start_stream()
    await until(lambda: len(seen) >= 2)
    unsubscribe()
    unsubscribe()


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog


async def test_the_password_never_reaches_a_log(
    fake_obs: FakeObs, debug_logs: pytest.LogCaptureFixture
) -> None:
    # Even with the library's top logger at DEBUG (as a careless --debug might set it), and
    # through failures: its own module loggers stay silenced.
    library = logging.getLogger("obsws_python")
    library.setLevel(logging.DEBUG)
    link = ObsLink()
    try:
        await link.connect(parse_obsws_url(fake_obs.url), timeout=2)
        await link.get_stream_status()
        fake_obs.kick()
        await until(lambda: not link.connected)
        bad = ObsConnectionInfo("127.0.0.1", fake_obs.port, "another-secret-pw", "test")
        with pytest.raises(ObsAuthFailed):
            await ObsLink().connect(bad, timeout=2)
    finally:
        await link.close()
        library.setLevel(logging.WARNING)
    text = debug_logs.text
    assert fake_obs.password is not None and fake_obs.password not in text
    assert "another-secret-pw" not in text


def test_authentication_string_follows_the_protocol() -> None:
    """base64(sha256(base64(sha256(password + salt)) + challenge)), step by step."""
    password, salt, challenge = "supersecretpassword", "c2FsdA==", "Y2hhbGxlbmdl"
    secret = base64.b64encode(hashlib.sha256(b"supersecretpasswordc2FsdA==").digest())
    expected = base64.b64encode(hashlib.sha256(secret + b"Y2hhbGxlbmdl").digest()).decode()
    assert authentication_string(password, salt, challenge) == expected


def test_version_comparison() -> None:
    assert ObsVersion("29.0.2", "5.1.0", 1).at_least(29)
    assert not ObsVersion("28.1.2", "5.0.1", 1).at_least(29)
    assert ObsVersion("30.0.0-beta1", "5.3.0", 1).at_least(29, 1)
    assert ObsVersion("32.0.0", "5.6.0", 1).at_least(32)
    assert ObsVersion("unknown", "", 1).at_least(29)


@pytest.fixture
def stuck_name_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """``stuck.invalid`` hangs in the name lookup (a broken resolver) until released;
    ``unknown.invalid`` is not found at once."""
    release = threading.Event()
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host == "stuck.invalid":
            release.wait(30)
        if host in ("stuck.invalid", "unknown.invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "not found")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield release
    release.set()


async def test_a_stuck_name_lookup_times_out_without_waiting_for_it(
    stuck_name_lookup: threading.Event, link: ObsLink
) -> None:
    info = ObsConnectionInfo("stuck.invalid", 4455, None, "test")
    loop = asyncio.get_running_loop()
    began = loop.time()
    with pytest.raises(ObsTimedOut):
        await link.connect(info, timeout=0.2)
    assert loop.time() - began < 3.0  # the outer bound (1.6 s), not the resolver's


async def test_cancelling_a_stuck_connect_returns_at_once(
    stuck_name_lookup: threading.Event,
) -> None:
    # The supervisor's stop() cancels a connect in progress: quitting must not wait on DNS.
    link = ObsLink()
    task = asyncio.ensure_future(
        link.connect(ObsConnectionInfo("stuck.invalid", 4455, None, "test"), timeout=5)
    )
    await asyncio.sleep(0.2)
    loop = asyncio.get_running_loop()
    began = loop.time()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert loop.time() - began < 1.0


async def test_an_unknown_host_name_is_said_so(
    stuck_name_lookup: threading.Event, link: ObsLink
) -> None:
    with pytest.raises(ObsNotRunning) as caught:
        await link.connect(ObsConnectionInfo("unknown.invalid", 4455, None, "test"), timeout=1)
    assert "host name was not found" in caught.value.next_step
