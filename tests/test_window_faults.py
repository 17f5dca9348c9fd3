"""The window when something fails: start-up, the settings file, saving the QR code,
error reports. Offscreen, on a qasync loop, against the sandbox, as a user would see it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import stat
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.view_state import AREA_GENERAL
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.secrets import SecretStore
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.window import _secrets_of
from comprimato_companion.window import error_dialog as error_dialog_module
from comprimato_companion.window.error_dialog import (
    REDACTED,
    describe_exception,
    install_exception_hook,
    scrub,
)
from comprimato_companion.window.main_window import MainWindow
from tests.support.keyring_fixtures import SecretServiceSession
from tests.support.qt_fixtures import eventually, run_async
from tests.support.window_rig import WindowRig, no_obs

pytestmark = pytest.mark.gui


def test_start_failure_shows_a_notice_whose_retry_starts(
    rig_factory: type[WindowRig], closed_port: int, tmp_path: Path
) -> None:
    blocker = tmp_path / "data"  # the stream list's folder is a file: start-up fails
    blocker.write_text("not a folder")
    rig = rig_factory(env=no_obs(closed_port))
    window = rig.window

    async def scenario() -> None:
        window.show()
        try:
            message = lambda: window.top_notices.general_message  # noqa: E731
            await rig.wait(
                lambda: message() is not None and "could not start" in message().text(),
                "the start-up notice",
            )
            general = message()
            assert general is not None
            assert window.sidebar.mode_label.text() != "Starting…"
            assert not window.create_button.isEnabled(), "Create before the program started"
            assert general.action_button.isVisible() and general.action_button.text() == "Retry"

            blocker.unlink()  # the user moved the file away, then clicks Retry
            QTest.mouseClick(general.action_button, Qt.MouseButton.LeftButton)
            await rig.wait(lambda: rig.session.state.ready, "the session started on Retry")
            await rig.wait(lambda: window.create_button.isEnabled(), "Create enabled")
            assert not general.isVisible()
            await rig.create()
        finally:
            await rig.session.close()
            window.hide()

    run_async(rig.loop, scenario(), 60)


def test_saved_geometry_is_restored_from_the_session(
    rig_factory: type[WindowRig], closed_port: int, qtbot: QtBot
) -> None:
    sized = MainWindow()
    qtbot.addWidget(sized)
    sized.resize(820, 560)
    geometry = sized.geometry_text()
    rig = rig_factory(
        env=no_obs(closed_port), settings=Settings(welcome_done=True, window_geometry=geometry)
    )

    async def scenario() -> None:
        # Offscreen Qt may trim the width a little on restore; the default is 1000 x 700.
        await rig.wait(
            lambda: rig.window.height() == 560 and abs(rig.window.width() - 820) <= 30,
            "the saved size, read by the session",
        )

    rig.play(scenario)


def test_a_corrupt_settings_file_is_reported_in_the_window(
    rig_factory: type[WindowRig], closed_port: int, tmp_path: Path
) -> None:
    rig = rig_factory(env=no_obs(closed_port))
    settings_path = tmp_path / "config" / "settings.json"
    settings_path.write_bytes(b'{"version": 1, "api_url": ')

    async def scenario() -> None:
        general = rig.window.top_notices.general_message
        assert general is not None
        await rig.wait(lambda: "set aside" in general.text(), "the set-aside notice")
        assert general.isVisible()

    rig.play(scenario)


def test_the_window_does_not_touch_the_settings_file_before_the_session(
    isolated_user_dirs: Path,
) -> None:
    """The first paint happens before the session: the settings file, even a corrupt one,
    is the session's to read (off the GUI thread) and to set aside (with a notice)."""
    settings_path = SettingsFile().path
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    corrupt = b'{"version": 1, "api_url": '
    settings_path.write_bytes(corrupt)
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
    assert settings_path.read_bytes() == corrupt, "the window read and set the file aside"
    assert [p.name for p in settings_path.parent.iterdir()] == ["settings.json"]


def test_large_qr_save_writes_off_the_gui_thread_and_shows_failure(
    rig_factory: type[WindowRig],
    closed_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from comprimato_companion.window import qr_view

    writers: list[str] = []
    real_write = qr_view.write_export

    def recording_write(path: str, data: bytes) -> None:
        writers.append(threading.current_thread().name)
        real_write(path, data)

    monkeypatch.setattr(qr_view, "write_export", recording_write)
    monkeypatch.setattr(qr_view.QrCodeView, "save", _gui_thread_save(writers))
    rig = rig_factory(env=no_obs(closed_port))

    def save_through_the_menu_dialog(path: Path) -> None:
        large = rig.view.large_qr
        assert large is not None
        before = set(large.qr.findChildren(QFileDialog))
        large.qr.ask_where_to_save()  # "Save Image As…" in the code's context menu
        dialogs = [d for d in large.qr.findChildren(QFileDialog) if d not in before]
        assert len(dialogs) == 1
        dialogs[0].fileSelected.emit(str(path))
        dialogs[0].close()

    async def scenario() -> None:
        await rig.create()
        rig.view.show_large_qr()
        large = rig.view.large_qr
        assert large is not None

        nowhere = tmp_path / "no-such-folder" / "qr.png"
        save_through_the_menu_dialog(nowhere)
        message = getattr(large, "message", None)
        await rig.wait(
            lambda: message is not None and "Could not save" in message.text(),
            "the failure shown in the large window",
        )
        assert message is not None and message.isVisible() and message.kind == "error"

        target = tmp_path / "qr.png"
        save_through_the_menu_dialog(target)
        await rig.wait(lambda: target.exists() and target.stat().st_size > 0, "the PNG")
        assert writers and all(name != threading.main_thread().name for name in writers)
        large.close()

    rig.play(scenario)


def _gui_thread_save(writers: list[str]):  # type: ignore[no-untyped-def]
    """QrCodeView.save, noting its thread (a save without a handler writes there)."""
    from comprimato_companion.window import qr_view

    original = qr_view.QrCodeView.save

    def save(self: qr_view.QrCodeView, path: str) -> None:
        writers.append(threading.current_thread().name)
        original(self, path)

    return save


def test_crash_report_hides_the_api_key_and_the_obs_password(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, api_sandbox: Sandbox, closed_port: int
) -> None:
    from tests.support.session_rigs import make_session

    session = make_session(
        tmp_path,
        sandbox=False,
        env={
            "COMPRIMATO_API_URL": api_sandbox.api_url,
            "COMPRIMATO_API_KEY": api_sandbox.api_key,
            **no_obs(closed_port),
        },
    )
    obs_password = "obs-pw-Zq81x"

    async def scenario() -> str:
        await session.start()
        try:
            await session.update_settings(Settings(welcome_done=True), obs_password=obs_password)
            stored = await session.create_stream()
            try:
                raise RuntimeError(
                    f"boom {api_sandbox.api_key} {obs_password} {stored.stream.streamer_key}"
                )
            except RuntimeError as error:
                report = describe_exception(error)
            return scrub(report, _secrets_of(session)) + "\n" + stored.stream.streamer_key
        finally:
            await session.close()

    text = run_async(qloop, scenario())
    report, streamer_key = text.rsplit("\n", 1)
    assert api_sandbox.api_key not in report
    assert obs_password not in report
    assert streamer_key not in report
    assert report.count(REDACTED) >= 3


def test_a_failure_escaping_to_the_hook_is_a_notice_not_the_fault_dialog(
    qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    install_exception_hook(
        lambda: None, loop=qloop, on_expected=lambda error: shown.append(error.message)
    )
    reporter = error_dialog_module.current_reporter()
    assert reporter is not None

    async def scenario() -> None:
        qloop.call_exception_handler(
            {
                "message": "Task exception was never retrieved",
                "exception": StorageError("The stream list could not be saved.", "Free space."),
            }
        )
        await eventually(lambda: bool(shown), 3, what="the notice")

    run_async(qloop, scenario())
    assert shown == ["The stream list could not be saved."]
    assert reporter.dialog is None


def test_settings_offer_keeping_secrets_in_a_file(
    rig_factory: type[WindowRig], closed_port: int
) -> None:
    rig = rig_factory(env=no_obs(closed_port))

    async def scenario() -> None:
        window = rig.window
        window.menu_actions.settings_action.trigger()
        await rig.wait(
            lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(),
            "the settings dialog",
        )
        dialog = window.settings_dialog
        assert dialog is not None
        box = getattr(dialog, "secrets_in_file_box", None)
        assert box is not None, "Settings has no 'keep secrets in a file' option"
        assert not box.isChecked() and box.isVisibleTo(dialog)
        box.setChecked(True)
        dialog.tabs.setCurrentIndex(1)
        dialog.obsws_edit.setText(f"obsws://127.0.0.1:{closed_port}/obs-file-pw")
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

        await rig.wait(lambda: rig.session.state.settings.secrets_in_file, "the option saved")
        store = SecretStore(use_file=True)
        await rig.wait(lambda: store.file_path.exists(), "the secrets file")
        assert await store.aget(SecretStore.OBS_PASSWORD) == "obs-file-pw"
        assert stat.S_IMODE(store.file_path.stat().st_mode) == 0o600
        path = rig.session.preferences.settings_file.path  # type: ignore[union-attr]
        assert SettingsFile(path).load().secrets_in_file
        # The "kept only until you quit" notice is gone: the file keeps it now.
        general = rig.session.state.notices.get(AREA_GENERAL)
        assert general is None or "until you quit" not in general.message

        # Turned off again with no keyring: refused, the file keeps the secret.
        window.menu_actions.settings_action.trigger()
        await rig.wait(
            lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(),
            "the settings dialog again",
        )
        dialog = window.settings_dialog
        assert dialog is not None
        assert dialog.secrets_in_file_box.isChecked()
        dialog.secrets_in_file_box.setChecked(False)
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        await rig.wait(
            lambda: "cannot leave the file" in (window.top_notices.general_message.text() or ""),  # type: ignore[union-attr]
            "the refusal",
        )
        assert rig.session.state.settings.secrets_in_file
        assert await store.aget(SecretStore.OBS_PASSWORD) == "obs-file-pw"

    rig.play(scenario)



def test_a_locked_keyring_is_shown_with_try_again(
    rig_factory: type[WindowRig],
    secret_service: SecretServiceSession,
    api_sandbox: Sandbox,
    closed_port: int,
) -> None:
    from comprimato_companion.golive.view_state import ApiKeyStatus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # keyring's locked D-Bus connection
        assert SecretStore().set(SecretStore.API_KEY, api_sandbox.api_key).name == "KEYRING"
        secret_service.lock_default_collection()
        rig = rig_factory(
            sandbox=False,
            env={"COMPRIMATO_API_URL": api_sandbox.api_url, **no_obs(closed_port)},
            settings=Settings(),
        )

        async def scenario() -> None:
            window = rig.window
            await rig.wait(
                lambda: window.empty_page.title.text() == "Your keyring is locked",
                "the locked page",
            )
            assert window.empty_page.button.text() == "Try again"
            message = window.sidebar.create_message
            assert message is not None and "locked" in message.text()
            assert message.action_button.text() == "Try again"
            assert window.key_dialog is None, "asked for a key that is saved"

            secret_service.unlock_default_collection()
            QTest.mouseClick(window.empty_page.button, Qt.MouseButton.LeftButton)
            await rig.wait(
                lambda: rig.session.state.api_key_status is ApiKeyStatus.PRESENT, "the key read"
            )
            await rig.create()
            assert api_sandbox.request_count("POST", "/v1/streams") == 1

        rig.play(scenario)
        gc.collect()
