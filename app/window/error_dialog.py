"""What the user sees when something fails: inline messages, and the bug dialog.

Expected failures (``CompanionError``) are shown where they happened, by ``InlineMessage``,
in the error's own two sentences. Only an unexpected exception, a bug, reaches the
exception hook: it opens one dialog with a friendly sentence, the details collapsed, and
Copy details. The details are scrubbed of every known secret (API key, streamer keys, OBS
password) and of anything shaped like one before they are shown, copied or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..errors import CompanionError

# Re-exported: the scrubbing rules live in a Qt-free module (the log file uses them too).
from ..redaction import REDACTED as REDACTED
from ..redaction import scrub as scrub
from .theme import colors_for

log = logging.getLogger(__name__)

SecretsGetter = Callable[[], Iterable[str | None]]


def _environment_summary() -> str:
    return (
        f"{APP_NAME} {__version__}, Python {platform.python_version()}, "
        f"PySide6 {pyside_version}, {platform.platform()}"
    )


def describe_exception(
    error: BaseException, tb: TracebackType | None = None, *, where: str = ""
) -> str:
    """The unscrubbed report of one exception: when, where, versions, traceback."""
    lines = [
        f"Time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"Version: {_environment_summary()}",
    ]
    if where:
        lines.append(f"Where: {where}")
    lines.append("")
    lines.extend(traceback.format_exception(type(error), error, tb or error.__traceback__))
    return "\n".join(line.rstrip("\n") for line in lines)


class ErrorDialog(QDialog):
    """The dialog for a bug: one friendly sentence, details behind a toggle, Copy details.

    Attributes:
        details: the scrubbed report text (all reports shown so far).
        count: how many unexpected errors this dialog has collected.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{name}: unexpected error").format(name=APP_NAME))
        self.setModal(False)
        self.details = ""
        self.count = 0

        from PySide6.QtWidgets import QStyle  # not at import: its set-up is some 5 ms

        icon_label = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, self)
        icon_label.setPixmap(
            self.style()
            .standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical, None, self)
            .pixmap(size, size)
        )
        icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon_label.setAccessibleName(self.tr("Error"))

        self._headline = QLabel()
        self._headline.setTextFormat(Qt.TextFormat.PlainText)
        self._headline.setWordWrap(True)
        font = self._headline.font()
        font.setBold(True)
        self._headline.setFont(font)
        body = QLabel(
            self.tr(
                "This is a fault in the program, not something you did. You can keep working; "
                "if it happens again, copy the details and send them to us with a line about "
                "what you were doing. Secrets such as keys and passwords are removed from them."
            )
        )
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setWordWrap(True)
        # Wrap at the dialog's real width, so the height hint fits the text.
        body.setMinimumWidth(380)

        self.toggle = QToolButton()
        self.toggle.setText(self.tr("Show &details"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._show_details)

        self.details_view = QPlainTextEdit()
        self.details_view.setReadOnly(True)
        self.details_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_view.setAccessibleName(self.tr("Error details"))
        self.details_view.setMinimumHeight(180)
        fixed = QGuiApplication.font()
        fixed.setFamily("monospace")
        fixed.setStyleHint(fixed.StyleHint.Monospace)
        self.details_view.setFont(fixed)
        self.details_view.hide()

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Copy Details"))
        self.copy_button.setAccessibleDescription(
            self.tr("Copies the error details, without secrets")
        )
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        self.copy_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        text_column = QVBoxLayout()
        text_column.addWidget(self._headline)
        text_column.addWidget(body)
        text_column.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        text_column.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon_label)
        top.addLayout(text_column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self._update_headline()

    def add_report(self, scrubbed_report: str) -> None:
        """Add one (already scrubbed) report; repeated errors collect in one dialog."""
        self.count += 1
        separator = "\n\n" + "-" * 60 + "\n\n" if self.details else ""
        self.details = f"{self.details}{separator}{scrubbed_report}"
        self.details_view.setPlainText(self.details)
        self._update_headline()

    def _update_headline(self) -> None:
        if self.count > 1:
            self._headline.setText(
                self.tr("Something went wrong inside {name} ({count} times).").format(
                    name=APP_NAME, count=self.count
                )
            )
        else:
            self._headline.setText(
                self.tr("Something went wrong inside {name}.").format(name=APP_NAME)
            )

    def _show_details(self, shown: bool) -> None:
        self.details_view.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.toggle.setText(self.tr("Hide &details") if shown else self.tr("Show &details"))
        self.adjustSize()

    def copy_details(self) -> None:
        """Put the scrubbed details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))


class _ExceptionReporter(QObject):
    """Carries reports to the GUI thread (signals queue across threads) and shows them."""

    report = Signal(str)
    expected = Signal(object)

    def __init__(
        self,
        parent_getter: Callable[[], QWidget | None],
        secrets: SecretsGetter | None,
        on_expected: Callable[[CompanionError], None] | None = None,
    ) -> None:
        super().__init__()
        self._parent_getter = parent_getter
        self._secrets = secrets
        self._on_expected = on_expected
        self.dialog: ErrorDialog | None = None
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.expected.connect(self._show_expected, Qt.ConnectionType.QueuedConnection)

    def scrubbed(self, text: str) -> str:
        secrets: Iterable[str | None] = ()
        if self._secrets is not None:
            try:
                secrets = list(self._secrets())
            except Exception:
                # The store may be what broke; scrub by shape alone rather than fail here.
                secrets = ()
        return scrub(text, secrets)

    def handle(self, error: BaseException, tb: TracebackType | None, where: str) -> None:
        """From any thread: log and show one unexpected exception, scrubbed.

        An expected failure (``CompanionError``) that escaped its action is not a fault in
        the program: it goes to ``on_expected`` (a notice) when there is one.
        """
        if isinstance(error, CompanionError) and self._on_expected is not None:
            log.warning("a failure reached the exception hook: %s", type(error).__name__)
            if isinstance(QGuiApplication.instance(), QGuiApplication):
                self.expected.emit(error)
            return
        report = self.scrubbed(describe_exception(error, tb, where=where))
        log.error("unexpected error\n%s", report)
        if isinstance(QGuiApplication.instance(), QGuiApplication):
            self.report.emit(report)

    def _show(self, report: str) -> None:
        if self.dialog is None:
            self.dialog = ErrorDialog(self._parent_getter())
            self.dialog.finished.connect(self._closed)
        self.dialog.add_report(report)
        self.dialog.show()
        self.dialog.raise_()

    def _show_expected(self, error: CompanionError) -> None:
        if self._on_expected is not None:
            self._on_expected(error)

    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None


_reporter: _ExceptionReporter | None = None


def current_reporter() -> _ExceptionReporter | None:
    """The installed reporter (tests and the window's "report a problem" use it)."""
    return _reporter


def install_exception_hook(
    parent_getter: Callable[[], QWidget | None],
    *,
    secrets: SecretsGetter | None = None,
    loop: asyncio.AbstractEventLoop | None = None,
    on_expected: Callable[[CompanionError], None] | None = None,
) -> None:
    """Show unexpected exceptions in a dialog instead of only on stderr.

    Covers ``sys.excepthook`` (Qt slots, ``@asyncSlot`` tasks), ``threading.excepthook``
    and the asyncio loop's exception handler (tasks nobody awaited).

    Args:
        parent_getter: returns the window the dialog belongs to (None when there is none).
        secrets: returns the secret values to scrub right now (API key, OBS password,
            streamer keys); called for every report.
        loop: the asyncio loop (qasync's); by default the running one. Pass it when
            installing before the loop runs.
        on_expected: shows a ``CompanionError`` that escaped its action as a notice
            (on the GUI thread) instead of the dialog.
    """
    global _reporter
    reporter = _ExceptionReporter(parent_getter, secrets, on_expected)
    _reporter = reporter

    def excepthook(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        reporter.handle(error, tb, "")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        reporter.handle(args.exc_value, args.exc_traceback, f"thread {name}")

    def loop_handler(event_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if isinstance(error, asyncio.CancelledError):
            return
        if isinstance(error, BaseException):
            reporter.handle(error, error.__traceback__, str(context.get("message", "")))
            return
        log.error("asyncio: %s", reporter.scrubbed(str(context.get("message", context))))

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    if loop is None:
        # Only a loop that runs: asking the policy would create a stray one.
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
    if loop is not None:
        loop.set_exception_handler(loop_handler)


class InlineMessage(QFrame):
    """A message shown next to what it is about: error or information, with a next step.

    Hidden while empty. Plain text only (messages may quote user input). Screen readers
    are told when a message appears.

    Attributes:
        kind: ``"error"``, ``"info"`` or ``""`` when cleared.
        action_button: the optional action ("Retry", "Open Settings").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self._action: Callable[[], None] | None = None
        self.setObjectName("inlineMessage")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self._icon = QLabel()
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel()
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._run_action)
        self.action_button.hide()
        self._close = QToolButton()
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setToolTip(self.tr("Dismiss"))
        self._close.setAccessibleName(self.tr("Dismiss message"))
        self._close.clicked.connect(self.clear)

        # The action sits under the sentences: a narrow sidebar keeps both readable.
        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(6)
        body.addWidget(self._text)
        body.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 6, 8)
        layout.setSpacing(8)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(body, 1)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return self._text.text()

    def show_error(
        self,
        message: str,
        next_step: str = "",
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """Show a failure: what went wrong, then what to do."""
        self._show("error", message, next_step, action)

    def show_info(
        self,
        message: str,
        next_step: str = "",
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """Show a neutral notice (a notice about a set-aside settings file, ...)."""
        self._show("info", message, next_step, action)

    def show_companion_error(
        self, error: CompanionError, action: tuple[str, Callable[[], None]] | None = None
    ) -> None:
        """Show a ``CompanionError`` in its own two sentences."""
        self.show_error(error.message, error.next_step, action)

    def clear(self) -> None:
        """Hide the message."""
        self.kind = ""
        self._text.clear()
        self._action = None
        self.action_button.hide()
        self.hide()

    def _show(
        self,
        kind: str,
        message: str,
        next_step: str,
        action: tuple[str, Callable[[], None]] | None,
    ) -> None:
        self.kind = kind
        from PySide6.QtWidgets import QStyle  # set up with the first message, not at start

        text = f"{message} {next_step}".strip()
        self._text.setText(text)
        pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical
        if kind == "info":
            pixmap = QStyle.StandardPixmap.SP_MessageBoxInformation
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
        self._icon.setPixmap(self.style().standardIcon(pixmap, None, self).pixmap(size, size))
        if action is not None:
            self.action_button.setText(action[0])
            self._action = action[1]
            self.action_button.show()
        else:
            self._action = None
            self.action_button.hide()
        self.setAccessibleName(self.tr("Error") if kind == "error" else self.tr("Information"))
        self.setAccessibleDescription(text)
        self.update()
        self.show()
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def paintEvent(self, event: QPaintEvent) -> None:
        """A tinted, rounded panel in the message's colour; follows the palette."""
        colors = colors_for(self)
        accent = QColor(colors.error if self.kind == "error" else colors.info)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(accent)
        fill.setAlpha(30)
        edge = QColor(accent)
        edge.setAlpha(150)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()

    def _run_action(self) -> None:
        if self._action is not None:
            self._action()
