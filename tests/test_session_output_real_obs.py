"""The window's side of the keyframe fix, Qt-free: notice, one-click fix, restore, real OBS."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import AREA_OUTPUT, FIX_KEYFRAMES
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.real_obs import RealObs

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]


async def until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def x264_settings(obs: RealObs) -> object:
    return obs.call("GetProfileParameter", {"parameterCategory": "SimpleOutput",
                                            "parameterName": "x264Settings"})["parameterValue"]


async def test_keyframe_notice_fix_and_restore(tmp_path: Path, real_obs: RealObs) -> None:
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True, send_to_obs_automatically=False))
    session = CompanionSession(
        sandbox=True, settings_file=settings_file, sandbox_port=0,
        store=StreamStore(tmp_path / "data" / "streams.json"),
        env={**os.environ, "OBS_WEBSOCKET_URL": real_obs.url},
    )  # fmt: skip
    own = x264_settings(real_obs)
    await session.start()
    try:
        await until(lambda: AREA_OUTPUT in session.state.notices, "the keyframe notice")
        notice = session.state.notices[AREA_OUTPUT]
        assert notice.fix == FIX_KEYFRAMES and notice.level == "info"  # advice, not a failure
        assert "keyframe every 250 frames" in notice.message
        assert "your own setting is kept" in notice.next_step

        await session.fix_obs_keyframes()
        fixed = session.state.notices[AREA_OUTPUT]
        assert fixed.level == "info"
        assert fixed.message.startswith("OBS now sends a keyframe every 2 s")
        assert x264_settings(real_obs) == "keyint=30"
        assert (tmp_path / "data" / "obs-output-backups.json").exists()

        await session.restore_obs_settings()  # the stream settings were never changed
        assert x264_settings(real_obs) == own
        # What OBS holds again: the advice, never the note that keyframes are every 2 s.
        advice = session.state.notices.get(AREA_OUTPUT)
        assert advice is not None and "keyframe every 250 frames" in advice.message
    finally:
        await session.close()
