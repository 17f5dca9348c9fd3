"""Dialogs awaited as coroutines, without nested event loops.

``QDialog.exec()`` starts a second event loop inside the asyncio one: tasks that finish
meanwhile resume inside it and re-entrancy bugs follow. Here the dialog is opened with
``open()`` (window-modal, returns at once) and the coroutine waits for ``finished``.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget


async def run_dialog(dialog: QDialog) -> int:
    """Open ``dialog`` and wait until it closes; returns its result code.

    Cancelling the waiting task rejects the dialog, so nothing is left on screen.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[int] = loop.create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(int(result))

    dialog.finished.connect(finished)
    try:
        dialog.open()
        return await done
    except asyncio.CancelledError:
        if dialog.isVisible():
            dialog.reject()
        raise
    finally:
        dialog.finished.disconnect(finished)


async def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    destructive: bool = False,
    confirm_label: str | None = None,
    details: str = "",
) -> bool:
    """Ask a yes/no question; True only when the user chose the confirming button.

    Args:
        parent: the window the question belongs to (the dialog is modal to it).
        title: the window title.
        text: the question, one sentence.
        destructive: the action cannot be undone: a warning icon, and Cancel (not the
            action) is what Enter chooses.
        confirm_label: the confirming button's text (``"&Delete"``); ``"&OK"`` otherwise.
        details: a second, smaller sentence under the question.
    """
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    role = (
        QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    )
    yes: QPushButton = box.addButton(
        confirm_label or QCoreApplication.translate("Dialogs", "&OK"), role
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else yes)
    box.setEscapeButton(cancel)
    try:
        await run_dialog(box)
        return box.clickedButton() is yes
    finally:
        box.deleteLater()
