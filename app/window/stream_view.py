"""One stream: what to share (player link, QR code, player key), what to keep secret
(streamer key, SRT address) and what to do with it (send to OBS, go live, stop, restore).

Secrets stay masked until the user asks: the streamer key and the ``streamid`` part of
the SRT address are shown as dots until Reveal, and copying either says plainly that
whoever holds it can broadcast.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import CompanionError
from ..golive.view_state import (
    AREA_STREAM,
    BUSY_GO_LIVE,
    BUSY_RESTORE,
    BUSY_SEND,
    BUSY_STOP,
    Notice,
    ViewState,
)
from ..i18n import QT_TRANSLATE_NOOP, translate_marked
from .button_feedback import say_on_button
from .elided import ElidedField, ElidedLabel
from .error_dialog import InlineMessage
from .icons import icon
from .notices import show_notice
from .qr_view import QrCodeView
from .stream_list import display_name

MASK = "•" * 24

#: Side of the QR code in the stream view, quiet zone included (logical pixels).
QR_SIDE = 164

#: What the user is told whenever a secret lands on the clipboard.
COPIED_KEY_WARNING = QT_TRANSLATE_NOOP(
    "StreamView", "whoever holds it can broadcast on this stream, so share it with no one."
)


def _value_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setReadOnly(True)
    field.setAccessibleName(accessible_name)
    field.setCursorPosition(0)
    field.setMinimumWidth(120)
    return field


def _button(
    text: str, accessible_name: str, tooltip: str = "", icon_name: str | None = None
) -> QToolButton:
    """A compact text button (with an icon when one fits): rows of them stay narrow."""
    button = QToolButton()
    button.setText(text)
    button.setAccessibleName(accessible_name)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    if icon_name is not None:
        button.setIcon(icon(icon_name))
    if tooltip:
        button.setToolTip(tooltip)
    return button


def _action_button(text: str, accessible_name: str, tooltip: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setToolTip(tooltip)
    return button


class StreamView(QWidget):
    """The selected stream's links, keys, QR code and OBS actions.

    Signals:
        send_requested(): put this stream into OBS.
        live_button_clicked(): Go live / Stop was clicked (the window reads which from the
            snapshot, ``ViewState.on_air``).
        restore_requested(): give OBS back the user's earlier settings.
        restore_choose_requested(): show every saved setting, to choose which comes back.
        copied(str): something went to the clipboard; the sentence to show.
        dismiss_notice(str): the user closed the notice of an area.
        fix_requested(str): the button of a notice was pressed (a ``FIX_*`` name).
    """

    send_requested = Signal()
    live_button_clicked = Signal()
    restore_requested = Signal()
    restore_choose_requested = Signal()
    copied = Signal(str)
    dismiss_notice = Signal(str)
    fix_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._player_link = ""
        self._player_key = ""
        self._streamer_key = ""
        self._srt_address = ""
        self._srt_masked = ""
        self._revealed = False
        self._own_message = False
        self._large_qr: LargeQrWindow | None = None
        self._saves: set[asyncio.Future[None]] = set()

        self.title = ElidedLabel()
        self.title.setObjectName("streamTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("muted")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Sharing: player link and key.
        self.player_link_field = ElidedField()  # cut in the middle: both ends show
        self.player_link_field.setAccessibleName(self.tr("Player link"))
        self.player_link_field.setMinimumWidth(120)
        self.copy_link_button = _button(
            self.tr("Copy"),
            self.tr("Copy the player link"),
            self.tr("Copy the player link"),
            "copy",
        )
        self.open_link_button = _button(
            self.tr("Open"),
            self.tr("Open the player link in the browser"),
            self.tr("Open the player link in your browser"),
            "open",
        )
        # The link's field gets the width: Open is its icon (the tooltip says what it does).
        self.open_link_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.player_key_field = _value_field(self.tr("Player key"))
        self.copy_player_key_button = _button(
            self.tr("Copy"),
            self.tr("Copy the player key"),
            self.tr("Whoever has it can watch"),
            "copy",
        )

        # Secrets: streamer key and SRT address.
        self.streamer_key_field = _value_field(self.tr("Streamer key"))
        self.streamer_key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.streamer_key_field.setToolTip(
            self.tr("Secret: whoever holds the streamer key can broadcast on this stream.")
        )
        self.reveal_button = _button(
            self.tr("Reveal"),
            self.tr("Reveal the streamer key"),
            self.tr("Show the streamer key and SRT address"),
            "reveal",
        )
        self.reveal_button.setCheckable(True)
        self.copy_streamer_key_button = _button(
            self.tr("Copy"),
            self.tr("Copy the streamer key"),
            self.tr("Secret: whoever holds it can broadcast"),
            "copy",
        )
        self.srt_field = _value_field(self.tr("SRT address for other encoders"))
        self.srt_field.setToolTip(
            self.tr("For vMix, ffmpeg or hardware encoders. Secret: it contains the streamer key.")
        )
        self.copy_srt_button = _button(
            self.tr("Copy"),
            self.tr("Copy the SRT address"),
            self.tr("For vMix, ffmpeg or hardware encoders"),
            "copy",
        )

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        share_caption = QLabel(self.tr("SHARE WITH VIEWERS"))
        share_caption.setObjectName("metricCaption")
        secret_label = QLabel(self.tr("FOR OBS OR ANOTHER ENCODER · KEEP SECRET"))
        secret_label.setObjectName("metricCaption")
        secret_label.setWordWrap(True)  # a long caption takes two lines, not the width
        # Reveal shows both secrets: it sits on their caption, and leaves the fields room.
        secret_caption = QWidget()
        secret_row = QHBoxLayout(secret_caption)
        secret_row.setContentsMargins(0, 0, 0, 0)
        secret_row.addWidget(secret_label, 1, Qt.AlignmentFlag.AlignBottom)
        secret_row.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignBottom)
        rows: list[tuple[str, QLineEdit, list[QToolButton]] | QWidget] = [
            share_caption,
            (
                self.tr("Player link"),
                self.player_link_field,
                [self.copy_link_button, self.open_link_button],
            ),
            (self.tr("Player key"), self.player_key_field, [self.copy_player_key_button]),
            secret_caption,
            (
                self.tr("Streamer key"),
                self.streamer_key_field,
                [self.copy_streamer_key_button],
            ),
            (self.tr("SRT address"), self.srt_field, [self.copy_srt_button]),
        ]
        for row, entry in enumerate(rows):
            if not isinstance(entry, tuple):
                if row:  # air between the two groups
                    grid.setRowMinimumHeight(row, 30)
                grid.addWidget(entry, row, 0, 1, 4, Qt.AlignmentFlag.AlignBottom)
                continue
            label_text, field, buttons = entry
            label = QLabel(label_text)
            label.setObjectName("fieldLabel")
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            for column, button in enumerate(buttons, start=2):
                grid.addWidget(button, row, column)

        # QR code of the player link: big enough to scan at arm's length; "Show large"
        # fills a window or the screen for a room.
        self.qr = QrCodeView()
        self.qr.setFixedSize(QSize(QR_SIDE, QR_SIDE))
        self.copy_qr_button = _button(
            self.tr("Copy"),
            self.tr("Copy the QR code image"),
            self.tr("Copy the QR code image"),
            "copy",
        )
        self.save_png_button = _button(
            self.tr("PNG…"), self.tr("Save the QR code as PNG"), self.tr("Save as PNG image")
        )
        self.save_svg_button = _button(
            self.tr("SVG…"),
            self.tr("Save the QR code as SVG"),
            self.tr("Save as SVG (vector, for print)"),
        )
        self.large_qr_button = _button(
            self.tr("Show large"),
            self.tr("Show the QR code large"),
            self.tr("Show the QR code in its own window, to scan from across the room"),
        )
        qr_buttons = QHBoxLayout()
        qr_buttons.setSpacing(4)
        qr_buttons.addStretch(1)
        for button in (self.copy_qr_button, self.save_png_button, self.save_svg_button):
            qr_buttons.addWidget(button)
        qr_buttons.addStretch(1)
        qr_caption = QLabel(self.tr("Scan to watch on a phone"))
        qr_caption.setObjectName("muted")
        qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.qr_column = QWidget()
        qr_column = QVBoxLayout(self.qr_column)
        qr_column.setContentsMargins(0, 0, 0, 0)
        qr_column.setSpacing(6)
        qr_column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_column.addWidget(qr_caption)
        qr_column.addLayout(qr_buttons)
        qr_column.addWidget(self.large_qr_button, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_column.addStretch(1)

        self.details = details = QVBoxLayout()
        details.setSpacing(10)
        details.addLayout(grid)
        details.addStretch(1)

        # Side by side when there is room, the QR code under the fields when narrow.
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(14)
        self.body.addLayout(details, 1)
        self.body.addWidget(self.qr_column, 0, Qt.AlignmentFlag.AlignTop)

        # OBS actions.
        self.send_button = _action_button(
            self.tr("Send to OBS"),
            self.tr("Send this stream to OBS"),
            self.tr("Put the SRT address and key into OBS"),
        )
        self.go_live_button = _action_button(
            self.tr("Go live"),
            self.tr("Go live"),
            self.tr("Start or stop streaming in OBS (Ctrl+L)"),
        )
        self.go_live_button.setObjectName("primary")
        self.go_live_button.setMinimumWidth(120)
        self.restore_button = _action_button(
            self.tr("Restore my previous OBS settings"),
            self.tr("Restore my previous OBS settings"),
            self.tr("Give OBS back the stream settings it had before"),
        )
        self.restore_button.setObjectName("flat")
        self.restore_choose_button = _action_button(
            self.tr("Earlier settings…"),
            self.tr("Choose earlier OBS settings"),
            self.tr("Every stream setting of yours that was saved: choose which comes back"),
        )
        self.restore_choose_button.setObjectName("flat")
        self.message = InlineMessage()

        # The stream's name with its two main actions beside it: Go live is never below
        # the fold, and a failure shows right under the button that failed.
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QVBoxLayout()
        head.setSpacing(2)
        head.addWidget(self.title)
        head.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addLayout(head, 1)
        self.send_button.setMinimumHeight(self.go_live_button.sizeHint().height())
        top.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.go_live_button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Under the fields, where the QR column leaves room: rarely needed, never hidden.
        restore_row = QHBoxLayout()
        restore_row.setSpacing(4)
        restore_row.addWidget(self.restore_button)
        restore_row.addWidget(self.restore_choose_button)
        restore_row.addStretch(1)
        self.details.addLayout(restore_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.message)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("rule")
        layout.addWidget(rule)
        layout.addLayout(self.body)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.copy_link_button.clicked.connect(self.copy_player_link)
        self.open_link_button.clicked.connect(self._open_link)
        self.copy_player_key_button.clicked.connect(
            lambda: self._copy(
                self._player_key,
                self.tr("Player key copied; it lets anyone watch."),
                self.copy_player_key_button,
            )
        )
        self.copy_streamer_key_button.clicked.connect(
            lambda: self._copy(
                self._streamer_key,
                self.tr("Streamer key copied: {warning}").format(warning=self._key_warning()),
                self.copy_streamer_key_button,
            )
        )
        self.copy_srt_button.clicked.connect(
            lambda: self._copy(
                self._srt_address,
                self.tr("SRT address copied: {warning}").format(warning=self._key_warning()),
                self.copy_srt_button,
            )
        )
        self.reveal_button.toggled.connect(self.set_revealed)
        self.copy_qr_button.clicked.connect(self._copy_qr)
        self.save_png_button.clicked.connect(lambda: self._ask_save("png"))
        self.save_svg_button.clicked.connect(lambda: self._ask_save("svg"))
        self.large_qr_button.clicked.connect(self.show_large_qr)
        self.qr.save_failed.connect(self._show_error)
        self.qr.save_handler = self._save_qr_to
        self.qr.clicked.connect(self.show_large_qr)
        self.qr.setCursor(Qt.CursorShape.PointingHandCursor)
        self.send_button.clicked.connect(self.send_requested)
        self.go_live_button.clicked.connect(self.live_button_clicked)
        self.restore_button.clicked.connect(self.restore_requested)
        self.restore_choose_button.clicked.connect(self.restore_choose_requested)

    # --- state --------------------------------------------------------------------------

    def update_state(self, state: ViewState) -> None:
        """Show the selected stream of ``state``: ``draw_stream``, then its notice."""
        self.draw_stream(state)
        self.draw_notice(state.notices.get(AREA_STREAM))

    def draw_stream(self, state: ViewState) -> None:
        """The selected stream of ``state``: keys, links, buttons (not its notice)."""
        stored = state.selected
        if stored is None:
            return
        stream_id = stored.stream.id
        self.title.set_full_text(display_name(stored))
        self.subtitle.setText(f"Id {stream_id}")
        link = state.player_link() or ""
        if link != self._player_link:
            self._player_link = link
            self.player_link_field.set_full_text(link)
            self.qr.set_text(link)
            if self._large_qr is not None:
                self._large_qr.set_link(link)
        if stored.stream.streamer_key != self._streamer_key:
            self.set_revealed(False)
        if stored.stream.player_key != self._player_key:
            self._player_key = stored.stream.player_key
            self.player_key_field.setText(self._player_key)
            self.player_key_field.setCursorPosition(0)
        if stored.stream.streamer_key != self._streamer_key:
            self._streamer_key = stored.stream.streamer_key
            self.streamer_key_field.setText(self._streamer_key)
            self.streamer_key_field.setCursorPosition(0)  # the start, not the last dots
        self._srt_address = state.srt_address() or ""
        self._srt_masked = (
            self._srt_address.replace(stored.stream.streamer_key, MASK[:12])
            if self._srt_address
            else ""
        )
        self._show_srt()

        obs = state.obs
        busy = state.busy
        # The live status is this stream's own: OBS's output shows there only while OBS
        # holds this stream (read from OBS, see ObsView).
        output = state.live.obs_output.name if state.live is not None else "STOPPED"
        on_air = state.on_air
        elsewhere = state.live_elsewhere
        holds = obs.holds(stream_id)
        self.send_button.setText(self.tr("Sent to OBS ✓") if holds else self.tr("Send to OBS"))
        self.send_button.setEnabled(
            BUSY_SEND not in busy and not on_air and elsewhere is None
        )
        if BUSY_GO_LIVE in busy or output == "STARTING":
            self.go_live_button.setText(self.tr("Starting…"))
        elif BUSY_STOP in busy or output == "STOPPING":
            self.go_live_button.setText(self.tr("Stopping…"))
        else:
            self.go_live_button.setText(
                self.tr("Stop") if on_air else self.tr("Go live")
            )
        look = "danger" if on_air else "primary"
        if self.go_live_button.objectName() != look:  # re-styling relays out: on a change
            self.go_live_button.setObjectName(look)
            self.go_live_button.style().unpolish(self.go_live_button)
            self.go_live_button.style().polish(self.go_live_button)
        self.go_live_button.setAccessibleName(
            self.tr("Stop streaming") if on_air else self.tr("Go live")
        )
        self.go_live_button.setEnabled(
            BUSY_GO_LIVE not in busy
            and BUSY_STOP not in busy
            and output != "STOPPING"
            and elsewhere is None
        )
        self.go_live_button.setToolTip(
            self.tr("OBS is live with {what}: switch to it, or stop it first").format(
                what=elsewhere
            )
            if elsewhere is not None
            else self.tr("Start or stop streaming in OBS (Ctrl+L)")
        )
        restorable = BUSY_RESTORE not in busy and not on_air and elsewhere is None
        self.restore_button.setEnabled(restorable)
        self.restore_choose_button.setEnabled(restorable)

    def draw_notice(self, notice: Notice | None) -> None:
        """The stream's notice (redrawn only when it changes). A message of the view's own
        (no browser opened, a save failed) stays until dismissed or a notice replaces it."""
        if notice is None and self.message.kind and self._own_message:
            return
        self._own_message = False
        show_notice(self.message, notice, self.fix_requested.emit)

    def _own(self) -> InlineMessage:
        """The message area, for a message of the view's own (see ``draw_notice``)."""
        self._own_message = True
        return self.message

    def set_revealed(self, revealed: bool) -> None:
        """Show or mask the streamer key and the key inside the SRT address."""
        self._revealed = revealed
        if self.reveal_button.isChecked() != revealed:
            self.reveal_button.setChecked(revealed)
        self.reveal_button.setText(self.tr("Hide") if revealed else self.tr("Reveal"))
        self.reveal_button.setAccessibleName(
            self.tr("Hide the streamer key") if revealed else self.tr("Reveal the streamer key")
        )
        self.streamer_key_field.setEchoMode(
            QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        )
        self._show_srt()

    def is_revealed(self) -> bool:
        return self._revealed

    def copy_player_link(self) -> None:
        """Copy the link (the button, Ctrl+Shift+C, the tray): its button says so."""
        self._copy(self._player_link, self.tr("Player link copied."), self.copy_link_button)

    def _key_warning(self) -> str:
        return translate_marked("StreamView", COPIED_KEY_WARNING)

    # --- handlers -----------------------------------------------------------------------

    def _show_srt(self) -> None:
        shown = self._srt_address if self._revealed else self._srt_masked
        if shown != self.srt_field.text():  # setting the same text still repaints the field
            self.srt_field.setText(shown)
            self.srt_field.setCursorPosition(0)

    def _copy(self, text: str, said: str, button: QToolButton | None = None) -> None:
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        if button is not None:
            say_on_button(button, self.tr("Copied ✓"))
        self.copied.emit(said)

    def _copy_qr(self) -> None:
        try:
            self.qr.copy_image()
        except CompanionError as error:
            self._show_error(error)
            return
        say_on_button(self.copy_qr_button, self.tr("Copied ✓"))
        self.copied.emit(self.tr("QR code image copied."))

    def _open_link(self) -> None:
        """Open the link in the browser; say so on the button, and when none opened."""
        from .browser import open_link

        link = self._player_link
        if not link:
            return

        def failed() -> None:
            self._own().show_error(
                self.tr("No browser could be opened for the player link."),
                self.tr("Copy the link and paste it into your browser."),
                (self.tr("Copy link"), self.copy_player_link),
            )

        say_on_button(self.open_link_button, self.tr("Opening…"))
        open_link(link, failed)

    def _ask_save(self, kind: str) -> None:
        if not self.qr.has_code():
            return
        dialog = QFileDialog(self, self.tr("Save QR Code as {kind}").format(kind=kind.upper()))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(
            self.tr("{kind} image (*.{suffix})").format(kind=kind.upper(), suffix=kind)
        )
        dialog.setDefaultSuffix(kind)
        dialog.selectFile(f"player-link-qr.{kind}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        dialog.fileSelected.connect(self._save_qr_to)
        dialog.open()

    def _save_qr_to(
        self, path: str, qr: QrCodeView | None = None, message: InlineMessage | None = None
    ) -> None:
        """Encode the image here (Qt painting), write the file in a worker thread.

        Args:
            path: the file the user chose.
            qr: the code to save (this view's by default; the large window passes its own).
            message: where a failure (and, for the large window, success) is shown.
        """
        import asyncio

        from .qr_view import write_export

        source = qr if qr is not None else self.qr
        shown_in = message if message is not None else self._own()
        try:
            data = source.export_bytes(path)
        except CompanionError as error:
            shown_in.show_companion_error(error)
            return

        async def write() -> None:
            try:
                await asyncio.to_thread(write_export, path, data)
            except CompanionError as error:
                shown_in.show_companion_error(error)
                return
            saved = self.tr("QR code saved to {path}.").format(path=path)
            if message is not None:
                message.show_info(saved)
            self.copied.emit(saved)

        task = asyncio.ensure_future(write())
        self._saves.add(task)
        task.add_done_callback(self._saves.discard)

    def show_large_qr(self) -> None:
        """The QR code in its own resizable window (F11 or double-click: full screen)."""
        if not self.qr.has_code():
            return
        if self._large_qr is None:
            large = LargeQrWindow(self)
            # Its "Save Image As" writes off the GUI thread too, failures shown in it.
            large.qr.save_handler = lambda path: self._save_qr_to(path, large.qr, large.message)
            self._large_qr = large
        self._large_qr.set_link(self._player_link)
        self._large_qr.show()
        self._large_qr.raise_()
        self._large_qr.activateWindow()

    @property
    def large_qr(self) -> LargeQrWindow | None:
        return self._large_qr

    def set_narrow(self, narrow: bool) -> None:
        """Put the QR code under the fields (narrow window) or beside them."""
        wanted = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.body.direction() != wanted:
            self.body.setDirection(wanted)
            self.body.setAlignment(
                self.qr_column,
                Qt.AlignmentFlag.AlignHCenter if narrow else Qt.AlignmentFlag.AlignTop,
            )

    def is_narrow(self) -> bool:
        return self.body.direction() == QBoxLayout.Direction.TopToBottom

    def _show_error(self, error: object) -> None:
        if isinstance(error, CompanionError):
            self._own().show_error(error.message, error.next_step)


class LargeQrWindow(QWidget):
    """The player link's QR code as large as the window: to scan from across a room.

    A separate top-level window the user can resize, move to another screen, or make full
    screen (F11, or a double-click); Escape closes it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Scan to watch"))
        self.setAccessibleName(self.tr("Large QR code of the player link"))
        self.qr = QrCodeView()
        self.qr.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.link_label = QLabel("")
        self.link_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.link_label.setWordWrap(True)
        font = self.link_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.link_label.setFont(font)
        self.message = InlineMessage()
        hint = QLabel(self.tr("F11: full screen · Esc: close"))
        hint.setObjectName("muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.link_label)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        # White around the code whatever the theme: scanners need the contrast.
        self.setStyleSheet("LargeQrWindow { background: white; } QLabel { color: #111; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        side = int(screen.availableGeometry().height() * 0.75)
        self.resize(QSize(side, side + 60))

    def set_link(self, link: str) -> None:
        self.qr.set_text(link)
        self.link_label.setText(link)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggle_full_screen()
        event.accept()
