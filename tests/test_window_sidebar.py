"""The sidebar drawn from snapshots: mode line, Create, the list, its notices; an unchanged
slice is not redrawn."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
from types import MappingProxyType

import pytest
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
