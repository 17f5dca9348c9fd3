"""Problems the user must act on are where the eye is; "Open" never fails silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QGuiApplication

import comprimato_companion.window.browser as browser_module
from tests.support.window_rig import WindowRig, no_obs


def test_obs_problem_shows_at_the_top_with_its_fix(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        window = rig.window
        await rig.wait(lambda: rig.session.state.obs.error is not None, "the OBS error")
        await rig.create()
        message = window.top_notices.obs_message
        assert message is not None
        await rig.wait(lambda: message.isVisible(), "the OBS message at the top")
        assert "OBS is not running" in message.text()
        assert message.action_button.text() == "Start OBS"
        # Above the stream card, inside the default window's first screenful.
        top = message.mapTo(window, QPoint(0, 0)).y()
        card = window.stream_card.mapTo(window, QPoint(0, 0)).y()
        assert top < card and top + message.height() < window.height()

    rig.play(scenario)


def test_open_without_a_browser_says_so_and_offers_copy(
    rig_factory: type[WindowRig], closed_port: int,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """No xdg-open on the PATH: Qt's own answer (no) is the answer."""
    rig = rig_factory(env=no_obs(closed_port))
    opened: list[str] = []

    class NoBrowser:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url.toString())
            return False

    monkeypatch.setattr(browser_module, "QDesktopServices", NoBrowser)

    async def scenario() -> None:
        await rig.create()
        view = rig.view
        link = rig.session.state.player_link()
        monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
        view.open_link_button.click()
        await rig.wait(lambda: view.message.isVisible(), "the message")
        assert opened == [link]
        assert "No browser could be opened" in view.message.text()
        assert view.message.action_button.text() == "Copy link"
        QGuiApplication.clipboard().clear()
        view.message.action_button.click()
        assert QGuiApplication.clipboard().text() == link

    rig.play(scenario)
