"""The main window: a frame of parts that each draw their own slice of the session's snapshot.

The parts: the sidebar (mode, Create, the stream list), the OBS chip, the top notices, the
empty page, the stream card, the live panel, the tray, the menus' actions. Each draws its
slice of a ``ViewState`` and skips redrawing when that slice has not changed; the window
builds them, wires their signals to the session's actions, and hands each snapshot on
(``show_state``). What "live" means is read from the snapshot, never from a widget.

Start-up is in steps so the window paints fast: ``MainWindow()`` builds only the light
parts (sidebar, chip, empty page, an empty menu bar) from modules that import nothing
heavy; after the first paint come the actions and ``attach(session)``; the stream view (QR
code) and the live panel (graph) are built when a stream is first drawn, the tray when the
session is ready or shows a stream.

Every action handler runs through ``_run`` (``GuardedActions``); the fixes notices offer
are one table, ``fixes.FIXES``.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from . import window_dialogs
from .guarded_actions import GuardedActions
from .live_panel import LivePanel
from .obs_chip import ObsChip
from .sidebar import Sidebar
from .stream_pages import StreamPages
from .theme import is_dark
from .top_notices import TopNotices
from .window_style import style_sheet

if TYPE_CHECKING:
    from ..golive.session import CompanionSession, ViewState
    from .session_bridge import SessionBridge
    from .settings_dialog import SettingsDialog
    from .status_panel import StatusPanel
    from .stream_view import StreamView
    from .tray import LiveTray
    from .welcome_dialog import WelcomeDialog
    from .window_actions import WindowActions

DEFAULT_SIZE = QSize(1000, 700)
#: Narrower windows show the QR code under the stream's fields, not beside them.
NARROW_WINDOW_WIDTH = 960


class MainWindow(QMainWindow):
    """The program's window.

    Signals:
        first_painted(): the window painted once (start-up continues after it).
        quit_requested(): the user asked to quit (menu, tray, or closing while not live).
        session_started(): the session started (or started again after Retry).
        usable(): once, when the window is first usable: the session started, its stream
            list shown, Create enabled and, if OBS runs, the link to it made.

    Attributes:
        session: the attached session (None until ``attach``).
        sidebar, obs_chip, top_notices, empty_page, stream_card, live_panel: the parts.
        menu_actions: the menus' actions (after the first paint); tray: when the session
            is ready or shows a stream.
        create_button, stream_list: the sidebar's (the benchmarks and tests press them).
    """

    first_painted = Signal()
    quit_requested = Signal()
    session_started = Signal()
    usable = Signal()

    def __init__(
        self, session: CompanionSession | None = None, *, start_session: bool = True
    ) -> None:
        """Build the light parts; ``session`` is attached (and started) after the first paint.

        Args:
            session: the session to show; None to attach one later with ``attach``.
            start_session: also call ``session.start()`` after attaching it.
        """
        super().__init__()
        self._pending_session = session
        self._start_session = start_session
        self.session: CompanionSession | None = None
        self.bridge: SessionBridge | None = None
        self.menu_actions: WindowActions | None = None
        self.tray: LiveTray | None = None
        #: The open settings or API key dialog, while one is open (tests drive them).
        self.settings_dialog: SettingsDialog | None = None
        self.key_dialog: WelcomeDialog | None = None
        self.about_dialog: QWidget | None = None
        self._painted = False
        self._usable = False
        # Once usable: before that it would only delay what the user waits for.
        self.usable.connect(
            lambda: QTimer.singleShot(0, self, self._set_up_widget_classes),
            Qt.ConnectionType.SingleShotConnection,
        )
        self._refresh_seen = False
        self._quitting = False
        self.asking_to_quit = False  # the keep-streaming question is open
        self._styled_dark: bool | None = None
        #: The saved geometry is applied once, when the session has read the settings.
        self._geometry_pending = True
        self.action_runner = GuardedActions(lambda: self.session)
        self.setWindowTitle(APP_NAME)
        self.resize(DEFAULT_SIZE)
        self.setMinimumSize(QSize(760, 520))
        self._build_parts()
        self._wire_parts()
        self._build_menu_bar()
        self._apply_style()

    # --- the parts (cheap: shown before anything heavy is imported) ---------------------

    def _build_parts(self) -> None:
        self.sidebar = Sidebar()
        self.create_button = self.sidebar.create_button
        self.stream_list = self.sidebar.stream_list
        # Content: header chips, notices, the stream (or the empty page), live status.
        self.obs_chip = ObsChip()
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.settings_button.setAccessibleName(self.tr("Open settings"))
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addStretch(1)
        header.addWidget(self.obs_chip)
        header.addWidget(self.settings_button)

        self.stack = StreamPages()
        self.empty_page = self.stack.empty_page
        self.stream_card = self.stack.stream_card
        self.top_notices = TopNotices()
        self.live_panel = LivePanel(self)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(22, 12, 22, 14)
        content.setSpacing(12)
        content.addLayout(header)
        content.addLayout(self.top_notices.layout)
        content.addWidget(self.stack)
        content.addLayout(self.live_panel.layout)
        content.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.content)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(scroll, 1)
        self.setCentralWidget(central)

    def _wire_parts(self) -> None:
        """Each part's signals to the action it asks for."""
        self.sidebar.create_clicked.connect(self.create_clicked)
        self.settings_button.clicked.connect(self.open_settings)
        self.empty_page.primary_clicked.connect(self._empty_primary_clicked)
        self.empty_page.sandbox_clicked.connect(self._use_sandbox_clicked)
        self.empty_page.fix_requested.connect(self.run_fix)
        card = self.stream_card
        card.send_requested.connect(self.send_clicked)
        card.live_button_clicked.connect(self._live_button_clicked)
        card.restore_requested.connect(self.restore_clicked)
        card.restore_choose_requested.connect(lambda: self.restore_clicked(choose=True))
        card.copied.connect(self._show_copied)
        card.fix_requested.connect(self.run_fix)
        self.live_panel.fix_requested.connect(self.run_fix)
        self.live_panel.switch_requested.connect(self._select)
        self.stream_list.stream_selected.connect(self._select)
        self.stream_list.rename_requested.connect(self._rename)
        self.stream_list.delete_requested.connect(self._delete)
        self.stream_list.refresh_requested.connect(self.refresh_clicked)

    def _build_menu_bar(self) -> None:
        """The menu bar, part of the first paint; ``WindowActions`` fills it just after."""
        self.file_menu = QMenu(self.tr("&File"), self)
        self.stream_menu = QMenu(self.tr("&Stream"), self)
        self.help_menu = QMenu(self.tr("&Help"), self)
        self.menuBar().addMenu(self.file_menu)
        self.menuBar().addMenu(self.stream_menu)
        self.menuBar().addMenu(self.help_menu)

    def _build_actions(self) -> None:
        """The window's actions (menus, shortcuts); once, after the first paint."""
        if self.menu_actions is None:
            from .window_actions import WindowActions

            self.menu_actions = WindowActions(self)

    def _build_tray(self) -> None:
        """The tray icon (once, when the session is ready or shows a stream)."""
        from .tray import LiveTray

        self.tray = LiveTray(self)
        self.tray.go_live_requested.connect(self.go_live_clicked)
        self.tray.stop_requested.connect(self._stop_from_tray)
        self.tray.copy_link_requested.connect(self.copy_link)
        self.tray.show_requested.connect(self.show_from_tray)
        self.tray.quit_requested.connect(self.request_quit)
        self.tray.show()

    @property
    def stream_view(self) -> StreamView | None:
        """The stream card's view, once a stream was drawn."""
        return self.stream_card.view

    @property
    def status_panel(self) -> StatusPanel | None:
        """The live panel's status panel, once a stream was drawn."""
        return self.live_panel.panel

    def _apply_style(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._styled_dark:
            self._styled_dark = dark
            self.setStyleSheet(style_sheet(dark))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_layout(event.size().width())
        super().resizeEvent(event)

    def _fit_layout(self, width: int) -> None:
        """Below ``NARROW_WINDOW_WIDTH`` the QR code goes under the stream's fields."""
        self.stream_card.set_narrow(width < NARROW_WINDOW_WIDTH)
        self.live_panel.set_narrow(width < NARROW_WINDOW_WIDTH)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
            QTimer.singleShot(0, self, self._after_first_paint)  # dropped if self is deleted

    def _after_first_paint(self) -> None:
        self._build_actions()
        session, self._pending_session = self._pending_session, None
        if session is None:
            return
        self.attach(session)
        if self._start_session:
            self._run("general", self._start_and_welcome)

    def start_session(self, session: CompanionSession) -> None:
        """Attach ``session`` and start it (call on the running asyncio loop).

        For a window built without a session, shown and painted first.
        """
        self._pending_session = None
        self.attach(session)
        self._run("general", self._start_and_welcome)

    async def _start_and_welcome(self) -> None:
        session = self.session
        if session is None:
            return
        await session.start()
        self.session_started.emit()
        await window_dialogs.run_welcome(self, session)

    async def retry_start(self) -> None:
        """The Retry of a failed start: start the session again, then as after a start."""
        session = self.session
        if session is None:
            return
        await session.retry_start()
        if session.state.ready:
            self.session_started.emit()
            await window_dialogs.run_welcome(self, session)

    @property
    def has_painted(self) -> bool:
        return self._painted

    def attach(self, session: CompanionSession) -> None:
        """Follow ``session``'s snapshots from now on (its notices and its list first)."""
        from .session_bridge import SessionBridge

        self._build_actions()
        self.session = session
        self.sidebar.add_notices()
        self.top_notices.add_notices()
        self.bridge = SessionBridge(session, self)
        self.bridge.state_changed.connect(self.show_state)
        self.show_state(session.state)

    def _set_up_widget_classes(self) -> None:
        """Let PySide set up its widget classes now, while idle: the first widget Qt made
        itself (a viewport) sets up all of them (20-40 ms), not the user's first click."""
        self.stream_list.view.viewport()

    # --- drawing the snapshot -----------------------------------------------------------

    def show_state(self, state: ViewState) -> None:
        """Hand one snapshot to every part; each draws its own slice of it."""
        if self.tray is None and (state.ready or state.selected is not None):
            self._build_tray()
        if self._geometry_pending and (state.settings.window_geometry or state.ready):
            self._geometry_pending = False
            self.restore_geometry_text(state.settings.window_geometry)
        self.sidebar.draw(state, self.run_fix)
        self.obs_chip.draw(state)
        self.top_notices.draw(state, self.run_fix)
        self.stack.draw(state)
        self.live_panel.draw(state)
        if self.tray is not None:
            self.tray.draw(state, closing=self._closing())
        if self.menu_actions is not None:
            self.menu_actions.draw(state)
        self._note_usable(state)

    def _note_usable(self, state: ViewState) -> None:
        """Emit ``usable`` the first time the window is."""
        from ..golive.view_state import BUSY_REFRESH

        self._refresh_seen = self._refresh_seen or BUSY_REFRESH in state.busy
        if not self._usable and _is_usable(
            state,
            self.create_button.isEnabled(),
            self.stream_list.model.rowCount(),
            refreshed=self._refresh_seen and BUSY_REFRESH not in state.busy,
        ):
            self._usable = True
            self.usable.emit()

    # --- actions ------------------------------------------------------------------------

    def _run(self, area: str, action: Callable[[], Awaitable[Any]]) -> None:
        """Start a guarded action on the loop (``GuardedActions``)."""
        self.action_runner.run(area, action)

    def run_fix(self, fix: str) -> None:
        """Do what fixes a notice (its button), as the table ``fixes.FIXES`` says."""
        from .fixes import FIXES

        entry = FIXES.get(fix)
        if entry is not None and self.session is not None:
            self._run(entry.area, lambda: entry.run(self))

    def create_clicked(self) -> None:
        session = self.session
        if session is None or not self.create_button.isEnabled():
            return
        state = session.state
        if state.ready and not state.can_create:
            # No usable key: asking for one (or unlocking the keyring) is the next step.
            self._run("create", self._key_step(session))
            return
        self._run("create", session.create_stream)

    def _empty_primary_clicked(self) -> None:
        session = self.session
        if session is not None and session.state.ready and not session.state.can_create:
            self._run("create", self._key_step(session))
        else:
            self.create_clicked()

    def _key_step(self, session: CompanionSession) -> Callable[[], Awaitable[None]]:
        """What gets a usable key: read the locked keyring again, or ask for a key."""
        from ..golive.view_state import ApiKeyStatus

        if session.state.api_key_status is ApiKeyStatus.LOCKED:
            return session.retry_keyring
        return self.ask_api_key

    async def ask_api_key(self) -> None:
        """Ask for an API key (a new one after a rejection), or switch to the sandbox."""
        if self.session is not None:
            await window_dialogs.ask_api_key(self, self.session)

    def open_settings(self) -> None:
        """Open the settings dialog and apply what the user saves."""
        self._run("general", self.edit_settings)

    async def edit_settings(self, tab: int = 0) -> None:
        """The settings dialog on ``tab`` (``fixes.SETTINGS_TAB_*``)."""
        if self.session is not None:
            await window_dialogs.edit_settings(self, self.session, tab)

    def _use_sandbox_clicked(self) -> None:
        if self.session is not None:
            self._run("general", self.session.use_sandbox)

    def about_clicked(self) -> None:
        self._run("general", lambda: window_dialogs.show_about(self))

    def open_log_folder(self) -> None:
        window_dialogs.open_log_folder(self)

    def start_obs_clicked(self) -> None:
        if self.session is not None:
            self._run("general", self.session.set_up_obs)

    def send_clicked(self) -> None:
        if self.session is not None:
            self._run("stream", self.session.send_to_obs)

    def go_live_clicked(self) -> None:
        if self.session is not None:
            self._run("stream", self.session.go_live)

    def _live_button_clicked(self) -> None:
        """The card's Go live / Stop: which one, the snapshot says."""
        session = self.session
        if session is None:
            return
        if session.state.on_air:
            # A broadcast viewers watch ends only when asked.
            self._run("stream", lambda: window_dialogs.confirm_then_stop(self, session))
        else:
            self.go_live_clicked()

    def toggle_live(self) -> None:
        """Ctrl+L and the menu: the card's Go live / Stop, when it can be pressed."""
        view = self.stream_view
        session = self.session
        if (
            view is not None
            and session is not None
            and session.state.selected is not None
            and view.go_live_button.isEnabled()
        ):
            self._live_button_clicked()

    def _stop_from_tray(self) -> None:
        """The tray's Stop is already two deliberate clicks: no question."""
        if self.session is not None:
            self._run("stream", self.session.stop)

    def restore_clicked(self, *, choose: bool = False) -> None:
        if (session := self.session) is not None:
            from .restore_choices import restore_action

            self._run("stream", restore_action(self, session, choose=choose))

    def refresh_clicked(self) -> None:
        if self.session is not None:
            self._run("list", self.session.refresh)

    def _select(self, stream_id: str) -> None:
        if (session := self.session) is not None:
            self._run("stream", lambda: session.select_stream(stream_id))

    def _rename(self, stream_id: str, name: str) -> None:
        if (session := self.session) is not None:
            self._run("list", lambda: session.rename(stream_id, name))

    def _delete(self, stream_id: str) -> None:
        if (session := self.session) is not None:
            self._run("list", lambda: window_dialogs.confirm_then_delete(self, session, stream_id))

    def copy_link(self) -> None:
        if self.stream_view is not None:
            self.stream_view.copy_player_link()

    def focus_filter(self) -> None:
        self.stream_list.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.stream_list.filter_edit.selectAll()

    def _show_copied(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 6000)

    # --- closing ------------------------------------------------------------------------

    def geometry_text(self) -> str:
        return base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")

    def restore_geometry_text(self, text: str | None) -> None:
        if not text:
            return
        with contextlib.suppress(ValueError):
            self.restoreGeometry(QByteArray(base64.b64decode(text, validate=True)))

    def _closing(self) -> bool:
        """Quitting or the session closed: what follows is the program ending, not news."""
        return self._quitting or (self.session is not None and self.session.closed)

    def request_quit(self) -> None:
        """Every way of quitting (Ctrl+Q, File › Quit, the tray, closing): on air, it asks."""
        session = self.session
        if session is None or not self._asks_before_quitting():
            self.quit_now()
        elif not self.asking_to_quit:
            self.show_from_tray()  # the tray's Quit: the question needs its window
            self._run("stream", lambda: window_dialogs.ask_keep_streaming(self, session))

    def _asks_before_quitting(self) -> bool:
        s = self.session
        return s is not None and not (self._quitting or s.closed) and s.state.on_air

    def quit_now(self) -> None:
        """Quit without asking (after Stop and quit, a signal, ``--quit-when-ready``)."""
        self._quitting = True
        self.quit_requested.emit()

    def show_from_tray(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.setAccepted(not self._asks_before_quitting())
        self.request_quit()


def _is_usable(state: ViewState, create_enabled: bool, rows: int, *, refreshed: bool) -> bool:
    """Whether a user can work now: with an account, once its streams were fetched once;
    OBS counts once its first attempt settled either way."""
    from ..golive.view_state import Mode
    from ..obs.link_state import LinkState

    return (
        state.ready
        and create_enabled
        and rows == len(state.streams)
        and (state.mode is not Mode.REAL or not state.can_create or refreshed)
        and state.obs.state in (LinkState.CONNECTED, LinkState.RETRYING, LinkState.FAILED)
    )


__all__ = ["DEFAULT_SIZE", "MainWindow", "QApplication"]
