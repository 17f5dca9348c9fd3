"""End to end with real OBS Studio and the real sandbox: OBS streams SRT into the sandbox.

Nothing is faked here: OBS runs headless under Xvfb with its own HOME, the sandbox serves
its HTTP API and its libsrt ingest on loopback, and the command line runs as a separate
process the way a user runs it. The seconds from ``golive`` to live are printed (run with
``-s`` to see them).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from comprimato_companion.comprimato.client import ComprimatoClient
from comprimato_companion.errors import ExitCode
from comprimato_companion.golive.flow import go_live
from comprimato_companion.golive.live_watch import LiveWatch
from comprimato_companion.obs.connection import ObsConnectionInfo
from comprimato_companion.obs.errors import ObsStreamFailed
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.obs.supervisor import ObsSupervisor
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.real_obs import RealObs, wait_until

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
#: What a streamer had in OBS before this program touched it: it must come back exactly.
USERS_OWN_SERVICE: dict[str, Any] = {
    "server": "rtmp://live.example.org/app",
    "key": "users-own-key-Zq81",
    "use_auth": True,
    "username": "streamer",
    "password": "users-own-pass",
}


@pytest.fixture
def srt_sandbox(sandbox: Sandbox) -> Sandbox:
    """The sandbox with its SRT ingest running (required in CI)."""
    if sandbox.ingest_url is None:
        reason = f"the sandbox's SRT ingest is off: {sandbox.ingest_problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return sandbox


def cli_env(sandbox: Sandbox, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    assert sandbox.ingest_url is not None
    env.update(
        COMPRIMATO_API_URL=sandbox.api_url,
        COMPRIMATO_API_KEY=sandbox.api_key,
        COMPRIMATO_INGEST_URL=sandbox.ingest_url,
        COMPRIMATO_PLAYER_URL=sandbox.player_url_template,
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], env: dict[str, str], timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def obs_service(obs: RealObs) -> tuple[str, dict[str, Any]]:
    held = obs.call("GetStreamServiceSettings")
    return held["streamServiceType"], held["streamServiceSettings"]


def test_golive_streams_into_the_sandbox_then_stop_and_restore(
    real_obs: RealObs, srt_sandbox: Sandbox
) -> None:
    real_obs.call(
        "SetStreamServiceSettings",
        {"streamServiceType": "rtmp_custom", "streamServiceSettings": USERS_OWN_SERVICE},
    )
    env = cli_env(srt_sandbox, OBS_WEBSOCKET_URL=real_obs.url)

    started = time.monotonic()
    golive = run_cli(["golive", "--json", "--timeout", "60"], env)
    wall = time.monotonic() - started
    assert golive.returncode == 0, golive.stderr
    result = json.loads(golive.stdout)
    print(
        f"\nreal OBS: started in {real_obs.startup_seconds:.2f} s; golive to live: "
        f"{result['seconds']:.2f} s inside the flow, {wall:.2f} s for the whole command"
    )

    stream_id = result["id"]
    assert result["live"]["is_live"] is True
    assert result["live"]["obs_output"] == "live"
    assert result["live"]["comprimato_status"] == "Running"
    assert result["srt_url"] == f"{srt_sandbox.ingest_url}?streamid={result['streamer_key']}"
    assert result["player_url"].endswith(f"/play/{result['player_key']}")
    assert srt_sandbox.registry.get(stream_id) is not None
    assert srt_sandbox.registry.get(stream_id).status == "Running"  # type: ignore[union-attr]
    assert srt_sandbox.registry.bytes_received(stream_id) > 0
    assert real_obs.stream_active()
    kind, held = obs_service(real_obs)
    assert kind == "rtmp_custom"
    assert held["server"] == srt_sandbox.ingest_url
    assert held["key"] == result["streamer_key"] and held["use_auth"] is False
    # The password and the key never reach the progress output.
    assert real_obs.password not in golive.stderr + golive.stdout.replace(result["srt_url"], "")
    assert "Creating a stream on Comprimato." in golive.stderr
    assert "Waiting until Comprimato reports the stream." in golive.stderr
    assert f"Connecting to OBS at 127.0.0.1:{real_obs.port} (from OBS_WEBSOCKET_URL)." \
        in golive.stderr

    stop = run_cli(["obs", "stop"], env)
    assert stop.returncode == 0, stop.stderr
    assert not real_obs.stream_active()
    assert srt_sandbox.registry.wait_for_status(stream_id, "Stopped", timeout=15)

    restore = run_cli(["obs", "restore"], env)
    assert restore.returncode == 0, restore.stderr
    assert obs_service(real_obs) == ("rtmp_custom", USERS_OWN_SERVICE)


def test_golive_finds_obs_through_its_config_and_reuses_a_running_stream(
    real_obs: RealObs, srt_sandbox: Sandbox
) -> None:
    # No OBS_WEBSOCKET_URL: the address and password come from OBS's own config files.
    env = cli_env(
        srt_sandbox, HOME=str(real_obs.home), XDG_CONFIG_HOME=str(real_obs.home / ".config")
    )
    env.pop("OBS_WEBSOCKET_URL", None)
    created = run_cli(["streams", "create", "--json"], env)
    assert created.returncode == 0, created.stderr
    stream = json.loads(created.stdout)

    started = time.monotonic()
    golive = run_cli(["golive", "--stream", stream["id"]], env)
    wall = time.monotonic() - started
    assert golive.returncode == 0, golive.stderr
    print(f"\ngolive (OBS found by discovery, stored stream) to live: {wall:.2f} s")
    assert golive.stdout == f"{stream['player_url']}\n"
    assert "Live after" in golive.stderr
    assert srt_sandbox.registry.get(stream["id"]).status == "Running"  # type: ignore[union-attr]

    # Again while live: OBS already sends this stream, so nothing is changed or restarted.
    again = run_cli(["golive", "--stream", stream["id"], "--json"], env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["was_streaming"] is True
    assert "already streaming this stream" in again.stderr
    assert real_obs.stream_active()

    # A new stream while OBS streams elsewhere: refused, nothing created, exit 5.
    before = len(srt_sandbox.registry.list())
    busy = run_cli(["golive"], env)
    assert busy.returncode == ExitCode.OBS, busy.stderr
    assert "already streaming" in busy.stderr
    assert len(srt_sandbox.registry.list()) == before


def test_golive_to_an_ingest_nobody_listens_on_fails_with_obs_exit_code(
    real_obs: RealObs, srt_sandbox: Sandbox, closed_udp_port: int
) -> None:
    env = cli_env(
        srt_sandbox,
        OBS_WEBSOCKET_URL=real_obs.url,
        COMPRIMATO_INGEST_URL=f"srt://127.0.0.1:{closed_udp_port}",
    )
    started = time.monotonic()
    golive = run_cli(["golive", "--timeout", "60"], env)
    seconds = time.monotonic() - started
    print(f"\ngolive to a dead ingest failed after {seconds:.2f} s")
    assert golive.returncode == ExitCode.OBS, golive.stderr
    assert "could not connect to the SRT ingest" in golive.stderr
    assert "Traceback" not in golive.stderr
    assert seconds < 40
    assert not real_obs.stream_active()


def test_golive_without_obs_fails_before_creating_a_stream(
    srt_sandbox: Sandbox, closed_port: int
) -> None:
    env = cli_env(srt_sandbox, OBS_WEBSOCKET_URL=f"obsws://127.0.0.1:{closed_port}/pw")
    golive = run_cli(["golive"], env, timeout=30)
    assert golive.returncode == ExitCode.OBS, golive.stderr
    assert "OBS is not running" in golive.stderr
    assert srt_sandbox.request_count("POST", "/v1/streams") == 0


async def until(condition: Callable[[], bool], seconds: float = 10, *, what: str) -> None:
    """Poll ``condition`` on the loop (for state that has no event of its own)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


@pytest.fixture
def closed_udp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def client(srt_sandbox: Sandbox) -> AsyncIterator[ComprimatoClient]:
    async with ComprimatoClient(srt_sandbox.api_url, srt_sandbox.api_key) as made:
        yield made


async def test_obs_killed_while_live_is_reported_and_the_link_comes_back(
    real_obs: RealObs, srt_sandbox: Sandbox, client: ComprimatoClient, tmp_path: Path
) -> None:
    info = ObsConnectionInfo(
        host=real_obs.host, port=real_obs.port, password=real_obs.password, source="test"
    )

    async def resolve() -> ObsConnectionInfo:
        return info

    supervisor = ObsSupervisor(resolve, first_retry_delay=0.2, max_retry_delay=1.0)
    await supervisor.start()
    try:
        link: ObsLink = await supervisor.wait_connected(10)
        assert srt_sandbox.ingest_url is not None
        result = await go_live(
            client, link, StreamStore(tmp_path / "streams.json"),
            api_url=srt_sandbox.api_url, ingest_url=srt_sandbox.ingest_url,
            player_url_template=srt_sandbox.player_url_template, timeout=60,
            observer=ObsObserver(link),
        )
        print(f"\ngo_live in-process to live: {result.seconds:.2f} s")
        observer = ObsObserver(supervisor)
        watch = LiveWatch(client, result.stream.id, observer)
        await observer.start()
        await watch.start()
        try:
            await watch.wait_for(lambda s: s.is_live, timeout=10)

            real_obs.kill()
            killed_at = time.monotonic()
            lost = await watch.wait_for(lambda s: not s.obs_connected, timeout=15)
            noticed = time.monotonic() - killed_at
            assert lost.problem
            assert not lost.is_live
            await until(
                lambda: supervisor.state in (LinkState.RETRYING, LinkState.CONNECTING)
                and supervisor.error is not None,
                what="the supervisor to notice",
            )
            # The publisher is gone, so Comprimato stops too.
            assert srt_sandbox.registry.wait_for_status(result.stream.id, "Stopped", timeout=20)
            stopped = await watch.wait_for(
                lambda s: s.comprimato_status == "Stopped", timeout=15
            )
            assert not stopped.is_live

            restarted_in = real_obs.restart()
            back_at = time.monotonic()
            await supervisor.wait_connected(20)
            back = await watch.wait_for(lambda s: s.obs_connected, timeout=20)
            print(
                f"OBS kill noticed after {noticed:.2f} s; OBS restarted in {restarted_in:.2f} s; "
                f"link back {time.monotonic() - back_at:.2f} s later"
            )
            assert back.obs_output in (OutputState.STOPPED, OutputState.FAILED)
            assert not real_obs.stream_active()
        finally:
            await watch.close()
            await observer.close()
    finally:
        await supervisor.stop()


async def test_go_live_with_real_obs_to_a_wrong_key_is_refused_by_the_ingest(
    real_obs: RealObs, srt_sandbox: Sandbox, client: ComprimatoClient, tmp_path: Path
) -> None:
    """The ingest rejects an unknown streamid in the SRT handshake; OBS reports a failure."""
    link = ObsLink()
    await link.connect(
        ObsConnectionInfo(real_obs.host, real_obs.port, real_obs.password, "test")
    )
    try:
        stream = await client.create_stream()
        await client.delete_stream(stream.id)  # its key is no longer admitted
        store = StreamStore(tmp_path / "streams.json")
        store.add(stream, srt_sandbox.api_url)
        assert srt_sandbox.ingest_url is not None
        started = time.monotonic()
        with pytest.raises(ObsStreamFailed) as caught:
            await go_live(
                client, link, store, api_url=srt_sandbox.api_url,
                ingest_url=srt_sandbox.ingest_url,
                player_url_template=srt_sandbox.player_url_template,
                stream_id=stream.id, timeout=40,
                observer=ObsObserver(link),
            )
        print(f"\ngo_live with a refused key failed after {time.monotonic() - started:.2f} s")
        assert "could not connect to the SRT ingest" in caught.value.message
        wait_until(lambda: not real_obs.stream_active(), 10, what="OBS to stop streaming")
    finally:
        await link.close()


def test_golive_reaches_obs_at_its_ipv6_address(real_obs: RealObs, srt_sandbox: Sandbox) -> None:
    # OBS listens on every address, [::1] included; the brackets must reach the socket.
    env = cli_env(
        srt_sandbox, OBS_WEBSOCKET_URL=f"obsws://[::1]:{real_obs.port}/{real_obs.password}"
    )
    golive = run_cli(["golive", "--json", "--timeout", "60"], env)
    assert golive.returncode == 0, golive.stderr
    assert f"Connecting to OBS at [::1]:{real_obs.port} (from OBS_WEBSOCKET_URL)." \
        in golive.stderr
    assert json.loads(golive.stdout)["live"]["is_live"] is True
    assert real_obs.stream_active()


def target_duration(playlist: str) -> int:
    for line in playlist.splitlines():
        if line.startswith("#EXT-X-TARGETDURATION:"):
            return int(line.partition(":")[2])
    raise AssertionError(f"no target duration in {playlist!r}")


def test_golive_sets_two_second_keyframes_so_viewers_get_short_segments(
    real_obs: RealObs, srt_sandbox: Sandbox
) -> None:
    # The test profile leaves x264 its own interval: 250 frames, about 17 s at 15 fps.
    own = {name: real_obs.call("GetProfileParameter", {
        "parameterCategory": "SimpleOutput", "parameterName": name})["parameterValue"]
        for name in ("UseAdvanced", "x264Settings")}
    env = cli_env(srt_sandbox, OBS_WEBSOCKET_URL=real_obs.url)
    golive = run_cli(["golive", "--json", "--timeout", "60"], env)
    assert golive.returncode == 0, golive.stderr
    result = json.loads(golive.stdout)
    assert "keyframe" in golive.stderr and "obs output --restore" in golive.stderr
    assert result["output"]["changed"] is True and result["output"]["ok"] is True
    assert result["output"]["keyframe_seconds"] == pytest.approx(2.0)
    # The viewers' check is there, and true: golive waited for the first segments.
    assert result["live"]["viewers_can_watch"] is True
    assert result["live"]["viewer_delay_s"] is not None
    playlist = httpx.get(result["player_url"] + "/live.m3u8", timeout=5)
    assert playlist.status_code == 200
    print(f"\nplaylist after golive:\n{playlist.text}")
    assert target_duration(playlist.text) <= 4

    assert run_cli(["obs", "stop"], env).returncode == 0
    restore = run_cli(["obs", "output", "--restore"], env)
    assert restore.returncode == 0, restore.stderr
    for name, value in own.items():
        assert real_obs.call("GetProfileParameter", {
            "parameterCategory": "SimpleOutput", "parameterName": name,
        })["parameterValue"] == value


def test_golive_can_leave_the_output_settings_alone(
    real_obs: RealObs, srt_sandbox: Sandbox
) -> None:
    env = cli_env(srt_sandbox, OBS_WEBSOCKET_URL=real_obs.url)
    golive = run_cli(["golive", "--json", "--keep-output-settings", "--timeout", "60"], env)
    assert golive.returncode == 0, golive.stderr
    output = json.loads(golive.stdout)["output"]
    assert output["changed"] is False and output["ok"] is False
    assert output["keyframe_seconds"] > 4
    assert "obs output --fix" in golive.stderr
    assert real_obs.call("GetProfileParameter", {
        "parameterCategory": "SimpleOutput", "parameterName": "UseAdvanced"
    })["parameterValue"] in (None, "false")
