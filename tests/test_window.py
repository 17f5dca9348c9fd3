"""The main window, offscreen, on a qasync loop, against the sandbox and the fake OBS.

Each test opens the real window on a real session (in-process sandbox HTTP API, fake
obs-websocket server on a real socket) and acts as a user would: clicks, shortcuts,
clipboard, and reads what the window shows.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from comprimato_companion.golive.view_state import AREA_STREAM, BUSY_CREATE
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.settings import Settings, SettingsFile
from tests.support.fake_obs import STARTED, FakeObs
from tests.support.session_rigs import fill_store
from tests.support.window_rig import WindowRig, button_named, decode_qr, message_box, no_obs

pytestmark = pytest.mark.gui


def test_one_click_flow_with_fake_obs(rig_factory: type[WindowRig], fake_obs: FakeObs) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        assert "29.0.2" in window.obs_chip.text()
        assert window.stack.currentWidget() is window.empty_page
        # No stream, no card: the stream view and its status panel wait for the first one.
        assert window.stream_view is None and window.status_panel is None
        assert window.tray is not None

        window.activateWindow()
        window.menu_actions.create_action.trigger()  # Ctrl+N
        await rig.wait(
            lambda: window.stack.currentWidget() is window.stream_card, "the stream view"
        )
        assert window.stream_view is not None and window.stream_view.isVisible()
        stored = rig.session.state.selected
        assert stored is not None
        await rig.wait(
            lambda: fake_obs.service().service_settings.get("key") == stored.stream.streamer_key,
            "OBS holding the key",
        )
        assert fake_obs.service().service_settings["server"] == rig.session.state.ingest_url
        await rig.wait(lambda: rig.view.send_button.text() == "Sent to OBS ✓", "the sent mark")
        assert rig.window.stream_list.model.rowCount() == 1

        window.menu_actions.live_action.trigger()  # Ctrl+L: go live
        await rig.wait(lambda: rig.status.output.value.text() == "Sending", "OBS sending")
        await rig.wait(lambda: rig.view.go_live_button.text() == "Stop", "the Stop button")
        await rig.wait(lambda: rig.status.bitrate.value.text() not in ("—", ""), "a bitrate")
        # The fake OBS sends no SRT: Comprimato stays Stopped, so no red LIVE badge.
        assert rig.status.comprimato.value.text() == "Stopped"
        assert not rig.status.live_badge.isVisible()
        assert not rig.session.state.is_live

        # Ctrl+L again: asks first, and Cancel keeps it going.
        window.menu_actions.live_action.trigger()
        box = await message_box("the stop question")
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Cancel).click()
        await rig.wait(lambda: not box.isVisible(), "the question to close")
        await asyncio.sleep(0.3)  # a stop would reach the fake OBS well within this
        assert fake_obs.streaming
        window.menu_actions.live_action.trigger()
        box = await message_box("the stop question again")
        button_named(box, "Stop streaming").click()
        await rig.wait(lambda: not fake_obs.streaming, "OBS stopped")
        await rig.wait(lambda: rig.view.go_live_button.text() == "Go live", "the Go live button")
        live = rig.session.state.live
        assert live is not None and live.obs_output is OutputState.STOPPED

    rig.play(scenario)


def test_shortcuts_reach_create_and_live(rig_factory: type[WindowRig], fake_obs: FakeObs) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        window.activateWindow()
        await rig.wait(lambda: QApplication.activeWindow() is window, "the window active", 5)
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await rig.wait(lambda: rig.session.state.selected is not None, "a stream from Ctrl+N")
        await rig.wait(lambda: rig.session.state.obs.held_stream_id is not None, "OBS holding it")
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        await rig.wait(lambda: fake_obs.streaming, "OBS streaming from Ctrl+L")

    rig.play(scenario)


def test_copy_buttons_reveal_and_qr(rig_factory: type[WindowRig], closed_port: int) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        state = rig.session.state
        stored = state.selected
        assert stored is not None
        view = rig.view
        clipboard = QGuiApplication.clipboard()
        statusbar = rig.window.statusBar()

        QTest.mouseClick(view.copy_link_button, Qt.MouseButton.LeftButton)
        assert clipboard.text() == state.player_link()
        QTest.mouseClick(view.copy_player_key_button, Qt.MouseButton.LeftButton)
        assert clipboard.text() == stored.stream.player_key
        QTest.mouseClick(view.copy_streamer_key_button, Qt.MouseButton.LeftButton)
        assert clipboard.text() == stored.stream.streamer_key
        assert "can broadcast" in statusbar.currentMessage()
        QTest.mouseClick(view.copy_srt_button, Qt.MouseButton.LeftButton)
        assert clipboard.text() == state.srt_address()
        assert stored.stream.streamer_key in clipboard.text()
        assert "can broadcast" in statusbar.currentMessage()

        # Masked until revealed: neither field shows the key.
        key = stored.stream.streamer_key
        assert view.streamer_key_field.echoMode() is QLineEdit.EchoMode.Password
        assert key not in view.streamer_key_field.displayText()
        assert key not in view.srt_field.displayText()
        QTest.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
        assert view.streamer_key_field.displayText() == key
        assert key in view.srt_field.displayText()
        QTest.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
        assert key not in view.srt_field.displayText()

        # The QR code, as drawn on screen and as exported, decodes back to the player link.
        link = state.player_link()
        for image in (view.qr.grab().toImage(), view.qr.to_image(600)):
            assert decode_qr(image) == [link]
        view.copy_qr_button.click()
        assert not clipboard.image().isNull()

    rig.play(scenario)


def test_double_click_create_makes_one_stream(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        sandbox = rig.session.sandbox
        assert sandbox is not None
        sandbox.faults.latency("POST", "/v1/streams", 0.3)
        button = rig.window.create_button
        rig.window.menu_actions.create_action.trigger()
        rig.window.menu_actions.create_action.trigger()
        QTest.mouseDClick(button, Qt.MouseButton.LeftButton)
        await rig.wait(lambda: len(rig.session.state.streams) == 1, "the stream")
        # Every click handled: no create is running or waiting to run.
        await rig.wait(
            lambda: BUSY_CREATE not in rig.session.state.busy
            and not rig.window.action_runner.pending,
            "every click handled",
        )
        assert sandbox.request_count("POST", "/v1/streams") == 1
        assert len(rig.session.state.streams) == 1

    rig.play(scenario)


def test_obs_not_running_is_shown_inline(rig_factory: type[WindowRig], closed_port: int) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.error is not None, "the OBS error")
        assert "not connected" in rig.window.obs_chip.text()
        assert "OBS is not running" in rig.window.empty_page.obs_line.text()
        await rig.create()
        QTest.mouseClick(rig.view.send_button, Qt.MouseButton.LeftButton)
        await rig.wait(lambda: rig.view.message.isVisible(), "the inline error")
        assert "OBS is not running" in rig.view.message.text()
        assert "Start OBS" in rig.view.message.text()

    rig.play(scenario)


def test_wrong_obs_password_is_shown(rig_factory: type[WindowRig], fake_obs: FakeObs) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{fake_obs.port}/nope"})

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.error is not None, "the OBS error")
        await rig.create()
        assert "password" in rig.status.obs_problem.text().lower()
        rig.view.send_button.click()
        await rig.wait(lambda: "password" in rig.view.message.text().lower(), "the password error")

    rig.play(scenario)


def test_obs_already_streaming_is_shown(rig_factory: type[WindowRig], fake_obs: FakeObs) -> None:
    fake_obs.set_stream_state(STARTED, True)
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        await rig.wait(lambda: AREA_STREAM in rig.session.state.notices, "the notice")
        await rig.wait(lambda: rig.view.message.isVisible(), "the inline message")
        assert "stream" in rig.view.message.text().lower()
        assert fake_obs.service().service_type == "rtmp_common"

    rig.play(scenario)


def test_api_key_rejected_is_shown(
    rig_factory: type[WindowRig], api_sandbox: Sandbox, closed_port: int
) -> None:
    env = {
        "COMPRIMATO_API_URL": api_sandbox.api_url,
        "COMPRIMATO_API_KEY": "wrong-key",
        **no_obs(closed_port),
    }
    # The start's own refresh answers after the click: otherwise it may learn first that
    # the key is rejected, and Create then asks for a new key instead.
    api_sandbox.faults.latency("GET", "/v1/streams", 3.0)
    rig = rig_factory(sandbox=False, env=env)

    async def scenario() -> None:
        rig.window.create_button.click()
        message = rig.window.sidebar.create_message
        assert message is not None
        await rig.wait(lambda: message.isVisible(), "the inline error")
        assert "rejected the API key" in message.text()
        assert "Settings" in message.text()

    rig.play(scenario)


def test_api_unreachable_is_shown(rig_factory: type[WindowRig], closed_port: int) -> None:
    env = {
        "COMPRIMATO_API_URL": f"http://127.0.0.1:{closed_port}/v1",
        "COMPRIMATO_API_KEY": "a-key",
        **no_obs(closed_port),
    }
    rig = rig_factory(sandbox=False, env=env)

    async def scenario() -> None:
        rig.window.create_button.click()
        message = rig.window.sidebar.create_message
        assert message is not None
        await rig.wait(lambda: message.isVisible(), "the inline error")
        assert "Nothing answers at 127.0.0.1" in message.text()  # a local address
        assert rig.window.create_button.isEnabled()

    rig.play(scenario)


def test_ten_thousand_streams_load_and_filter_fast(
    rig_factory: type[WindowRig], tmp_path: Path, closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        fill_store(rig.store, rig.session.state.api_url, 10_000)
        panel = rig.window.stream_list
        await rig.session.refresh()
        await rig.wait(lambda: panel.model.rowCount() == 10_000, "10,000 rows")
        panel.view.viewport().repaint()  # lay out and paint the new rows, now
        QTest.keyClicks(panel.filter_edit, "stream-00999")  # filters on every key
        # How long loading and each keystroke take is the benchmarks' to say.
        assert panel.proxy.rowCount() == 1
        assert panel.count_label.text() == "1 of 10000"
        panel.filter_edit.clear()
        assert panel.proxy.rowCount() == 10_000

    rig.play(scenario)


def test_pick_rename_and_delete_from_the_list(
    rig_factory: type[WindowRig], closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        first = rig.session.state.selected
        await rig.create()
        second = rig.session.state.selected
        assert first is not None and second is not None and first.stream.id != second.stream.id
        panel = rig.window.stream_list
        row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(first.stream.id), 0))
        panel.view.setCurrentIndex(row)
        await rig.wait(
            lambda: (
                rig.session.state.selected is not None
                and rig.session.state.selected.stream.id == first.stream.id
            ),
            "the picked stream",
        )
        panel.model.setData(row, "Friday show")
        await rig.wait(lambda: rig.view.title.text() == "Friday show", "the new name")

        async def yes(*_args: object, **_kwargs: object) -> bool:
            return True

        monkeypatch.setattr("comprimato_companion.window.async_dialogs.confirm", yes)
        panel.delete_button.click()
        await rig.wait(lambda: len(rig.session.state.streams) == 1, "the deletion")
        assert rig.session.state.streams[0].stream.id == second.stream.id

    rig.play(scenario)


def test_closing_asks_to_quit_and_geometry_is_kept(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        quits: list[bool] = []
        rig.window.quit_requested.connect(lambda: quits.append(True))
        geometry = rig.window.geometry_text()
        await rig.session.save_window_geometry(geometry)
        settings_file = rig.session.preferences.settings_file
        assert settings_file is not None
        assert SettingsFile(settings_file.path).load().window_geometry == geometry
        rig.window.close()
        assert quits == [True]

    rig.play(scenario)


def test_quit_after_startup_exits_quickly(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "--quit-after-startup"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_sandbox_window_quits_cleanly_on_sigterm(tmp_path: Path, closed_port: int) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "comprimato_companion", "--sandbox", "--debug"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        for line in process.stdout:
            if "Sandbox API at" in line:
                break
            assert time.monotonic() < deadline, "the sandbox did not start"
        process.terminate()
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_first_start_welcome_offers_the_sandbox(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    from comprimato_companion.golive.view_state import Mode
    from comprimato_companion.window.welcome_dialog import WelcomeDialog

    rig = rig_factory(sandbox=False, env=no_obs(closed_port), settings=Settings())

    async def scenario() -> None:
        await rig.wait(
            lambda: rig.window.findChild(WelcomeDialog) is not None
            and rig.window.findChild(WelcomeDialog).isVisible(),
            "the welcome",
        )
        dialog = rig.window.findChild(WelcomeDialog)
        assert dialog is not None
        dialog.sandbox_button.click()
        await rig.wait(lambda: rig.session.state.mode is Mode.SANDBOX, "sandbox mode")
        await rig.create()
        assert rig.session.state.selected is not None

    rig.play(scenario)
