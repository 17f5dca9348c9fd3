"""Sharing says what it did next to the button: "Copied" on the copy button, "Opening…"
on Open, and a sentence with Copy link when no browser opened (the real xdg-open finding
none). Also the tray's menu, in sentence case like the rest of the window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

import comprimato_companion.window.stream_view as stream_view_module
from comprimato_companion import APP_NAME
from comprimato_companion.window.tray import LiveTray
from tests.support.window_rig import WindowRig, no_obs

pytestmark = pytest.mark.gui

#: What xdg-open needs to run and to look for a browser; no browser among them.
XDG_OPEN_TOOLS = ("sh", "sed", "which", "grep", "egrep", "cut", "tr", "head", "cat", "uname")


def save_shot(widget: object, name: str) -> None:
    """Keep a picture of ``widget`` where ``COMPANION_TEST_SHOTS`` says (a folder)."""
    folder = os.environ.get("COMPANION_TEST_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))  # type: ignore[attr-defined]


def test_copy_says_copied_next_to_the_button_then_goes_back(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        view = rig.view
        link = rig.session.state.player_link()
        QGuiApplication.clipboard().clear()
        view.copy_link_button.click()
        assert QGuiApplication.clipboard().text() == link
        assert view.copy_link_button.text() == "Copied ✓"
        assert rig.window.statusBar().currentMessage() == "Player link copied."
        save_shot(rig.window, "win-copied-next-to-the-button")
        # Ctrl+Shift+C and the tray copy the same link: the same button says so.
        await rig.wait(lambda: view.copy_link_button.text() == "Copy", "Copy again", 6)
        rig.window.menu_actions.copy_link_action.trigger()
        assert view.copy_link_button.text() == "Copied ✓"
        view.copy_streamer_key_button.click()
        assert view.copy_streamer_key_button.text() == "Copied ✓"
        assert "share it with no one" in rig.window.statusBar().currentMessage()

    rig.play(scenario)


def test_open_without_a_browser_says_so_even_when_xdg_open_started(
    rig_factory: type[WindowRig],
    closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Qt on X11 answers "opened" once xdg-open started; xdg-open then finds no browser."""
    import shutil
    import subprocess

    rig = rig_factory(env=no_obs(closed_port))
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in (*XDG_OPEN_TOOLS, "xdg-open"):
        found = shutil.which(tool)
        if found is not None:
            (bare / tool).symlink_to(found)
    started: list[subprocess.Popen[bytes]] = []

    class QtOnX11:
        """Qt's own openUrl on X11: it starts xdg-open and says yes."""

        @staticmethod
        def openUrl(url: QUrl) -> bool:
            started.append(
                subprocess.Popen(
                    [str(bare / "xdg-open"), url.toString()],
                    env={"PATH": str(bare), "HOME": str(tmp_path)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            return True

    monkeypatch.setattr(stream_view_module, "QDesktopServices", QtOnX11, raising=False)

    async def scenario() -> None:
        await rig.create()
        view = rig.view
        link = rig.session.state.player_link()
        monkeypatch.setenv("PATH", str(bare))
        for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP"):
            monkeypatch.delenv(name, raising=False)
        view.open_link_button.click()
        assert view.open_link_button.text() == "Opening…"
        await rig.wait(lambda: view.message.isVisible(), "the sentence that no browser opened")
        monkeypatch.undo()
        assert "No browser could be opened" in view.message.text()
        assert view.message.action_button.text() == "Copy link"
        save_shot(rig.window, "win-open-without-a-browser")
        QGuiApplication.clipboard().clear()
        view.message.action_button.click()
        assert QGuiApplication.clipboard().text() == link

    try:
        rig.play(scenario)
    finally:
        for child in started:
            child.wait(10)


def test_the_tray_menu_is_in_sentence_case(qapp: object) -> None:
    tray = LiveTray()
    try:
        names = set(APP_NAME.split()) | {"OBS"}
        for action in tray.menu.actions():
            if action.isSeparator():
                continue
            words = action.text().replace("&", "").split()
            later = [word for word in words[1:] if word not in names and "{" not in word]
            assert words[0][0].isupper() and all(w == w.lower() for w in later), action.text()
    finally:
        tray.deleteLater()
