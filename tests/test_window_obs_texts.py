"""The text around OBS says what its button will do, in each state of "nothing answers":
OBS closed here (Start OBS does everything), OBS running with its server off (what to do in
OBS; against real OBS in ``test_obs_setup_real_obs.py``), OBS on another computer."""

from __future__ import annotations

import pytest

from comprimato_companion.golive.view_state import FIX_OBS_RETRY, FIX_OBS_SETUP, fix_for
from comprimato_companion.obs.errors import ObsNotRunning, ObsServerDisabled
from comprimato_companion.obs.no_answer import ObsClosed, why_no_answer
from tests.support.window_rig import WindowRig, no_obs


@pytest.mark.gui
def test_obs_closed_says_start_obs_does_everything(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        page = rig.window.empty_page
        await rig.wait(
            lambda: page.obs_line.text().startswith("OBS is not running (nothing answers"),
            "the sentence that OBS is closed",
        )
        line = page.obs_line.text()
        assert "Start OBS starts it with its WebSocket server turned on and connects" in line
        assert "or its WebSocket server is off" not in line and "Apply" not in line
        assert page.obs_button.text() == "Start OBS"

    rig.play(scenario)


def test_each_kind_of_no_answer_gets_its_own_sentence_and_button() -> None:
    local = ObsNotRunning("127.0.0.1", 4455)
    closed = why_no_answer(local, runs_here=False)
    assert isinstance(closed, ObsClosed) and fix_for(closed) == FIX_OBS_SETUP
    running = why_no_answer(local, runs_here=True)
    assert running.message == "OBS is running, but its WebSocket server is off."
    assert "press OK" in running.next_step and fix_for(running) == FIX_OBS_RETRY
    assert why_no_answer(local, runs_here=None) is local  # cannot be told: as it was
    off = why_no_answer(ObsServerDisabled("global.ini"), runs_here=False)
    assert isinstance(off, ObsClosed) and "global.ini" not in f"{off.message} {off.next_step}"
    remote = why_no_answer(ObsNotRunning("192.0.2.7", 4455), runs_here=False)
    assert "runs on another computer" in remote.message and fix_for(remote) == FIX_OBS_RETRY
    assert "Apply" not in ObsServerDisabled().next_step
