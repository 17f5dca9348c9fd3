"""The top notices drawn from snapshots: the general notice, and OBS's problem while a stream
shows."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from types import MappingProxyType

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.view_state import FIX_OBS_SETUP, Notice
from tests.support.snapshots import OBS_OFF, snapshot, stored

pytestmark = pytest.mark.gui


def test_top_notices_say_the_general_notice_and_obs_only_while_a_stream_shows(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QWidget

    from comprimato_companion.golive.view_state import AREA_GENERAL
    from comprimato_companion.window.top_notices import TopNotices

    holder = QWidget()
    qtbot.addWidget(holder)
    top = TopNotices()
    holder.setLayout(top.layout)
    top.add_notices()
    general, obs = top.general_message, top.obs_message
    assert general is not None and obs is not None
    fixes: list[str] = []
    top.draw(snapshot(obs=OBS_OFF), fixes.append)
    assert obs.kind == "" and general.kind == ""  # the empty page says it already
    talk = stored(1)
    top.draw(snapshot(obs=OBS_OFF, streams=(talk,), selected=talk, notices=MappingProxyType(
        {AREA_GENERAL: Notice("Settings were set aside.", "Check them.", level="info")})),
        fixes.append)
    assert obs.text() == "OBS is not running. Start OBS."
    assert general.kind == "info" and general.text() == "Settings were set aside. Check them."
    obs.action_button.click()
    assert fixes == [FIX_OBS_SETUP]


def test_obs_says_a_thing_once_at_the_top(qtbot: QtBot) -> None:
    """Start OBS found OBS running with its server off: its banner says what to do in OBS,
    and no second card beneath it says the same (or something older)."""
    import dataclasses

    from PySide6.QtWidgets import QWidget

    from comprimato_companion.golive.view_state import AREA_GENERAL, FIX_OBS_RETRY
    from comprimato_companion.obs.setup import ObsRunsWithServerOff
    from comprimato_companion.window.top_notices import TopNotices

    holder = QWidget()
    qtbot.addWidget(holder)
    top = TopNotices()
    holder.setLayout(top.layout)
    top.add_notices()
    said = Notice.of(ObsRunsWithServerOff())
    assert said.fix == FIX_OBS_RETRY
    talk = stored(1)
    obs = dataclasses.replace(OBS_OFF, error=said)
    top.draw(
        snapshot(obs=obs, streams=(talk,), selected=talk,
                 notices=MappingProxyType({AREA_GENERAL: said})),
        lambda fix: None,
    )  # fmt: skip
    assert top.general_message is not None and top.obs_message is not None
    assert top.general_message.kind == "error" and "server is off" in top.general_message.text()
    assert top.obs_message.kind == ""  # said once
