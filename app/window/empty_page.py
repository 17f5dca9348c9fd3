"""The page shown with no stream selected: it always says what to do next.

Create your first stream, pick one, enter (or fix) the API key, unlock the keyring, or try
the sandbox; under it, what OBS is and the button that fixes it. It draws its slice of the
snapshot and skips redrawing when that slice has not changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from ..obs.link_state import LinkState

if TYPE_CHECKING:
    from ..golive.view_state import ViewState

FIRST_STREAM_TEXT = QT_TRANSLATE_NOOP(
    "MainWindow",
    "One click makes a Comprimato stream, puts its address and key into OBS, "
    "and gives you a link and QR code to share.",
)


class EmptyPage(QFrame):
    """No stream selected.

    Signals:
        primary_clicked(): the big button (create, or get a usable key).
        sandbox_clicked(): "Try it with the sandbox".
        fix_requested(str): the OBS line's button, with its ``FIX_*``.

    Attributes:
        title, text, button, sandbox_button: the page's heading, sentence and buttons.
        obs_line, obs_button: what OBS is, and the fix of its problem (hidden without one).
    """

    primary_clicked = Signal()
    sandbox_clicked = Signal()
    fix_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self.title = QLabel(translate("MainWindow", "Create your first stream"))
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel(translate_marked("MainWindow", FIRST_STREAM_TEXT))
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setObjectName("muted")
        self.button = QPushButton(translate("MainWindow", "Create stream"))
        self.button.setObjectName("primary")
        self.button.setAccessibleName(translate("MainWindow", "Create your first stream"))
        self.button.setEnabled(False)
        self.button.clicked.connect(self.primary_clicked)
        self.sandbox_button = QPushButton(translate("MainWindow", "Try it with the sandbox"))
        self.sandbox_button.setAccessibleName(translate("MainWindow", "Try it with the sandbox"))
        self.sandbox_button.setToolTip(
            translate("MainWindow", "Run a small Comprimato on this computer: no account needed")
        )
        self.sandbox_button.clicked.connect(self.sandbox_clicked)
        self.sandbox_button.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addWidget(self.sandbox_button)
        buttons.addStretch(1)
        self.obs_line = QLabel("")
        self.obs_line.setWordWrap(True)
        self.obs_line.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.obs_line.setObjectName("muted")
        self.obs_button = QPushButton("")
        self.obs_button.hide()
        self.obs_button.clicked.connect(self._obs_fix_clicked)
        self._obs_fix = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(14)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.obs_line)
        layout.addWidget(self.obs_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self._drawn: tuple[object, ...] | None = None

    def draw(self, state: ViewState) -> None:
        """Draw the page's slice of ``state``."""
        from ..golive.view_state import BUSY_CREATE

        obs = state.obs
        creating = BUSY_CREATE in state.busy
        drawn = (
            state.ready,
            state.mode,
            state.can_create,
            state.api_key_status,
            bool(state.streams),
            creating,
            obs.state,
            obs.version,
            obs.error,
            obs.sending,
            obs.held_label,
            state.obs_summary,
        )
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._draw_next_step(state, creating=creating)
        self._draw_obs(state)

    def _draw_next_step(self, state: ViewState, *, creating: bool) -> None:
        from ..golive.view_state import ApiKeyStatus, Mode

        needs_key = state.ready and state.mode is Mode.REAL and not state.can_create
        if needs_key and state.api_key_status is ApiKeyStatus.LOCKED:
            title = translate("MainWindow", "Your keyring is locked")
            text = translate(
                "MainWindow",
                "Your Comprimato API key is saved in the system keyring, which is locked. "
                "Unlock it, then try again.",
            )
            button = translate("MainWindow", "Try again")
        elif needs_key and state.api_key_status is ApiKeyStatus.REJECTED:
            title = translate("MainWindow", "Comprimato did not accept your API key")
            text = translate(
                "MainWindow",
                "It may have been mistyped, replaced or revoked. Enter the key shown in "
                "your Comprimato account, or try everything first with the sandbox.",
            )
            button = translate("MainWindow", "Enter a new API key…")
        elif needs_key:
            title = translate("MainWindow", "Connect your Comprimato account")
            text = translate(
                "MainWindow",
                "Enter your Comprimato API key to create streams. No account yet? The "
                "sandbox runs a small Comprimato on this computer, OBS included.",
            )
            button = translate("MainWindow", "Enter API key…")
        elif not state.streams:
            title = translate("MainWindow", "Create your first stream")
            text = translate_marked("MainWindow", FIRST_STREAM_TEXT)
            button = _create_label(creating)
        else:
            title = translate("MainWindow", "Pick or create a stream")
            text = translate(
                "MainWindow", "Pick a stream from the list on the left, or make a new one."
            )
            button = _create_label(creating)
        self.title.setText(title)
        self.text.setText(text)
        self.button.setText(button)
        self.button.setAccessibleName(button.rstrip("…"))
        self.button.setEnabled(state.ready and not creating)
        self.sandbox_button.setVisible(needs_key)

    def _draw_obs(self, state: ViewState) -> None:
        from .notices import fix_label

        obs = state.obs
        if obs.connected:
            version = f"OBS {obs.version.obs_version}" if obs.version else "OBS"
            if obs.sending:  # a stream cannot go into OBS while it streams
                line = translate(
                    "MainWindow",
                    "{obs} is streaming {what}: a new stream does not go into OBS until "
                    "that stops.",
                ).format(obs=version, what=state.obs.held_label or _other_settings())
            else:
                line = translate(
                    "MainWindow", "{obs} is connected: a new stream goes straight into it."
                ).format(obs=version)
            self.obs_line.setText(line)
        elif obs.error is not None:
            self.obs_line.setText(obs.error.text)
        elif obs.state is LinkState.CONNECTING:
            self.obs_line.setText(translate("MainWindow", "Looking for OBS Studio…"))
        else:
            self.obs_line.setText(state.obs_summary)
        fix = obs.fix
        self._obs_fix = fix
        self.obs_button.setText(fix_label(fix))
        self.obs_button.setVisible(bool(fix))

    def _obs_fix_clicked(self) -> None:
        if self._obs_fix:
            self.fix_requested.emit(self._obs_fix)


def _other_settings() -> str:
    return translate("MainWindow", "other settings")


def _create_label(creating: bool) -> str:
    return (
        translate("MainWindow", "Creating…")
        if creating
        else translate("MainWindow", "Create stream")
    )


__all__ = ["EmptyPage"]
