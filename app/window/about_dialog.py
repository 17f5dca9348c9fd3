"""Help > About: the version, the licence, where the source is, and the third-party notices.

The notices are the file the build put into the bundle (``THIRD-PARTY-NOTICES.txt``) or,
for a pip-installed program, the same text made from the installed packages; reading
either happens off the GUI thread before the dialog opens.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..licence import LICENCE, licence_summary, source_pointer


class AboutDialog(QDialog):
    """Name, version, licence (GPL-3.0-or-later, no warranty), where this version's source
    is; the third-party notices in a scrollable text.

    Attributes:
        notices: the read-only text field holding the notices.
    """

    def __init__(self, notices: str, log_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {name}").format(name=APP_NAME))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel(f"<b>{APP_NAME}</b> {__version__}")
        title.setTextFormat(Qt.TextFormat.RichText)
        versions = QLabel(
            f"Python {platform.python_version()}, Qt {pyside_version} (PySide6), "
            f"{platform.system()} {platform.machine()}"
        )
        versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The licence's own words stay in English, as the GPL asks of its notices.
        licence = QLabel(
            f"{LICENCE}. {licence_summary()}\n\n{source_pointer()}\n\n"
            + self.tr("It includes the components listed below, each under its own licence.")
        )
        licence.setWordWrap(True)
        licence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        logs = QLabel(self.tr("Log files: {folder}").format(folder=log_folder))
        logs.setWordWrap(True)
        logs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QLabel(self.tr("Third-party notices"))
        self.notices = QPlainTextEdit(notices)
        self.notices.setReadOnly(True)
        self.notices.setAccessibleName(heading.text())
        self.notices.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.notices.setMinimumSize(560, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, versions, licence, logs, heading):
            layout.addWidget(widget)
        layout.addWidget(self.notices, 1)
        layout.addWidget(buttons)


__all__ = ["AboutDialog"]
