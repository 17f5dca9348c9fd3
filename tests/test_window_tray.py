"""The tray drawn from snapshots: its state, its menu, and the notifications of what changed
(none while the program quits). Its menu and signals without a tray: ``test_widgets.py``."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.comprimato.models import StreamState
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.window.tray import LiveTray
from tests.support.snapshots import CONNECTED, OBS_OFF, live, snapshot, stored

pytestmark = pytest.mark.gui


def test_tray_draws_the_live_state_and_notifies_what_changed(qtbot: QtBot) -> None:
    tray = LiveTray()
    talk = stored(1, "Talk")
    obs = dataclasses.replace(CONNECTED, held_stream_id="id-1")
    idle = snapshot(obs=obs, streams=(talk,), selected=talk, live=live(OutputState.STOPPED))
    tray.draw(idle)
    assert tray.state == "idle"
    assert tray.go_live_action.isEnabled() and not tray.stop_action.isEnabled()
    starting = dataclasses.replace(idle, live=live(OutputState.STARTING))
    tray.draw(starting)
    assert tray.state == "starting" and tray.last_notification is None
    on_air = dataclasses.replace(idle, live=live(OutputState.LIVE, StreamState.RUNNING))
    tray.draw(on_air)
    assert tray.state == "live"
    assert tray.tooltip().endswith("live · " + (on_air.player_link() or ""))
    assert tray.last_notification is not None and tray.last_notification[0] == "You are live"
    dropped = dataclasses.replace(idle, live=live(OutputState.FAILED))
    tray.draw(dropped)
    assert tray.state == "problem"
    assert tray.last_notification[0] == "Stream dropped"
    tray.draw(on_air)
    tray.last_notification = None
    tray.draw(dataclasses.replace(idle, obs=OBS_OFF), closing=True)  # quitting: no news
    assert tray.last_notification is None
    assert tray.state == "problem"
    tray.draw(on_air)
    tray.draw(dataclasses.replace(idle, obs=OBS_OFF))
    assert tray.last_notification is not None and tray.last_notification[0] == "OBS is gone"
