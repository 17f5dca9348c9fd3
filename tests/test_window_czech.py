"""The window in Czech, offscreen: a user's whole first stream reads in Czech.

The real window on a real session (in-process sandbox, fake OBS on a real socket), with
the Czech catalogues installed as ``run_window`` installs them. What a user sees (the
stream view's buttons, the live panel, a problem the core reports) must be Czech, and the
window is saved as a picture in the test's folder for a look at how the text fits.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from comprimato_companion import i18n
from tests.support.fake_obs import FakeObs
from tests.support.window_rig import WindowRig, no_obs

pytestmark = pytest.mark.gui

#: Words that give away an English sentence; none of them is Czech.
# Not "to": it is a Czech word too ("Opravte to jedním kliknutím").
ENGLISH = re.compile(r"\b(the|and|your|with|is|not|of|Stream settings|Go live|Copy)\b")


@pytest.fixture
def czech(qapp: QApplication) -> Iterator[QApplication]:
    from comprimato_companion.window.translation import install_translators

    assert install_translators(qapp, "cs") == "cs"
    try:
        yield qapp
    finally:
        install_translators(qapp, "en")
        i18n.install(None)


def _visible_texts(root: QWidget) -> list[str]:
    """The text of every visible label and button under ``root``."""
    texts: list[str] = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if widget.isVisibleTo(root) and widget.text().strip():
            texts.append(widget.text().replace("&", ""))
    return texts


def test_a_first_stream_reads_in_czech(
    czech: QApplication, rig_factory: type[WindowRig], fake_obs: FakeObs, tmp_path: Path
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        window.menu_actions.create_action.trigger()
        await rig.wait(
            lambda: window.stack.currentWidget() is window.stream_card, "the stream view"
        )
        await rig.wait(lambda: "OBS" in rig.view.send_button.text(), "the send mark")
        window.menu_actions.live_action.trigger()
        await rig.wait(lambda: rig.status.bitrate.value.text() not in ("—", ""), "a bitrate")
        await asyncio.sleep(0)
        window.grab().save(str(tmp_path / "window-cs.png"))
        texts = _visible_texts(window)
        assert "Vytvořit stream" in texts
        english = [text for text in texts if ENGLISH.search(text)]
        assert english == [], f"English left in the Czech window: {english}"
        assert window.file_menu.title().replace("&", "") == "Soubor"

    rig.play(scenario)


def test_a_problem_from_the_core_shows_in_czech(
    czech: QApplication, rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.wait(
            lambda: any("OBS neběží" in text for text in _visible_texts(rig.window)),
            "the Czech sentence about OBS",
        )
        rig.window.grab().save(str(rig.store.path.parent / "window-no-obs-cs.png"))

    rig.play(scenario)


def test_a_stopped_stream_and_no_viewers_read_in_czech(czech: QApplication) -> None:
    """ "Zastaven" (the output, masculine) and no English "Offline" under Viewers."""
    from comprimato_companion.comprimato.models import StreamState
    from comprimato_companion.golive.live_status import LiveStatus
    from comprimato_companion.golive.view_state import ViewState
    from comprimato_companion.golive.viewer_check import ViewerCheck
    from comprimato_companion.obs.output_state import OutputState
    from comprimato_companion.window.status_panel import StatusPanel
    from comprimato_companion.window.stream_list import status_label
    from tests.support.snapshots import CONNECTED

    live = LiveStatus(
        obs_connected=True,
        obs_output=OutputState.STOPPED,
        comprimato_status="Stopped",
        comprimato_state=StreamState.STOPPED,
        figures=None,
        problem=None,
        viewers=ViewerCheck(False, None, "ended"),
    )
    panel = StatusPanel()
    panel.update_state(ViewState(live=live, obs=CONNECTED))
    assert panel.output.value.text() == "Zastaven"
    assert panel.viewers.value.text() not in ("Offline", "")
    assert status_label("Stopped") == "Zastaven"
    panel.deleteLater()
