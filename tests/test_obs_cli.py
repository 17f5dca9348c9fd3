"""`comprimato-companion obs ...` as a user runs it: a real process against the fake OBS."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import RECONNECTING, STARTED, STOPPED, FakeObs

KEY = "sk_cli_secret_91"
INGEST = "srt://127.0.0.1:9000"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "obs", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )


def obs_env(fake: FakeObs) -> dict[str, str]:
    return {"OBS_WEBSOCKET_URL": fake.url, "COMPRIMATO_INGEST_URL": INGEST}


def no_secrets(result: subprocess.CompletedProcess[str], *secrets: str) -> None:
    for secret in secrets:
        assert secret not in result.stdout and secret not in result.stderr


@pytest.fixture
def stored_stream() -> str:
    StreamStore().add(Stream(id="cli-1", streamer_key=KEY, player_key="pk"),
                      "https://api.example.net/v1")
    return "cli-1"


def test_detect_reads_obs_config(isolated_user_dirs: Path) -> None:
    config = isolated_user_dirs / ".config/obs-studio/plugin_config/obs-websocket/config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"server_enabled": False, "server_port": 4471,
                                  "auth_required": True, "server_password": "detect-pw-88"}))
    result = run("detect")
    assert result.returncode == 0, result.stderr
    assert "localhost:4471" in result.stdout and str(config) in result.stdout
    assert "turned off" in result.stdout and "Enable WebSocket server" in result.stdout
    no_secrets(result, "detect-pw-88")
    data = json.loads(run("detect", "--json").stdout)
    assert data["server_enabled"] is False and data["password_set"] is True
    assert data["found_in"] == str(config)


def test_status_apply_start_stop_restore(fake_obs: FakeObs, stored_stream: str) -> None:
    env = obs_env(fake_obs)
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "users-twitch-key"})
    status = run("status", env=env)
    assert status.returncode == 0, status.stderr
    assert "OBS 29.0.2" in status.stdout and "Output: stopped" in status.stdout

    applied = run("apply", stored_stream, env=env)
    assert applied.returncode == 0, applied.stderr
    assert f"to {INGEST}" in applied.stdout
    assert fake_obs.service().service_settings["key"] == KEY

    started = run("start", "--json", env=env)
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["output"] == "live"
    live = json.loads(run("status", "--json", env=env).stdout)
    assert live["output"] == "live" and live["figures"]["bitrate_kbps"] > 0
    assert live["service"] == {"type": "rtmp_custom", "server": INGEST}

    refused = run("apply", stored_stream, env=env)
    assert refused.returncode == 5 and "streaming" in refused.stderr

    stopped = run("stop", env=env)
    assert stopped.returncode == 0 and "stopped streaming" in stopped.stdout
    assert "not streaming" in run("stop", env=env).stdout

    restored = run("restore", env=env)
    assert restored.returncode == 0, restored.stderr
    assert fake_obs.service().service_settings["key"] == "users-twitch-key"
    assert "already has your own stream settings" in run("restore", env=env).stdout
    for result in (status, applied, started, refused, stopped, restored):
        no_secrets(result, KEY, "users-twitch-key", fake_obs.password or "")


def test_restore_gives_back_the_output_settings_the_fix_changed(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    """`obs restore` undoes what `obs output --fix` (and golive) changed, as the window's
    Restore does: the user's own x264 options come back with their stream settings."""
    env = obs_env(fake_obs)
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "users-twitch-key"})
    users_own = {("SimpleOutput", "x264Settings"): "bframes=2"}
    fake_obs.profiles[fake_obs.current_profile].parameters.update(users_own)
    assert run("apply", stored_stream, env=env).returncode == 0
    fixed = run("output", "--fix", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert fake_obs.service().parameters != users_own

    restored = run("restore", "--json", env=env)
    assert restored.returncode == 0, restored.stderr
    answer = json.loads(restored.stdout)
    assert answer["output_restored"] is True and answer["changed"] is True
    assert fake_obs.service().parameters == users_own
    assert fake_obs.service().service_settings["key"] == "users-twitch-key"
    again = run("restore", env=env)
    assert "already has your own stream settings" in again.stdout
    assert "output settings back" not in again.stdout


def test_restore_while_obs_streams_changes_nothing(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    env = obs_env(fake_obs)
    fake_obs.profiles[fake_obs.current_profile].parameters.update(
        {("SimpleOutput", "x264Settings"): "bframes=2"})
    assert run("apply", stored_stream, env=env).returncode == 0
    assert run("output", "--fix", env=env).returncode == 0
    fixed = fake_obs.service().parameters
    fake_obs.set_stream_state(STARTED, True)

    refused = run("restore", env=env)
    assert refused.returncode == 5, refused.stderr
    assert "OBS is streaming" in refused.stderr and "Traceback" not in refused.stderr
    assert fake_obs.service().parameters == fixed
    fake_obs.set_stream_state(STOPPED, False)
    restored = run("restore", "--json", env=env)  # the output backup is still there
    assert json.loads(restored.stdout)["output_restored"] is True
    assert fake_obs.service().parameters == {("SimpleOutput", "x264Settings"): "bframes=2"}


def test_stop_waits_only_its_timeout_for_obs_to_stop(fake_obs: FakeObs) -> None:
    fake_obs.stop_delay = 20.0
    fake_obs.set_stream_state(STARTED, True)
    began = time.monotonic()
    result = run("stop", "--timeout", "1", env=obs_env(fake_obs))
    assert result.returncode == 6, result.stderr
    assert time.monotonic() - began < 15  # not the link's own 30 s, nor OBS's 20 s
    assert "still streams 1 s after" in result.stderr and "--timeout" in result.stderr


def test_stop_trusts_the_status_when_obss_stopped_event_is_late(fake_obs: FakeObs) -> None:
    # Real OBS 29 in CI: the output inactive at once, its STOPPED event over 15 s later.
    fake_obs.stopped_event_lag = None
    fake_obs.set_stream_state(STARTED, True)
    result = run("stop", "--timeout", "3", env=obs_env(fake_obs))
    assert result.returncode == 0, result.stderr
    assert "OBS has stopped streaming" in result.stdout
    assert not fake_obs.streaming


def test_failed_start_is_exit_5(fake_obs: FakeObs, stored_stream: str) -> None:
    fake_obs.fail_next_start()
    result = run("start", stored_stream, env=obs_env(fake_obs))
    assert result.returncode == 5
    assert "OBS could not connect to the SRT ingest." in result.stderr
    assert "Traceback" not in result.stderr


def test_start_while_obs_reconnects_an_earlier_stream_is_not_a_failed_connection(
    fake_obs: FakeObs, stored_stream: str,
) -> None:
    # OBS already streams this stream and reconnects: no refused ingest, only not live yet.
    fake_obs.set_service("rtmp_custom", {"server": INGEST, "key": KEY, "use_auth": False})
    fake_obs.set_stream_state(RECONNECTING, True)
    result = run("start", "--timeout", "1", env=obs_env(fake_obs))
    assert result.returncode == 6, result.stderr
    assert "did not become live within 1 s (it is reconnecting)" in result.stderr
    assert "could not connect" not in result.stderr
    assert fake_obs.requests_of("StartStream") == []
    # Streaming something that is not a stream of this computer: refused, and said so.
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://users.example.org/live",
                                         "key": "users-own-key"})
    other = run("start", "--timeout", "1", env=obs_env(fake_obs))
    assert other.returncode == 5, other.stderr
    assert "already streaming to the server rtmp://users.example.org/live" in other.stderr
    assert "could not connect" not in other.stderr and "users-own-key" not in other.stderr


def test_start_without_an_id_starts_only_a_stored_stream_obs_holds(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    env = obs_env(fake_obs)
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://users.example.org/live",
                                         "key": "users-own-key"})
    assert "holds none of the streams" in run("status", env=env).stdout
    refused = run("start", env=env)
    assert refused.returncode == 5
    assert "rtmp://users.example.org/live" in refused.stderr and "not started" in refused.stderr
    assert fake_obs.requests_of("StartStream") == [] and not fake_obs.streaming
    assert run("apply", stored_stream, env=env).returncode == 0
    held = json.loads(run("status", "--json", env=env).stdout)
    assert held["stream_id"] == stored_stream
    started = run("start", "--json", env=env)
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["stream_id"] == stored_stream
    stopped = run("stop", env=env)
    assert "stopped streaming stream cli-1" in stopped.stdout
    no_secrets(refused, "users-own-key", KEY)


def test_start_with_an_id_sends_the_stream_again_after_a_change_behind_it(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    env = obs_env(fake_obs)
    assert run("apply", stored_stream, env=env).returncode == 0
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://users.example.org/live",
                                         "key": "users-own-key"})
    started = run("start", stored_stream, env=env)
    assert started.returncode == 0, started.stderr
    assert "sent to OBS first" in started.stdout
    assert fake_obs.streaming and fake_obs.service().service_settings["key"] == KEY
    restored = run("restore", env=env)
    assert restored.returncode == 5 and "streaming" in restored.stderr
    assert run("stop", env=env).returncode == 0
    assert run("restore", env=env).returncode == 0
    assert fake_obs.service().service_settings["key"] == "users-own-key"


def test_obs28_hides_the_streamid_in_the_server(
    fake_obs_factory: Callable[..., FakeObs], stored_stream: str
) -> None:
    fake = fake_obs_factory(obs_version="28.1.2")
    result = run("apply", stored_stream, "--json", env=obs_env(fake))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["service"]["server"] == f"{INGEST}?streamid=(hidden)"
    assert fake.service().service_settings["server"] == f"{INGEST}?streamid={KEY}"
    no_secrets(result, KEY)


def test_unknown_stream_exits_1(fake_obs: FakeObs) -> None:
    result = run("apply", "no-such-stream", env=obs_env(fake_obs))
    assert result.returncode == 1 and "No stream no-such-stream" in result.stderr


def test_obs_not_running_is_exit_5() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("status", env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{port}/pw-not-shown"})
    assert result.returncode == 5
    assert "OBS is not running, or its WebSocket server is off" in result.stderr
    no_secrets(result, "pw-not-shown")


def test_wrong_password_is_exit_5_without_the_password(fake_obs: FakeObs) -> None:
    url = f"obsws://127.0.0.1:{fake_obs.port}/wrong-pw-123"
    result = run("status", env={"OBS_WEBSOCKET_URL": url})
    assert result.returncode == 5 and "rejected the WebSocket password" in result.stderr
    no_secrets(result, "wrong-pw-123")


def test_restore_lists_every_saved_setting_and_gives_back_the_one_picked(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    """Issue 21: the user's Twitch is the second saved setting; `--list` shows both (no
    secrets), `--pick 2` gives it back, a number out of range is a usage error."""
    env = obs_env(fake_obs)
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "users-twitch-key"})
    assert run("apply", stored_stream, env=env).returncode == 0
    fake_obs.set_service("rtmp_custom", {"server": "rtmp://mine.example/app", "key": "mine-k"})
    assert run("apply", stored_stream, env=env).returncode == 0
    listed = run("restore", "--list", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("1. The server rtmp://mine.example/app, profile 'Untitled'")
    assert lines[1].startswith("2. The service Twitch, profile 'Untitled', saved 20")
    as_json = json.loads(run("restore", "--list", "--json", env=env).stdout)
    assert [(e["number"], e["type"], e["profile"]) for e in as_json] == [
        (1, "rtmp_custom", "Untitled"), (2, "rtmp_common", "Untitled")
    ]
    assert as_json[0]["server"] == "rtmp://mine.example/app" and as_json[0]["saved_at"]
    assert fake_obs.service().service_settings["key"] == KEY  # listing changes nothing
    picked = run("restore", "--pick", "2", env=env)
    assert picked.returncode == 0, picked.stderr
    assert fake_obs.service().service_type == "rtmp_common"
    assert fake_obs.service().service_settings["key"] == "users-twitch-key"
    out_of_range = run("restore", "--pick", "7", env=env)
    assert out_of_range.returncode == 2 and "--list" in out_of_range.stderr
    assert "Traceback" not in out_of_range.stderr
    for result in (listed, picked, out_of_range):
        no_secrets(result, KEY, "users-twitch-key", "mine-k")


def test_a_deleted_stream_still_in_obs_is_never_given_back(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    """Issue 22: `streams delete` (the list forgets the key), then `obs apply` of another
    stream, then `obs restore`: the user's own settings come back, not the deleted stream."""
    env = obs_env(fake_obs)
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "users-twitch-key"})
    assert run("apply", stored_stream, env=env).returncode == 0
    store = StreamStore()
    store.remove(stored_stream)
    store.add(Stream(id="cli-2", streamer_key="sk_cli_second", player_key="pk2"),
              "https://api.example.net/v1")
    assert run("apply", "cli-2", env=env).returncode == 0
    assert [e["type"] for e in json.loads(run("restore", "--list", "--json", env=env).stdout)] == [
        "rtmp_common"
    ]
    assert run("restore", env=env).returncode == 0
    assert fake_obs.service().service_settings["key"] == "users-twitch-key"


def test_status_calls_a_deleted_stream_still_in_obs_one_of_this_programs(
    fake_obs: FakeObs, stored_stream: str
) -> None:
    env = obs_env(fake_obs)
    assert run("apply", stored_stream, env=env).returncode == 0
    StreamStore().remove(stored_stream)  # `streams delete`: the list forgets it, OBS keeps it
    status = run("status", env=env)
    assert status.returncode == 0, status.stderr
    assert "OBS holds a stream of this program that this computer's list does not have" in (
        status.stdout
    )
    answer = json.loads(run("status", "--json", env=env).stdout)
    assert answer["ours"] is True and answer["stream_id"] is None
    assert answer["profile_switched"] is False
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "users-twitch-key"})
    theirs = json.loads(run("status", "--json", env=env).stdout)
    assert theirs["ours"] is False
