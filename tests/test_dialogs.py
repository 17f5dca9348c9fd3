"""The dialogs, offscreen: welcome, settings, the bug dialog and inline messages, and
dialogs awaited on the qasync loop without nested event loops."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from comprimato_companion import defaults
from comprimato_companion.errors import CompanionError
from comprimato_companion.storage.settings import Settings
from comprimato_companion.window import error_dialog
from comprimato_companion.window.async_dialogs import confirm, run_dialog
from comprimato_companion.window.error_dialog import (
    REDACTED,
    InlineMessage,
    install_exception_hook,
    scrub,
)
from comprimato_companion.window.settings_dialog import (
    ASSUMPTION_NOTE,
    SettingsDialog,
    check_api_url,
    check_ingest_url,
    check_obs_host,
    check_player_template,
    check_port,
)
from comprimato_companion.window.welcome_dialog import WelcomeChoice, WelcomeDialog
from tests.support.qt_fixtures import eventually, qloop, run_async

__all__ = ["qloop"]  # the fixture, used by name below

pytestmark = pytest.mark.gui

API_KEY = "ck_live_5XfQ2pR8tZ0wN7mV"
OBS_PASSWORD = "obs-pw-9Kd3Lq"
STREAMER_KEY = "sk_4Yh8Jm2Vn6Bc1Xz0"


# -- welcome ---------------------------------------------------------------------------


@pytest.fixture
def welcome(qtbot: QtBot) -> WelcomeDialog:
    dialog = WelcomeDialog("OBS Studio 29.0.2 found; WebSocket server on port 4455.")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_welcome_continues_with_a_typed_key(welcome: WelcomeDialog, qtbot: QtBot) -> None:
    assert welcome.api_key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not welcome.continue_button.isEnabled()
    qtbot.keyClicks(welcome.api_key_edit, f"  {API_KEY} ")
    assert welcome.continue_button.isEnabled()
    with qtbot.waitSignal(welcome.accepted, timeout=1000):
        welcome.continue_button.click()
    choice = welcome.choice()
    assert choice == WelcomeChoice(use_sandbox=False, api_key=API_KEY)
    assert API_KEY not in repr(choice)


def test_welcome_offers_the_sandbox(welcome: WelcomeDialog, qtbot: QtBot) -> None:
    with qtbot.waitSignal(welcome.accepted, timeout=1000):
        welcome.sandbox_button.click()
    assert welcome.choice() == WelcomeChoice(use_sandbox=True, api_key=None)
    assert welcome.result() == QDialog.DialogCode.Accepted


def test_welcome_shows_what_is_known_about_obs(welcome: WelcomeDialog) -> None:
    assert "29.0.2" in welcome.obs_label.text()
    welcome.set_obs_summary("OBS Studio is not installed on this computer.")
    assert welcome.obs_label.text() == "OBS Studio is not installed on this computer."
    welcome.set_obs_summary("")
    assert welcome.obs_label.text()  # never a blank line


def test_welcome_enter_without_a_key_does_not_close(welcome: WelcomeDialog, qtbot: QtBot) -> None:
    welcome.api_key_edit.setFocus()
    qtbot.keyClick(welcome.api_key_edit, "\r")
    assert welcome.isVisible()
    assert welcome.result() != QDialog.DialogCode.Accepted


# -- settings: the checks --------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (
            check_api_url,
            [defaults.API_URL, "http://127.0.0.1:8080/v1"],
            ["", "api.comprimato.com", "ftp://x/v1", "https://host:99999/v1", "https://a b/"],
        ),
        (
            check_ingest_url,
            [defaults.INGEST_URL, "srt://10.0.0.2:9000?latency=200"],
            [
                "",
                "srt://ingest.example.com",
                "rtmp://x:1935",
                "srt://x:70000",
                "srt://x:9000?streamid=abc",
            ],
        ),
        (
            check_player_template,
            [defaults.PLAYER_URL_TEMPLATE, "http://127.0.0.1:1/p/{player_key}"],
            ["", "https://player.example.com/", "player/{player_key}", "https://x:0/{player_key}"],
        ),
        (
            check_obs_host,
            ["localhost", "192.168.1.20", "::1", "studio.lan"],
            ["", "obsws://localhost:4455", "my host", "host/path"],
        ),
        (check_port, ["1", "4455", "65535"], ["", "0", "65536", "44a5", "-1", "४४५५"]),
    ],
)
def test_settings_checks(check: object, good: list[str], bad: list[str]) -> None:
    assert callable(check)
    for value in good:
        assert check(value) is None, value
    for value in bad:
        problem = check(value)
        assert isinstance(problem, str) and problem.endswith("."), value


# -- settings: the dialog --------------------------------------------------------------


def make_settings_dialog(
    qtbot: QtBot, settings: Settings | None = None, **kwargs: object
) -> SettingsDialog:
    options: dict[str, object] = {
        "has_api_key": True,
        "has_obs_password": False,
        "obs_summary": "OBS found: server on, port 4455.",
        "sandbox_mode": False,
    }
    options.update(kwargs)
    dialog = SettingsDialog(settings or Settings(), **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_settings_defaults_are_valid_and_unchanged(qtbot: QtBot) -> None:
    dialog = make_settings_dialog(qtbot)
    assert dialog.problems() == []
    assert dialog.save_button.isEnabled()
    changes = dialog.changes()
    assert changes.settings == Settings()
    assert changes.api_key is None
    assert changes.obs_password is None
    assert dialog.detect_radio.isChecked()
    assert dialog.api_key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.obs_password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.obsws_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.api_key_edit.text() == ""  # a saved key is never put back on screen


def test_settings_label_the_assumed_addresses(qtbot: QtBot) -> None:
    dialog = make_settings_dialog(qtbot)
    texts = [
        label.text()
        for label in dialog.findChildren(QWidget)
        if hasattr(label, "text") and isinstance(label.text(), str)
    ]
    assert ASSUMPTION_NOTE in texts
    assert "does not document" in ASSUMPTION_NOTE and "Change them" in ASSUMPTION_NOTE
    dialog.ingest_edit.setText("srt://elsewhere:1")
    dialog.restore_defaults_button.click()
    assert dialog.ingest_edit.text() == defaults.INGEST_URL


def test_settings_show_problems_inline_and_block_saving(qtbot: QtBot) -> None:
    dialog = make_settings_dialog(qtbot)
    dialog.player_edit.setText("https://player.example.com/watch")
    assert not dialog.save_button.isEnabled()
    field = next(f for f in dialog._fields if f.edit is dialog.player_edit)
    assert field.message.isVisible()
    assert "{player_key}" in field.message.text()
    assert "{player_key}" in dialog.player_edit.accessibleDescription()
    assert not dialog.tabs.tabIcon(0).isNull()  # the tab with the problem is marked

    dialog.tabs.setCurrentIndex(1)
    dialog.accept()  # Enter while something is wrong: stays open, goes to the field
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0

    dialog.player_edit.setText("https://player.example.com/watch/{player_key}")
    assert not field.message.isVisible()
    assert dialog.save_button.isEnabled()
    assert dialog.tabs.tabIcon(0).isNull()


def test_settings_manual_obs_address_and_port_range(qtbot: QtBot) -> None:
    dialog = make_settings_dialog(qtbot)
    dialog.obs_port_edit.setText("70000")
    assert dialog.save_button.isEnabled()  # detection mode: the address is not used
    assert not dialog.obs_port_edit.isEnabled()

    dialog.manual_radio.setChecked(True)
    assert dialog.obs_port_edit.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert any("65535" in p for p in dialog.problems())

    dialog.obs_port_edit.setText("4460")
    dialog.obs_host_edit.setText("studio.lan")
    qtbot.keyClicks(dialog.obs_password_edit, OBS_PASSWORD)
    changes = dialog.changes()
    assert (changes.settings.obs_host, changes.settings.obs_port) == ("studio.lan", 4460)
    assert changes.obs_password == OBS_PASSWORD
    assert OBS_PASSWORD not in repr(changes)

    dialog.detect_radio.setChecked(True)
    changes = dialog.changes()
    assert (changes.settings.obs_host, changes.settings.obs_port) == (None, None)


def test_settings_obsws_paste_fills_the_connection(qtbot: QtBot) -> None:
    dialog = make_settings_dialog(qtbot)
    dialog.obsws_edit.setText(f"obsws://192.168.1.20:4456/{OBS_PASSWORD}")
    assert dialog.manual_radio.isChecked()
    assert dialog.obs_host_edit.text() == "192.168.1.20"
    assert dialog.obs_port_edit.text() == "4456"
    assert dialog.obs_password_edit.text() == OBS_PASSWORD
    assert dialog.obsws_edit.text() == ""  # the pasted password is not kept twice
    assert OBS_PASSWORD not in dialog.obsws_message.text()
    assert "192.168.1.20" in dialog.obsws_message.text()
    changes = dialog.changes()
    assert changes.settings.obs_host == "192.168.1.20"
    assert changes.settings.obs_port == 4456
    assert changes.obs_password == OBS_PASSWORD


def test_settings_bad_obsws_paste_explains_without_echoing(qtbot: QtBot) -> None:
    dialog = make_settings_dialog(qtbot)
    dialog.obsws_edit.setText(f"obsws://bad host:99/{OBS_PASSWORD}")
    assert not dialog.obsws_message.isHidden()  # on the OBS tab, not the one shown
    assert "obsws://" in dialog.obsws_message.text()
    assert OBS_PASSWORD not in dialog.obsws_message.text()
    assert dialog.detect_radio.isChecked()  # nothing was changed


def test_settings_return_typed_secrets_and_flags(qtbot: QtBot) -> None:
    saved = Settings(obs_host="localhost", obs_port=4455, welcome_done=True)
    dialog = make_settings_dialog(qtbot, saved, has_obs_password=True, sandbox_mode=True)
    assert dialog.manual_radio.isChecked()
    assert "Saved" in dialog.obs_password_edit.placeholderText()
    qtbot.keyClicks(dialog.api_key_edit, f" {API_KEY} ")
    dialog.api_url_edit.setText("https://api.example.com/v2/ ")
    dialog.send_automatically_box.setChecked(False)
    dialog.start_on_send_box.setChecked(True)
    dialog.dedicated_profile_box.setChecked(True)
    changes = dialog.changes()
    assert changes.api_key == API_KEY
    assert changes.obs_password is None  # untouched: keep the saved one
    assert changes.settings.api_url == "https://api.example.com/v2"
    assert changes.settings.welcome_done is True  # fields the dialog does not show survive
    assert not changes.settings.send_to_obs_automatically
    assert changes.settings.start_streaming_on_send
    assert changes.settings.use_dedicated_obs_profile
    assert API_KEY not in repr(changes)
    assert saved.api_url == defaults.API_URL  # the original is not touched


# -- the bug dialog --------------------------------------------------------------------


def test_scrub_removes_known_secrets_and_secret_shapes() -> None:
    text = (
        f"key {API_KEY} quoted {API_KEY.replace('_', '%5F')} "
        f"obsws://localhost:4455/{OBS_PASSWORD} "
        f"srt://ingest:9000?streamid={STREAMER_KEY}&latency=200 "
        "Authorization: Bearer abc.def.ghi "
        "{'password': 'hunter22', \"streamer_key\": \"zzzz1234\"} api_key=qqqq9999"
    )
    clean = scrub(text, [API_KEY, OBS_PASSWORD, STREAMER_KEY, None, "", "ab"])
    for secret in (
        API_KEY,
        OBS_PASSWORD,
        STREAMER_KEY,
        "abc.def.ghi",
        "hunter22",
        "zzzz1234",
        "qqqq9999",
    ):
        assert secret not in clean
    assert "latency=200" in clean and "localhost:4455" in clean
    assert clean.count(REDACTED) >= 7
    # A secret under four characters goes where it stands alone, never inside a word.
    assert scrub("ab is short; about", ["ab"]) == f"{REDACTED} is short; about"


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put back Python's hooks and close any bug dialog after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield
    reporter = error_dialog.current_reporter()
    if reporter is not None and reporter.dialog is not None:
        dialog, reporter.dialog = reporter.dialog, None
        dialog.close()
        dialog.deleteLater()


def _raise_with_secrets() -> None:
    raise RuntimeError(f"boom with {API_KEY} and obsws://h:1/{OBS_PASSWORD}")


def test_unexpected_exception_opens_a_scrubbed_dialog_with_copy_details(
    qtbot: QtBot, qapp: QApplication, hooks: None, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    install_exception_hook(lambda: parent, secrets=lambda: [API_KEY, OBS_PASSWORD])
    reporter = error_dialog.current_reporter()
    assert reporter is not None
    try:
        _raise_with_secrets()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # what Qt does with an exception in a slot

    qtbot.waitUntil(
        lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000
    )
    dialog = reporter.dialog
    assert dialog is not None
    assert dialog.parent() is parent
    assert not dialog.details_view.isVisible()  # collapsed
    assert "RuntimeError" in dialog.details and "_raise_with_secrets" in dialog.details
    assert API_KEY not in dialog.details and OBS_PASSWORD not in dialog.details
    dialog.toggle.click()
    assert dialog.details_view.isVisible()
    assert API_KEY not in dialog.details_view.toPlainText()

    dialog.copy_button.click()
    copied = qapp.clipboard().text()
    assert "RuntimeError" in copied and REDACTED in copied
    assert API_KEY not in copied and OBS_PASSWORD not in copied
    assert API_KEY not in caplog.text and OBS_PASSWORD not in caplog.text
    assert "RuntimeError" in caplog.text

    try:
        _raise_with_secrets()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: dialog.count == 2, timeout=3000)
    assert reporter.dialog is dialog  # repeated errors collect in one dialog


def test_exception_in_a_thread_reaches_the_dialog(qtbot: QtBot, hooks: None) -> None:
    install_exception_hook(lambda: None, secrets=lambda: [STREAMER_KEY])
    reporter = error_dialog.current_reporter()
    assert reporter is not None

    def worker() -> None:
        raise ValueError(f"streamid={STREAMER_KEY} broke")

    thread = threading.Thread(target=worker, name="ingest-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=3000)
    assert reporter.dialog is not None
    assert "ingest-worker" in reporter.dialog.details
    assert STREAMER_KEY not in reporter.dialog.details


def test_exception_in_an_unawaited_task_reaches_the_dialog(
    qloop: asyncio.AbstractEventLoop, hooks: None
) -> None:
    install_exception_hook(lambda: None, secrets=lambda: [API_KEY], loop=qloop)
    reporter = error_dialog.current_reporter()
    assert reporter is not None

    async def failing() -> None:
        raise KeyError(API_KEY)

    async def scenario() -> None:
        qloop.call_exception_handler(
            {"message": "Task exception was never retrieved", "exception": KeyError(API_KEY)}
        )
        qloop.call_exception_handler({"message": "just a note"})
        await eventually(lambda: reporter.dialog is not None, 3, what="the bug dialog")

    run_async(qloop, scenario())
    assert reporter.dialog is not None
    assert "KeyError" in reporter.dialog.details
    assert API_KEY not in reporter.dialog.details
    assert failing  # the coroutine is only there to show what such a task looks like


def test_secret_getter_failure_still_scrubs_by_shape(qtbot: QtBot, hooks: None) -> None:
    def broken() -> list[str]:
        raise OSError("keyring locked")

    install_exception_hook(lambda: None, secrets=broken)
    reporter = error_dialog.current_reporter()
    assert reporter is not None
    assert reporter.scrubbed(f"obsws://h:1/{OBS_PASSWORD}") == f"obsws://h:1/{REDACTED}"


# -- inline messages -------------------------------------------------------------------


def test_inline_message_shows_error_info_action_and_clears(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    message = InlineMessage(holder)
    holder.show()
    assert not message.isVisibleTo(holder)

    pressed: list[bool] = []
    message.show_error(
        "Comprimato did not accept the API key.",
        "Check it in Settings.",
        ("Open Settings", lambda: pressed.append(True)),
    )
    assert message.isVisibleTo(holder)
    assert message.kind == "error"
    assert message.text() == "Comprimato did not accept the API key. Check it in Settings."
    assert message.accessibleName() == "Error"
    assert message.action_button.isVisibleTo(holder)
    message.action_button.click()
    assert pressed == [True]
    assert not message.grab().isNull()

    message.show_info("<b>not bold</b>")
    assert message.kind == "info"
    assert not message.action_button.isVisibleTo(holder)
    assert message.text() == "<b>not bold</b>"

    message.show_companion_error(CompanionError("OBS is not running.", "Start OBS Studio."))
    assert message.text() == "OBS is not running. Start OBS Studio."

    message.clear()
    assert not message.isVisibleTo(holder)
    assert message.kind == ""


# -- awaited dialogs -------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """A shown main window: closing a dialog must not close the last window (and quit)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_run_dialog_resolves_on_accept_and_reject(
    qloop: asyncio.AbstractEventLoop, window: QWidget
) -> None:
    dialog = QDialog(window)

    async def answered(answer: str) -> int:
        task = asyncio.ensure_future(run_dialog(dialog))
        await eventually(dialog.isVisible, 3, what="the dialog to open")
        assert not task.done()  # open() returned at once; the coroutine waits
        getattr(dialog, answer)()
        return await task

    assert run_async(qloop, answered("accept"), 5) == QDialog.DialogCode.Accepted.value
    assert run_async(qloop, answered("reject"), 5) == QDialog.DialogCode.Rejected.value
    assert not dialog.isVisible()


def test_run_dialog_cancelled_closes_the_dialog(
    qloop: asyncio.AbstractEventLoop, window: QWidget
) -> None:
    dialog = QDialog(window)

    async def scenario() -> None:
        task = asyncio.ensure_future(run_dialog(dialog))
        await eventually(dialog.isVisible, 3, what="the dialog to open")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_async(qloop, scenario())
    assert not dialog.isVisible()


def _answer_message_box(*, confirm_it: bool, seen: list[tuple[bool, QMessageBox.Icon]]) -> None:
    """Click a button of the open message box; note whether Cancel was its default."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            cancel_default = widget.defaultButton() is widget.button(
                QMessageBox.StandardButton.Cancel
            )
            seen.append((cancel_default, widget.icon()))
            confirming = (QMessageBox.ButtonRole.AcceptRole, QMessageBox.ButtonRole.DestructiveRole)
            wanted = (
                next(b for b in widget.buttons() if widget.buttonRole(b) in confirming)
                if confirm_it
                else widget.button(QMessageBox.StandardButton.Cancel)
            )
            assert wanted is not None
            wanted.click()
            return
    QTimer.singleShot(10, lambda: _answer_message_box(confirm_it=confirm_it, seen=seen))


def test_confirm_returns_the_users_answer(
    qloop: asyncio.AbstractEventLoop, window: QWidget
) -> None:
    parent = window
    seen: list[tuple[bool, QMessageBox.Icon]] = []

    QTimer.singleShot(0, lambda: _answer_message_box(confirm_it=True, seen=seen))
    assert (
        run_async(
            qloop,
            confirm(
                parent,
                "Delete stream",
                "Delete “Morning show”?",
                destructive=True,
                confirm_label="&Delete",
            ),
            5,
        )
        is True
    )
    assert seen[-1] == (True, QMessageBox.Icon.Warning)  # Enter does not destroy anything

    QTimer.singleShot(0, lambda: _answer_message_box(confirm_it=False, seen=seen))
    assert (
        run_async(qloop, confirm(parent, "Keep streaming?", "Quit and keep streaming?"), 5) is False
    )
    assert seen[-1] == (False, QMessageBox.Icon.Question)
