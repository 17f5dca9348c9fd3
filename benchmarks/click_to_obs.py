"""3. Click to OBS configured: from the create request to OBS holding the new key.

The app's path is ``CompanionSession.create_stream()`` in sandbox mode with "send to OBS
automatically" on (what Ctrl+N does): create on the sandbox, store, select, then back up,
apply and read back the settings in OBS. The baseline is the same two calls made directly
on already-open connections: an httpx POST and one obsws-python
``SetStreamServiceSettings``. Real OBS under Xvfb when it is installed, else the fake.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Row, median

TARGET_MS = 16.0


def _obs() -> tuple[Any, Any, str]:
    """(obs, stopper, what): real OBS under its own Xvfb, or the fake obs-websocket server."""
    if shutil.which("obs") and shutil.which("Xvfb"):
        from tests.support.real_obs import RealObs, Xvfb

        xvfb = Xvfb.start()
        obs = RealObs(home=Path(tempfile.mkdtemp(prefix="bench-obs-")), display=xvfb.display)
        obs.write_config()
        try:
            obs.start()
        except Exception:
            xvfb.stop()
            raise
        version = obs.call("GetVersion")["obsVersion"]

        def stop() -> None:
            obs.stop()
            xvfb.stop()

        return obs, stop, f"real OBS {version} under Xvfb"
    from tests.support.fake_obs import FakeObs

    fake = FakeObs(password="bench-obs-password").start()
    return fake, fake.stop, "fake obs-websocket server (OBS not installed)"


def _held_key(obs: Any) -> str:
    if hasattr(obs, "call"):
        return str(obs.call("GetStreamServiceSettings")["streamServiceSettings"].get("key", ""))
    return str(obs.service().service_settings.get("key", ""))


async def _app_runs(url: str, runs: int, obs: Any, home: Path) -> list[float]:
    from app.golive.session import CompanionSession
    from app.storage.settings import Settings, SettingsFile
    from app.storage.stream_store import StreamStore

    settings_file = SettingsFile(home / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(
        sandbox=True, settings_file=settings_file, store=StreamStore(home / "streams.json"),
        env={**os.environ, "OBS_WEBSOCKET_URL": url},
    )
    times: list[float] = []
    try:
        await session.start()
        deadline = time.monotonic() + 30
        while not session.state.obs.connected:
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not connect to OBS")
            await asyncio.sleep(0.02)
        await session.create_stream()  # warm-up: the one-time backup of the user's settings
        for _ in range(runs):
            started = time.perf_counter()
            stored = await session.create_stream()
            times.append((time.perf_counter() - started) * 1000)
            if session.state.obs.holds_stream_id != stored.stream.id:
                raise RuntimeError("the app did not send the stream to OBS")
            if _held_key(obs) != stored.stream.streamer_key:
                raise RuntimeError("OBS does not hold the new key")
            await asyncio.sleep(0.2)
    finally:
        await session.close()
    return times


def _direct_runs(host: str, port: int, password: str | None, runs: int, obs: Any) -> list[float]:
    import httpx
    import obsws_python

    from app.sandbox import Sandbox

    logging.getLogger("obsws_python").setLevel(logging.WARNING)
    times: list[float] = []
    with Sandbox(ingest=False) as sandbox, httpx.Client(timeout=10) as http:
        obs_client = obsws_python.ReqClient(host=host, port=port, password=password or "",
                                            timeout=10)
        try:
            headers = {"Authorization": sandbox.api_key, "Content-Type": "application/json"}
            for index in range(runs + 1):
                started = time.perf_counter()
                answer = http.post(f"{sandbox.api_url}/streams", content=b"{}", headers=headers)
                key = answer.json()["streamer_key"]
                obs_client.set_stream_service_settings(
                    "rtmp_custom",
                    {"server": "srt://127.0.0.1:9000", "key": key, "use_auth": False,
                     "username": "", "password": ""},
                )
                elapsed = (time.perf_counter() - started) * 1000
                if index:  # the first opens the HTTP connection: not counted
                    times.append(elapsed)
                if _held_key(obs) != key:
                    raise RuntimeError("OBS does not hold the key sent directly")
        finally:
            obs_client.disconnect()
    return times


def measure(runs: int) -> list[Row]:
    obs, stop, what = _obs()
    try:
        direct = _direct_runs(obs.host if hasattr(obs, "host") else "127.0.0.1", obs.port,
                              obs.password, runs, obs)
        app = asyncio.run(_app_runs(obs.url, runs, obs, Path(tempfile.mkdtemp(prefix="bench-"))))
        direct += _direct_runs(obs.host if hasattr(obs, "host") else "127.0.0.1", obs.port,
                               obs.password, runs, obs)
    finally:
        stop()
    app_ms, direct_ms = median(app), median(direct)
    return [
        Row("Click to OBS configured", app_ms, direct_ms, "ms",
            f"<= direct + {TARGET_MS:.0f} ms", app_ms - direct_ms <= TARGET_MS,
            f"median of {runs}; {what}; app = create + store + back-up/apply/read-back in OBS; "
            f"direct = httpx POST + SetStreamServiceSettings (median of {len(direct)})"),
    ]
