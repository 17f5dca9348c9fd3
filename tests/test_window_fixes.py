"""The one fix table (``app/window/fixes.py``): every ``FIX_*`` a notice can name has a button
text, an area and a handler, and ``MainWindow.run_fix`` starts the handler it names.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.golive import view_state
from comprimato_companion.window.fixes import FIXES
from comprimato_companion.window.notices import fix_label
from tests.support.qt_fixtures import eventually, run_async
from tests.support.snapshots import snapshot

pytestmark = pytest.mark.gui


def test_every_fix_has_a_button_and_an_action_in_one_table() -> None:
    names = {value for key, value in vars(view_state).items()
             if key.startswith("FIX_") and key != "FIX_NONE"}
    assert set(FIXES) == names
    areas = {value for key, value in vars(view_state).items() if key.startswith("AREA_")}
    for fix, entry in FIXES.items():
        assert fix_label(fix) == entry.label != ""
        assert entry.area in areas
    assert fix_label("") == ""


class _RecordingSession:
    """Stands in for the session's fix actions (in addition to the end-to-end tests, which
    press the same buttons on a real session): records each call and the areas reported."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[str] = []
        self.reported: list[str] = []
        self.fail = fail
        self.state = snapshot()

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        async def action(*args: object, **kwargs: object) -> None:
            self.calls.append(name)
            if self.fail:
                from comprimato_companion.errors import CompanionError

                raise CompanionError("It failed.", "Try again.")

        return action

    def report(self, area: str, error: object) -> None:
        self.reported.append(area)


def test_run_fix_starts_each_fixs_handler_and_reports_its_failure_in_its_area(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    from comprimato_companion.window.main_window import MainWindow

    window = MainWindow(start_session=False)
    qtbot.addWidget(window)
    for own in ("ask_api_key", "edit_settings", "retry_start"):  # the window's dialogs
        async def recorded(*args: object, _name: str = own, **kwargs: object) -> None:
            session = window.session
            assert isinstance(session, _RecordingSession)
            session.calls.append(_name + repr(kwargs.get("tab", "")))
            if session.fail:
                from comprimato_companion.errors import CompanionError

                raise CompanionError("It failed.", "Try again.")

        monkeypatch.setattr(window, own, recorded)
    expected = {
        "api-key": "ask_api_key''", "obs-retry": "reconnect_obs",
        "obs-settings": "edit_settings1", "obs-setup": "set_up_obs",
        "settings": "edit_settings''", "retry-start": "retry_start''",
        "keyring-retry": "retry_keyring", "keep-secrets": "keep_secrets_again",
        "keyframes": "fix_obs_keyframes",
    }
    assert set(expected) == set(FIXES)

    async def press_each(fail: bool) -> None:
        for fix, call in expected.items():
            session = _RecordingSession(fail)
            window.session = session  # type: ignore[assignment]
            window.run_fix(fix)
            await eventually(lambda: not window.action_runner.pending, 5, what=fix)
            assert session.calls == [call], fix
            assert session.reported == ([FIXES[fix].area] if fail else []), fix

    run_async(qloop, press_each(False), 30)
    run_async(qloop, press_each(True), 30)
    window.session = None
