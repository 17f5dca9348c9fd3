"""First start: the API key, or a try-out with the local sandbox, and whether OBS was found.

Two ways forward and no dead end: a user without an account can try everything against
the sandbox; a user with one pastes the key (kept in the keyring by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..i18n import translate
from .icons import app_icon, icon


@dataclass
class WelcomeChoice:
    """What the user chose on the welcome screen.

    Attributes:
        use_sandbox: try the program against the local sandbox.
        api_key: the key typed in (stripped), None when the sandbox was chosen.
    """

    use_sandbox: bool
    api_key: str | None = field(repr=False)


def add_reveal_action(line_edit: QLineEdit, what: str) -> QAction:
    """An eye button inside a password field that shows and hides what was typed."""
    action = line_edit.addAction(icon("reveal"), QLineEdit.ActionPosition.TrailingPosition)
    action.setCheckable(True)
    action.setToolTip(translate("WelcomeDialog", "Show the {what}").format(what=what))

    def toggled(shown: bool) -> None:
        line_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        action.setIcon(icon("hide" if shown else "reveal"))
        hint = (
            translate("WelcomeDialog", "Hide the {what}")
            if shown
            else translate("WelcomeDialog", "Show the {what}")
        )
        action.setToolTip(hint.format(what=what))

    action.toggled.connect(toggled)
    return action


class WelcomeDialog(QDialog):
    """The first-run dialog.

    Attributes:
        api_key_edit: the API key field (masked).
        continue_button: accepts with the key; enabled once a key is typed.
        sandbox_button: accepts with the sandbox.
    """

    def __init__(
        self,
        obs_summary: str,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        subtitle: str | None = None,
    ) -> None:
        """Build the dialog.

        Args:
            obs_summary: what is known about OBS on this computer.
            parent: the window it belongs to.
            title, subtitle: the heading, when the dialog asks for a key again (a
                rejected key) instead of welcoming a new user.
        """
        super().__init__(parent)
        welcome = self.tr("Welcome to {name}").format(name=APP_NAME)
        self.setWindowTitle(title or welcome)
        self.setWindowIcon(app_icon())
        self._use_sandbox = False

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(56, 56))
        logo.setAccessibleName(self.tr("{name} logo").format(name=APP_NAME))
        title_label = QLabel(title or welcome)
        title_font = title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.45)
        title_font.setBold(True)
        title_label.setFont(title_font)
        title_label.setAccessibleName(title_label.text())
        subtitle_label = QLabel(
            subtitle
            or self.tr(
                "Create a live stream, send it to OBS Studio and share the player link, in "
                "one click."
            )
        )
        subtitle_label.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title_label)
        heading.addWidget(subtitle_label)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.api_key_edit = QLineEdit()
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_edit.setPlaceholderText(self.tr("Paste your API key"))
        self.api_key_edit.setAccessibleName(self.tr("Comprimato API key"))
        self.api_key_edit.setClearButtonEnabled(False)
        add_reveal_action(self.api_key_edit, self.tr("API key"))
        key_label = QLabel(self.tr("Comprimato &API key:"))
        key_label.setBuddy(self.api_key_edit)
        key_hint = QLabel(self.tr("Kept in your system's keyring, never shown in logs."))
        key_hint.setWordWrap(True)
        muted(key_hint)

        obs_icon = QLabel()
        obs_icon.setPixmap(icon("obs").pixmap(20, 20))
        self.obs_label = QLabel()
        self.obs_label.setWordWrap(True)
        self.obs_label.setTextFormat(Qt.TextFormat.PlainText)
        self.obs_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.obs_label.setAccessibleName("OBS Studio")
        obs_title = QLabel(self.tr("OBS Studio:"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(key_label, 0, 0)
        grid.addWidget(self.api_key_edit, 0, 1)
        grid.addWidget(key_hint, 1, 1)
        obs_row = QHBoxLayout()
        obs_row.addWidget(obs_icon, 0, Qt.AlignmentFlag.AlignTop)
        obs_row.addWidget(self.obs_label, 1)
        grid.addWidget(obs_title, 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(obs_row, 2, 1)
        grid.setColumnStretch(1, 1)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        sandbox_hint = QLabel(
            self.tr(
                "No account yet? The sandbox runs a small Comprimato on this computer so you "
                "can try everything, OBS included, before you sign up."
            )
        )
        sandbox_hint.setWordWrap(True)
        muted(sandbox_hint)

        self.sandbox_button = QPushButton(icon("live"), self.tr("Try It with the &Sandbox"))
        self.sandbox_button.setAccessibleDescription(
            self.tr("Use a local test server instead of a Comprimato account")
        )
        self.sandbox_button.setAutoDefault(False)
        self.sandbox_button.clicked.connect(self._choose_sandbox)
        self.continue_button = QPushButton(self.tr("&Continue"))
        self.continue_button.setDefault(True)
        self.continue_button.setAccessibleDescription(self.tr("Save the API key and start"))
        self.continue_button.clicked.connect(self._choose_key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sandbox_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.addLayout(top)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(line)
        layout.addWidget(sandbox_hint)
        layout.addLayout(buttons)

        self.api_key_edit.textChanged.connect(self._key_changed)
        self._key_changed(self.api_key_edit.text())
        self.set_obs_summary(obs_summary)
        self.setTabOrder(self.api_key_edit, self.continue_button)
        self.setTabOrder(self.continue_button, self.sandbox_button)
        self.api_key_edit.setFocus()
        self.setMinimumWidth(520)

    def set_obs_summary(self, text: str) -> None:
        """What is known about OBS on this computer (found, server off, not installed)."""
        self.obs_label.setText(text or self.tr("Looking for OBS Studio…"))
        self.obs_label.setAccessibleDescription(self.obs_label.text())

    def choice(self) -> WelcomeChoice:
        """The user's choice; meaningful once the dialog was accepted."""
        if self._use_sandbox:
            return WelcomeChoice(use_sandbox=True, api_key=None)
        key = self.api_key_edit.text().strip()
        return WelcomeChoice(use_sandbox=False, api_key=key or None)

    def _key_changed(self, text: str) -> None:
        self.continue_button.setEnabled(bool(text.strip()))

    def _choose_key(self) -> None:
        if not self.api_key_edit.text().strip():
            self.api_key_edit.setFocus()
            return
        self._use_sandbox = False
        self.accept()

    def _choose_sandbox(self) -> None:
        self._use_sandbox = True
        self.accept()


def muted(label: QLabel) -> None:
    """Secondary text in the palette's placeholder colour; follows theme changes."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
