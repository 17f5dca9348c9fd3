"""Restore's list: every saved stream setting of the user's, to choose which comes back.

Reached from "Earlier settings…" beside Restore. Each entry says what it is (the public
server or the service's name, never a key), its OBS profile and when it was saved, newest
first; the chosen one goes back into its profile as Restore does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ..golive.session import CompanionSession
    from ..storage.obs_backups import ObsBackup


class RestoreChoiceDialog(QDialog):
    """The list of saved settings; ``chosen()`` is the selected one once accepted.

    Args:
        choices: the saved settings, newest first (``CompanionSession.restore_choices``).
        parent: the window.
    """

    def __init__(self, choices: list[ObsBackup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        self.setWindowTitle(self.tr("Your earlier OBS settings"))
        intro = QLabel(
            self.tr(
                "Every stream setting of yours that this program saved before replacing it, "
                "newest first. The one you choose goes back into its OBS profile."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Saved stream settings"))
        for backup in choices:
            item = QListWidgetItem(self._line(backup))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            self.tr("&Restore this one"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def _line(self, backup: ObsBackup) -> str:
        from ..obs.srt_settings import describe_backup

        what = describe_backup(backup)
        when = _local_time(backup.saved_at)
        if when:
            return self.tr("{what}, profile '{profile}', saved {when}").format(
                what=what, profile=backup.profile, when=when
            )
        return self.tr("{what}, profile '{profile}'").format(what=what, profile=backup.profile)

    def chosen(self) -> ObsBackup | None:
        row = self.list.currentRow()
        return self._choices[row] if 0 <= row < len(self._choices) else None


async def choose_and_restore(parent: QWidget, session: CompanionSession) -> None:
    """Show the saved settings; give OBS back the one chosen (nothing on Cancel).

    Raises:
        NoObsBackup: nothing of the user's is saved (shown as the stream's notice).
    """
    from ..golive.errors import NoObsBackup
    from .async_dialogs import run_dialog

    choices = await session.restore_choices()
    if not choices:
        raise NoObsBackup()
    dialog = RestoreChoiceDialog(choices, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    try:
        accepted = await run_dialog(dialog) == QDialog.DialogCode.Accepted
        chosen = dialog.chosen()
    finally:
        dialog.deleteLater()
    if accepted and chosen is not None:
        await session.restore_obs_settings(chosen)


def restore_action(
    parent: QWidget, session: CompanionSession, *, choose: bool
) -> Callable[[], Awaitable[None]]:
    """Restore's action: the newest of the user's settings, or the one chosen from the list."""
    if choose:
        return lambda: choose_and_restore(parent, session)
    return session.restore_obs_settings


def _local_time(saved_at: str) -> str:
    """When it was saved, in the window's language and this computer's time zone ("" for
    an old backup)."""
    try:
        moment = datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
    except ValueError:
        return ""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


__all__ = ["RestoreChoiceDialog", "choose_and_restore", "restore_action"]
