"""The status panel's fourth check, "Viewers", and the keyframe advice with its fix button."""

from __future__ import annotations

from typing import Any

import pytest

from comprimato_companion.comprimato.models import StreamState
from comprimato_companion.golive.live_status import LiveStatus
from comprimato_companion.golive.view_state import AREA_OUTPUT, FIX_KEYFRAMES, Notice, ViewState
from comprimato_companion.golive.viewer_check import ViewerCheck
from comprimato_companion.obs.output_state import OutputState

pytestmark = pytest.mark.gui


def state_with(viewers: ViewerCheck | None, output: OutputState, **extra: Any) -> ViewState:
    live = LiveStatus(obs_connected=True, obs_output=output, comprimato_status="Running",
                      comprimato_state=StreamState.RUNNING, figures=None, problem=None,
                      viewers=viewers)
    return ViewState(live=live, **extra)


def test_viewers_metric_says_can_watch_and_the_delay(qapp: Any) -> None:
    from comprimato_companion.window.status_panel import StatusPanel

    panel = StatusPanel()
    panel.update_state(state_with(ViewerCheck(True, 3.4), OutputState.LIVE))
    assert panel.viewers.value.text() == "Can watch · 3 s behind"
    assert panel.viewers.tone == "ok"
    waiting = ViewerCheck(False, None, "No video yet: the first seconds are on their way.")
    panel.update_state(state_with(waiting, OutputState.LIVE))
    assert panel.viewers.value.text() == "Cannot watch yet"
    assert panel.viewers.tone == "warn"
    assert panel.viewers.toolTip() == waiting.detail
    panel.update_state(state_with(ViewerCheck(False, None, "ended"), OutputState.STOPPED))
    assert panel.viewers.value.text() == "Offline"
    panel.update_state(state_with(None, OutputState.LIVE))  # a real Comprimato: not known
    assert panel.viewers.value.text() == "—"


def test_keyframe_advice_offers_the_fix(qapp: Any) -> None:
    from comprimato_companion.window.status_panel import StatusPanel

    panel = StatusPanel()
    fixes: list[str] = []
    panel.fix_requested.connect(fixes.append)
    notice = Notice("OBS sends a keyframe every 250 frames.", "Fix it in one click.", "error",
                    FIX_KEYFRAMES)
    panel.update_state(state_with(None, OutputState.STOPPED, notices={AREA_OUTPUT: notice}))
    assert "keyframe every 250 frames" in panel.output_advice.text()
    assert panel.output_advice.action_button.text() == "Fix in OBS"
    panel.output_advice.action_button.click()
    assert fixes == [FIX_KEYFRAMES]
