"""The tray icon: the live state at a glance, the main actions, desktop notifications.

It draws its own slice of the snapshot (``draw``): its texts there are the main
window's (translation context "MainWindow"), and it notifies what changed since the last
snapshot (live, reconnecting, dropped, OBS gone).

Some desktops have no tray (GNOME without an extension, a bare Xvfb). There the object
still exists with its menu and signals, so the window never has to ask; it shows no
icon, and its notifications go to the desktop's notification service over D-Bus
(``desktop_notifications``) instead. The newest is kept in ``last_notification``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from .. import APP_NAME
from ..i18n import translate
from .desktop_notifications import DesktopNotifier, supported
from .icons import icon

if TYPE_CHECKING:
    from ..golive.view_state import ViewState
    from ..obs.output_state import OutputState

TRAY_STATES = ("idle", "starting", "live", "problem")


def _output(state: ViewState) -> OutputState | None:
    """The selected stream's OBS output (None: no live status yet, shown as stopped)."""
    return state.live.obs_output if state.live is not None else None


class LiveTray(QObject):
    """A ``QSystemTrayIcon`` wrapper that is safe without a system tray.

    Attributes:
        available: whether the desktop has a system tray (checked once, at creation).
        state: the shown state, one of ``TRAY_STATES``.
        menu: the context menu (Go live, Stop streaming, Copy player link, Show, Quit).
        last_notification: ``(title, message, critical)`` of the newest notification.

    Signals:
        go_live_requested, stop_requested, copy_link_requested, show_requested,
        quit_requested: the user chose the matching menu entry (a click on the icon
        asks to show the window).
    """

    go_live_requested = Signal()
    stop_requested = Signal()
    copy_link_requested = Signal()
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self, parent: QObject | None = None, desktop: DesktopNotifier | None = None
    ) -> None:
        super().__init__(parent)
        self.state = "idle"
        self._drawn: tuple[object, ...] | None = None
        self._previous: ViewState | None = None
        self._desktop = desktop
        # Closed with the tray even when nobody calls hide(): a D-Bus socket must not leak.
        notifiers: list[DesktopNotifier] = [desktop] if desktop is not None else []
        self._notifiers = notifiers

        def close_notifiers(*_: object) -> None:
            for notifier in notifiers:
                notifier.close()

        self.destroyed.connect(close_notifiers)
        self._tooltip = APP_NAME
        self.last_notification: tuple[str, str, bool] | None = None
        self.menu = QMenu()
        self.menu.setTitle(APP_NAME)
        self.go_live_action = self._add_action(self.tr("&Go live"), "live", self.go_live_requested)
        self.stop_action = self._add_action(self.tr("&Stop streaming"), "stop", self.stop_requested)
        self.copy_link_action = self._add_action(
            self.tr("&Copy player link"), "copy", self.copy_link_requested
        )
        self.menu.addSeparator()
        self.show_action = self._add_action(
            self.tr("S&how {name}").format(name=APP_NAME), None, self.show_requested
        )
        self.quit_action = self._add_action(self.tr("&Quit"), None, self.quit_requested)
        self.set_can_go_live(False, False, False)

        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self._tray: QSystemTrayIcon | None = None
        if self.available:
            self._tray = QSystemTrayIcon(icon("tray-idle"), self)
            self._tray.setContextMenu(self.menu)
            self._tray.setToolTip(APP_NAME)
            self._tray.activated.connect(self._activated)
        self.destroyed.connect(self.menu.deleteLater)

    def _add_action(self, text: str, icon_name: str | None, signal: SignalInstance) -> QAction:
        action = QAction(text, self.menu)
        if icon_name is not None:
            action.setIcon(icon(icon_name))
        action.triggered.connect(signal.emit)
        self.menu.addAction(action)
        return action

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()

    def show(self) -> None:
        """Put the icon in the tray (nothing happens without a tray)."""
        if self._tray is not None:
            self._tray.show()

    def hide(self) -> None:
        """Take the icon out of the tray, before quitting (the D-Bus worker ends too)."""
        if self._tray is not None:
            self._tray.hide()
        if self._desktop is not None:
            self._notifiers.remove(self._desktop)
            self._desktop.close()
            self._desktop = None

    def is_visible(self) -> bool:
        return self._tray is not None and self._tray.isVisible()

    def set_state(self, state: str, tooltip: str) -> None:
        """Show ``state`` ("idle", "starting", "live", "problem") with a one-line tooltip."""
        if state not in TRAY_STATES:
            raise ValueError(f"unknown tray state {state!r}")
        self.state = state
        text = f"{APP_NAME}: {tooltip}" if tooltip else APP_NAME
        self._tooltip = text
        if self._tray is not None:
            self._tray.setIcon(icon(f"tray-{state}"))
            self._tray.setToolTip(text)

    def tooltip(self) -> str:
        """The line shown over the icon (kept also where no tray is available)."""
        return self._tooltip

    def set_can_go_live(self, can_start: bool, can_stop: bool, has_link: bool) -> None:
        """Enable the menu entries that make sense now."""
        self.go_live_action.setEnabled(can_start)
        self.stop_action.setEnabled(can_stop)
        self.copy_link_action.setEnabled(has_link)

    def notify(self, title: str, message: str, *, critical: bool = False) -> str:
        """A desktop notification: through the tray icon where one shows, else D-Bus.

        Returns the way it went: "tray", "desktop" (the notification service) or "none".
        """
        self.last_notification = (title, message, critical)
        if not self.is_visible() or not QSystemTrayIcon.supportsMessages():
            if self._desktop is None and supported():
                self._desktop = DesktopNotifier()
                self._notifiers.append(self._desktop)
            if self._desktop is None:
                return "none"
            self._desktop.notify(title, message, critical=critical)
            return "desktop"
        assert self._tray is not None
        kind = (
            QSystemTrayIcon.MessageIcon.Critical
            if critical
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._tray.showMessage(title, message, kind, 8000 if critical else 5000)
        return "tray"

    # --- drawing the snapshot -----------------------------------------------------------

    def draw(self, state: ViewState, *, closing: bool = False) -> None:
        """Show ``state`` (icon, tooltip, menu) and notify what changed since the last one.

        Args:
            closing: the program is ending: a lost OBS link then is no news for the user.
        """
        previous, self._previous = self._previous, state
        link = state.player_link() or ""
        active = state.obs.sending  # Stop stops what OBS streams, whichever stream it is
        error = state.obs.error is not None and not state.obs.connected
        drawn = (
            state.is_live,
            state.live_elsewhere,
            state.on_air,
            _output(state),
            error,
            link,
            state.selected is not None,
            active,
        )
        if drawn != self._drawn:
            self._drawn = drawn
            self._draw_state(state, link, active=active, error=error)
        if previous is not None and previous.ready and not closing:
            self._notify_change(previous, state, link)

    def _draw_state(self, state: ViewState, link: str, *, active: bool, error: bool) -> None:
        from ..obs.output_state import OutputState

        elsewhere = state.live_elsewhere
        if state.is_live:
            self.set_state("live", translate("MainWindow", "live · {link}").format(link=link))
        elif elsewhere is not None:
            self.set_state(
                "starting",
                translate("MainWindow", "OBS is live with {stream}").format(stream=elsewhere),
            )
        elif state.on_air:
            self.set_state("starting", translate("MainWindow", "starting…"))
        elif _output(state) is OutputState.FAILED or error:
            self.set_state("problem", translate("MainWindow", "needs attention"))
        else:
            self.set_state("idle", "")
        self.set_can_go_live(state.selected is not None and not active, active, bool(link))

    def _notify_change(self, previous: ViewState, state: ViewState, link: str) -> None:
        from ..obs.output_state import OutputState

        output, was_output = _output(state), _output(previous)
        same_stream = (previous.selected.stream.id if previous.selected else None) == (
            state.selected.stream.id if state.selected else None
        )
        if state.is_live and not previous.is_live:
            self.notify(
                translate("MainWindow", "You are live"),
                translate("MainWindow", "Comprimato is receiving your stream. {link}")
                .format(link=link)
                .strip(),
            )
        elif same_stream and previous.is_live and output is OutputState.RECONNECTING:
            self.notify(
                translate("MainWindow", "Stream reconnecting"),
                translate("MainWindow", "OBS lost the connection and is reconnecting."),
            )
        elif same_stream and was_output is OutputState.RECONNECTING and output is OutputState.LIVE:
            self.notify(
                translate("MainWindow", "Stream reconnected"),
                translate("MainWindow", "OBS is sending again."),
            )
        elif (
            same_stream
            and previous.is_live
            and not state.is_live
            and output
            not in (None, OutputState.STOPPING, OutputState.STOPPED, OutputState.RECONNECTING)
        ):
            self.notify(
                translate("MainWindow", "Stream dropped"),
                translate("MainWindow", "Comprimato no longer receives your stream."),
                critical=True,
            )
        if previous.obs.connected and not state.obs.connected:
            self.notify(
                translate("MainWindow", "OBS is gone"),
                translate(
                    "MainWindow", "The connection to OBS was lost; it is retried automatically."
                ),
                critical=True,
            )
