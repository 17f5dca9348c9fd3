"""What newer OBS does differently, met by the product against each real version.

- obs-websocket 5.2+ (OBS 30.2, 32.2) answers 207 NotReady for a moment after it starts
  listening: the link connects at that very moment and retries through it.
- OBS 31+ answers CreateProfile before the profile exists: ``golive --dedicated-profile``
  creates this program's own profile, waits until OBS has switched to it, and streams from
  it, with the keyframe fix applied there; restore then goes back to the user's profile.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from comprimato_companion.obs.connection import ObsConnectionInfo
from comprimato_companion.obs.link import ObsLink, ServiceSettings
from comprimato_companion.obs.srt_settings import DEDICATED_PROFILE
from comprimato_companion.sandbox import Sandbox
from tests.support.real_obs import PROFILE_NAME, RealObs

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


async def test_the_link_connects_the_moment_obs_listens_through_its_not_ready_answers(
    real_obs_factory: Callable[..., RealObs],
) -> None:
    obs = real_obs_factory(start=False)
    starting = threading.Thread(target=obs.start, daemon=True)
    starting.start()
    deadline = time.monotonic() + 45
    while not listening(obs.port):  # the very first moment the port takes a connection
        assert obs.process is None or obs.process.poll() is None, obs.log_tail()
        assert time.monotonic() < deadline, "OBS's websocket never listened"
        await asyncio.sleep(0.02)
    link = ObsLink()
    try:
        version = await link.connect(
            ObsConnectionInfo(obs.host, obs.port, obs.password, "test"), timeout=5
        )
        current, profiles = await link.get_profiles()
    finally:
        await link.close()
    starting.join(60)
    print(f"\nOBS {version.obs_version}: linked as it began listening; a raw client saw "
          f"{obs.startup_codes} meanwhile")
    assert current == PROFILE_NAME and PROFILE_NAME in profiles


def test_golive_in_a_dedicated_profile_waits_for_obs_to_create_it_and_streams_from_it(
    real_obs: RealObs, sandbox: Sandbox
) -> None:
    assert sandbox.ingest_url is not None, sandbox.ingest_problem
    own = real_obs.call("GetStreamServiceSettings")
    env = dict(os.environ, COMPRIMATO_API_URL=sandbox.api_url,
               COMPRIMATO_API_KEY=sandbox.api_key, COMPRIMATO_INGEST_URL=sandbox.ingest_url,
               COMPRIMATO_PLAYER_URL=sandbox.player_url_template, OBS_WEBSOCKET_URL=real_obs.url)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "comprimato_companion", *args], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=120, check=False)

    golive = cli("golive", "--dedicated-profile", "--json", "--timeout", "90")
    assert golive.returncode == 0, golive.stderr
    result = json.loads(golive.stdout)
    profiles = real_obs.call("GetProfileList")
    assert profiles["currentProfileName"] == DEDICATED_PROFILE
    assert result["output"]["profile"] == DEDICATED_PROFILE and result["output"]["ok"]
    held = real_obs.call("GetStreamServiceSettings")["streamServiceSettings"]
    assert held["server"] == sandbox.ingest_url and held["key"] == result["streamer_key"]
    assert real_obs.stream_active()
    playlist = httpx.get(result["player_url"] + "/live.m3u8", timeout=5).text
    assert "#EXT-X-TARGETDURATION:" in playlist
    assert int(playlist.split("#EXT-X-TARGETDURATION:")[1].split()[0]) <= 4

    assert cli("obs", "stop").returncode == 0
    restore = cli("obs", "restore")
    assert restore.returncode == 0, restore.stderr
    assert real_obs.call("GetProfileList")["currentProfileName"] == PROFILE_NAME
    assert real_obs.call("GetStreamServiceSettings") == own


async def test_a_stop_returns_once_obs_has_stopped_so_the_next_change_is_taken(
    real_obs: RealObs, sandbox: Sandbox
) -> None:
    # OBS 32 takes about 1 s from STOPPING to STOPPED and refuses settings meanwhile (500).
    assert sandbox.ingest_url is not None, sandbox.ingest_problem
    env = dict(os.environ, COMPRIMATO_API_URL=sandbox.api_url,
               COMPRIMATO_API_KEY=sandbox.api_key, COMPRIMATO_INGEST_URL=sandbox.ingest_url,
               COMPRIMATO_PLAYER_URL=sandbox.player_url_template, OBS_WEBSOCKET_URL=real_obs.url)
    golive = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "comprimato_companion", "golive"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert golive.returncode == 0, golive.stderr
    link = ObsLink()
    await link.connect(
        ObsConnectionInfo(real_obs.host, real_obs.port, real_obs.password, "test"), timeout=5
    )
    try:
        started = time.monotonic()
        await link.stop_stream()
        took = time.monotonic() - started
        assert not (await link.get_stream_status()).active
        await link.set_stream_service_settings(
            ServiceSettings("rtmp_custom", {"server": "rtmp://x.example/app", "key": "k"})
        )
    finally:
        await link.close()
    print(f"\nOBS {real_obs.call('GetVersion')['obsVersion']}: stopped in {took:.2f} s")
    assert real_obs.call("GetStreamServiceSettings")["streamServiceSettings"]["key"] == "k"
