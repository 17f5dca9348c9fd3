"""Real OBS on its very first start: the Auto-Configuration Wizard holds streaming back.

A config without ``FirstRun`` and ``LastVersion`` (a brand-new HOME after ``obs setup``)
makes OBS 29.0.2, 30.2.3 and 32.2.2 open the wizard a few seconds after their websocket
answers; while it is open, OBS answers StartStream and drops it: no event, nothing in its
log, the output stays inactive. The command line must say so and name the window, not send
a new streamer to check the SRT ingest address, and neither must the window's Go live
(which showed "stopped" and "No video yet", with no word of the wizard). (The test config's
``FirstRun`` and ``LastVersion`` keep the wizard away from every other real-OBS test.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import AREA_STREAM
from comprimato_companion.obs.errors import start_held_back_next_step
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.real_obs import RealObs, wait_until
from tests.support.waits import until

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent


def as_on_a_first_start(obs: RealObs) -> None:
    """The test config without ``FirstRun`` and ``LastVersion``: OBS opens its wizard only
    when both are missing, as in a brand-new HOME. OBS 31+ would stop on "Unable to migrate
    global configuration" with a user.ini and no LastVersion: its keys go back to global.ini,
    which OBS then migrates itself."""
    user_ini = obs.config_dir / "user.ini"
    source = user_ini if user_ini.exists() else obs.config_dir / "global.ini"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    (obs.config_dir / "global.ini").write_text(
        "".join(line for line in lines if not line.startswith(("FirstRun=", "LastVersion="))),
        encoding="utf-8",
    )
    user_ini.unlink(missing_ok=True)


def wizard_open(obs: RealObs) -> bool:
    windows = subprocess.run(
        ["xwininfo", "-root", "-tree"], env={**os.environ, "DISPLAY": obs.display},
        capture_output=True, text=True, timeout=10, check=False,
    ).stdout
    return '"Auto-Configuration Wizard"' in windows


def obs_with_its_wizard_open(real_obs_factory: Callable[..., RealObs]) -> RealObs:
    obs = real_obs_factory(start=False)
    as_on_a_first_start(obs)
    obs.start()
    wait_until(lambda: wizard_open(obs), 30, interval=0.5, what="OBS's wizard to open")
    return obs


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_a_start_the_first_start_wizard_drops_is_said_with_the_window_to_close(
    real_obs_factory: Callable[..., RealObs], sandbox_env: dict[str, str]
) -> None:
    obs = obs_with_its_wizard_open(real_obs_factory)
    env = {**sandbox_env, "OBS_WEBSOCKET_URL": obs.url}
    created = run_cli(env, "streams", "create", "--json")
    assert created.returncode == 0, created.stderr
    stream_id = json.loads(created.stdout)["id"]

    start = run_cli(env, "obs", "start", stream_id, "--timeout", "4")
    assert start.returncode == 5, start.stderr
    assert "OBS did not begin to start streaming" in start.stderr
    assert "Auto-Configuration Wizard" in start.stderr
    assert "SRT ingest" not in start.stderr

    golive = run_cli(env, "golive", "--stream", stream_id, "--timeout", "4")
    assert golive.returncode == 6, golive.stderr
    assert "Not live within 4 s: OBS did not begin to start streaming" in golive.stderr
    assert "Auto-Configuration Wizard" in golive.stderr
    assert "SRT ingest" not in golive.stderr

    assert obs.call("GetStreamServiceSettings")["streamServiceSettings"]["server"] == (
        "srt://127.0.0.1:9999"
    )  # OBS took the settings: only the start was dropped
    assert not obs.stream_active()
    assert wizard_open(obs)


async def test_the_windows_go_live_the_wizard_drops_says_so_with_the_window_to_close(
    real_obs_factory: Callable[..., RealObs], tmp_path: Path
) -> None:
    """The window's session, as Go live drives it: STARTING while OBS is asked, then the
    command line's sentence and next step where a failed Go live is said."""
    obs = obs_with_its_wizard_open(real_obs_factory)
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(
        sandbox=True, settings_file=settings_file, sandbox_port=0,
        store=StreamStore(tmp_path / "data" / "streams.json"),
        env={**os.environ, "OBS_WEBSOCKET_URL": obs.url},
    )  # fmt: skip
    session.obs.start_timeout = 5.0  # the window's 15 s, shortened: OBS never begins here
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, 30, what="the link to OBS")
        stored = await session.create_stream()
        await until(
            lambda: session.state.obs.holds(stored.stream.id), 30, what="the stream in OBS"
        )
        await session.go_live()
        live = session.state.live
        assert live is not None and live.obs_output is OutputState.STARTING
        await until(
            lambda: AREA_STREAM in session.state.notices, 30, what="the dropped start said"
        )
        notice = session.state.notices[AREA_STREAM]
        assert notice.message == (
            "OBS did not begin to start streaming: it took the request, then did nothing "
            "for 5 s."
        )
        assert notice.next_step == start_held_back_next_step()
        assert "Auto-Configuration Wizard" in notice.next_step
        assert "SRT ingest" not in notice.text
        live = session.state.live
        assert live is not None and live.obs_output is OutputState.FAILED
        assert not obs.stream_active()
        assert wizard_open(obs)
    finally:
        await session.close()
