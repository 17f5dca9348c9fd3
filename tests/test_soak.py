"""A bounded soak: live for a while with everything running, memory and handles stay flat.

The window's session in sandbox mode, connected to the fake OBS, streaming: the live watch
reads OBS's figures every second and polls the sandbox's status, the list is refreshed, and
OBS drops the connection now and then (the supervisor reconnects). After a warm-up, the
process's resident memory, open file descriptors and threads must not grow beyond a small
bound. ``SOAK_SECONDS`` (default 60) sets the length: ``SOAK_SECONDS=600`` on demand.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from pathlib import Path

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs

SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
WARM_UP = min(15.0, SOAK_SECONDS / 4)
#: Allowed growth after the warm-up.
RSS_GROWTH_MIB = 8.0
FD_GROWTH = 3
THREAD_GROWTH = 2
#: OBS drops the connection this often (seconds): reconnects must not leak either.
DROP_EVERY = 20.0


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


async def until(condition: object, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


@pytest.mark.slow
@pytest.mark.timeout(SOAK_SECONDS + 120)
async def test_live_soak_keeps_memory_and_handles_flat(tmp_path: Path, fake_obs: FakeObs) -> None:
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(sandbox=True, settings_file=settings_file,
                               store=StreamStore(tmp_path / "streams.json"),
                               env={**os.environ, "OBS_WEBSOCKET_URL": fake_obs.url})
    states = 0

    def count(_state: object) -> None:
        nonlocal states
        states += 1

    session.add_observer(count)

    def live() -> bool:
        status = session.state.live
        return (status is not None and status.obs_connected
                and status.obs_output is OutputState.LIVE and status.figures is not None)

    async def stable_sample() -> tuple[float, int, int]:
        await until(lambda: session.state.obs.connected and live(), 20, "live and connected")
        gc.collect()
        return rss_mib(), open_fds(), threading.active_count()

    await session.start()
    try:
        await until(lambda: session.state.obs.connected, 15, "the fake OBS")
        await session.create_stream()
        await session.go_live()
        started = time.monotonic()
        last_drop = started
        baseline: tuple[float, int, int] | None = None
        samples: list[tuple[float, float, int, int]] = []
        while time.monotonic() - started < SOAK_SECONDS:
            await asyncio.sleep(1.0)
            now = time.monotonic()
            if now - last_drop >= DROP_EVERY:
                last_drop = now
                fake_obs.drop()
                await until(lambda: not session.state.obs.connected, 10, "the drop noticed")
                await until(lambda: session.state.obs.connected, 20, "the link back")
                if not fake_obs.streaming:
                    await session.go_live()
            if int(now - started) % 10 == 0:
                await session.refresh()
            if baseline is None and now - started >= WARM_UP:
                baseline = await stable_sample()
            elif baseline is not None and int(now - started) % 5 == 0:
                rss, fds, threads = await stable_sample()
                samples.append((now - started, rss, fds, threads))
        final = await stable_sample()
    finally:
        await session.close()

    assert baseline is not None and samples, "the soak was too short to measure"
    seen = [(round(t), round(r, 1), f, th) for t, r, f, th in samples]
    assert states > SOAK_SECONDS / 2, "the figures did not keep updating"
    assert final[0] - baseline[0] < RSS_GROWTH_MIB, f"memory grew: {baseline} -> {seen}"
    assert final[1] - baseline[1] <= FD_GROWTH, f"file descriptors grew: {baseline} -> {seen}"
    assert final[2] - baseline[2] <= THREAD_GROWTH, f"threads grew: {baseline} -> {seen}"
