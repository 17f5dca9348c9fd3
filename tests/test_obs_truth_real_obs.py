"""OBS never streams where the user did not choose: real OBS 29 under Xvfb, real receivers.

Two real SRT ingests run here: the sandbox (Comprimato, where the chosen stream goes) and
a second one playing the user's own server, with a stream key of the user's own. Whatever
OBS sends to the user's server is counted there, so a start with the wrong settings is
seen arriving, not merely failing. Between the program's runs the user changes OBS
behind its back, as streamers do: edits the stream settings, runs ``obs restore``,
switches profile, restarts OBS with other settings. ``golive`` and ``obs start`` must then
send the chosen stream again, or refuse; and the user's settings must come back.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from comprimato_companion.errors import ExitCode
from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.observer import ObsObserver
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.obs.supervisor import ObsSupervisor
from comprimato_companion.sandbox import Sandbox
from tests.support.picture_waits import until
from tests.support.real_obs import RealObs, wait_until
from tests.support.users_server import (
    UsersServer,
    cli,
    create_stream,
    service,
    set_service,
    wait_stopped,
)

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent


def test_the_users_server_receives_what_obs_sends_it(
    real_obs: RealObs, users_server: UsersServer
) -> None:
    """The receiver works: had the program started OBS on the user's settings, it would show."""
    set_service(real_obs, users_server.service)
    real_obs.call("StartStream")
    try:
        wait_until(lambda: users_server.received() > 0, 30, interval=0.2,
                   what="OBS's stream at the user's own server")
    finally:
        real_obs.call("StopStream")
        wait_stopped(real_obs)


def test_settings_edited_behind_the_program_are_never_started(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    set_service(real_obs, users_server.service)
    stream = create_stream(real_obs, comprimato)
    applied = cli(["obs", "apply", stream["id"]], real_obs, comprimato)
    assert applied.returncode == 0, applied.stderr
    assert service(real_obs)["key"] == stream["streamer_key"]

    set_service(real_obs, users_server.service)  # the user puts their own service back
    refused = cli(["obs", "start"], real_obs, comprimato)
    assert refused.returncode == ExitCode.OBS, refused.stdout + refused.stderr
    assert "not started" in refused.stderr
    assert users_server.key not in refused.stderr + refused.stdout
    assert not real_obs.stream_active()

    started = cli(["obs", "start", stream["id"]], real_obs, comprimato)
    assert started.returncode == 0, started.stderr
    assert "sent to OBS first" in started.stdout
    assert comprimato.registry.wait_for_status(stream["id"], "Running", timeout=30)
    assert comprimato.registry.bytes_received(stream["id"]) > 0
    stopped = cli(["obs", "stop"], real_obs, comprimato)
    assert f"stopped streaming stream {stream['id']}" in stopped.stdout
    wait_stopped(real_obs)
    assert users_server.received() == 0  # nothing ever arrived at the user's own server

    restored = cli(["obs", "restore"], real_obs, comprimato)
    assert restored.returncode == 0, restored.stderr
    assert service(real_obs)["key"] == users_server.key


def test_restore_run_behind_the_program_then_golive_sends_again(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    set_service(real_obs, users_server.service)
    stream = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", stream["id"]], real_obs, comprimato).returncode == 0
    behind = cli(["obs", "restore"], real_obs, comprimato)  # another terminal, the user's
    assert behind.returncode == 0, behind.stderr
    assert service(real_obs)["key"] == users_server.key

    refused = cli(["obs", "start"], real_obs, comprimato)
    assert refused.returncode == ExitCode.OBS and not real_obs.stream_active()

    golive = cli(["golive", "--stream", stream["id"], "--json"], real_obs, comprimato)
    assert golive.returncode == 0, golive.stderr
    assert json.loads(golive.stdout)["live"]["is_live"] is True
    assert service(real_obs)["key"] == stream["streamer_key"]
    assert comprimato.registry.bytes_received(stream["id"]) > 0
    assert cli(["obs", "stop"], real_obs, comprimato).returncode == 0
    wait_stopped(real_obs)
    assert users_server.received() == 0


def test_a_profile_switched_behind_the_program_gets_the_stream_and_its_settings_back(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    stream = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", stream["id"]], real_obs, comprimato).returncode == 0
    # The user makes a profile of their own, set to their own server, and switches to it.
    real_obs.call("CreateProfile", {"profileName": "Podcast"})
    wait_until(lambda: real_obs.call("GetProfileList")["currentProfileName"] == "Podcast",
               10, interval=0.1, what="OBS to switch profile")
    set_service(real_obs, users_server.service)

    golive = cli(["golive", "--stream", stream["id"]], real_obs, comprimato)
    assert golive.returncode == 0, golive.stderr
    assert real_obs.call("GetProfileList")["currentProfileName"] == "Podcast"
    assert comprimato.registry.bytes_received(stream["id"]) > 0
    assert cli(["obs", "stop"], real_obs, comprimato).returncode == 0
    wait_stopped(real_obs)
    assert users_server.received() == 0

    restored = cli(["obs", "restore", "--json"], real_obs, comprimato)
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["profile"] == "Podcast"
    assert service(real_obs)["key"] == users_server.key
    assert service(real_obs)["server"] == users_server.service["server"]


def test_obs_restarted_with_a_new_key_of_the_users_gets_that_key_back(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    """Apply (K1 kept), OBS restarts, the user sets K2, golive, restore: K2, not K1."""
    set_service(real_obs, {**users_server.service, "key": "users-first-key-K1"})
    stream = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", stream["id"]], real_obs, comprimato).returncode == 0
    real_obs.restart()
    assert service(real_obs)["key"] == stream["streamer_key"]  # OBS kept it in the profile
    set_service(real_obs, users_server.service)  # K2: the key the receiver knows

    started = cli(["obs", "start", stream["id"]], real_obs, comprimato)
    assert started.returncode == 0, started.stderr
    assert comprimato.registry.wait_for_status(stream["id"], "Running", timeout=30)
    assert cli(["obs", "stop"], real_obs, comprimato).returncode == 0
    wait_stopped(real_obs)
    assert users_server.received() == 0

    assert cli(["obs", "restore"], real_obs, comprimato).returncode == 0
    assert service(real_obs)["key"] == users_server.key


def test_restore_into_a_profile_the_user_removed_says_so_and_writes_nothing(
    real_obs: RealObs, comprimato: Sandbox, users_server: UsersServer
) -> None:
    real_obs.call("CreateProfile", {"profileName": "Gig"})
    wait_until(lambda: real_obs.call("GetProfileList")["currentProfileName"] == "Gig",
               10, interval=0.1, what="OBS to switch profile")
    set_service(real_obs, users_server.service)
    stream = create_stream(real_obs, comprimato)
    assert cli(["obs", "apply", stream["id"]], real_obs, comprimato).returncode == 0
    real_obs.call("SetCurrentProfile", {"profileName": "CompanionTest"})
    wait_until(lambda: real_obs.call("GetProfileList")["currentProfileName"] == "CompanionTest",
               10, interval=0.1, what="OBS to switch profile")
    real_obs.call("RemoveProfile", {"profileName": "Gig"})
    before = real_obs.call("GetStreamServiceSettings")

    restored = cli(["obs", "restore"], real_obs, comprimato)
    assert restored.returncode == ExitCode.OBS
    assert "'Gig'" in restored.stderr and "nothing was changed" in restored.stderr
    assert users_server.key not in restored.stderr
    assert real_obs.call("GetStreamServiceSettings") == before
    assert real_obs.call("GetProfileList")["currentProfileName"] == "CompanionTest"



async def test_the_picture_follows_real_obs_and_never_claims_sending_once_it_is_gone(
    real_obs: RealObs, users_server: UsersServer
) -> None:
    info: ObsConnectionInfo = parse_obsws_url(real_obs.url)

    async def resolve() -> ObsConnectionInfo:
        return info

    supervisor = ObsSupervisor(resolve, first_retry_delay=0.2, max_retry_delay=1.0)
    await supervisor.start()
    observer = ObsObserver(supervisor, idle_interval=0.5, live_interval=0.5)
    try:
        await supervisor.wait_connected(20)
        await observer.start()
        ingest = str(users_server.service["server"])
        # Edited in OBS: seen by reading, with no event from OBS.
        await asyncio.to_thread(set_service, real_obs, users_server.service)
        await until(observer, lambda p: p.holds(ingest, users_server.key), 10)
        # Live: the output and its figures.
        await asyncio.to_thread(real_obs.call, "StartStream")
        live = await until(
            observer, lambda p: p.output is OutputState.LIVE and p.figures is not None, 30
        )
        assert live.active and live.holds(ingest, users_server.key)
        # Killed while live: at once not connected, nothing sending.
        await asyncio.to_thread(real_obs.kill)
        gone = await until(observer, lambda p: not p.connected, 10)
        assert not gone.active and gone.figures is None and gone.output is OutputState.STOPPED
        # Back with another profile: the picture is read again, not remembered.
        await asyncio.to_thread(real_obs.start)
        await until(observer, lambda p: p.connected, 30)
        await asyncio.to_thread(real_obs.call, "CreateProfile", {"profileName": "Other"})
        other = await until(observer, lambda p: p.profile == "Other" and p.service is not None,
                             10)
        assert not other.holds(ingest, users_server.key)
        assert not other.active
    finally:
        await observer.close()
        await supervisor.stop()
