"""A sandbox session leaves OBS as it found it (issue 21 point 1), against the in-process
sandbox and the fake OBS: the window quitting in sandbox mode, a sandbox session that
never ended cleanly found at the next start, the switch to a real account, OBS streaming
the ended sandbox's stream (said, then done once OBS stops)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import AREA_GENERAL, Mode
from comprimato_companion.sandbox import Sandbox
from tests.support.fake_obs import STOPPED, FakeObs
from tests.support.session_rigs import make_session
from tests.support.waits import until

TWITCH = {"service": "Twitch", "server": "auto", "key": "users-twitch-key"}


def holds_twitch(fake_obs: FakeObs) -> bool:
    service = fake_obs.service()
    return service.service_type == "rtmp_common" and service.service_settings == TWITCH


async def sandbox_session_with_a_stream_in_obs(
    tmp_path: Path, fake_obs: FakeObs, *, env: dict[str, str] | None = None
) -> CompanionSession:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url, **(env or {})})
    await session.start()
    await until(lambda: session.state.obs.connected, what="the fake OBS link")
    stored = await session.create_stream()
    assert fake_obs.service().service_settings["key"] == stored.stream.streamer_key
    return session


async def crash(session: CompanionSession, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session ends as a killed window's would: OBS is not told anything."""

    async def nothing() -> None:
        return None

    monkeypatch.setattr(session.obs_rules, "give_back_on_quit", nothing)
    await session.close()


async def test_quitting_in_sandbox_mode_gives_obs_back_the_users_settings(
    tmp_path: Path, fake_obs: FakeObs
) -> None:
    fake_obs.set_service("rtmp_common", TWITCH)
    session = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs)
    began = time.monotonic()
    await session.close()
    assert time.monotonic() - began < 2.0  # a quit stays quick
    assert holds_twitch(fake_obs)
    # Reopened: nothing more to do, and Restore finds OBS already holding the user's own.
    again = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await again.start()
    try:
        await until(lambda: again.state.obs.connected, what="the link again")
        await again.restore_obs_settings()
        assert holds_twitch(fake_obs)
    finally:
        await again.close()


async def test_a_sandbox_session_that_crashed_is_given_back_at_the_next_start(
    tmp_path: Path, fake_obs: FakeObs, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_obs.set_service("rtmp_common", TWITCH)
    first = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs)
    await crash(first, monkeypatch)
    assert not holds_twitch(fake_obs)  # the dead sandbox address is still in OBS
    second = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await second.start()
    try:
        await until(lambda: holds_twitch(fake_obs), what="the user's Twitch back")
        await until(lambda: AREA_GENERAL in second.state.notices, what="the notice")
        assert "sandbox has ended" in second.state.notices[AREA_GENERAL].message
        # The new sandbox's own stream is not taken for a leftover.
        stored = await second.create_stream()
        await second.obs.refresh()
        await second.obs_rules.give_back_after_sandbox()
        assert fake_obs.service().service_settings["key"] == stored.stream.streamer_key
    finally:
        await second.close()
    assert holds_twitch(fake_obs)


async def test_switching_to_a_real_account_gives_obs_back(
    tmp_path: Path, fake_obs: FakeObs, api_sandbox: Sandbox
) -> None:
    fake_obs.set_service("rtmp_common", TWITCH)
    env = {
        "COMPRIMATO_API_URL": api_sandbox.api_url,
        "COMPRIMATO_INGEST_URL": "srt://127.0.0.1:9999",
    }
    session = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs, env=env)
    try:
        await session.set_api_key(api_sandbox.api_key)
        assert session.state.mode is Mode.REAL
        await until(lambda: holds_twitch(fake_obs), what="the user's Twitch back")
    finally:
        await session.close()


async def test_while_obs_streams_the_ended_sandbox_it_says_so_and_gives_back_once_stopped(
    tmp_path: Path, fake_obs: FakeObs, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_obs.set_service("rtmp_common", TWITCH)
    first = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs)
    await first.go_live()
    await until(lambda: fake_obs.streaming, what="OBS streaming the sandbox")
    await first.close()  # refused while streaming: nothing changes under a running output
    assert fake_obs.streaming and not holds_twitch(fake_obs)
    second = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await second.start()
    try:
        await until(lambda: AREA_GENERAL in second.state.notices, what="the notice")
        notice = second.state.notices[AREA_GENERAL]
        assert "OBS is streaming to the sandbox's address srt://127.0.0.1:" in notice.message
        assert "Stop streaming in OBS" in notice.next_step
        assert fake_obs.streaming and not holds_twitch(fake_obs)
        fake_obs.set_stream_state(STOPPED, False)  # the user stops it in OBS
        await until(lambda: holds_twitch(fake_obs), what="the user's Twitch back")
        await until(
            lambda: "sandbox has ended" in second.state.notices[AREA_GENERAL].message,
            what="the notice saying so",
        )
    finally:
        await second.close()


def x264(fake_obs: FakeObs) -> tuple[str | None, str | None]:
    parameters = fake_obs.profiles[fake_obs.current_profile].parameters
    return (parameters.get(("SimpleOutput", "UseAdvanced")),
            parameters.get(("SimpleOutput", "x264Settings")))  # fmt: skip


async def test_quitting_gives_back_the_output_settings_a_keyframe_fix_changed(
    tmp_path: Path, fake_obs: FakeObs
) -> None:
    """The sandbox session's Fix in OBS is undone at its end, as its stream is."""
    fake_obs.set_service("rtmp_common", TWITCH)
    fake_obs.profiles[fake_obs.current_profile].parameters[("SimpleOutput", "x264Settings")] = (
        "bframes=2"
    )
    session = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs)
    await session.fix_obs_keyframes()
    assert x264(fake_obs) == ("true", "bframes=2 keyint=60")
    await session.close()
    assert holds_twitch(fake_obs)
    assert x264(fake_obs) == (None, "bframes=2")  # OBS as the sandbox found it


async def test_a_crashed_sandbox_session_gives_back_its_output_settings_at_the_next_start(
    tmp_path: Path, fake_obs: FakeObs, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_obs.set_service("rtmp_common", TWITCH)
    session = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs)
    await session.fix_obs_keyframes()
    assert x264(fake_obs)[1] is not None
    await crash(session, monkeypatch)
    again = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await again.start()
    try:
        await until(lambda: holds_twitch(fake_obs), what="the user's own stream settings back")
        await until(lambda: x264(fake_obs) == (None, None), what="the output settings back")
    finally:
        await again.close()


async def test_a_fix_made_before_the_sandbox_session_stays_when_it_ends(
    tmp_path: Path, fake_obs: FakeObs
) -> None:
    """OBS held an earlier session's keyframe fix when the sandbox found it: it keeps it."""
    from comprimato_companion.obs.connection import parse_obsws_url
    from comprimato_companion.obs.link import ObsLink
    from comprimato_companion.obs.output_settings import fix_keyframes
    from comprimato_companion.storage.obs_output_backups import FILE_NAME, ObsOutputBackups

    fake_obs.set_service("rtmp_common", TWITCH)
    link = ObsLink()
    await link.connect(parse_obsws_url(fake_obs.url))
    try:  # a real account's session fixed the keyframes, and the user kept them
        await fix_keyframes(link, ObsOutputBackups(tmp_path / "data" / FILE_NAME))
    finally:
        await link.close()
    fixed = x264(fake_obs)
    assert fixed == ("true", "keyint=60")
    session = await sandbox_session_with_a_stream_in_obs(tmp_path, fake_obs)
    await session.fix_obs_keyframes()  # already fixed: nothing of the sandbox's to undo
    await session.close()
    assert holds_twitch(fake_obs)
    assert x264(fake_obs) == fixed  # as the sandbox found it
