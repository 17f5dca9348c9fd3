"""The live panel drawn from snapshots: built and shown only with a stream, LIVE when OBS sends
and Comprimato runs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.comprimato.models import StreamState
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.window.live_panel import LivePanel
from tests.support.snapshots import CONNECTED, live, snapshot, stored

pytestmark = pytest.mark.gui


def test_live_panel_shows_only_with_a_stream_and_says_live(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    panel = LivePanel()
    holder.setLayout(panel.layout)
    panel.draw(snapshot())
    assert panel.panel is None
    talk = stored(1, "Talk")
    obs = dataclasses.replace(CONNECTED, held_stream_id="id-1")
    state = snapshot(obs=obs, streams=(talk,), selected=talk,
                     live=live(OutputState.LIVE, StreamState.RUNNING))
    assert state.is_live
    panel.draw(state)
    assert panel.panel is not None
    assert panel.panel.isVisibleTo(holder)
    assert panel.panel.live_badge.isVisibleTo(holder)
    assert panel.panel.summary.text() == "OBS is sending and Comprimato is receiving"
    panel.draw(dataclasses.replace(state, selected=None, live=None))
    assert not panel.panel.isVisibleTo(holder)


def test_a_failure_said_next_to_go_live_is_not_said_twice_in_the_live_area(
    qtbot: QtBot,
) -> None:
    # A start OBS dropped (its first-start wizard open): the stream's notice says it with
    # the window to close; the live area does not repeat the same sentence under it.
    from PySide6.QtWidgets import QWidget

    from comprimato_companion.golive.view_state import AREA_STREAM, Notice
    from comprimato_companion.obs.errors import ObsStartIgnored

    holder = QWidget()
    qtbot.addWidget(holder)
    panel = LivePanel()
    holder.setLayout(panel.layout)
    talk = stored(1, "Talk")
    dropped = Notice.of(ObsStartIgnored(15))
    failed = dataclasses.replace(live(OutputState.FAILED), problem=dropped.message)
    state = snapshot(obs=dataclasses.replace(CONNECTED, held_stream_id="id-1"),
                     streams=(talk,), selected=talk, live=failed)
    panel.draw(state)
    assert panel.panel is not None
    said = panel.panel.live_problem
    assert said.isVisibleTo(holder) and dropped.message in said.text()  # alone: said here
    panel.draw(dataclasses.replace(state, notices={AREA_STREAM: dropped}))
    assert not said.isVisibleTo(holder)
    other = Notice("Comprimato refused the stream.", "", "error")
    panel.draw(dataclasses.replace(state, notices={AREA_STREAM: other}))
    assert said.isVisibleTo(holder) and dropped.message in said.text()
