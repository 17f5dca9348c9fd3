"""The viewer's side for real: OBS streams, headless Chromium opens the shared link and plays.

Nothing is faked: OBS 29 runs under Xvfb with a coloured source in its scene, the product's
keyframe fix sets OBS to a keyframe every 2 s (and is restored afterwards), OBS streams SRT
into the real sandbox, whose segmenter makes HLS, and Debian's Chromium plays the player
page natively and then through the bundled hls.js. The page must say "Offline" before the
stream starts and after it ends, pick the stream up by itself when it starts again, and the
video's time must advance on a picture that is not black.

``COMPANION_DOCS_SCREENSHOT=1`` also saves the phone-sized screenshot to ``docs/``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
from pathlib import Path

import httpx
import pytest

from comprimato_companion.obs.connection import ObsConnectionInfo
from comprimato_companion.obs.link import ObsLink
from comprimato_companion.obs.output_settings import (
    check_output_settings,
    fix_keyframes,
    restore_output_settings,
)
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.sandbox.player_assets import HLS_JS_VERSION
from comprimato_companion.storage.obs_output_backups import ObsOutputBackups
from tests.support.headless_chromium import Chromium, chromium  # noqa: F401
from tests.support.real_obs import RealObs

pytestmark = [pytest.mark.real_obs, pytest.mark.srt, pytest.mark.slow]

DOCS_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot-player-phone.png"
#: The colour source's colour, 0xAABBGGRR as OBS stores it: an orange (R 240, G 120, B 40).
SOURCE_COLOUR = 0xFF2878F0

#: Average colour of the video, read back through a canvas (same-origin, so allowed).
VIDEO_COLOUR_JS = """(() => {
  const v = document.getElementById("video");
  if (!v.videoWidth) { return null; }
  const c = document.createElement("canvas");
  c.width = 32; c.height = 18;
  const g = c.getContext("2d");
  g.drawImage(v, 0, 0, 32, 18);
  const d = g.getImageData(0, 0, 32, 18).data;
  let r = 0, gr = 0, b = 0;
  for (let i = 0; i < d.length; i += 4) { r += d[i]; gr += d[i + 1]; b += d[i + 2]; }
  const n = d.length / 4;
  return [r / n, gr / n, b / n];
})()"""


@pytest.fixture
def srt_sandbox(sandbox: Sandbox) -> Sandbox:
    if sandbox.ingest_url is None:
        reason = f"the sandbox's SRT ingest is off: {sandbox.ingest_problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return sandbox


def add_coloured_source(obs: RealObs) -> None:
    scene = obs.call("GetCurrentProgramScene")["currentProgramSceneName"]
    obs.call("CreateInput", {
        "sceneName": scene, "inputName": "Viewer test colour", "inputKind": "color_source_v3",
        "inputSettings": {"color": SOURCE_COLOUR, "width": 320, "height": 180},
        "sceneItemEnabled": True,
    })  # fmt: skip
    text = obs.call("CreateInput", {
        "sceneName": scene, "inputName": "Viewer test text", "inputKind": "text_ft2_source_v2",
        "inputSettings": {"text": "Live from OBS", "font": {"face": "DejaVu Sans", "size": 28,
                                                            "style": "Bold", "flags": 1}},
        "sceneItemEnabled": True,
    })  # fmt: skip
    obs.call("SetSceneItemTransform", {
        "sceneName": scene, "sceneItemId": text["sceneItemId"],
        "sceneItemTransform": {"positionX": 62.0, "positionY": 110.0},
    })  # fmt: skip


async def fix_then_check(obs: RealObs, backups: ObsOutputBackups) -> tuple[float | None, ...]:
    """The product's keyframe fix over its own ObsLink: seconds before and after."""
    link = ObsLink()
    await link.connect(ObsConnectionInfo(obs.host, obs.port, obs.password, "test"), timeout=15)
    try:
        before = await check_output_settings(link, backups)
        assert before.fixable, before
        after = await fix_keyframes(link, backups)
        return before.keyframe_seconds, after.keyframe_seconds
    finally:
        await link.close()


async def restore(obs: RealObs, backups: ObsOutputBackups) -> str | None:
    link = ObsLink()
    await link.connect(ObsConnectionInfo(obs.host, obs.port, obs.password, "test"), timeout=15)
    try:
        return await restore_output_settings(link, backups)
    finally:
        await link.close()


def video_time(browser: Chromium) -> float:
    return float(browser.evaluate("document.getElementById('video').currentTime"))


def wait_playing(browser: Chromium, timeout: float) -> float:
    browser.wait_for("document.body.dataset.state === 'playing'", timeout, "the video to play")
    start = video_time(browser)
    browser.wait_for(f"document.getElementById('video').currentTime > {start} + 2", 20,
                     "the video's time to advance by 2 s")
    return video_time(browser) - start


def assert_not_black(browser: Chromium) -> tuple[float, float, float]:
    colour = browser.wait_for(VIDEO_COLOUR_JS, 10, "a decoded frame")
    red, green, blue = colour
    assert max(colour) > 60, f"the picture is black: {colour}"
    # The source is orange: red well above blue (the codec and scaling shift it a little).
    assert red > blue + 60, f"the picture is not the scene's colour: {colour}"
    return red, green, blue


def test_shared_link_plays_the_obs_stream_in_chromium(
    srt_sandbox: Sandbox, real_obs: RealObs, chromium: Chromium, tmp_path: Path,  # noqa: F811
) -> None:
    sandbox = srt_sandbox
    stream = sandbox.registry.create()
    link = sandbox.player_url_template.format(player_key=stream.player_key)
    live_json = f"{link}/live.json"
    add_coloured_source(real_obs)
    original_x264 = real_obs.call("GetProfileParameter", {
        "parameterCategory": "SimpleOutput", "parameterName": "x264Settings"})["parameterValue"]

    backups = ObsOutputBackups(tmp_path / "backups.json")
    before, after = asyncio.run(fix_then_check(real_obs, backups))
    assert before is not None and before > 8  # x264's 250 frames at 15 fps
    assert after == pytest.approx(2.0)
    assert stat.S_IMODE(backups.path.stat().st_mode) == 0o600

    assert sandbox.ingest_url is not None
    real_obs.call("SetStreamServiceSettings", {
        "streamServiceType": "rtmp_custom",
        "streamServiceSettings": {"server": sandbox.ingest_url, "key": stream.streamer_key,
                                  "use_auth": False},
    })  # fmt: skip

    # Before the stream: the page says so.
    chromium.open(link)
    chromium.wait_for("document.body.dataset.state === 'offline' && "
                      "document.getElementById('state').textContent === 'Offline'", 15,
                      "the offline state before the stream")

    real_obs.call("StartStream")
    try:
        advanced = wait_playing(chromium, 90)
        assert advanced >= 2
        assert chromium.evaluate("document.body.dataset.engine") == "native"
        assert_not_black(chromium)
        # The keyframe fix shows in the segments: about 2 s each, not OBS's default 16 s.
        fresh = httpx.get(live_json, timeout=5).json()
        assert fresh["fresh"] is True
        assert fresh["segment_s"] <= 2.6, fresh
        shot = tmp_path / "player.png"
        chromium.screenshot(shot)
        if os.environ.get("COMPANION_DOCS_SCREENSHOT") == "1":
            shutil.copyfile(shot, DOCS_SCREENSHOT)

        # The same link through the bundled hls.js (browsers without native HLS).
        chromium.open(f"{link}?engine=hls.js")
        wait_playing(chromium, 60)
        assert chromium.evaluate("document.body.dataset.engine") == "hls.js"
        assert chromium.evaluate("window.Hls.version") == HLS_JS_VERSION  # the shipped one
        assert_not_black(chromium)
    finally:
        real_obs.call("StopStream")

    # After the stream: offline again, by itself.
    chromium.wait_for("document.body.dataset.state === 'offline'", 30,
                      "the offline state after the stream")
    assert httpx.get(live_json, timeout=5).json()["playable"] is False

    # The streamer goes live again: the open page picks the stream up by itself.
    real_obs.call("StartStream")
    try:
        wait_playing(chromium, 60)
        assert_not_black(chromium)
    finally:
        real_obs.call("StopStream")
    chromium.wait_for("document.body.dataset.state === 'offline'", 30,
                      "the offline state after the second stream")

    assert asyncio.run(restore(real_obs, backups)) == "CompanionTest"
    restored = real_obs.call("GetProfileParameter", {
        "parameterCategory": "SimpleOutput", "parameterName": "x264Settings"})["parameterValue"]
    assert restored == original_x264
    assert backups.get("CompanionTest") is None
