"""A network drop between real OBS and the real SRT ingest, and what OBS does about it.

Every UDP packet to the sandbox's ingest port is dropped for 15 s (nftables, on loopback, in
a table of this test's own, removed afterwards whatever happens), then let through again.
Measured on OBS 29.0.2, 30.2.3 and 32.2.2: the output stays active and says it is
reconnecting (the ingest gives the stream up after its 5 s timeout), and once packets pass
again OBS reconnects by itself, the ingest sees it within about a second (after 60 s: 3.8 s,
0.8 s, 9.6 s, as OBS retries with a growing delay) and the product's output tracker goes
back from "reconnecting" to "live" without calling it a failure. The window's reconnection
hint says no more than that (``ObsView.srt_reconnect_hint``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from comprimato_companion.obs.connection import ObsConnectionInfo
from comprimato_companion.obs.link import ObsEvent, ObsLink, StreamStateChanged
from comprimato_companion.obs.output_state import OutputState, OutputTracker
from comprimato_companion.sandbox import Sandbox
from tests.support.real_obs import RealObs, untie, when_this_run_ends

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
OUTAGE_S = 15.0
#: How long after the packets pass again the ingest must see the stream (29: 0.8 s).
BACK_WITHIN_S = 20.0


def require_nftables() -> None:
    """Root and nft are needed to drop packets; CI has both (setup-env installs nftables)."""
    problem = None
    if os.geteuid() != 0:
        problem = "dropping packets with nftables needs root"
    elif shutil.which("nft") is None:
        problem = "nft is not installed (Debian: apt-get install nftables)"
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the reconnection test, but {problem}")
    pytest.skip(problem)


@contextlib.contextmanager
def udp_dropped_to(port: int) -> Iterator[None]:
    """Drop every UDP packet sent to ``port`` on loopback while inside; always removed,
    by a watcher if this run ends without unwinding."""
    table = f"companion_test_drop_{os.getpid()}_{port}"
    subprocess.run(["nft", "add", "table", "inet", table], check=True)
    watcher = when_this_run_ends('nft delete table inet "$0" 2>/dev/null', table)
    try:
        subprocess.run(["nft", "add", "chain", "inet", table, "out",
                        "{ type filter hook output priority 0 ; }"], check=True)
        subprocess.run(["nft", "add", "rule", "inet", table, "out", "oifname", "lo",
                        "udp", "dport", str(port), "drop"], check=True)
        yield
    finally:
        subprocess.run(["nft", "delete", "table", "inet", table], check=False)
        untie(watcher)


def golive(obs: RealObs, sandbox: Sandbox) -> str:
    assert sandbox.ingest_url is not None
    env = dict(os.environ, COMPRIMATO_API_URL=sandbox.api_url,
               COMPRIMATO_API_KEY=sandbox.api_key, COMPRIMATO_INGEST_URL=sandbox.ingest_url,
               COMPRIMATO_PLAYER_URL=sandbox.player_url_template, OBS_WEBSOCKET_URL=obs.url)
    done = subprocess.run([sys.executable, "-m", "comprimato_companion", "golive", "--json"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=90,
                          check=False)
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout)["id"])


async def test_obs_reconnects_by_itself_after_a_15_s_drop_and_the_ingest_sees_it_again(
    real_obs: RealObs, sandbox: Sandbox
) -> None:
    require_nftables()
    if sandbox.ingest_url is None:
        pytest.fail(f"the sandbox's SRT ingest is off: {sandbox.ingest_problem}")
    port = urlsplit(sandbox.ingest_url).port
    assert port is not None
    stream_id = golive(real_obs, sandbox)
    link = ObsLink()
    await link.connect(
        ObsConnectionInfo(real_obs.host, real_obs.port, real_obs.password, "test"), timeout=5
    )
    tracker = OutputTracker()
    states: list[OutputState] = []
    tracker.add_listener(lambda state: states.append(state))

    def on_event(event: ObsEvent) -> None:
        if isinstance(event, StreamStateChanged):
            tracker.feed(event)

    link.add_listener(on_event)
    try:
        tracker.sync(await link.get_stream_status())
        assert tracker.state is OutputState.LIVE
        loop = asyncio.get_running_loop()
        with udp_dropped_to(port):
            dropped = loop.time()
            gave_up = await asyncio.to_thread(
                sandbox.registry.wait_for_status, stream_id, "Stopped", OUTAGE_S
            )
            assert gave_up, "the ingest kept the stream through a 15 s outage"
            # The outage is what is measured: it lasts its 15 s whatever happens meanwhile.
            while loop.time() - dropped < OUTAGE_S:
                status = await link.get_stream_status()
                assert status.active, "OBS gave the stream up during the outage"
                await asyncio.sleep(0.5)
            during = await link.get_stream_status()
        released = time.monotonic()
        assert during.active and during.reconnecting
        assert OutputState.RECONNECTING in states
        bytes_then = sandbox.registry.bytes_received(stream_id)
        back = await asyncio.to_thread(
            sandbox.registry.wait_for_status, stream_id, "Running", BACK_WITHIN_S
        )
        seconds = time.monotonic() - released
        version = real_obs.call("GetVersion")["obsVersion"]
        print(f"\nOBS {version}: the ingest saw the stream again {seconds:.2f} s after "
              f"a {OUTAGE_S:.0f} s outage; tracker went {[s.value for s in states]}")
        assert back, f"the ingest did not see the stream within {BACK_WITHIN_S:.0f} s"
        await tracker.wait_for(OutputState.LIVE, 10.0)
        assert sandbox.registry.bytes_received(stream_id) > bytes_then
        assert OutputState.FAILED not in states and tracker.error is None
        assert (await link.get_stream_status()).active
    finally:
        await link.close()
        tracker.close()

