"""The program's icons, drawn from the SVG files in ``resources/icons``.

Line icons are written with ``stroke="currentColor"``; they are painted in the palette's
text colour at paint time, so one file serves light and dark themes, disabled buttons and
selected rows, and stays sharp at every size and device pixel ratio. Files without
``currentColor`` (the app icon, the tray states) keep their own colours.

The folder is found next to the source checkout, inside an installed wheel, and in a
PyInstaller bundle under ``sys._MEIPASS`` (``app.resource_paths``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

APP_ICON_NAME = "com.comprimato.Companion"

#: Every icon the window may ask for; tests check each file exists and renders.
ICON_NAMES = (
    "add",
    "copy",
    "delete",
    "edit",
    "hide",
    "live",
    "obs",
    "open",
    "refresh",
    "reveal",
    "save",
    "settings",
    "stop",
    "tray-idle",
    "tray-live",
    "tray-problem",
    "tray-starting",
)

_CURRENT_COLOR = b"currentColor"


def icons_dir() -> Path:
    """The folder holding the SVG files: checkout, installed wheel or PyInstaller bundle."""
    from ..resource_paths import resources_dir

    return resources_dir() / "icons"


def _tint_for(mode: QIcon.Mode) -> str:
    """The palette colour a line icon takes in a given mode, as ``#rrggbb``."""
    app = QGuiApplication.instance()
    palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    if mode == QIcon.Mode.Disabled:
        color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    elif mode == QIcon.Mode.Selected:
        color = palette.color(QPalette.ColorRole.HighlightedText)
    else:
        color = palette.color(QPalette.ColorRole.WindowText)
    return color.name()


class _SvgIconEngine(QIconEngine):
    """Renders one SVG document, tinted with the palette when it uses ``currentColor``."""

    def __init__(self, svg: bytes, name: str) -> None:
        super().__init__()
        self._svg = svg
        self._name = name
        self._tinted = _CURRENT_COLOR in svg
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        key = _tint_for(mode) if self._tinted else ""
        renderer = self._renderers.get(key)
        if renderer is None:
            data = self._svg.replace(_CURRENT_COLOR, key.encode()) if key else self._svg
            renderer = QSvgRenderer(QByteArray(data))
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            self._renderers[key] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = self._renderer(mode)
        if not self._tinted and mode == QIcon.Mode.Disabled:
            painter.save()
            painter.setOpacity(painter.opacity() * 0.45)
            renderer.render(painter, QRectF(rect))
            painter.restore()
        else:
            renderer.render(painter, QRectF(rect))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        scale = max(scale, 1.0)
        pixmap = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), pixmap.size()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._svg, self._name)

    def key(self) -> str:
        return "comprimato-svg"

    def iconName(self) -> str:
        return self._name

    def isNull(self) -> bool:
        return not self._svg


_cache: dict[str, QIcon] = {}


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon (and a warning) if missing.

    A missing icon is a packaging fault, not a reason to stop the program.
    """
    cached = _cache.get(name)
    if cached is not None:
        return cached
    path = icons_dir() / f"{name}.svg"
    try:
        svg = path.read_bytes()
    except OSError:
        log.warning("icon %s is missing from %s", name, path.parent)
        return QIcon()
    result = QIcon(_SvgIconEngine(svg, name))
    _cache[name] = result
    return result


def app_icon() -> QIcon:
    """The application's own icon (window, taskbar, dialogs, fallback tray)."""
    return icon(APP_ICON_NAME)
