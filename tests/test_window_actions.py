"""The window's secondary actions, driven as a user would, against real parts.

Settings through the dialog (with a real gnome-keyring for the API key), delete asking
first (with the real question box), rename in place, closing while live, the tray's menu,
the fix buttons of error states, the large QR code, and the sandbox's streams ending with
the sandbox. Every wait is on a condition, never a fixed sleep.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.golive.view_state import FIX_API_KEY, FIX_OBS_RETRY, ApiKeyStatus, Mode
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.obs_backups import ObsBackups
from comprimato_companion.storage.secrets import SecretStore
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs
from tests.support.keyring_fixtures import SecretServiceSession
from tests.support.window_rig import WindowRig, button_named, decode_qr, message_box, no_obs

pytestmark = pytest.mark.gui


async def focus_on(rig: WindowRig, widget: QWidget) -> None:
    """Make the window active and give ``widget`` the focus, as a user's click would."""
    rig.window.activateWindow()
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    await rig.wait(lambda: QApplication.focusWidget() is widget, "the keyboard focus")


def test_settings_dialog_changes_addresses_keeps_the_key_and_takes_an_obsws_paste(
    rig_factory: type[WindowRig],
    secret_service: SecretServiceSession,
    api_sandbox: Sandbox,
    closed_port: int,
) -> None:
    rig = rig_factory(sandbox=False, env={"COMPRIMATO_API_URL": api_sandbox.api_url})

    async def scenario() -> None:
        window = rig.window
        assert rig.session.state.api_key_status is ApiKeyStatus.MISSING
        window.menu_actions.settings_action.trigger()  # Ctrl+,
        await rig.wait(
            lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(),
            "the settings dialog",
        )
        dialog = window.settings_dialog
        assert dialog is not None
        dialog.ingest_edit.setText("srt://ingest.example.net:9100")
        dialog.api_key_edit.setText(api_sandbox.api_key)
        dialog.tabs.setCurrentIndex(1)
        dialog.obsws_edit.setText(f"obsws://127.0.0.1:{closed_port}/obs-secret-pw")
        assert dialog.obs_port_edit.text() == str(closed_port)
        assert dialog.save_button.isEnabled()
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

        state = lambda: rig.session.state  # noqa: E731
        await rig.wait(
            lambda: state().api_key_status is ApiKeyStatus.PRESENT, "the key in use"
        )
        await rig.wait(
            lambda: state().ingest_url == "srt://ingest.example.net:9100", "the new ingest"
        )
        assert state().settings.obs_port == closed_port
        assert state().settings.obs_host == "127.0.0.1"
        assert state().has_obs_password
        # Kept in the real keyring, read back by a store of its own.
        keyring = SecretStore()
        assert await keyring.aget(SecretStore.API_KEY) == api_sandbox.api_key
        assert await keyring.aget(SecretStore.OBS_PASSWORD) == "obs-secret-pw"
        saved = SettingsFile(rig.session.preferences.settings_file.path).load()  # type: ignore[union-attr]
        assert saved.ingest_url == "srt://ingest.example.net:9100"
        assert saved.obs_port == closed_port
        # The new key works: Create makes a stream on the API, its SRT address uses the
        # new ingest.
        await rig.create()
        assert (state().srt_address() or "").startswith("srt://ingest.example.net:9100")
        assert not secret_service.files_containing(api_sandbox.api_key.encode())

    rig.play(scenario)


def test_delete_asks_first_and_cancel_keeps_the_stream(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        stored = rig.session.state.selected
        assert stored is not None
        sandbox = rig.session.sandbox
        assert sandbox is not None
        panel = rig.window.stream_list

        panel.delete_button.click()
        box = await message_box("the delete question")
        assert "Delete" in box.text()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Cancel).click()
        await rig.wait(lambda: not box.isVisible(), "the question to close")
        await asyncio.sleep(0)  # let the cancelled answer reach the window
        assert len(rig.session.state.streams) == 1
        assert sandbox.request_count("DELETE", "/v1/streams/") == 0

        await focus_on(rig, panel.view)
        QTest.keyClick(panel.view, Qt.Key.Key_Delete)  # the keyboard way asks too
        box = await message_box("the delete question again")
        button_named(box, "Delete").click()
        await rig.wait(lambda: not rig.session.state.streams, "the deletion")
        assert sandbox.request_count("DELETE", "/v1/streams/") == 1
        assert sandbox.registry.get(stored.stream.id) is None
        assert rig.store.get(stored.stream.id) is None
        assert rig.window.stack.currentWidget() is rig.window.empty_page

    rig.play(scenario)


def test_rename_with_f2_is_local_and_kept(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        stored = rig.session.state.selected
        assert stored is not None
        panel = rig.window.stream_list
        await focus_on(rig, panel.view)
        QTest.keyClick(panel.view, Qt.Key.Key_F2)  # F2, as the button's tooltip says

        def editor() -> QLineEdit | None:
            focused = QApplication.focusWidget()
            inside = isinstance(focused, QLineEdit) and panel.view.isAncestorOf(focused)
            return focused if inside else None  # type: ignore[return-value]

        await rig.wait(lambda: editor() is not None, "the name editor")
        line = editor()
        assert line is not None
        line.selectAll()
        QTest.keyClicks(line, "Sunday service")
        QTest.keyClick(line, Qt.Key.Key_Return)
        await rig.wait(lambda: rig.view.title.text() == "Sunday service", "the new title")
        assert rig.store.get(stored.stream.id).name == "Sunday service"  # type: ignore[union-attr]
        sandbox = rig.session.sandbox
        assert sandbox is not None
        assert sandbox.request_count("PATCH", "/") == 0  # the API has no names

    rig.play(scenario)


def test_closing_while_live_asks_whether_to_keep_streaming(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        quits: list[bool] = []
        window.quit_requested.connect(lambda: quits.append(True))
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()
        window.menu_actions.live_action.trigger()
        await rig.wait(lambda: fake_obs.streaming, "OBS streaming")
        await rig.wait(lambda: rig.session.state.on_air, "the snapshot saying so")

        window.close()
        box = await message_box("the keep-streaming question")
        assert box.defaultButton() is button_named(box, "Keep streaming")
        # The promise matches what happens: the tray only where a tray icon shows.
        tray_shown = window.tray is not None and window.tray.is_visible()
        promised = "to the tray icon" if tray_shown else "minimises the window to the taskbar"
        assert promised in box.informativeText()
        assert tray_shown or "tray" not in box.informativeText()
        button_named(box, "Keep streaming").click()
        await rig.wait(lambda: not box.isVisible(), "the question to close")
        await asyncio.sleep(0)
        assert fake_obs.streaming and not quits  # still live, still running

        window.show()
        window.close()
        box = await message_box("the question again")
        box.button(QMessageBox.StandardButton.Cancel).click()
        await rig.wait(lambda: not box.isVisible(), "the question to close")
        await asyncio.sleep(0)
        assert window.isVisible() and fake_obs.streaming and not quits

        window.close()
        box = await message_box("the question a third time")
        button_named(box, "Stop and quit").click()
        await rig.wait(lambda: not fake_obs.streaming, "OBS stopped")
        await rig.wait(lambda: quits == [True], "the quit request")

    rig.play(scenario)


def test_tray_menu_goes_live_stops_copies_shows_and_quits(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        tray = window.tray
        assert tray is not None
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        assert not tray.go_live_action.isEnabled()  # nothing to send yet
        await rig.create()
        await rig.wait(lambda: tray.go_live_action.isEnabled(), "Go live in the tray")
        assert tray.copy_link_action.isEnabled() and not tray.stop_action.isEnabled()

        tray.copy_link_action.trigger()
        assert QGuiApplication.clipboard().text() == rig.session.state.player_link()

        tray.go_live_action.trigger()
        await rig.wait(lambda: fake_obs.streaming, "OBS streaming from the tray")
        await rig.wait(lambda: tray.stop_action.isEnabled(), "Stop in the tray")
        assert tray.state == "starting"  # OBS sends; the fake sends no SRT to Comprimato
        tray.stop_action.trigger()
        await rig.wait(lambda: not fake_obs.streaming, "OBS stopped from the tray")
        await rig.wait(lambda: tray.state == "idle", "the idle tray")

        window.hide()
        tray.show_action.trigger()
        assert window.isVisible()

        quits: list[bool] = []
        window.quit_requested.connect(lambda: quits.append(True))
        tray.quit_action.trigger()
        assert quits == [True]

    rig.play(scenario)


def test_obs_not_running_offers_try_again_that_reconnects(
    rig_factory: type[WindowRig], fake_obs: FakeObs, closed_port: int
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        window = rig.window
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await asyncio.to_thread(fake_obs.stop)  # OBS quits; started again below
        await rig.wait(lambda: rig.session.state.obs.error is not None, "the OBS problem")
        assert rig.session.state.obs.error.fix == FIX_OBS_RETRY  # type: ignore[union-attr]
        await rig.wait(lambda: window.empty_page.obs_button.isVisibleTo(window), "Try again")
        assert window.empty_page.obs_button.text() == "Try again"
        await asyncio.to_thread(fake_obs.start)
        window.empty_page.obs_button.click()
        await rig.wait(lambda: rig.session.state.obs.connected, "the link again", 15)
        assert not window.empty_page.obs_button.isVisibleTo(window)

    rig.play(scenario)


def test_rejected_key_offers_a_new_one_and_create_asks_for_it(
    rig_factory: type[WindowRig], api_sandbox: Sandbox, closed_port: int
) -> None:
    rig = rig_factory(
        sandbox=False,
        env={**no_obs(closed_port), "COMPRIMATO_API_URL": api_sandbox.api_url},
    )

    async def scenario() -> None:
        window = rig.window
        session = rig.session
        assert window.empty_page.title.text() == "Connect your Comprimato account"
        assert window.empty_page.sandbox_button.isVisibleTo(window)
        await session.set_api_key("not-the-right-key")
        await rig.wait(
            lambda: session.state.api_key_status is ApiKeyStatus.REJECTED, "the rejection"
        )
        await rig.wait(
            lambda: window.empty_page.title.text() == "Comprimato did not accept your API key",
            "the rejected state",
        )
        notice = session.state.notices.get("list")
        assert notice is not None and notice.fix == FIX_API_KEY
        # Create (Ctrl+N) asks for a new key instead of failing again.
        window.menu_actions.create_action.trigger()
        await rig.wait(lambda: window.key_dialog is not None, "the key dialog")
        dialog = window.key_dialog
        assert dialog is not None
        assert dialog.windowTitle() == "Enter a new API key"
        dialog.api_key_edit.setText(api_sandbox.api_key)
        dialog.continue_button.click()
        await rig.wait(
            lambda: session.state.api_key_status is ApiKeyStatus.PRESENT, "the new key"
        )
        await rig.create()
        assert api_sandbox.registry.get(session.state.streams[0].stream.id) is not None

    rig.play(scenario)


def test_large_qr_window_decodes_and_follows_the_link(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        view = rig.view
        QTest.mouseClick(view.qr, Qt.MouseButton.LeftButton)  # a click on the code
        large = view.large_qr
        assert large is not None and large.isVisible()
        assert large.width() > 3 * view.qr.width() // 2
        link = rig.session.state.player_link()
        assert decode_qr(large.qr.grab().toImage()) == [link]
        QTest.keyClick(large, Qt.Key.Key_Escape)
        assert not large.isVisible()
        view.large_qr_button.click()
        assert large.isVisible()
        large.close()

    rig.play(scenario)


def test_narrow_window_puts_the_qr_code_under_the_fields(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        window = rig.window
        window.resize(800, 600)
        await rig.wait(lambda: rig.view.is_narrow(), "the narrow layout")
        button = rig.view.go_live_button

        def go_live_fits() -> bool:
            corner = button.mapTo(window, button.rect().bottomRight())
            return 0 < corner.x() < window.width() and 0 < corner.y() < window.height()

        await rig.wait(go_live_fits, "Go live inside the window, no scrolling")
        window.resize(1000, 700)
        await rig.wait(lambda: not rig.view.is_narrow(), "the wide layout")

    rig.play(scenario)


async def test_sandbox_streams_stay_for_the_next_start(tmp_path: Path, closed_port: int) -> None:
    """Its streams stay in the store once the sandbox stops (it keeps them too), the
    user's OBS backup stays, and a stored stream the sandbox does not have (a leftover of a
    run that could not keep its streams) is cleared at the next start."""
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    store = StreamStore(tmp_path / "streams.json")
    backups = ObsBackups(tmp_path / "obs-backups.json")
    backups.push("Untitled", "rtmp_common", {"service": "Twitch"})

    env = no_obs(closed_port)
    session = CompanionSession(
        sandbox=True, settings_file=settings_file, store=store, env=env, sandbox_port=0
    )
    await session.start()
    assert session.state.mode is Mode.SANDBOX
    api_url = session.state.api_url
    made = await session.create_stream()
    assert len(store.streams(api_url)) == 1
    await session.close()
    assert [s.stream.id for s in store.streams(api_url)] == [made.stream.id]
    assert backups.any()

    # A run that could not keep its streams left one behind at the sandbox's address.
    port = int(api_url.rsplit(":", 1)[1].split("/")[0])
    store.add(Stream(id="left-over", streamer_key="sk", player_key="pk"), api_url)
    again = CompanionSession(
        sandbox=True, settings_file=settings_file, store=store, env=env, sandbox_port=port
    )
    await again.start()
    try:
        assert again.state.api_url == api_url
        assert store.get("left-over") is None
        assert [s.stream.id for s in again.state.streams] == [made.stream.id]
    finally:
        await again.close()


def test_every_control_is_named_and_reachable_by_tab(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    """Screen readers get a name for each control; Tab reaches every enabled one."""
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        await rig.create()
        window = rig.window
        controls = [
            widget
            for widget in window.findChildren(QWidget)
            if widget.isVisibleTo(window)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and isinstance(widget, QAbstractButton | QLineEdit | QAbstractItemView)
        ]
        assert len(controls) > 15
        unnamed = [
            widget
            for widget in controls
            if not widget.accessibleName()
            and not (isinstance(widget, QAbstractButton) and widget.text().strip("&…. "))
        ]
        assert not unnamed, [type(w).__name__ + ":" + w.objectName() for w in unnamed]

        await focus_on(rig, window.create_button)
        reached: set[int] = set()
        for _ in range(4 * len(controls)):
            focused = QApplication.focusWidget()
            if focused is not None:
                reached.add(id(focused))
            window.focusNextChild()
        missing = [
            widget.accessibleName() or getattr(widget, "text", lambda: "")()
            for widget in controls
            if id(widget) not in reached
        ]
        assert not missing, missing

    rig.play(scenario)


def test_obs_going_away_is_a_desktop_notification(
    rig_factory: type[WindowRig], fake_obs: FakeObs
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        tray = rig.window.tray
        assert tray is not None
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await asyncio.to_thread(fake_obs.stop)
        await rig.wait(lambda: tray.last_notification is not None, "a notification")
        assert tray.last_notification is not None
        title, _message, critical = tray.last_notification
        assert title == "OBS is gone" and critical
        await rig.wait(lambda: tray.state == "problem", "the tray showing a problem")

    rig.play(scenario)
