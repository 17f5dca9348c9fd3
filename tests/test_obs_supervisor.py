"""The supervisor keeps a link to the fake OBS: reconnects with backoff, never after a kick."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.errors import ObsConnectionLost, ObsError, ObsKicked, ObsNotRunning
from comprimato_companion.obs.link import ObsEvent, StreamStateChanged
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.obs.supervisor import ObsSupervisor
from tests.support.fake_obs import FakeObs


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


def supervisor_for(fake: FakeObs, **options: float) -> ObsSupervisor:
    async def resolve() -> ObsConnectionInfo:
        return parse_obsws_url(fake.url)

    options.setdefault("first_retry_delay", 0.05)
    options.setdefault("max_retry_delay", 0.2)
    return ObsSupervisor(resolve, connect_timeout=2, **options)  # type: ignore[arg-type]


@pytest.fixture
async def supervisor(fake_obs: FakeObs) -> AsyncIterator[ObsSupervisor]:
    made = supervisor_for(fake_obs)
    yield made
    await made.stop()


async def test_connects_and_reports(fake_obs: FakeObs, supervisor: ObsSupervisor) -> None:
    states: list[LinkState] = []
    supervisor.add_listener(lambda: states.append(supervisor.state))
    await supervisor.start()
    await supervisor.start()  # already running: nothing more
    link = await supervisor.wait_connected(5)
    assert link.connected and supervisor.version is not None
    assert supervisor.version.obs_version == "29.0.2"
    assert states[:2] == [LinkState.CONNECTING, LinkState.CONNECTED]
    assert supervisor.error is None


async def test_reconnects_when_obs_comes_back_on_the_same_port(
    fake_obs: FakeObs, supervisor: ObsSupervisor
) -> None:
    events: list[ObsEvent] = []
    supervisor.add_event_listener(events.append)
    await supervisor.start()
    first = await supervisor.wait_connected(5)
    fake_obs.stop()
    await until(lambda: supervisor.state is LinkState.RETRYING, timeout=3)
    assert isinstance(supervisor.error, ObsConnectionLost)
    assert supervisor.link is None and not first.connected
    await asyncio.sleep(0.3)  # a few refused attempts
    assert isinstance(supervisor.error, ObsNotRunning)
    fake_obs.start()
    second = await supervisor.wait_connected(5)
    assert second is not first and second.connected
    # Events of the new link reach the supervisor's listeners.
    await second.start_stream()
    await until(lambda: any(isinstance(e, StreamStateChanged) for e in events))


async def test_exit_started_then_reconnect(fake_obs: FakeObs, supervisor: ObsSupervisor) -> None:
    await supervisor.start()
    first = await supervisor.wait_connected(5)
    fake_obs.exit_started()
    await until(lambda: supervisor.link is not first and supervisor.state is LinkState.CONNECTED)


async def test_never_reconnects_after_a_kick(fake_obs: FakeObs, supervisor: ObsSupervisor) -> None:
    await supervisor.start()
    await supervisor.wait_connected(5)
    sessions_before = fake_obs.identified_sessions
    fake_obs.kick()
    await until(lambda: supervisor.state is LinkState.FAILED)
    assert isinstance(supervisor.error, ObsKicked)
    await asyncio.sleep(0.4)  # several backoff periods
    assert fake_obs.identified_sessions == sessions_before
    with pytest.raises(ObsKicked):
        await supervisor.wait_connected(1)
    # Connecting again is the user's decision.
    await supervisor.stop()
    await supervisor.start()
    await supervisor.wait_connected(5)


async def test_stop_ends_the_retries(fake_obs: FakeObs, supervisor: ObsSupervisor) -> None:
    fake_obs.stop()
    await supervisor.start()
    await until(lambda: supervisor.state is LinkState.RETRYING)
    await supervisor.stop()
    assert supervisor.state is LinkState.DISCONNECTED and supervisor.error is None
    fake_obs.start()
    await asyncio.sleep(0.3)
    assert fake_obs.identified_sessions == 0
    with pytest.raises(ObsError):
        await supervisor.wait_connected(0.5)


async def test_wait_connected_gives_the_last_error(
    fake_obs: FakeObs, supervisor: ObsSupervisor
) -> None:
    fake_obs.stop()
    await supervisor.start()
    with pytest.raises(ObsNotRunning):
        await supervisor.wait_connected(0.5)


async def test_backoff_doubles_up_to_the_cap(fake_obs: FakeObs) -> None:
    fake_obs.stop()
    supervisor = supervisor_for(fake_obs, first_retry_delay=0.01, max_retry_delay=0.04)
    delays: list[float] = []

    def record() -> None:
        if supervisor.state is LinkState.RETRYING and supervisor.retry_delay is not None:
            delays.append(supervisor.retry_delay)

    supervisor.add_listener(record)
    await supervisor.start()
    await until(lambda: len(delays) >= 5)
    await supervisor.stop()
    assert delays[:5] == [0.01, 0.02, 0.04, 0.04, 0.04]


async def test_a_bad_address_is_retried_with_its_error(fake_obs: FakeObs) -> None:
    from comprimato_companion.errors import UsageError
    from comprimato_companion.obs.connection import parse_obsws_url as parse

    async def resolve() -> ObsConnectionInfo:
        return parse("nonsense")

    supervisor = ObsSupervisor(resolve, first_retry_delay=0.05)
    try:
        await supervisor.start()
        await until(lambda: supervisor.state is LinkState.RETRYING)
        assert supervisor.error is not None
        assert supervisor.error.exit_code == UsageError.exit_code
        assert "not valid" in supervisor.error.message
    finally:
        await supervisor.stop()


async def test_a_stop_whose_cancellation_was_swallowed_still_ends_the_retries() -> None:
    # Python 3.11's wait_for can hand back the inner error instead of the cancellation
    # when both happen at once; the supervisor must not go on retrying after that.
    attempts = 0

    class SwallowingLink:
        async def connect(self, info: ObsConnectionInfo, *, timeout: float) -> None:  # noqa: ASYNC109
            nonlocal attempts
            attempts += 1
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
            try:
                await asyncio.get_running_loop().create_future()
            except asyncio.CancelledError:
                raise ObsNotRunning("127.0.0.1", 1) from None

        def add_listener(self, callback: Callable[[ObsEvent], None]) -> Callable[[], None]:
            return lambda: None

        async def close(self) -> None:
            return None

    async def resolve() -> ObsConnectionInfo:
        return parse_obsws_url("obsws://127.0.0.1:1")

    supervisor = ObsSupervisor(
        resolve, link_factory=SwallowingLink, first_retry_delay=0.01,  # type: ignore[arg-type]
    )
    await supervisor.start()
    await until(lambda: attempts >= 1)
    await asyncio.wait_for(supervisor.stop(), 2)
    assert attempts == 1


async def test_the_keepalive_pings_without_reading_the_stream_status(fake_obs: FakeObs) -> None:
    made = supervisor_for(fake_obs, keepalive_interval=0.05)
    try:
        await made.start()
        await made.wait_connected(5)
        versions = len(fake_obs.requests_of("GetVersion"))
        await until(lambda: len(fake_obs.requests_of("GetVersion")) >= versions + 3)
        assert fake_obs.requests_of("GetStreamStatus") == []  # the observer reads the status
    finally:
        await made.stop()
