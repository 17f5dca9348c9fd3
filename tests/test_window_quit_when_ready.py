"""``--quit-when-ready``: the real program exits 0 once its window is usable, and says what.

Run as a user runs it (a child process, offscreen), in sandbox mode with OBS (the fake)
running or not, and in real mode against the HTTPS stand-in whose test CA is trusted
through ``SSL_CERT_FILE``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fake_obs import FakeObs
from tests.support.https_standin import HttpsStandIn

pytestmark = pytest.mark.gui


def run_app(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args, "--quit-when-ready"], env=environment,
        capture_output=True, text=True, timeout=90, check=False,
    )


def test_sandbox_with_obs_running_exits_once_linked(isolated_user_dirs: Path) -> None:
    fake = FakeObs(password="ready-pw").start()
    try:
        done = run_app(isolated_user_dirs, "--sandbox", OBS_WEBSOCKET_URL=fake.url)
        identified = fake.identified_sessions
    finally:
        fake.stop()
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Create enabled, OBS 29.0.2 linked." in done.stdout
    assert identified >= 1


def test_sandbox_without_obs_exits_once_the_first_attempt_settled(
    isolated_user_dirs: Path, closed_port: int
) -> None:
    done = run_app(isolated_user_dirs, "--sandbox",
                   OBS_WEBSOCKET_URL=f"obsws://127.0.0.1:{closed_port}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "0 streams shown, Create enabled, OBS not running." in done.stdout


def test_real_mode_over_https_shows_the_accounts_streams(
    isolated_user_dirs: Path, tmp_path: Path, closed_port: int
) -> None:
    with HttpsStandIn(tmp_path) as standin:
        standin.state.streams.update({f"s{n}": {"id": f"s{n}", "streamer_key": f"k{n}",
                                                "player_key": f"p{n}", "status": "stopped"}
                                      for n in range(3)})
        done = run_app(
            isolated_user_dirs,
            COMPRIMATO_API_URL=standin.api_url, COMPRIMATO_API_KEY=standin.api_key,
            SSL_CERT_FILE=str(standin.ca_file), OBS_WEBSOCKET_URL=f"obsws://127.0.0.1:{closed_port}",
        )
        listed = standin.state.count("GET", "/v1/streams")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 streams shown" in done.stdout
    assert listed >= 1


GC_PROBE = """
import gc, sys
import comprimato_companion.window as window_package
from comprimato_companion.golive import session as session_module

during = []
real_start = session_module.CompanionSession.start

async def start(self):
    during.append(gc.isenabled())
    await real_start(self)

session_module.CompanionSession.start = start
real_line = window_package._ready_line

def ready_line(session):
    return real_line(session) + f" gc during start-up: {during}, once usable: {gc.isenabled()}"

window_package._ready_line = ready_line
sys.argv = ["app", "--sandbox", "--quit-when-ready"]
from comprimato_companion.cli import main
raise SystemExit(main())
"""


def test_no_garbage_collection_until_usable_then_as_usual(
    isolated_user_dirs: Path, closed_port: int
) -> None:
    """Start-up's imports would pay for some 60 collections (10-35 ms); once the window is
    usable the collector runs as usual (what start-up made is set aside)."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }
    done = subprocess.run([sys.executable, "-c", GC_PROBE], env=environment,
                          capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "gc during start-up: [False], once usable: True" in done.stdout
