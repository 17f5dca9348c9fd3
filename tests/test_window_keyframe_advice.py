"""The keyframe advice is advice, and what it says comes from what OBS holds now.

On the first stream OBS sends a keyframe every 250 frames: the live panel advises the fix
at the level the window uses for advice (info, not a red error). After Fix in OBS the note
"a keyframe every 2 s" goes once OBS streams (it is no longer news), and after Restore the
advice is what OBS holds again, never the note. The real window on a real in-process
sandbox and the fake OBS (its profile parameters as OBS 29 keeps them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.fake_obs import FakeObs
from tests.support.window_rig import WindowRig

pytestmark = pytest.mark.gui


def save_shot(widget: object, name: str) -> None:
    """Keep a picture of ``widget`` where ``COMPANION_TEST_SHOTS`` says (a folder)."""
    folder = os.environ.get("COMPANION_TEST_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))  # type: ignore[attr-defined]


def test_keyframe_advice_is_advice_and_follows_what_obs_holds(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        advice = rig.status.output_advice
        await rig.wait(lambda: advice.isVisible(), "the keyframe advice")
        assert "250 frames" in advice.text()
        assert advice.kind == "info"  # advice, as the window gives advice elsewhere
        assert advice.action_button.text() == "Fix in OBS"
        save_shot(window, "win-keyframe-advice-first-stream")

        advice.action_button.click()
        await rig.wait(lambda: "every 2 s" in advice.text(), "the note that it is fixed")
        window.menu_actions.live_action.trigger()
        await rig.wait(lambda: fake_obs.streaming, "OBS streaming")
        await rig.wait(
            lambda: "every 2 s" not in advice.text() and not advice.isVisible(),
            "the note gone while OBS streams with it",
        )
        save_shot(window, "win-keyframe-advice-live-after-fix")
        await rig.session.stop()
        await rig.wait(lambda: not fake_obs.streaming, "OBS stopped")

        await rig.session.restore_obs_settings()
        await rig.wait(lambda: "250 frames" in advice.text(), "the advice back after Restore")
        assert "every 2 s" not in advice.text() and advice.kind == "info"
        save_shot(window, "win-keyframe-advice-after-restore")

    rig.play(scenario)
