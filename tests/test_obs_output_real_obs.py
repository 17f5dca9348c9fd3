"""`obs output`: OBS 29's keyframe interval checked, fixed and restored, against real OBS."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.storage.obs_output_backups import FILE_NAME
from comprimato_companion.storage.paths import data_dir
from tests.support.real_obs import PROFILE_NAME, RealObs

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]
REPO = Path(__file__).resolve().parent.parent


def cli(obs: RealObs, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OBS_WEBSOCKET_URL": obs.url}
    return subprocess.run([sys.executable, "-m", "comprimato_companion",
                           "obs", "output", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60, check=False)


def parameter(obs: RealObs, category: str, name: str) -> Any:
    return obs.call("GetProfileParameter",
                    {"parameterCategory": category, "parameterName": name})["parameterValue"]


def test_keyframes_checked_fixed_and_the_users_own_restored(real_obs: RealObs) -> None:
    real_obs.call("SetProfileParameter", {"parameterCategory": "SimpleOutput",
                                          "parameterName": "x264Settings",
                                          "parameterValue": "bframes=0"})
    own_advanced = parameter(real_obs, "SimpleOutput", "UseAdvanced")
    # OBS 29 has no Multitrack Video (None); 30.2+ holds its own "false" in a new profile.
    own_multitrack = parameter(real_obs, "Stream1", "EnableMultitrackVideo")
    assert own_multitrack == (None if real_obs.version.numbers[:2] < (30, 2) else "false")

    checked = cli(real_obs, "--json")
    report = json.loads(checked.stdout)
    assert checked.returncode == 0, checked.stderr  # the check worked; it advises
    assert report["ok"] is False and report["fixable"] is True
    assert report["keyframe_seconds"] == pytest.approx(250 / 15, abs=0.01)
    assert "250 frames" in report["problems"][0]

    fixed = cli(real_obs, "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "a keyframe every 2.0 s" in fixed.stdout
    assert parameter(real_obs, "SimpleOutput", "UseAdvanced") == "true"
    assert parameter(real_obs, "SimpleOutput", "x264Settings") == "bframes=0 keyint=30"
    backup = data_dir() / FILE_NAME
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    saved = json.loads(backup.read_text())["profiles"][PROFILE_NAME]
    assert saved == {"SimpleOutput/UseAdvanced": own_advanced,
                     "SimpleOutput/x264Settings": "bframes=0",
                     "Stream1/EnableMultitrackVideo": own_multitrack}

    # Restored, then fixed again: the user's values are read again and kept.
    restored = cli(real_obs, "--restore")
    assert restored.returncode == 0, restored.stderr
    assert f"'{PROFILE_NAME}' has its own output settings back" in restored.stdout
    assert parameter(real_obs, "SimpleOutput", "x264Settings") == "bframes=0"
    assert parameter(real_obs, "SimpleOutput", "UseAdvanced") == own_advanced
    assert json.loads(backup.read_text())["profiles"] == {}
    assert cli(real_obs, "--fix").returncode == 0

    # The user then sets a value of their own over the fix, and the fix runs once more:
    # what the user set now is what comes back, not what they had before.
    real_obs.call("SetProfileParameter", {"parameterCategory": "SimpleOutput",
                                          "parameterName": "x264Settings",
                                          "parameterValue": "keyint=300"})
    assert cli(real_obs, "--fix").returncode == 0
    assert parameter(real_obs, "SimpleOutput", "x264Settings") == "keyint=30"
    assert json.loads(backup.read_text())["profiles"][PROFILE_NAME] == {
        "SimpleOutput/UseAdvanced": "true", "SimpleOutput/x264Settings": "keyint=300",
        "Stream1/EnableMultitrackVideo": own_multitrack}
    assert cli(real_obs, "--restore").returncode == 0
    assert parameter(real_obs, "SimpleOutput", "x264Settings") == "keyint=300"


def test_advanced_mode_says_where_the_setting_is(real_obs: RealObs) -> None:
    real_obs.call("SetProfileParameter", {"parameterCategory": "Output",
                                          "parameterName": "Mode", "parameterValue": "Advanced"})
    report = json.loads(cli(real_obs, "--json").stdout)
    assert report["mode"] == "Advanced" and report["fixable"] is False
    assert "Settings > Output > Streaming" in report["where"]
    refused = cli(real_obs, "--fix")
    assert refused.returncode == 1  # OBS refused nothing: the fix cannot be made here
    assert "Advanced output mode" in refused.stderr + refused.stdout
    assert "Keyframe Interval" in refused.stderr + refused.stdout
    assert not (data_dir() / FILE_NAME).exists()  # nothing changed, nothing saved
    # An HEVC encoder is named as the other thing to change.
    real_obs.call("SetProfileParameter", {"parameterCategory": "AdvOut",
                                          "parameterName": "Encoder",
                                          "parameterValue": "jim_hevc_nvenc"})
    report = json.loads(cli(real_obs, "--json").stdout)
    assert report["encoder"] == "jim_hevc_nvenc"
    assert "many browsers cannot play" in report["problems"][1]


def test_multitrack_video_turned_on_is_turned_off_by_the_fix_and_restored(
    real_obs: RealObs,
) -> None:
    version = real_obs.call("GetVersion")["obsVersion"]
    newer = tuple(int(p) for p in version.split(".")[:2]) >= (30, 2)
    real_obs.call("SetProfileParameter", {"parameterCategory": "Stream1",
                                          "parameterName": "EnableMultitrackVideo",
                                          "parameterValue": "true"})
    report = json.loads(cli(real_obs, "--json").stdout)
    # OBS 29 has no Multitrack Video: the value is nobody's, and not a problem there.
    assert report["multitrack"] is newer
    assert any("Multitrack" in p for p in report["problems"]) is newer
    assert cli(real_obs, "--fix").returncode == 0
    assert parameter(real_obs, "Stream1", "EnableMultitrackVideo") == (
        "false" if newer else "true")
    assert cli(real_obs, "--restore").returncode == 0
    assert parameter(real_obs, "Stream1", "EnableMultitrackVideo") == "true"
