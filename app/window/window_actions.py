"""The main window's actions: its menus' entries and their shortcuts.

Made once, just after the first paint (the menu bar itself is part of it). They draw their
slice of the snapshot (what needs a stream, Start OBS when OBS's button offers it). Their
texts are the main window's (translation context "MainWindow").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from .. import APP_NAME
from ..i18n import translate

if TYPE_CHECKING:
    from ..golive.view_state import ViewState
    from .main_window import MainWindow


class WindowActions:
    """Every action of the window, in its menus (File, Stream, Help) and as shortcuts.

    Attributes: create_action, live_action, send_action, copy_link_action, restore_action,
    start_obs_action, refresh_action, filter_action, settings_action, quit_action,
    open_logs_action, about_action.
    """

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        w = window
        self.create_action = self._add(
            translate("MainWindow", "&Create stream"), "Ctrl+N", w.create_clicked
        )
        self.live_action = self._add(
            translate("MainWindow", "&Go live / Stop"), "Ctrl+L", w.toggle_live
        )
        self.send_action = self._add(
            translate("MainWindow", "&Send to OBS"), "Ctrl+Shift+O", w.send_clicked
        )
        self.copy_link_action = self._add(
            translate("MainWindow", "Copy &player link"), "Ctrl+Shift+C", w.copy_link
        )
        self.restore_action = self._add(
            translate("MainWindow", "&Restore my previous OBS settings"),
            QKeySequence(),
            w.restore_clicked,
        )
        self.start_obs_action = self._add(
            translate("MainWindow", "Start &OBS"), QKeySequence(), w.start_obs_clicked
        )
        self.start_obs_action.setToolTip(
            translate(
                "MainWindow",
                "Start OBS Studio, with its WebSocket server turned on, and connect to it",
            )
        )
        self.refresh_action = self._add(
            translate("MainWindow", "&Refresh streams"), "F5", w.refresh_clicked
        )
        self.filter_action = self._add(
            translate("MainWindow", "&Find stream"), QKeySequence.StandardKey.Find, w.focus_filter
        )
        self.settings_action = self._add(
            translate("MainWindow", "S&ettings…"),
            QKeySequence.StandardKey.Preferences,
            w.open_settings,
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._add(
            translate("MainWindow", "&Quit"), QKeySequence.StandardKey.Quit, w.request_quit
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for act in (
            self.create_action,
            self.live_action,
            self.send_action,
            self.copy_link_action,
            self.restore_action,
        ):
            w.stream_menu.addAction(act)
        w.stream_menu.addSeparator()
        w.stream_menu.addAction(self.start_obs_action)
        w.stream_menu.addAction(self.refresh_action)
        w.stream_menu.addAction(self.filter_action)
        self.open_logs_action = self._add(
            translate("MainWindow", "Open &log folder"), QKeySequence(), w.open_log_folder
        )
        self.about_action = self._add(
            translate("MainWindow", "&About {name}").format(name=APP_NAME),
            QKeySequence(),
            w.about_clicked,
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        w.help_menu.addAction(self.open_logs_action)
        w.help_menu.addSeparator()
        w.help_menu.addAction(self.about_action)
        w.file_menu.addAction(self.settings_action)
        w.file_menu.addSeparator()
        w.file_menu.addAction(self.quit_action)

    def _add(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], Any],
    ) -> QAction:
        act = QAction(text, self._window)
        act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(slot)
        self._window.addAction(act)
        return act

    def draw(self, state: ViewState) -> None:
        """What needs a stream, and Start OBS when OBS's button offers it (OBS closed, or its
        server off in its files: not while OBS runs with its server off, nor while linked)."""
        from ..golive.view_state import FIX_OBS_SETUP

        has_stream = state.selected is not None
        for act in (self.live_action, self.send_action, self.copy_link_action):
            act.setEnabled(has_stream)
        self.start_obs_action.setEnabled(state.obs.fix == FIX_OBS_SETUP)


__all__ = ["WindowActions"]
