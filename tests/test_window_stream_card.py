"""The stream card drawn from snapshots: built with the first stream, Go live / Stop from
``ViewState.on_air``, an unchanged slice not redrawn, its notice on its own."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
from types import MappingProxyType

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.view_state import AREA_STREAM, Notice
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.window.stream_card import StreamCard
from tests.support.snapshots import CONNECTED, live, snapshot, stored

pytestmark = pytest.mark.gui


def test_stream_card_is_built_with_the_first_stream_and_reads_on_air_from_the_snapshot(
    qtbot: QtBot,
) -> None:
    card = StreamCard()
    qtbot.addWidget(card)
    card.draw(snapshot())
    assert card.view is None  # no stream, no view (nor its QR code)
    talk = stored(1, "Talk")
    obs = dataclasses.replace(CONNECTED, held_stream_id="id-1")
    state = snapshot(obs=obs, streams=(talk,), selected=talk, live=live(OutputState.STOPPED))
    card.draw(state)
    view = card.view
    assert view is not None
    assert view.title.text() == "Talk"
    assert view.send_button.text() == "Sent to OBS ✓"
    assert view.go_live_button.text() == "Go live"

    card.draw(dataclasses.replace(state, live=live(OutputState.LIVE)))
    assert view.go_live_button.text() == "Stop"
    assert view.go_live_button.objectName() == "danger"
    assert not view.send_button.isEnabled()
    clicks: list[bool] = []
    card.live_button_clicked.connect(lambda: clicks.append(True))
    view.go_live_button.click()
    assert clicks == [True]  # the window decides Stop or Go live from the snapshot

    view.title.setText("scribbled")
    card.draw(dataclasses.replace(state, live=live(OutputState.LIVE), welcome_needed=True))
    assert view.title.text() == "scribbled"  # not the card's slice: not redrawn
    noticed = dataclasses.replace(state, live=live(OutputState.LIVE), notices=MappingProxyType(
        {AREA_STREAM: Notice("OBS refused.", "Try again.")}))
    card.draw(noticed)
    assert view.message.text() == "OBS refused. Try again."  # notices redraw on their own
