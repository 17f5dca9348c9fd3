"""The OBS chip drawn from snapshots: the link, its version, why it is down."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.view_state import ObsView
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.window.obs_chip import ObsChip
from tests.support.snapshots import CONNECTED, OBS_OFF, snapshot, stored

pytestmark = pytest.mark.gui


def test_obs_chip_says_the_link_and_why_it_is_down(qtbot: QtBot) -> None:
    chip = ObsChip()
    qtbot.addWidget(chip)
    chip.draw(snapshot(obs=CONNECTED))
    assert chip.text() == "● OBS 29.0.2 connected"
    assert chip.toolTip() == "Found OBS's settings"
    chip.draw(snapshot(obs=OBS_OFF))
    assert chip.text() == "● OBS not connected"
    assert chip.toolTip() == "OBS is not running."
    chip.setText("scribbled")
    chip.draw(snapshot(obs=OBS_OFF, streams=(stored(1),)))  # the same slice
    assert chip.text() == "scribbled"
    chip.draw(snapshot(obs=ObsView(state=LinkState.CONNECTING)))
    assert chip.text() == "● Connecting to OBS…"


def test_obs_chip_names_which_obs_it_is_linked_to(qtbot: QtBot) -> None:
    """Two OBS may run on one computer (issue 22 point 5): the chip says which one."""
    import dataclasses

    chip = ObsChip()
    qtbot.addWidget(chip)
    chip.draw(snapshot(obs=dataclasses.replace(CONNECTED, address="localhost:4455")))
    assert chip.text() == "● OBS 29.0.2 at localhost:4455 connected"
    chip.draw(snapshot(obs=dataclasses.replace(CONNECTED, address="localhost:4466")))
    assert chip.text() == "● OBS 29.0.2 at localhost:4466 connected"
