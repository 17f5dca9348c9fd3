"""The QR code of the player link: drawn from segno's module matrix, never from a bitmap.

Each dark module is a filled rectangle (runs of a row merged into one) whose edges fall on
device pixels whenever the size allows, so the code is sharp at any size and device pixel
ratio. The code keeps a quiet zone of four modules and is always black on white: phone
scanners need the contrast whatever the theme.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import segno
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QFileDialog, QMenu, QSizePolicy, QWidget

from ..errors import CompanionError
from ..i18n import translate
from .icons import icon

#: Modules of white around the symbol, as the QR specification asks.
QUIET_ZONE = 4

_DARK = QColor(0, 0, 0)
_LIGHT = QColor(255, 255, 255)


class QrCodeNotAvailable(CompanionError):
    """There is no QR code to export: no link yet, or a link too long for a QR code."""


class QrImageNotSaved(CompanionError):
    """Writing the QR code to a file failed."""


def write_export(path: str, data: bytes) -> None:
    """Write an exported QR code to ``path`` (safe on any thread: no Qt).

    Raises:
        QrImageNotSaved: the file could not be written, with the reason.
    """
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as error:
        raise QrImageNotSaved(
            translate("QrCodeView", "Could not save the QR code to {path} ({reason}).").format(
                path=target, reason=error.strerror or translate("QrCodeView", "write failed")
            ),
            translate("QrCodeView", "Choose a folder you can write to, or another name."),
        ) from None


class _Symbol:
    """A segno QR code reduced to what painting needs: its side and its dark runs.

    Attributes:
        modules: side of the symbol including the quiet zone, in modules.
        runs: ``(row, column, length)`` of horizontal runs of dark modules, quiet zone
            included in the coordinates.
    """

    def __init__(self, code: segno.QRCode) -> None:
        self.code = code
        matrix = code.matrix
        self.modules = len(matrix) + 2 * QUIET_ZONE
        runs: list[tuple[int, int, int]] = []
        for row_index, row in enumerate(matrix):
            start = -1
            for column, value in enumerate(row):
                if value and start < 0:
                    start = column
                elif not value and start >= 0:
                    runs.append((row_index + QUIET_ZONE, start + QUIET_ZONE, column - start))
                    start = -1
            if start >= 0:
                runs.append((row_index + QUIET_ZONE, start + QUIET_ZONE, len(row) - start))
        self.runs = runs


def _paint_symbol(painter: QPainter, symbol: _Symbol, origin: QPointF, module: float) -> None:
    """White square with the quiet zone, then the dark runs; no antialiasing, no gaps."""
    side = symbol.modules * module
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillRect(QRectF(origin.x(), origin.y(), side, side), _LIGHT)
    x0, y0 = origin.x(), origin.y()
    for row, column, length in symbol.runs:
        painter.fillRect(
            QRectF(x0 + column * module, y0 + row * module, length * module, module), _DARK
        )
    painter.restore()


def _layout(side_device_px: int, modules: int) -> tuple[float, float]:
    """Module size and symbol side in device pixels for a square of ``side_device_px``.

    Whole device pixels per module when at least one fits (crisp edges); a fraction only
    when the square is smaller than the symbol.
    """
    whole = side_device_px // modules
    module = float(whole) if whole >= 1 else side_device_px / modules
    return module, module * modules


class QrCodeView(QWidget):
    """Shows a QR code of a text (the player link), and exports it.

    Signals:
        save_failed: a ``CompanionError`` from a save started by the context menu.
        clicked: the code was clicked with the left button (the window shows it large).
    """

    save_failed = Signal(object)
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._symbol: _Symbol | None = None
        self._problem: str | None = None
        #: Saves the file the context menu's dialog chose, instead of ``save``.
        self.save_handler: Callable[[str], None] | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(self.tr("QR code of the player link"))
        self.setAccessibleDescription(translate("QrCodeView", "No link yet."))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)

    # -- content ------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Encode ``text``; an empty text clears the code."""
        if text == self._text:
            return
        self._text = text
        self._symbol = None
        self._problem = None
        if text:
            try:
                self._symbol = _Symbol(segno.make(text, error="q", micro=False))
            except segno.DataOverflowError:
                self._problem = translate("QrCodeView", "This link is too long for a QR code.")
        if self._symbol is not None:
            self.setAccessibleDescription(
                translate("QrCodeView", "Scan it to open {link}").format(link=text)
            )
            self.setToolTip(text)
        else:
            self.setAccessibleDescription(self._problem or translate("QrCodeView", "No link yet."))
            self.setToolTip("")
        self.update()

    def text(self) -> str:
        """The encoded text ("" when there is none)."""
        return self._text

    def has_code(self) -> bool:
        """Whether there is a code to show, copy and save."""
        return self._symbol is not None

    def _require_symbol(self) -> _Symbol:
        if self._symbol is None:
            if self._problem:
                raise QrCodeNotAvailable(
                    self._problem, translate("QrCodeView", "Shorten the player URL template.")
                )
            raise QrCodeNotAvailable(
                translate("QrCodeView", "There is no player link to make a QR code of yet."),
                translate("QrCodeView", "Create a stream first."),
            )
        return self._symbol

    # -- export ---------------------------------------------------------------------------

    def to_image(self, size_px: int = 1024) -> QImage:
        """A ``size_px`` square image of the code (quiet zone included), black on white."""
        symbol = self._require_symbol()
        size_px = max(1, int(size_px))
        image = QImage(size_px, size_px, QImage.Format.Format_RGB32)
        image.fill(_LIGHT)
        module, side = _layout(size_px, symbol.modules)
        offset = (size_px - side) / 2
        if module.is_integer():
            offset = float(int(offset))
        painter = QPainter(image)
        _paint_symbol(painter, symbol, QPointF(offset, offset), module)
        painter.end()
        return image

    def save(self, path: str) -> None:
        """Save as PNG (1024 px) or SVG (vector, from segno), chosen by the file's suffix.

        Writes on the calling thread; the window encodes with ``export_bytes`` and writes
        with ``write_export`` in a worker thread instead.
        """
        write_export(path, self.export_bytes(path))

    def export_bytes(self, path: str) -> bytes:
        """The file content for ``path``: a 1024 px PNG or an SVG, by its suffix.

        Raises:
            QrCodeNotAvailable: no code to export.
            QrImageNotSaved: the suffix is neither .png nor .svg.
        """
        symbol = self._require_symbol()
        suffix = Path(path).suffix.lower()
        if suffix == ".png":
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if not self.to_image(1024).save(buffer, "PNG"):  # type: ignore[call-overload]
                raise QrImageNotSaved(
                    translate("QrCodeView", "The QR code could not be encoded as PNG."),
                    translate("QrCodeView", "Try SVG."),
                )
            buffer.close()
            return bytes(data.data())
        if suffix != ".svg":
            raise QrImageNotSaved(
                translate("QrCodeView", "The QR code can be saved as a PNG or an SVG file."),
                translate("QrCodeView", "End the file name with .png or .svg."),
            )
        svg = io.BytesIO()
        symbol.code.save(
            svg,
            kind="svg",
            border=QUIET_ZONE,
            scale=10,
            dark="#000",
            light="#fff",
            title=self._text,
        )
        return svg.getvalue()

    def copy_image(self) -> None:
        """Put a 512 px image of the code on the clipboard."""
        QGuiApplication.clipboard().setImage(self.to_image(512))

    def ask_where_to_save(self) -> None:
        """Ask for a file name (PNG or SVG) without blocking, then save there."""
        if self._symbol is None:
            return
        dialog = QFileDialog(self, self.tr("Save QR Code"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(
            [
                translate("QrCodeView", "PNG image (*.png)"),
                translate("QrCodeView", "SVG image (*.svg)"),
            ]
        )
        dialog.setDefaultSuffix("png")
        dialog.selectFile("player-link-qr.png")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        dialog.fileSelected.connect(self.save_chosen)
        dialog.open()

    def save_chosen(self, path: str) -> None:
        """Save to the file the user chose: through ``save_handler`` when one is set."""
        if self.save_handler is not None:  # the window writes off its GUI thread
            self.save_handler(path)
            return
        try:
            self.save(path)
        except CompanionError as error:
            self.save_failed.emit(error)

    # -- geometry and painting ----------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(96, 96)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # The device, not the widget: render() into an image may use another ratio.
        ratio = painter.device().devicePixelRatioF()
        side_logical = min(self.width(), self.height())
        if self._symbol is None:
            self._paint_placeholder(painter, side_logical)
            painter.end()
            return
        module_dev, side_dev = _layout(int(side_logical * ratio), self._symbol.modules)
        # Top-left on a whole device pixel, centred in the widget.
        x_dev = int((self.width() * ratio - side_dev) / 2)
        y_dev = int((self.height() * ratio - side_dev) / 2)
        _paint_symbol(
            painter, self._symbol, QPointF(x_dev / ratio, y_dev / ratio), module_dev / ratio
        )
        painter.end()

    def _paint_placeholder(self, painter: QPainter, side: int) -> None:
        square = QRect(0, 0, side, side)
        square.moveCenter(self.rect().center())
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(muted, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(square).adjusted(1, 1, -1, -1), 8, 8)
        painter.drawText(
            square.adjusted(12, 12, -12, -12),
            int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
            self._problem
            or translate("QrCodeView", "The QR code of the player link appears here."),
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self._symbol is None:
            return
        menu = QMenu(self)
        copy_action = QAction(icon("copy"), self.tr("&Copy Image"), menu)
        copy_action.triggered.connect(self.copy_image)
        save_action = QAction(icon("save"), self.tr("&Save Image As…"), menu)
        save_action.triggered.connect(self.ask_where_to_save)
        menu.addAction(copy_action)
        menu.addAction(save_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())
