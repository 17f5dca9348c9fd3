"""Light and dark: follow the system's colour scheme, and the colours that carry meaning.

Qt 6.5+ reports the system scheme through ``QStyleHints.colorScheme``. Most platforms
also hand Qt a matching palette, but a bare Linux desktop (no GNOME/KDE platform theme)
can say "dark" while the palette stays light; there the Fusion style with a dark palette
stands in. Status colours (LIVE red, ok green, warn amber, muted) are chosen per scheme so
they keep their contrast against either background.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

SchemeChoice = Literal["system", "light", "dark"]


class StatusColors(NamedTuple):
    """Colours that mean something, readable on the scheme's window background.

    A named tuple rather than a dataclass: it is built before the window first paints,
    when even importing ``dataclasses`` is time the user waits for.

    Attributes:
        live: the red of "LIVE" and of a broadcast in progress.
        ok: green, things work (connected, running).
        warn: amber, attention needed but not broken (starting, reconnecting).
        error: red for failures shown as text.
        info: blue for neutral notices.
        muted: grey for secondary text and idle states.
        on_live: text drawn on top of ``live`` (the LIVE badge).
    """

    live: QColor
    ok: QColor
    warn: QColor
    error: QColor
    info: QColor
    muted: QColor
    on_live: QColor


def status_colors(dark: bool) -> StatusColors:
    """The status colours for a dark or a light background (made once per scheme).

    Shared, as painting asks for them for every row: copy a colour before changing it.
    """
    made = _STATUS_COLORS.get(dark)
    if made is None:
        made = _STATUS_COLORS[dark] = _make_status_colors(dark)
    return made


_STATUS_COLORS: dict[bool, StatusColors] = {}


def _make_status_colors(dark: bool) -> StatusColors:
    if dark:
        return StatusColors(
            live=QColor("#ef4444"),
            ok=QColor("#4ade80"),
            warn=QColor("#fbbf24"),
            error=QColor("#f87171"),
            info=QColor("#60a5fa"),
            muted=QColor("#9ca3af"),
            on_live=QColor("#ffffff"),
        )
    return StatusColors(
        live=QColor("#dc2626"),
        ok=QColor("#15803d"),
        warn=QColor("#b45309"),
        error=QColor("#b91c1c"),
        info=QColor("#1d4ed8"),
        muted=QColor("#6b7280"),
        on_live=QColor("#ffffff"),
    )


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window (what actually shows)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colors_for(widget: QWidget) -> StatusColors:
    """The status colours that suit the palette the widget paints with right now."""
    return status_colors(is_dark(widget.palette()))


def dark_palette() -> QPalette:
    """A calm dark palette for the Fusion style, used where the platform offers none."""
    window = QColor("#202124")
    base = QColor("#2c2e33")  # lighter than the window, as entries are in dark desktops
    alternate = QColor("#33353a")
    text = QColor("#e8eaed")
    disabled_text = QColor("#80868b")
    button = QColor("#35373c")
    highlight = QColor("#3b82f6")
    link = QColor("#8ab4f8")

    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    palette.setColor(role.Window, window)
    palette.setColor(role.WindowText, text)
    palette.setColor(role.Base, base)
    palette.setColor(role.AlternateBase, alternate)
    palette.setColor(role.ToolTipBase, QColor("#303134"))
    palette.setColor(role.ToolTipText, text)
    palette.setColor(role.PlaceholderText, disabled_text)
    palette.setColor(role.Text, text)
    palette.setColor(role.Button, button)
    palette.setColor(role.ButtonText, text)
    palette.setColor(role.BrightText, QColor("#ff6b6b"))
    palette.setColor(role.Highlight, highlight)
    palette.setColor(role.HighlightedText, QColor("#ffffff"))
    palette.setColor(role.Link, link)
    palette.setColor(role.LinkVisited, QColor("#c58af9"))
    palette.setColor(role.Light, QColor("#3c4043"))
    palette.setColor(role.Midlight, QColor("#34373b"))
    palette.setColor(role.Mid, QColor("#2a2c30"))
    palette.setColor(role.Dark, QColor("#111214"))
    palette.setColor(role.Shadow, QColor("#000000"))
    for disabled_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, disabled_role, disabled_text)
    palette.setColor(group.Disabled, role.Highlight, QColor("#3c4043"))
    palette.setColor(group.Disabled, role.HighlightedText, disabled_text)
    return palette


class _ThemeFollower(QObject):
    """Keeps the application's look in step with the system scheme.

    Remembers the platform's own style and palette so that leaving the stand-in dark
    palette gives the user back exactly what the platform had.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("comprimato-theme-follower")
        self._app = app
        # Read when the dark stand-in replaces them (asking for the style here would set
        # up PySide's QStyle class, some 5 ms, before the first paint).
        self._platform_style = ""
        self._platform_palette: QPalette | None = None
        self._forced_dark = False
        self.choice: SchemeChoice = "system"
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self.apply()

    def wants_dark(self) -> bool:
        if self.choice != "system":
            return self.choice == "dark"
        return self._app.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def apply(self) -> None:
        dark = self.wants_dark()
        if dark and not self._forced_dark and is_dark(self._app.palette()):
            return  # the platform already draws dark: nothing to stand in for
        if dark and not self._forced_dark:
            self._platform_style = self._app.style().name()
            self._platform_palette = QPalette(self._app.palette())
            self._app.setStyle(QStyleFactory.create("Fusion"))
            self._app.setPalette(dark_palette())
            self._forced_dark = True
        elif not dark and self._forced_dark:
            restored = QStyleFactory.create(self._platform_style)
            if restored is not None:
                self._app.setStyle(restored)
            if self._platform_palette is not None:
                self._app.setPalette(self._platform_palette)
            self._forced_dark = False


def apply_theme(app: QApplication, *, choice: SchemeChoice = "system") -> None:
    """Make the application follow the light/dark scheme, now and when it changes.

    Args:
        app: the application; calling again only updates the choice.
        choice: ``"system"`` follows ``QStyleHints.colorScheme`` live; ``"light"`` or
            ``"dark"`` pins the scheme (for a user preference, screenshots and tests).
    """
    follower = app.findChild(_ThemeFollower, "comprimato-theme-follower")
    if follower is None:
        follower = _ThemeFollower(app)
    follower.choice = choice
    follower.apply()


def current_is_dark() -> bool:
    """Whether the running application currently paints dark."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return is_dark(app.palette())
