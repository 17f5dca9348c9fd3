"""Restore reaches every saved setting: the list beside Restore, and the one chosen back.

Offscreen, on a qasync loop, against the sandbox and the fake OBS (issue 21 point 1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from comprimato_companion.golive.view_state import AREA_STREAM
from comprimato_companion.window.restore_choices import RestoreChoiceDialog
from tests.support.fake_obs import FakeObs
from tests.support.qt_fixtures import eventually
from tests.support.window_rig import WindowRig

pytestmark = pytest.mark.gui

TWITCH = {"service": "Twitch", "server": "auto", "key": "users-twitch-key"}
OWN = {"server": "rtmp://own.example/live", "key": "own-key-K1"}


def _dialog() -> RestoreChoiceDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, RestoreChoiceDialog) and widget.isVisible():
            return widget
    return None


def test_the_list_shows_every_saved_setting_and_the_one_chosen_comes_back(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    """Twitch, then the user's own server set behind the program: both are listed, newest
    first, without a key; choosing Twitch (the second) gives it back."""
    fake_obs.set_service("rtmp_common", TWITCH)
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        session = rig.session
        await rig.wait(lambda: session.state.obs.connected, "the OBS link")
        await rig.create()
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        fake_obs.set_service("rtmp_custom", OWN)  # the user's own, behind the program
        await rig.create()
        await rig.wait(lambda: fake_obs.service().service_type == "rtmp_custom"
                       and fake_obs.service().service_settings.get("key") != OWN["key"],
                       "the second stream in OBS")
        await rig.wait(lambda: rig.view.restore_choose_button.isEnabled(), "the list's button")
        if shots := os.environ.get("COMPANION_SHOTS"):
            rig.window.grab().save(str(Path(shots) / "own-restore-buttons.png"))
        rig.view.restore_choose_button.click()
        await eventually(lambda: _dialog() is not None, 10, what="the list of saved settings")
        dialog = _dialog()
        assert dialog is not None
        lines = [dialog.list.item(row).text() for row in range(dialog.list.count())]
        assert len(lines) == 2
        assert lines[0].startswith("The server rtmp://own.example/live, profile 'Untitled', saved ")
        assert lines[1].startswith("The service Twitch, profile 'Untitled', saved ")
        assert all(secret not in " ".join(lines) for secret in (OWN["key"], TWITCH["key"]))
        dialog.list.setCurrentRow(1)
        if shots:
            dialog.grab().save(str(Path(shots) / "own-restore-list.png"))
        dialog.restore_button.click()
        await rig.wait(
            lambda: fake_obs.service().service_settings.get("key") == TWITCH["key"],
            "Twitch back",
        )
        assert fake_obs.service().service_type == "rtmp_common"
        notice = session.state.notices.get(AREA_STREAM)
        assert notice is not None and "earlier stream settings back" in notice.message

        # Cancel changes nothing.
        await rig.wait(lambda: rig.view.restore_choose_button.isEnabled(), "the button again")
        rig.view.restore_choose_button.click()
        await eventually(lambda: _dialog() is not None, 10, what="the list again")
        again = _dialog()
        assert again is not None
        sets = len(fake_obs.requests_of("SetStreamServiceSettings"))
        again.reject()
        await eventually(lambda: _dialog() is None, 10, what="the list closed")
        assert len(fake_obs.requests_of("SetStreamServiceSettings")) == sets

    rig.play(scenario)
