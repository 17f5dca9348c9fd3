"""The keyframe fix: its pure parts (x264 options, frames for 2 s), and Multitrack Video."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from comprimato_companion.golive.obs_studio import ObsStudio
from comprimato_companion.obs.connection import ObsConnectionInfo, parse_obsws_url
from comprimato_companion.obs.errors import ObsBusyStreaming
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.output_settings import (
    MULTITRACK,
    check_output_settings,
    fix_keyframes,
    keyframe_frames,
    restore_output_settings,
    with_keyint,
    x264_keyint,
)
from comprimato_companion.storage.obs_output_backups import ObsOutputBackups
from tests.support.fake_obs import STARTED, FakeObs


@pytest.mark.parametrize(
    ("options", "expected"),
    [(None, None), ("", None), ("keyint=60", 60), ("bframes=0 KEYINT=30 ref=1", 30),
     ("keyint=abc", None), ("min-keyint=10", None)],
)
def test_reads_keyint(options: str | None, expected: int | None) -> None:
    assert x264_keyint(options) == expected


def test_sets_keyint_and_keeps_the_users_other_options() -> None:
    assert with_keyint(None, 60) == "keyint=60"
    assert with_keyint("bframes=0 keyint=250 ref=1", 60) == "bframes=0 ref=1 keyint=60"
    assert x264_keyint(with_keyint("min-keyint=5", 48)) == 48


@pytest.mark.parametrize(("fps", "frames"), [(30, 60), (29.97, 60), (60, 120), (15, 30),
                                             (0, 60)])
def test_two_seconds_of_frames(fps: float, frames: int) -> None:
    assert keyframe_frames(fps) == frames


# --- Multitrack Video (OBS 30.2+), against the fake OBS ---------------------------------


async def _linked(fake: FakeObs) -> ObsLink:
    link = ObsLink()
    await link.connect(parse_obsws_url(fake.url), timeout=2)
    return link


@pytest.mark.parametrize("plays", ["30.2", "32.2"])
async def test_multitrack_video_is_a_problem_the_fix_turns_off_and_restore_gives_back(
    fake_obs_factory: Callable[..., FakeObs], tmp_path: Path, plays: str
) -> None:
    fake = fake_obs_factory(plays=plays)
    profile = fake.profiles[fake.current_profile]
    # Keyframes already fine: Multitrack Video is the only problem.
    profile.parameters.update({
        ("SimpleOutput", "UseAdvanced"): "true", ("SimpleOutput", "x264Settings"): "keyint=60",
        ("Stream1", "EnableMultitrackVideo"): "true",
    })  # fmt: skip
    backups = ObsOutputBackups(tmp_path / "output-backups.json")
    link = await _linked(fake)
    try:
        check = await check_output_settings(link, backups)
        assert check.multitrack and not check.ok and check.fixable
        assert "Multitrack Video" in check.problems[0]
        fixed = await fix_keyframes(link, backups)
        assert fixed.ok and not fixed.multitrack
        assert fake.service().parameters[("Stream1", "EnableMultitrackVideo")] == "false"
        assert fake.service().parameters[("SimpleOutput", "x264Settings")] == "keyint=60"
        assert await restore_output_settings(link, backups) == fake.current_profile
        assert fake.service().parameters[("Stream1", "EnableMultitrackVideo")] == "true"
    finally:
        await link.close()


async def test_multitrack_in_advanced_mode_says_where_to_turn_it_off(
    fake_obs_factory: Callable[..., FakeObs]
) -> None:
    fake = fake_obs_factory(plays="32.2")
    fake.profiles[fake.current_profile].parameters.update({
        ("Output", "Mode"): "Advanced", ("Stream1", "EnableMultitrackVideo"): "true"})
    link = await _linked(fake)
    try:
        check = await check_output_settings(link)
        assert check.multitrack and not check.fixable
        assert "Enable Multitrack Video" in check.where
    finally:
        await link.close()


async def test_obs_29_has_no_multitrack_video_and_a_stray_value_is_ignored(
    fake_obs_factory: Callable[..., FakeObs]
) -> None:
    fake = fake_obs_factory(plays="29")
    fake.profiles[fake.current_profile].parameters.update({
        ("SimpleOutput", "UseAdvanced"): "true", ("SimpleOutput", "x264Settings"): "keyint=60",
        ("Stream1", "EnableMultitrackVideo"): "true",
    })  # fmt: skip
    link = await _linked(fake)
    try:
        check = await check_output_settings(link)
        assert check.ok and not check.multitrack
    finally:
        await link.close()


async def test_a_later_fix_for_multitrack_keeps_the_users_keyframes_in_the_backup(
    fake_obs_factory: Callable[..., FakeObs], tmp_path: Path
) -> None:
    # The fix sets the keyframes; the user then turns Multitrack Video on; the next fix must
    # not take the program's own keyframe values as the user's.
    fake = fake_obs_factory(plays="32.2")
    users_own = {("SimpleOutput", "x264Settings"): "bframes=2 keyint=250"}
    fake.profiles[fake.current_profile].parameters.update(users_own)
    backups = ObsOutputBackups(tmp_path / "output-backups.json")
    link = await _linked(fake)
    try:
        assert (await fix_keyframes(link, backups)).ok
        fake.profiles[fake.current_profile].parameters[MULTITRACK] = "true"
        assert (await fix_keyframes(link, backups)).ok
        assert await restore_output_settings(link, backups) == fake.current_profile
        assert fake.service().parameters == {
            **users_own, MULTITRACK: "true"}
    finally:
        await link.close()


async def test_the_windows_restore_while_obs_streams_changes_no_output_setting(
    fake_obs_factory: Callable[..., FakeObs], tmp_path: Path
) -> None:
    fake = fake_obs_factory(plays="32.2")
    fake.profiles[fake.current_profile].parameters[("SimpleOutput", "x264Settings")] = "ref=1"
    studio = ObsStudio(_nowhere, lambda: tmp_path)
    link = await _linked(fake)
    try:
        await studio.fix_keyframes(link)
        fixed = fake.service().parameters
        fake.set_stream_state(STARTED, True)
        with pytest.raises(ObsBusyStreaming):
            await studio.restore(link, [])
        assert fake.service().parameters == fixed
    finally:
        await link.close()


async def _nowhere() -> tuple[ObsConnectionInfo, str]:
    raise AssertionError("the test hands its own link")


async def test_restore_keeps_x264_options_the_user_set_after_the_fix(
    fake_obs_factory: Callable[..., FakeObs], tmp_path: Path
) -> None:
    """Issue 22 point 4's sequence: Fix in OBS (keyframes); the user then sets their own
    x264 options; Restore must not put back the pre-fix bframes=2 and UseAdvanced=false."""
    fake = fake_obs_factory(plays="29")
    profile = fake.profiles[fake.current_profile]
    profile.parameters.update({
        ("SimpleOutput", "UseAdvanced"): "false", ("SimpleOutput", "x264Settings"): "bframes=2",
    })  # fmt: skip
    backups = ObsOutputBackups(tmp_path / "output-backups.json")
    link = await _linked(fake)
    try:
        assert (await fix_keyframes(link, backups)).ok
        users_newer = "keyint=60 tune=zerolatency bframes=0"
        profile.parameters[("SimpleOutput", "x264Settings")] = users_newer  # in OBS, by hand
        assert await restore_output_settings(link, backups) == fake.current_profile
        assert profile.parameters[("SimpleOutput", "x264Settings")] == users_newer
        assert profile.parameters[("SimpleOutput", "UseAdvanced")] == "true"
        assert await restore_output_settings(link, backups) is None  # nothing left to restore
    finally:
        await link.close()


async def test_restore_after_a_fix_nobody_touched_gives_the_pre_fix_values_back(
    fake_obs_factory: Callable[..., FakeObs], tmp_path: Path
) -> None:
    fake = fake_obs_factory(plays="29")
    profile = fake.profiles[fake.current_profile]
    before = {("SimpleOutput", "UseAdvanced"): "false",
              ("SimpleOutput", "x264Settings"): "bframes=2"}
    profile.parameters.update(before)
    backups = ObsOutputBackups(tmp_path / "output-backups.json")
    link = await _linked(fake)
    try:
        assert (await fix_keyframes(link, backups)).ok
        assert profile.parameters[("SimpleOutput", "UseAdvanced")] == "true"
        assert await restore_output_settings(link, backups) == fake.current_profile
        assert {k: profile.parameters.get(k) for k in before} == before
    finally:
        await link.close()
