"""`comprimato-companion golive` as a user runs it: a separate process, real servers.

These use the fake OBS (fast); the runs with real OBS Studio are in test_golive_real_obs.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from comprimato_companion.errors import ExitCode
from comprimato_companion.sandbox import Sandbox
from tests.support.fake_obs import FakeObs

REPO = Path(__file__).resolve().parent.parent


def run_golive(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "golive", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_bad_timeout_is_a_usage_error(sandbox_env: dict[str, str]) -> None:
    done = run_golive("--timeout", "0", env=sandbox_env)
    assert done.returncode == ExitCode.USAGE
    assert "timeout must be a positive number" in done.stderr
    assert done.stdout == ""


def test_missing_api_key_is_a_usage_error_before_touching_obs(
    sandbox_env: dict[str, str], fake_obs: FakeObs
) -> None:
    env = {**sandbox_env, "OBS_WEBSOCKET_URL": fake_obs.url}
    env.pop("COMPRIMATO_API_KEY")
    done = run_golive(env=env)
    assert done.returncode == ExitCode.USAGE
    assert "No Comprimato API key" in done.stderr
    assert fake_obs.identified_sessions == 0


def test_wrong_obs_password_exits_5_without_creating_a_stream(
    sandbox_env: dict[str, str], fake_obs: FakeObs, api_sandbox: Sandbox
) -> None:
    env = {**sandbox_env, "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{fake_obs.port}/wrong"}
    done = run_golive(env=env)
    assert done.returncode == ExitCode.OBS
    assert "rejected the WebSocket password" in done.stderr
    assert "Traceback" not in done.stderr
    assert api_sandbox.request_count("POST", "/v1/streams") == 0


def test_not_live_in_time_exits_6_and_says_what_was_reached(
    sandbox_env: dict[str, str], fake_obs: FakeObs, api_sandbox: Sandbox
) -> None:
    # The fake OBS "sends", but nothing reaches the sandbox's ingest.
    env = {**sandbox_env, "OBS_WEBSOCKET_URL": fake_obs.url}
    done = run_golive("--timeout", "2", "--json", env=env)
    assert done.returncode == ExitCode.TIMED_OUT
    assert done.stdout == ""
    progress = done.stderr.splitlines()
    assert progress[0] == f"Connecting to OBS at 127.0.0.1:{fake_obs.port} (from " \
        "OBS_WEBSOCKET_URL)."
    assert progress[1:6] == [
        "Creating a stream on Comprimato.",
        "Sending the stream's SRT address and key to OBS.",
        "Set OBS's keyframe interval to 2 s in profile 'Untitled', so viewers join within "
        "seconds (it was about 8 s); your own values are kept: "
        f"'{sys.executable} -m comprimato_companion obs output --restore' puts them back.",
        "Starting the stream in OBS.",
        "Waiting until Comprimato reports the stream.",
    ]
    assert "Not live within 2 s: OBS is live, Comprimato reports Stopped." in done.stderr
    assert fake_obs.password not in done.stderr


def test_json_output_has_the_stream_addresses_and_figures(
    sandbox_env: dict[str, str], fake_obs: FakeObs, api_sandbox: Sandbox
) -> None:
    # Comprimato cannot report a status here: live is "OBS sending", and the output says so.
    api_sandbox.faults.status("GET", "/v1/streams/", 405, times=None)
    env = {**sandbox_env, "OBS_WEBSOCKET_URL": fake_obs.url}
    done = run_golive("--json", env=env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) >= {
        "id", "streamer_key", "player_key", "status", "srt_url", "player_url", "live", "seconds",
    }
    assert answer["srt_url"] == f"srt://127.0.0.1:9999?streamid={answer['streamer_key']}"
    assert answer["live"]["obs_output"] == "live"
    assert answer["live"]["comprimato_polled"] is False
    assert "cannot be checked" in answer["live"]["problem"]
    assert set(answer["live"]) >= {"uptime_s", "bitrate_kbps", "dropped_percent", "congestion"}
    assert 0 < answer["seconds"] < 30
    assert fake_obs.service().service_settings["key"] == answer["streamer_key"]
    # The fake's profile had x264's own 250 frames: golive set 2 s and says so.
    assert answer["output"]["changed"] is True and answer["output"]["keyframe_seconds"] == 2
    assert fake_obs.service().parameters[("SimpleOutput", "x264Settings")] == "keyint=60"
    # Nothing reaches the ingest from a fake: the viewers' check is read, and false.
    assert answer["live"]["viewers_can_watch"] is False
    assert os.environ.get("OBS_WEBSOCKET_URL") is None  # the test's own env is untouched


def test_the_connecting_line_reads_as_a_sentence_wherever_obs_was_found() -> None:
    from comprimato_companion.cli.golive import _where
    from comprimato_companion.obs.connection import ObsConnectionInfo

    def info(source: str) -> ObsConnectionInfo:
        return ObsConnectionInfo("localhost", 4455, None, source)

    assert _where(info("/home/u/.config/obs-studio/global.ini")) == (
        "found in /home/u/.config/obs-studio/global.ini"
    )
    assert _where(info("saved settings")) == "the saved settings"
    assert _where(info("default address")) == "the default address"
