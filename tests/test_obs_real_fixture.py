"""The real-OBS fixture itself: OBS starts headless, answers, restarts, dies on SIGKILL."""

from __future__ import annotations

import pytest

from tests.support.real_obs import RealObs

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]


def test_real_obs_answers_with_our_profile_and_restarts(real_obs: RealObs) -> None:
    version = real_obs.call("GetVersion")
    assert version["obsVersion"].startswith(("29.", "3"))
    assert real_obs.call("GetProfileList")["currentProfileName"] == "CompanionTest"
    video = real_obs.call("GetVideoSettings")
    assert (video["baseWidth"], video["baseHeight"], video["fpsNumerator"]) == (320, 180, 15)
    print(f"\nOBS started in {real_obs.startup_seconds:.2f} s")

    real_obs.kill()
    assert not real_obs.running
    seconds = real_obs.restart()
    print(f"OBS restarted in {seconds:.2f} s")
    assert real_obs.call("GetVersion")["obsVersion"] == version["obsVersion"]
