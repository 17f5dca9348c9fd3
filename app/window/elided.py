"""Text that is cut to fit with an ellipsis, the whole of it kept: on hover, on copy.

``ElidedLabel`` (a stream's name: cut at the end) and ``ElidedField`` (a read-only field,
the player link: cut in the middle, so both the address and the key at its end show).
Each holds the full text and shows what fits its width, again after every resize.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget

#: What a line edit keeps around its text (frame and inner margins), in pixels.
FIELD_PADDING = 10


class ElidedLabel(QLabel):
    """A one-line label that ends with "…" where its text does not fit; the tooltip has
    the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)


class ElidedField(QLineEdit):
    """A read-only field that shows its text cut in the middle where it does not fit.

    The tooltip and a copy (Ctrl+C) give the whole text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setReadOnly(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # its Copy: the cut

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self._full)
            return
        super().keyPressEvent(event)

    def _fit(self) -> None:
        width = self.contentsRect().width() - FIELD_PADDING
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
        if shown != self.text():
            self.setText(shown)
            self.setCursorPosition(0)


__all__ = ["ElidedField", "ElidedLabel"]
