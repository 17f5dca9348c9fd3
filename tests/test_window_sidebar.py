"""The sidebar drawn from snapshots: mode line, Create, the list, its notices; an unchanged
slice is not redrawn."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
from types import MappingProxyType

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.view_state import AREA_CREATE, BUSY_CREATE, Mode, Notice
from comprimato_companion.window.sidebar import Sidebar
from tests.support.snapshots import CONNECTED, snapshot, stored

pytestmark = pytest.mark.gui


def test_sidebar_draws_mode_create_and_list_and_skips_an_unchanged_slice(qtbot: QtBot) -> None:
    sidebar = Sidebar()
    qtbot.addWidget(sidebar)
    sidebar.add_notices()
    fixes: list[str] = []
    streams = (stored(2), stored(1))
    state = snapshot(streams=streams, selected=streams[0])
    sidebar.draw(state, fixes.append)
    assert sidebar.mode_label.text() == "Sandbox · a local Comprimato"
    assert sidebar.create_button.isEnabled()
    assert sidebar.stream_list.model.rowCount() == 2
    assert sidebar.stream_list.selected_id() == "id-2"

    sidebar.mode_label.setText("scribbled")
    sidebar.draw(dataclasses.replace(state, obs=CONNECTED), fixes.append)  # not its slice
    assert sidebar.mode_label.text() == "scribbled"

    creating = dataclasses.replace(state, mode=Mode.REAL, busy=frozenset({BUSY_CREATE}))
    sidebar.draw(creating, fixes.append)
    assert sidebar.mode_label.text() == "Comprimato · api.example.test"
    assert sidebar.create_button.text() == "Creating…"
    assert not sidebar.create_button.isEnabled()

    failed = dataclasses.replace(creating, notices=MappingProxyType(
        {AREA_CREATE: Notice("No key.", "Enter one.", fix="api-key")}))
    sidebar.draw(failed, fixes.append)
    message = sidebar.create_message
    assert message is not None and message.text() == "No key. Enter one."
    message.action_button.click()
    assert fixes == ["api-key"]

    not_started = snapshot(ready=False, mode=Mode.REAL)
    sidebar.draw(not_started, fixes.append)
    assert sidebar.mode_label.text() == "Not started"
    assert not sidebar.create_button.isEnabled()


def test_a_row_claims_no_more_than_the_live_panel_while_comprimato_does_not_answer(
    qtbot: QtBot,
) -> None:
    """The stored "Running" is not shown in the list while the panel says "No answer"."""
    from comprimato_companion.comprimato.models import StreamState
    from comprimato_companion.golive.live_status import STALE_AFTER, LiveStatus
    from comprimato_companion.obs.output_state import OutputState
    from comprimato_companion.window.status_panel import StatusPanel
    from comprimato_companion.window.stream_list import DETAIL_ROLE, RUNNING_ROLE

    sidebar, panel = Sidebar(), StatusPanel()
    qtbot.addWidget(sidebar)
    qtbot.addWidget(panel)
    sidebar.add_notices()
    running, other = stored(1), stored(2)
    running = dataclasses.replace(
        running, stream=dataclasses.replace(running.stream, status="Running")
    )
    other = dataclasses.replace(other, stream=dataclasses.replace(other.stream, status="Running"))
    answered = LiveStatus(True, OutputState.LIVE, "Running", StreamState.RUNNING, None, None)
    state = snapshot(streams=(running, other), selected=running, obs=CONNECTED, live=answered)
    model = sidebar.stream_list.model

    def row(n: int) -> tuple[str, bool]:
        index = model.index(n, 0)
        return str(index.data(DETAIL_ROLE)).split(" · ")[0], bool(index.data(RUNNING_ROLE))

    sidebar.draw(state, lambda _: None)
    panel.update_state(state)
    assert panel.comprimato.value.text() == "Running"
    assert row(0)[0] == "Running" and row(0)[1]

    silent = dataclasses.replace(answered, comprimato_unanswered_s=STALE_AFTER + 5)
    state = dataclasses.replace(state, live=silent)
    sidebar.draw(state, lambda _: None)
    panel.update_state(state)
    assert panel.comprimato.value.text() == "No answer"
    detail, dot = row(0)
    assert detail == "No answer"
    assert not dot  # no green "running" dot either
    assert "No answer" in str(model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert row(1)[0] == "Running"  # another stream: not the panel's, as it was

    sidebar.draw(dataclasses.replace(state, live=answered), lambda _: None)  # it answers again
    assert row(0)[0] == "Running" and row(0)[1]
