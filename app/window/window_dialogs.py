"""The main window's questions and dialogs, each awaited (never a nested event loop).

The API key, Settings, the first-start welcome, "stop streaming?", "delete?", "keep
streaming after the window closes?", About and the log folder. Each takes the window and
reads the session's snapshot; none is drawn from a widget's state. Their texts are the
main window's (translation context "MainWindow").
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .. import APP_NAME
from ..errors import CompanionError
from ..i18n import translate

if TYPE_CHECKING:
    from ..golive.session import CompanionSession
    from ..golive.view_state import ViewState
    from .main_window import MainWindow


async def ask_api_key(window: MainWindow, session: CompanionSession) -> None:
    """Ask for an API key (a new one after a rejection), or switch to the sandbox."""
    from PySide6.QtWidgets import QDialog

    from ..golive.view_state import ApiKeyStatus
    from .async_dialogs import run_dialog
    from .welcome_dialog import WelcomeDialog

    rejected = session.state.api_key_status is ApiKeyStatus.REJECTED
    dialog = WelcomeDialog(
        obs_line(session.state),
        parent=window,
        title=translate("MainWindow", "Enter a new API key")
        if rejected
        else translate("MainWindow", "Enter your API key"),
        subtitle=(
            translate(
                "MainWindow",
                "Comprimato did not accept the key saved here. Paste the key shown in your "
                "Comprimato account; it replaces the old one in your keyring.",
            )
            if rejected
            else translate(
                "MainWindow",
                "Paste the API key from your Comprimato account. It is kept in your "
                "system's keyring.",
            )
        ),
    )
    window.key_dialog = dialog
    try:
        result = await run_dialog(dialog)
        choice = dialog.choice()
    finally:
        window.key_dialog = None
        dialog.deleteLater()
    if result != QDialog.DialogCode.Accepted:
        return
    if choice.use_sandbox:
        await session.use_sandbox()
    elif choice.api_key:
        await session.set_api_key(choice.api_key)


async def edit_settings(window: MainWindow, session: CompanionSession, tab: int) -> None:
    """The settings dialog on ``tab``; what the user saves goes to the session."""
    from PySide6.QtWidgets import QDialog

    from ..golive.view_state import ApiKeyStatus, Mode
    from .async_dialogs import run_dialog
    from .settings_dialog import SettingsDialog

    has_obs_password = await session.read_obs_password_saved()  # the keyring now
    state = session.state
    dialog = SettingsDialog(
        state.settings,
        has_api_key=state.api_key_status in (ApiKeyStatus.PRESENT, ApiKeyStatus.REJECTED),
        has_obs_password=has_obs_password,
        obs_summary=state.obs_summary,
        sandbox_mode=state.mode is Mode.SANDBOX,
        parent=window,
    )
    dialog.tabs.setCurrentIndex(tab)
    window.settings_dialog = dialog
    try:
        if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        changes = dialog.changes()
    finally:
        window.settings_dialog = None
        dialog.deleteLater()  # after its answer was read, not on close
    await session.update_settings(
        changes.settings, api_key=changes.api_key, obs_password=changes.obs_password
    )


async def run_welcome(window: MainWindow, session: CompanionSession) -> None:
    """First start: ask for the API key or offer the sandbox; shows what OBS is."""
    if not session.state.welcome_needed:
        return
    from PySide6.QtWidgets import QDialog

    from .async_dialogs import run_dialog
    from .welcome_dialog import WelcomeDialog

    dialog = WelcomeDialog(obs_line(session.state), parent=window)
    unsubscribe = session.add_observer(lambda state: dialog.set_obs_summary(obs_line(state)))
    try:
        result = await run_dialog(dialog)
        choice = dialog.choice()
    finally:
        unsubscribe()
        dialog.deleteLater()  # after its answer was read, not on close
    if result != QDialog.DialogCode.Accepted:
        return
    try:
        await session.finish_welcome(use_sandbox=choice.use_sandbox, api_key=choice.api_key)
    except CompanionError as error:
        session.report("create", error)


async def confirm_then_stop(window: MainWindow, session: CompanionSession) -> None:
    """Stop, after asking while the stream is on air: viewers lose the picture."""
    from .async_dialogs import confirm

    if session.state.is_live or session.state.on_air:
        stop = await confirm(
            window,
            translate("MainWindow", "Stop streaming?"),
            translate("MainWindow", "Stop the broadcast now?"),
            destructive=True,
            confirm_label=translate("MainWindow", "&Stop streaming"),
            details=translate(
                "MainWindow", "OBS stops sending, and viewers of the player link lose the picture."
            ),
        )
        if not stop:
            return
    await session.stop()


async def confirm_then_delete(
    window: MainWindow, session: CompanionSession, stream_id: str
) -> None:
    """Delete a stream on Comprimato, after asking: its link and key stop working."""
    from .async_dialogs import confirm
    from .stream_list import display_name

    stored = next((s for s in session.state.streams if s.stream.id == stream_id), None)
    name = display_name(stored) if stored is not None else stream_id
    if await confirm(
        window,
        translate("MainWindow", "Delete stream"),
        translate("MainWindow", "Delete “{name}” on Comprimato?").format(name=name),
        destructive=True,
        confirm_label=translate("MainWindow", "&Delete"),
        details=translate(
            "MainWindow",
            "Its player link stops working and its streamer key is no longer "
            "accepted. This cannot be undone.",
        ),
    ):
        await session.delete(stream_id)


async def ask_keep_streaming(window: MainWindow, session: CompanionSession) -> None:
    """Quitting while on air (every way: ``MainWindow.request_quit``): keep streaming (tray
    or taskbar), stop and quit, or cancel."""
    from PySide6.QtWidgets import QMessageBox

    from .async_dialogs import run_dialog

    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("MainWindow", "You are live"))
    box.setText(translate("MainWindow", "Keep streaming after the window closes?"))
    tray = window.tray
    in_tray = tray is not None and tray.is_visible()
    # Say only what will happen: without a tray icon the window is minimised instead.
    box.setInformativeText(
        translate(
            "MainWindow",
            "Keep streaming hides the window to the tray icon; OBS goes on sending. "
            "Stop and quit ends the broadcast.",
        )
        if in_tray
        else translate(
            "MainWindow",
            "Keep streaming minimises the window to the taskbar; OBS goes on sending. "
            "Stop and quit ends the broadcast.",
        )
    )
    keep = box.addButton(
        translate("MainWindow", "&Keep streaming"), QMessageBox.ButtonRole.AcceptRole
    )
    stop = box.addButton(
        translate("MainWindow", "&Stop and quit"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    window.asking_to_quit = True
    try:
        await run_dialog(box)
    finally:
        window.asking_to_quit = False
    clicked = box.clickedButton()
    if clicked is keep:
        if in_tray and tray is not None:
            window.hide()
            tray.notify(
                APP_NAME,
                translate("MainWindow", "Still streaming. Use the tray icon to come back."),
            )
        else:
            window.showMinimized()
    elif clicked is stop:
        with contextlib.suppress(CompanionError):
            await session.stop()
        window.quit_now()


async def show_about(window: MainWindow) -> None:
    """Read the notices off the GUI thread, then open About (modeless)."""
    import asyncio

    from ..log_file import log_dir
    from ..resource_paths import resources_dir
    from ..third_party import notices_text
    from .about_dialog import AboutDialog

    notices = await asyncio.to_thread(notices_text, resources_dir())
    window.about_dialog = AboutDialog(notices, str(log_dir()), window)
    window.about_dialog.show()


def open_log_folder(window: MainWindow) -> None:
    """Show the log folder in the file manager; say where it is when none opens."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from ..log_file import log_dir

    folder = log_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        window.statusBar().showMessage(
            translate(
                "MainWindow", "No file manager could be opened. The log files are in {folder}"
            ).format(folder=folder),
            15000,
        )
    else:
        window.statusBar().showMessage(
            translate("MainWindow", "Log files: {folder}").format(folder=folder), 8000
        )


def obs_line(state: ViewState) -> str:
    """What OBS is, in one sentence (the welcome and API key dialogs)."""
    obs = state.obs
    if obs.connected and obs.version is not None:
        return translate("MainWindow", "OBS {version} is running and connected.").format(
            version=obs.version.obs_version
        )
    if obs.error is not None:
        return f"{obs.error.message} {obs.error.next_step}".strip()
    return state.obs_summary


__all__ = [
    "ask_api_key",
    "ask_keep_streaming",
    "confirm_then_delete",
    "confirm_then_stop",
    "edit_settings",
    "obs_line",
    "open_log_folder",
    "run_welcome",
    "show_about",
]
