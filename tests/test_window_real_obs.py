"""End to end with real OBS Studio: the window finds OBS by itself, Ctrl+N, Ctrl+L, LIVE.

OBS runs under Xvfb with a temporary HOME (``real_obs``); the window runs in sandbox mode
with HOME pointing at OBS's home, so it reads OBS's own config files to find the
WebSocket port and password. OBS streams SRT into the sandbox's real libsrt ingest, and
the red LIVE badge shows only once the sandbox reports the stream Running.

With ``COMPANION_SCREENSHOT=docs/screenshot-live.png`` the test also saves a picture of
the window while live (the one in the README).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.sandbox.libsrt import libsrt_problem
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from comprimato_companion.window.main_window import MainWindow
from comprimato_companion.window.stream_list import display_name
from comprimato_companion.window.theme import apply_theme
from tests.support.qt_fixtures import eventually, run_async
from tests.support.real_obs import RealObs
from tests.support.window_rig import button_named, message_box

pytestmark = [pytest.mark.real_obs, pytest.mark.slow, pytest.mark.gui, pytest.mark.srt]

SCREENSHOT_ENV = "COMPANION_SCREENSHOT"


def _sandbox_session_finding(
    real_obs: RealObs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CompanionSession:
    """A sandbox session that finds ``real_obs`` from OBS's own files alone."""
    problem = libsrt_problem()
    if problem is not None:
        pytest.skip(f"the sandbox cannot receive SRT: {problem}")
    monkeypatch.setenv("HOME", str(real_obs.home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(real_obs.home / ".config"))
    monkeypatch.delenv("OBS_WEBSOCKET_URL", raising=False)
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    return CompanionSession(
        sandbox=True, settings_file=settings_file, store=StreamStore(tmp_path / "streams.json")
    )


def test_window_goes_live_with_real_obs(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    real_obs: RealObs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = _sandbox_session_finding(real_obs, tmp_path, monkeypatch)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, choice="light")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(QSize(1000, 700))
    screenshot = os.environ.get(SCREENSHOT_ENV)

    async def scenario() -> None:
        window.show()
        await eventually(lambda: session.state.ready, 20, what="the session start")
        await eventually(lambda: session.state.obs.connected, 30, what="finding OBS")
        assert session.state.obs.source.startswith("Found OBS's WebSocket settings in")
        assert str(real_obs.config_dir) in session.state.obs.source

        window.activateWindow()
        await eventually(lambda: window.isActiveWindow(), 5, what="the window active")
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await eventually(lambda: session.state.selected is not None, 15, what="a new stream")
        stored = session.state.selected
        assert stored is not None
        await eventually(
            lambda: session.state.obs.held_stream_id == stored.stream.id, 15, what="OBS set"
        )
        held = real_obs.call("GetStreamServiceSettings")
        assert held["streamServiceSettings"]["key"] == stored.stream.streamer_key
        assert held["streamServiceSettings"]["server"] == session.state.ingest_url

        await session.rename(stored.stream.id, "Friday night stream")
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        await eventually(lambda: window.status_panel is not None, 10, what="the card")
        status = window.status_panel
        assert status is not None
        await eventually(lambda: session.state.is_live, 60, what="LIVE (OBS + Comprimato)")
        await eventually(lambda: status.live_badge.isVisible(), 5, what="the LIVE badge")
        assert real_obs.stream_active()
        sandbox = session.sandbox
        assert sandbox is not None
        assert sandbox.registry.is_publishing(stored.stream.id)
        if screenshot:
            # A few seconds of figures so the graph has a line to show.
            await eventually(
                lambda: session.state.live is not None
                and session.state.live.figures is not None
                and session.state.live.figures.uptime_s >= 12,
                40,
                what="some seconds live",
            )
            QApplication.processEvents()  # the last snapshot laid out before the grab
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            assert window.grab().save(screenshot, "PNG")

        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        box = await message_box("the stop question")
        button_named(box, "Stop streaming").click()
        await eventually(lambda: not real_obs.stream_active(), 20, what="OBS stopped")
        await eventually(lambda: not status.live_badge.isVisible(), 10, what="badge gone")

    async def guarded() -> None:
        try:
            await scenario()
        finally:
            await session.close()
            window.hide()

    run_async(qloop, guarded(), 180)


def test_panel_follows_real_obs_another_stream_and_a_kill(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    real_obs: RealObs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """B selected while real OBS streams A says so and offers A; OBS killed while live
    leaves nothing saying that it sends."""
    session = _sandbox_session_finding(real_obs, tmp_path, monkeypatch)
    window = MainWindow(session)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.show()
        await eventually(lambda: session.state.ready, 20, what="the session start")
        await eventually(lambda: session.state.obs.connected, 30, what="finding OBS")
        first = await session.create_stream()
        await eventually(lambda: session.state.obs.holds(first.stream.id), 15, what="OBS set")
        # The stream card is built when the first stream is drawn.
        await eventually(lambda: window.status_panel is not None, 10, what="the card")
        view, status = window.stream_view, window.status_panel
        assert view is not None and status is not None
        window.menu_actions.live_action.trigger()
        await eventually(lambda: real_obs.stream_active(), 30, what="real OBS streaming A")
        await eventually(lambda: status.uptime.value.text() != "—", 30, what="A's uptime")

        second = await session.create_stream()  # B, while OBS streams A
        assert session.state.selected is not None
        assert session.state.selected.stream.id == second.stream.id
        await eventually(
            lambda: status.elsewhere.text()
            == f"OBS is live with {display_name(first)}, not with this stream.",
            10,
            what="OBS is live with A",
        )
        assert status.switch_button.text() == f"Switch to {display_name(first)}"
        assert status.output.value.text() == "Busy with another stream"
        assert status.uptime.value.text() == "—" and status.bitrate.value.text() == "—"
        assert not view.go_live_button.isEnabled() and view.go_live_button.text() == "Go live"
        held = real_obs.call("GetStreamServiceSettings")["streamServiceSettings"]
        assert held["key"] == first.stream.streamer_key  # OBS still streams A, untouched
        assert real_obs.stream_active()

        QTest.mouseClick(status.switch_button, Qt.MouseButton.LeftButton)
        await eventually(
            lambda: session.state.selected is not None
            and session.state.selected.stream.id == first.stream.id,
            10,
            what="A selected",
        )
        await eventually(lambda: status.output.value.text() == "Sending", 10, what="A sending")
        assert view.go_live_button.text() == "Stop"

        real_obs.kill()  # OBS dies while live

        await eventually(lambda: not session.state.obs.connected, 15, what="OBS gone")
        await eventually(lambda: status.output.value.text() == "—", 5, what="no output")
        assert "sending" not in status.summary.text().lower()
        assert status.uptime.value.text() == "—"
        assert view.go_live_button.text() == "Go live"
        assert view.send_button.text() == "Send to OBS"
        assert not session.state.is_live

    async def guarded() -> None:
        try:
            await scenario()
        finally:
            await session.close()
            window.hide()

    run_async(qloop, guarded(), 180)
