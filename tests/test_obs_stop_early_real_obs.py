"""A stop pressed right after OBS says STARTED: real OBS under Xvfb, the sandbox's SRT ingest.

OBS 32.2.2 (Debian's) segfaults in libavcodec when a stream is stopped before its first
bytes have left; the program stops as soon as it is asked (Stop, ``obs stop``, a stop after
a failed check), so the link must not take OBS down by stopping that early.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from comprimato_companion.obs.connection import parse_obsws_url
from comprimato_companion.obs.link import ObsEvent, ObsLink, StreamStateChanged
from comprimato_companion.sandbox import Sandbox
from tests.support.real_obs import RealObs

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]

STARTED = "OBS_WEBSOCKET_OUTPUT_STARTED"


async def test_a_stop_right_after_started_leaves_obs_running(
    real_obs: RealObs, sandbox: Sandbox
) -> None:
    if sandbox.ingest_url is None:
        reason = f"the sandbox's SRT ingest is off: {sandbox.ingest_problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    stream = sandbox.registry.create()
    real_obs.call(
        "SetStreamServiceSettings",
        {
            "streamServiceType": "rtmp_custom",
            "streamServiceSettings": {
                "server": sandbox.ingest_url, "key": stream.streamer_key, "use_auth": False,
            },
        },
    )  # fmt: skip
    started = asyncio.Event()

    def on_event(event: ObsEvent) -> None:
        if isinstance(event, StreamStateChanged) and event.state == STARTED:
            started.set()

    link = ObsLink()
    link.add_listener(on_event)
    try:
        await link.connect(parse_obsws_url(real_obs.url), timeout=10)
        await link.start_stream()
        await asyncio.wait_for(started.wait(), 30)
        # At once: here OBS has sent no bytes yet (it did crash on this stop, every time).
        await link.stop_stream()
        assert not (await link.get_stream_status()).active
    finally:
        await link.close()
    await asyncio.sleep(2)  # the crash came within a second of StopStream
    assert real_obs.running, real_obs.log_tail()
    assert not real_obs.stream_active()
