"""``obs status`` against real OBS: the command line reads OBS through the window's observer.

OBS streams one of this computer's streams to the sandbox's real SRT ingest; the status
must name that stream, say the output is live and give a bitrate from two real samples.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from comprimato_companion.sandbox import Sandbox
from tests.support.real_obs import RealObs, wait_until

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent


def run_cli(args: list[str], obs: RealObs, sandbox: Sandbox) -> subprocess.CompletedProcess[str]:
    assert sandbox.ingest_url is not None, sandbox.ingest_problem
    env = dict(os.environ)
    env.update(
        COMPRIMATO_API_URL=sandbox.api_url,
        COMPRIMATO_API_KEY=sandbox.api_key,
        COMPRIMATO_INGEST_URL=sandbox.ingest_url,
        COMPRIMATO_PLAYER_URL=sandbox.player_url_template,
        OBS_WEBSOCKET_URL=obs.url,
    )
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=90, check=False,
    )


def test_status_names_the_stream_obs_sends_with_its_bitrate(
    real_obs: RealObs, sandbox: Sandbox
) -> None:
    idle = run_cli(["obs", "status", "--json"], real_obs, sandbox)
    assert idle.returncode == 0, idle.stderr
    assert json.loads(idle.stdout)["output"] == "stopped"

    created = run_cli(["streams", "create", "--json"], real_obs, sandbox)
    assert created.returncode == 0, created.stderr
    stream = json.loads(created.stdout)
    started = run_cli(["obs", "start", stream["id"]], real_obs, sandbox)
    assert started.returncode == 0, started.stderr
    try:
        wait_until(lambda: sandbox.registry.bytes_received(stream["id"]) > 0, 30,
                   interval=0.2, what="OBS's bytes at the sandbox")
        live = run_cli(["obs", "status", "--json"], real_obs, sandbox)
        assert live.returncode == 0, live.stderr
        status = json.loads(live.stdout)
        assert status["output"] == "live"
        assert status["stream_id"] == stream["id"]
        assert status["figures"]["bitrate_kbps"] > 0
        assert stream["streamer_key"] not in live.stdout
        text = run_cli(["obs", "status"], real_obs, sandbox)
        assert f"OBS holds stream {stream['id']} of this computer." in text.stdout
        assert "Output: live, up " in text.stdout
    finally:
        stopped = run_cli(["obs", "stop"], real_obs, sandbox)
        assert stopped.returncode == 0, stopped.stderr
