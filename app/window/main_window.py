"""The main window: create a stream in one click, share it, go live, watch it.

Start-up is in steps so the window paints fast: ``MainWindow()`` builds only a light
skeleton (header, the Create button, the stream list, the empty state, an empty menu bar)
from modules that import nothing heavy; after the first paint come the actions and
``attach(session)``, which follows the session's state (a long stored list shows at once);
the stream view (QR code), the status panel (graph) and the tray are built when the
session is ready or shows a stream.

Every action handler is an ``@asyncSlot`` guarded by ``_guarded``: a ``CompanionError``
becomes a notice next to what failed (the session records it), anything else reaches the
error dialog through ``sys.excepthook``.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..errors import CompanionError
from ..i18n import translate
from .stream_list import StreamListPanel
from .theme import colors_for, is_dark, status_colors

if TYPE_CHECKING:
    from ..golive.session import CompanionSession, ViewState
    from .error_dialog import InlineMessage
    from .session_bridge import SessionBridge
    from .settings_dialog import SettingsDialog
    from .status_panel import StatusPanel
    from .stream_view import StreamView
    from .tray import LiveTray
    from .welcome_dialog import WelcomeDialog

DEFAULT_SIZE = QSize(1000, 700)
SIDEBAR_WIDTH = 248
#: Narrower windows show the QR code under the stream's fields, not beside them.
NARROW_WINDOW_WIDTH = 960
#: Longest a new stream's card (its QR code) waits while OBS is given the stream's key.
CARD_WAIT_MS = 100

#: The tabs of the settings dialog, for opening it where a problem is fixed.
SETTINGS_TAB_COMPRIMATO = 0
SETTINGS_TAB_OBS = 1


def style_sheet(dark: bool) -> str:
    """The few styled elements: the primary/danger buttons, cards, badge, captions."""
    colors = status_colors(dark)
    card_bg = "#26282c" if dark else "#ffffff"
    card_border = "#3a3d42" if dark else "#e3e5e8"
    sidebar_bg = "#1d1f22" if dark else "#f4f5f7"
    accent = "#3b82f6" if dark else "#2563eb"
    accent_hover = "#2563eb" if dark else "#1d4ed8"
    return f"""
QWidget#sidebar {{ background: {sidebar_bg}; border-right: 1px solid {card_border}; }}
QFrame#card {{ background: {card_bg}; border: 1px solid {card_border}; border-radius: 10px; }}
QLabel#appTitle {{ font-size: 15px; font-weight: 600; }}
QLabel#sectionTitle {{ font-size: 13px; font-weight: 600; }}
QLabel#streamTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#emptyTitle {{ font-size: 22px; font-weight: 600; }}
QLabel#muted, QLabel#metricCaption {{ color: {colors.muted.name()}; }}
QLabel#metricCaption {{ font-size: 10px; font-weight: 600; letter-spacing: 1px;
    padding-top: 2px; /* room for the accents of capitals such as Á, Ý */ }}
QLabel#metricValue {{ font-size: 14px; font-weight: 600; }}
QLabel#fieldLabel {{ color: {colors.muted.name()}; min-width: 90px; }}
QLabel#hint {{ color: {colors.warn.name()}; }}
QLabel#liveBadge {{ background: {colors.live.name()}; color: {colors.on_live.name()};
    font-weight: 700; font-size: 11px; letter-spacing: 1px; border-radius: 4px;
    padding: 2px 8px; }}
QLabel#chip {{ border: 1px solid {card_border}; border-radius: 11px; padding: 2px 10px; }}
QPushButton#primary, QPushButton#createButton {{ background: {accent}; color: white;
    border: none; border-radius: 6px; padding: 7px 16px; font-weight: 600; }}
QPushButton#primary:hover, QPushButton#createButton:hover {{ background: {accent_hover}; }}
QPushButton#primary:focus, QPushButton#createButton:focus {{
    border: 2px solid {"#93c5fd" if dark else "#1e3a8a"}; }}
QPushButton#primary:disabled, QPushButton#createButton:disabled {{
    background: {card_border}; color: {colors.muted.name()}; }}
QPushButton#createButton {{ padding: 10px 16px; font-size: 14px; }}
QPushButton#danger {{ background: {colors.live.name()}; color: white; border: none;
    border-radius: 6px; padding: 7px 16px; font-weight: 600; }}
QPushButton#danger:focus {{ border: 2px solid {"#fecaca" if dark else "#7f1d1d"}; }}
QFrame#rule {{ color: {card_border}; }}
"""


class MainWindow(QMainWindow):
    """The program's window.

    Signals:
        first_painted(): the window painted once (start-up continues after it).
        quit_requested(): the user asked to quit (menu, tray, or closing while not live).
        usable(): once, when the window is first usable: the session started, its stream
            list shown, Create enabled and, if OBS runs, the link to it made.

    Attributes:
        session: the attached session (None until ``attach``).
        stream_view, status_panel: built when a stream is first shown; tray: when the
            session is ready.
    """

    first_painted = Signal()
    quit_requested = Signal()
    session_started = Signal()
    usable = Signal()

    def __init__(
        self, session: CompanionSession | None = None, *, start_session: bool = True
    ) -> None:
        """Build the skeleton; ``session`` is attached (and started) after the first paint.

        Args:
            session: the session to show; None to attach one later with ``attach``.
            start_session: also call ``session.start()`` after attaching it.
        """
        super().__init__()
        self._pending_session = session
        self._start_session = start_session
        self.session: CompanionSession | None = None
        self.bridge: SessionBridge | None = None
        self.stream_view: StreamView | None = None
        self.status_panel: StatusPanel | None = None
        self.tray: LiveTray | None = None
        #: The open settings or API key dialog, while one is open (tests drive them).
        self.settings_dialog: SettingsDialog | None = None
        self.key_dialog: WelcomeDialog | None = None
        self.create_message: InlineMessage | None = None
        self.general_message: InlineMessage | None = None
        self.obs_message: InlineMessage | None = None
        self.about_dialog: QWidget | None = None
        self.list_message: InlineMessage | None = None
        self._painted = False
        self._usable = False
        # Once usable: before that it would only delay what the user waits for.
        self.usable.connect(
            lambda: QTimer.singleShot(0, self, self._set_up_widget_classes),
            Qt.ConnectionType.SingleShotConnection,
        )
        self._refresh_seen = False
        self._card_stream_id: str | None = None
        self._card_waiting = False
        self._list_waiting = False
        self._created_unsent = False
        self._quitting = False
        self._previous: ViewState | None = None
        self._styled_dark: bool | None = None
        self._sized_page: QWidget | None = None
        #: The saved geometry is applied once, when the session has read the settings.
        self._geometry_pending = True
        self._tasks: set[Any] = set()
        self.setWindowTitle(APP_NAME)
        self.resize(DEFAULT_SIZE)
        self.setMinimumSize(QSize(760, 520))
        self._build_skeleton()
        self._build_menu_bar()
        self._apply_style()

    # --- skeleton (cheap: shown before anything heavy is imported) ----------------------

    def _build_skeleton(self) -> None:
        # Sidebar: the one prominent action, then the streams.
        self.sidebar = QWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        title = QLabel(APP_NAME)
        title.setObjectName("appTitle")
        self.mode_label = QLabel(self.tr("Starting…"))
        self.mode_label.setObjectName("muted")
        self.create_button = QPushButton(self.tr("Create stream"))
        self.create_button.setObjectName("createButton")
        self.create_button.setToolTip(self.tr("Create a new stream and send it to OBS (Ctrl+N)"))
        self.create_button.setAccessibleName(self.tr("Create stream"))
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self._create_clicked)
        self.create_slot = QVBoxLayout()
        self.create_slot.setSpacing(8)
        self.create_slot.addWidget(self.create_button)
        self.stream_list = StreamListPanel()
        side = QVBoxLayout(self.sidebar)
        side.setContentsMargins(16, 18, 16, 16)
        side.setSpacing(14)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(self.mode_label)
        side.addLayout(heading)
        side.addLayout(self.create_slot)
        side.addWidget(self.stream_list, 1)

        # Content: header chips, notices, the stream (or the empty state), live status.
        self.obs_chip = QLabel(self.tr("OBS: looking…"))
        self.obs_chip.setObjectName("chip")
        self.obs_chip.setAccessibleName(self.tr("OBS connection"))
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.settings_button.setAccessibleName(self.tr("Open settings"))
        self.settings_button.clicked.connect(self._settings_clicked)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addStretch(1)
        header.addWidget(self.obs_chip)
        header.addWidget(self.settings_button)

        self.empty_state = self._build_empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stream_card = QFrame()
        self.stream_card.setObjectName("card")
        self.stream_card_layout = QVBoxLayout(self.stream_card)
        self.stream_card_layout.setContentsMargins(20, 14, 20, 14)
        self.stack.addWidget(self.stream_card)
        self._show_page(self.empty_state)

        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(22, 12, 22, 14)
        self.content_layout.setSpacing(12)
        self.content_layout.addLayout(header)
        self.notice_slot = QVBoxLayout()
        self.content_layout.addLayout(self.notice_slot)
        self.content_layout.addWidget(self.stack)
        self.status_slot = QVBoxLayout()
        self.content_layout.addLayout(self.status_slot)
        self.content_layout.addStretch(1)
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

    def _build_empty_state(self) -> QWidget:
        page = QFrame()
        page.setObjectName("card")
        self.empty_title = QLabel(self.tr("Create your first stream"))
        self.empty_title.setObjectName("emptyTitle")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.empty_text = QLabel(
            self.tr(
                "One click makes a Comprimato stream, puts its address and key into OBS, "
                "and gives you a link and QR code to share."
            )
        )
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.empty_text.setObjectName("muted")
        self.empty_button = QPushButton(self.tr("Create stream"))
        self.empty_button.setObjectName("primary")
        self.empty_button.setAccessibleName(self.tr("Create your first stream"))
        self.empty_button.setEnabled(False)
        self.empty_button.clicked.connect(self._empty_primary_clicked)
        self.empty_sandbox_button = QPushButton(self.tr("Try it with the sandbox"))
        self.empty_sandbox_button.setAccessibleName(self.tr("Try it with the sandbox"))
        self.empty_sandbox_button.setToolTip(
            self.tr("Run a small Comprimato on this computer: no account needed")
        )
        self.empty_sandbox_button.clicked.connect(self._use_sandbox_clicked)
        self.empty_sandbox_button.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(self.empty_button)
        buttons.addWidget(self.empty_sandbox_button)
        buttons.addStretch(1)
        self.empty_obs = QLabel("")
        self.empty_obs.setWordWrap(True)
        self.empty_obs.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.empty_obs.setObjectName("muted")
        self.empty_obs_button = QPushButton("")
        self.empty_obs_button.hide()
        self.empty_obs_button.clicked.connect(self._empty_obs_fix_clicked)
        self._empty_obs_fix = ""
        layout = QVBoxLayout(page)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(14)
        layout.addStretch(1)
        layout.addWidget(self.empty_title)
        layout.addWidget(self.empty_text)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.empty_obs)
        layout.addWidget(self.empty_obs_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _build_menu_bar(self) -> None:
        """The menu bar with its two menus, empty until ``_build_actions`` fills them.

        The bar is part of the first paint (it takes its height); the actions and their
        shortcuts are not, so they are made just after it.
        """
        self.file_menu = QMenu(self.tr("&File"), self)
        self.stream_menu = QMenu(self.tr("&Stream"), self)
        self.help_menu = QMenu(self.tr("&Help"), self)
        self.menuBar().addMenu(self.file_menu)
        self.menuBar().addMenu(self.stream_menu)
        self.menuBar().addMenu(self.help_menu)
        self._actions_built = False

    def _build_actions(self) -> None:
        """The window's actions (menus, shortcuts); once, after the first paint."""
        if self._actions_built:
            return
        self._actions_built = True

        def action(
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], Any],
        ) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.create_action = action(self.tr("&Create stream"), "Ctrl+N", self._create_clicked)
        self.live_action = action(self.tr("&Go live / Stop"), "Ctrl+L", self._toggle_live)
        self.send_action = action(self.tr("&Send to OBS"), "Ctrl+Shift+O", self._send_clicked)
        self.copy_link_action = action(
            self.tr("Copy &player link"), "Ctrl+Shift+C", self._copy_link
        )
        self.restore_action = action(
            self.tr("&Restore my previous OBS settings"), QKeySequence(), self._restore_clicked
        )
        self.start_obs_action = action(
            self.tr("Start &OBS"), QKeySequence(), self._start_obs_clicked
        )
        self.start_obs_action.setToolTip(
            self.tr("Start OBS Studio, with its WebSocket server turned on, and connect to it")
        )
        self.refresh_action = action(self.tr("&Refresh streams"), "F5", self._refresh_clicked)
        self.filter_action = action(
            self.tr("&Find stream"), QKeySequence.StandardKey.Find, self._focus_filter
        )
        self.settings_action = action(
            self.tr("S&ettings…"), QKeySequence.StandardKey.Preferences, self._settings_clicked
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = action(
            self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.request_quit
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        stream_menu = self.stream_menu
        for act in (
            self.create_action,
            self.live_action,
            self.send_action,
            self.copy_link_action,
            self.restore_action,
        ):
            stream_menu.addAction(act)
        stream_menu.addSeparator()
        stream_menu.addAction(self.start_obs_action)
        stream_menu.addAction(self.refresh_action)
        stream_menu.addAction(self.filter_action)
        self.open_logs_action = action(
            self.tr("Open &log folder"), QKeySequence(), self._open_log_folder
        )
        self.about_action = action(
            self.tr("&About {name}").format(name=APP_NAME), QKeySequence(), self._about_clicked
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.open_logs_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

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
        if self.stream_view is not None:
            self.stream_view.set_narrow(width < NARROW_WINDOW_WIDTH)
        if self.status_panel is not None:
            self.status_panel.set_narrow(width < NARROW_WINDOW_WIDTH)

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
        await self.run_welcome()

    async def _retry_start(self) -> None:
        """The Retry of a failed start: start the session again, then as after a start."""
        session = self.session
        if session is None:
            return
        await session.retry_start()
        if session.state.ready:
            self.session_started.emit()
            await self.run_welcome()

    @property
    def has_painted(self) -> bool:
        return self._painted

    # --- attach the session (after the first paint) ------------------------------------

    def attach(self, session: CompanionSession) -> None:
        """Follow ``session``'s state from now on: its notices and its list first.

        The tray is built when the session is ready or shows a stream, whichever comes
        first; the stream view (QR code) and the status panel (graph) when it first shows a
        stream (``_build_stream_parts``): a long list of streams then appears while they are
        still loading.
        """
        from .error_dialog import InlineMessage
        from .session_bridge import SessionBridge

        self._build_actions()
        self.session = session
        self.create_message = InlineMessage()
        self.create_slot.addWidget(self.create_message)
        self.general_message = InlineMessage()
        self.notice_slot.addWidget(self.general_message)
        # OBS's problems need the user (a password, OBS closed): at the top, not below the fold.
        self.obs_message = InlineMessage()
        self.notice_slot.addWidget(self.obs_message)
        self.list_message = InlineMessage()
        self.stream_list.add_message(self.list_message)
        self.stream_list.stream_selected.connect(self._select)
        self.stream_list.rename_requested.connect(self._rename)
        self.stream_list.delete_requested.connect(self._delete)
        self.stream_list.refresh_requested.connect(self._refresh_clicked)

        self.bridge = SessionBridge(session, self)
        self.bridge.state_changed.connect(self.show_state)
        self.show_state(session.state)

    def _card_view(self) -> StreamView:
        """The stream view, built the first time a stream is drawn (not at start-up: with
        no stream there is no card, and it costs 3-4 MiB and 30-40 ms)."""
        view = self.stream_view
        if view is None:
            view = self._build_stream_parts()
            if self._previous is not None and self.status_panel is not None:
                self.status_panel.setVisible(self._previous.selected is not None)
                self.status_panel.update_state(self._previous)
        return view

    def _build_stream_parts(self) -> StreamView:
        """The stream view and the status panel (once, before a stream is first drawn)."""
        from .status_panel import StatusPanel
        from .stream_view import StreamView

        self.stream_view = StreamView()
        self.stream_card_layout.addWidget(self.stream_view)
        self.status_panel = StatusPanel()
        self.status_panel.setVisible(False)
        self.status_slot.addWidget(self.status_panel)
        self._fit_layout(self.width())

        self.stream_view.send_requested.connect(self._send_clicked)
        self.stream_view.go_live_requested.connect(self._go_live_clicked)
        self.stream_view.stop_requested.connect(self._stop_clicked)
        self.stream_view.restore_requested.connect(self._restore_clicked)
        self.stream_view.copied.connect(self._show_copied)
        self.stream_view.fix_requested.connect(self.run_fix)
        self.status_panel.fix_requested.connect(self.run_fix)
        self.status_panel.switch_requested.connect(self._select)
        return self.stream_view

    def _build_tray(self) -> None:
        """The tray icon (once, when the session is ready or shows a stream)."""
        from .tray import LiveTray

        self.tray = LiveTray(self)
        self.tray.go_live_requested.connect(self._go_live_clicked)
        self.tray.stop_requested.connect(self._stop_from_tray)
        self.tray.copy_link_requested.connect(self._copy_link)
        self.tray.show_requested.connect(self.show_from_tray)
        self.tray.quit_requested.connect(self._quit_from_tray)
        self.tray.show()

    def _set_up_widget_classes(self) -> None:
        """Let PySide set up its widget classes now, while start-up is idle.

        PySide makes its Python classes lazily. The first time Qt hands Python a widget it
        made itself (a list's viewport, the parent of a rename editor), every widget class
        is set up at once, 20 to 40 ms; asking for one such widget here means it is not
        the user's first rename, keystroke or click that waits for it.
        """
        self.stream_list.view.viewport()

    # --- drawing the state --------------------------------------------------------------

    def show_state(self, state: ViewState) -> None:
        """Draw one snapshot of the session."""
        from ..golive.view_state import (
            AREA_CREATE,
            AREA_GENERAL,
            AREA_LIST,
            BUSY_CREATE,
            BUSY_REFRESH,
            BUSY_SEND,
            BUSY_STARTING,
            Mode,
        )
        from .notices import show_notice

        if self.tray is None and (state.ready or state.selected is not None):
            self._build_tray()
        if self._geometry_pending and (state.settings.window_geometry or state.ready):
            self._geometry_pending = False
            self.restore_geometry_text(state.settings.window_geometry)
        previous, self._previous = self._previous, state
        if state.mode is Mode.SANDBOX:
            self.mode_label.setText(self.tr("Sandbox · a local Comprimato"))
            self.mode_label.setToolTip(
                self.tr(
                    "A small Comprimato running on this computer. Its streams end when you quit."
                )
            )
        elif state.ready:
            self.mode_label.setText(
                self.tr("Comprimato · {host}").format(host=_host_of(state.api_url))
            )
            self.mode_label.setToolTip(state.api_url)
        elif BUSY_STARTING not in state.busy:
            self.mode_label.setText(self.tr("Not started"))  # the notice above says why, with Retry
        else:
            self.mode_label.setText(self.tr("Starting…"))
        creating = BUSY_CREATE in state.busy
        # Not before the session is ready: after a failed start, Retry is the next step.
        self.create_button.setEnabled(state.ready and not creating)
        self.create_button.setText(self.tr("Creating…") if creating else self.tr("Create stream"))
        self.stream_list.refresh_button.setEnabled(BUSY_REFRESH not in state.busy)

        self._render_obs_chip(state)
        if state.selected is not None:
            self._created_unsent = self._created_unsent or creating
        # Drawing a new card (QR code) and the list with the new row on top takes 5-20 ms:
        # a new stream's key goes to OBS first, and they follow as soon as OBS holds it (or
        # after CARD_WAIT_MS).
        key_to_obs_first = (
            state.selected is not None
            and self._created_unsent
            and state.selected.stream.id != self._card_stream_id
            and not state.obs.holds(state.selected.stream.id)
            and state.obs.connected
            and state.settings.send_to_obs_automatically
            and (creating or BUSY_SEND in state.busy or BUSY_CREATE in (previous or state).busy)
        )
        if (
            previous is None
            or previous.streams is not state.streams
            or (previous.selected is not state.selected)
            or self._list_waiting
        ):
            # The new row arrives while the old stream is still selected: it waits too.
            new_row_first = (
                creating and state.obs.connected and state.settings.send_to_obs_automatically
            )
            if key_to_obs_first or new_row_first or (self._list_waiting and self._card_waiting):
                self._list_waiting = True  # drawn with the card
            else:
                self._show_list(state)
        if state.selected is not None:
            if key_to_obs_first:
                self._draw_card_later()
            elif self._created_unsent and state.selected.stream.id != self._card_stream_id:
                self._draw_card_later(0)  # OBS holds the key: the card, on the next turn
            else:
                self._created_unsent = False
                self._card_stream_id = state.selected.stream.id
                self._card_view().update_state(state)
                self._show_page(self.stream_card)
        else:
            self._show_page(self.empty_state)
        self._render_empty_state(state, creating=creating)
        if self.status_panel is not None:
            self.status_panel.setVisible(state.selected is not None)
            self.status_panel.update_state(state)
        show_notice(self.create_message, state.notices.get(AREA_CREATE), self.run_fix)
        show_notice(self.general_message, state.notices.get(AREA_GENERAL), self.run_fix)
        show_notice(self.list_message, state.notices.get(AREA_LIST), self.run_fix)
        self._update_tray(previous, state)
        has_stream = state.selected is not None
        for act in (self.live_action, self.send_action, self.copy_link_action):
            act.setEnabled(has_stream)
        self.start_obs_action.setEnabled(not state.obs.connected)
        # The empty page says it already; with a stream shown, it goes at the top.
        obs_problem = state.obs.error if has_stream and not state.obs.connected else None
        show_notice(self.obs_message, obs_problem, self.run_fix)
        self._refresh_seen = self._refresh_seen or BUSY_REFRESH in state.busy
        if not self._usable and _is_usable(
            state,
            self.create_button.isEnabled(),
            self.stream_list.model.rowCount(),
            refreshed=self._refresh_seen and BUSY_REFRESH not in state.busy,
        ):
            self._usable = True
            self.usable.emit()

    def _draw_card_later(self, delay_ms: int = CARD_WAIT_MS) -> None:
        if self._card_waiting and delay_ms:
            return
        self._card_waiting = True
        QTimer.singleShot(delay_ms, self, self._draw_waiting_card)

    def _show_list(self, state: ViewState) -> None:
        self._list_waiting = False
        self.stream_list.set_streams(
            state.streams, state.selected.stream.id if state.selected else None
        )

    def _draw_waiting_card(self) -> None:
        self._card_waiting = False
        session = self.session
        if session is None:
            return
        state = session.state
        if self._list_waiting:
            self._show_list(state)
        if state.selected is not None and state.selected.stream.id != self._card_stream_id:
            self._created_unsent = False
            self._card_stream_id = state.selected.stream.id
            self._card_view().update_state(state)
            self._show_page(self.stream_card)

    def _render_obs_chip(self, state: ViewState) -> None:
        colors = colors_for(self)
        obs = state.obs
        if obs.connected:
            version = f" {obs.version.obs_version}" if obs.version else ""
            text, color = self.tr("● OBS{version} connected").format(version=version), colors.ok
        elif obs.state in ("connecting",):
            text, color = self.tr("● Connecting to OBS…"), colors.warn
        elif obs.error is not None:
            text, color = self.tr("● OBS not connected"), colors.error
        else:
            text, color = self.tr("● OBS not connected"), colors.muted
        self.obs_chip.setText(text)
        sheet = f"color: {color.name()};"
        if sheet != self.obs_chip.styleSheet():  # re-styling relays out: only on a change
            self.obs_chip.setStyleSheet(sheet)
        tip = obs.error.message if obs.error is not None and not obs.connected else obs.source
        self.obs_chip.setToolTip(tip)

    def _show_page(self, page: QWidget) -> None:
        """Show one page of the stack, sized by that page alone (not the tallest one)."""
        if self._sized_page is page:
            return
        self._sized_page = page
        for index in range(self.stack.count()):
            other = self.stack.widget(index)
            if other is None:
                continue
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        self.stack.updateGeometry()

    def _render_empty_state(self, state: ViewState, *, creating: bool) -> None:
        """The page shown with no stream selected: always says what to do next."""
        from ..golive.view_state import FIX_NONE, ApiKeyStatus, Mode
        from .notices import fix_label

        needs_key = state.ready and state.mode is Mode.REAL and not state.can_create
        if needs_key and state.api_key_status is ApiKeyStatus.LOCKED:
            self.empty_title.setText(self.tr("Your keyring is locked"))
            self.empty_text.setText(
                self.tr(
                    "Your Comprimato API key is saved in the system keyring, which is locked. "
                    "Unlock it, then try again."
                )
            )
            self.empty_button.setText(self.tr("Try again"))
        elif needs_key and state.api_key_status is ApiKeyStatus.REJECTED:
            self.empty_title.setText(self.tr("Comprimato did not accept your API key"))
            self.empty_text.setText(
                self.tr(
                    "It may have been mistyped, replaced or revoked. Enter the key shown in "
                    "your Comprimato account, or try everything first with the sandbox."
                )
            )
            self.empty_button.setText(self.tr("Enter a new API key…"))
        elif needs_key:
            self.empty_title.setText(self.tr("Connect your Comprimato account"))
            self.empty_text.setText(
                self.tr(
                    "Enter your Comprimato API key to create streams. No account yet? The "
                    "sandbox runs a small Comprimato on this computer, OBS included."
                )
            )
            self.empty_button.setText(self.tr("Enter API key…"))
        else:
            self.empty_title.setText(
                self.tr("Create your first stream")
                if not state.streams
                else self.tr("Pick or create a stream")
            )
            self.empty_text.setText(
                self.tr(
                    "One click makes a Comprimato stream, puts its address and key into OBS, "
                    "and gives you a link and QR code to share."
                )
                if not state.streams
                else self.tr("Pick a stream from the list on the left, or make a new one.")
            )
            self.empty_button.setText(
                self.tr("Creating…") if creating else self.tr("Create stream")
            )
        self.empty_button.setAccessibleName(self.empty_button.text().rstrip("…"))
        self.empty_button.setEnabled(state.ready and not creating)
        self.empty_sandbox_button.setVisible(needs_key)

        obs = state.obs
        if obs.connected:
            version = f"OBS {obs.version.obs_version}" if obs.version else "OBS"
            self.empty_obs.setText(
                self.tr("{obs} is connected: a new stream goes straight into it.").format(
                    obs=version
                )
            )
        elif obs.error is not None:
            self.empty_obs.setText(obs.error.text)
        elif obs.state == "connecting":
            self.empty_obs.setText(self.tr("Looking for OBS Studio…"))
        else:
            self.empty_obs.setText(state.obs_summary)
        fix = obs.error.fix if obs.error is not None and not obs.connected else FIX_NONE
        self._empty_obs_fix = fix
        self.empty_obs_button.setText(fix_label(fix))
        self.empty_obs_button.setVisible(bool(fix))

    def _update_tray(self, previous: ViewState | None, state: ViewState) -> None:
        tray = self.tray
        if tray is None:
            return
        output = state.live.obs_output.name if state.live is not None else "STOPPED"
        link = state.player_link() or ""
        elsewhere = state.live_elsewhere
        if state.is_live:
            tray.set_state("live", self.tr("live · {link}").format(link=link))
        elif elsewhere is not None:
            tray.set_state(
                "starting", self.tr("OBS is live with {stream}").format(stream=elsewhere)
            )
        elif output in ("STARTING", "RECONNECTING") or output == "LIVE":
            tray.set_state("starting", self.tr("starting…"))
        elif output == "FAILED" or (state.obs.error is not None and not state.obs.connected):
            tray.set_state("problem", self.tr("needs attention"))
        else:
            tray.set_state("idle", "")
        # Stop stops what OBS streams, whichever stream it is (read from OBS).
        active = state.obs.sending
        tray.set_can_go_live(state.selected is not None and not active, active, bool(link))
        if previous is None or not previous.ready or self._closing():
            return  # quitting stops the OBS link: that is no news for the user
        was_output = previous.live.obs_output.name if previous.live is not None else "STOPPED"
        same_stream = _selected_id(previous) == _selected_id(state)
        if state.is_live and not previous.is_live:
            tray.notify(
                self.tr("You are live"),
                self.tr("Comprimato is receiving your stream. {link}").format(link=link).strip(),
            )
        elif same_stream and previous.is_live and output == "RECONNECTING":
            tray.notify(
                self.tr("Stream reconnecting"),
                self.tr("OBS lost the connection and is reconnecting."),
            )
        elif same_stream and was_output == "RECONNECTING" and output == "LIVE":
            tray.notify(self.tr("Stream reconnected"), self.tr("OBS is sending again."))
        elif (
            same_stream
            and previous.is_live
            and not state.is_live
            and output
            not in (
                "STOPPING",
                "STOPPED",
                "RECONNECTING",
            )
        ):
            tray.notify(
                self.tr("Stream dropped"),
                self.tr("Comprimato no longer receives your stream."),
                critical=True,
            )
        if previous.obs.connected and not state.obs.connected:
            tray.notify(
                self.tr("OBS is gone"),
                self.tr("The connection to OBS was lost; it is retried automatically."),
                critical=True,
            )

    # --- actions ------------------------------------------------------------------------

    async def _guarded(self, area: str, action: Callable[[], Awaitable[Any]]) -> None:
        """Run an action; a ``CompanionError`` shows next to what failed, nothing more."""
        session = self.session
        if session is None:
            return
        try:
            await action()
        except CompanionError as error:
            session.report(area, error)

    def _run(self, area: str, action: Callable[[], Awaitable[Any]]) -> None:
        """Start a guarded action on the loop (slots stay synchronous for Qt)."""
        import asyncio

        from .error_dialog import current_reporter

        task = asyncio.ensure_future(self._guarded(area, action))

        def done(finished: asyncio.Future[None]) -> None:
            if finished.cancelled():
                return
            error = finished.exception()
            if error is not None:
                reporter = current_reporter()
                if reporter is not None:
                    reporter.handle(error, error.__traceback__, "")
                else:
                    import sys

                    sys.excepthook(type(error), error, error.__traceback__)

        task.add_done_callback(done)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _create_clicked(self) -> None:
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
            self._create_clicked()

    def _key_step(self, session: CompanionSession) -> Callable[[], Awaitable[None]]:
        """What gets a usable key: read the locked keyring again, or ask for a key."""
        from ..golive.view_state import ApiKeyStatus

        if session.state.api_key_status is ApiKeyStatus.LOCKED:
            return session.retry_keyring
        return self.ask_api_key

    def _use_sandbox_clicked(self) -> None:
        session = self.session
        if session is not None:
            self._run("general", session.use_sandbox)

    def _empty_obs_fix_clicked(self) -> None:
        if self._empty_obs_fix:
            self.run_fix(self._empty_obs_fix)

    def run_fix(self, fix: str) -> None:
        """Do what fixes a notice (its button): ask for a key, retry OBS, open Settings."""
        from ..golive.view_state import (
            FIX_API_KEY,
            FIX_KEEP_SECRETS,
            FIX_KEYFRAMES,
            FIX_KEYRING_RETRY,
            FIX_OBS_RETRY,
            FIX_OBS_SETTINGS,
            FIX_OBS_SETUP,
            FIX_RETRY_START,
            FIX_SETTINGS,
        )

        session = self.session
        if session is None:
            return
        if fix == FIX_RETRY_START:
            self._run("general", self._retry_start)
        elif fix == FIX_KEYRING_RETRY:
            self._run("create", session.retry_keyring)
        elif fix == FIX_KEEP_SECRETS:
            self._run("general", session.keep_secrets_again)
        elif fix == FIX_API_KEY:
            self._run("create", self.ask_api_key)
        elif fix == FIX_OBS_RETRY:
            self._run("stream", session.reconnect_obs)
        elif fix == FIX_OBS_SETUP:
            self._run("general", session.set_up_obs)
        elif fix == FIX_OBS_SETTINGS:
            self.open_settings(tab=SETTINGS_TAB_OBS)
        elif fix == FIX_SETTINGS:
            self.open_settings()
        elif fix == FIX_KEYFRAMES:
            self._run("stream", session.fix_obs_keyframes)

    async def ask_api_key(self) -> None:
        """Ask for an API key (a new one after a rejection), or switch to the sandbox."""
        session = self.session
        if session is None:
            return
        from PySide6.QtWidgets import QDialog

        from ..golive.view_state import ApiKeyStatus
        from .async_dialogs import run_dialog
        from .welcome_dialog import WelcomeDialog

        rejected = session.state.api_key_status is ApiKeyStatus.REJECTED
        dialog = WelcomeDialog(
            _obs_line(session.state),
            parent=self,
            title=self.tr("Enter a new API key") if rejected else self.tr("Enter your API key"),
            subtitle=(
                self.tr(
                    "Comprimato did not accept the key saved here. Paste the key shown in your "
                    "Comprimato account; it replaces the old one in your keyring."
                )
                if rejected
                else self.tr(
                    "Paste the API key from your Comprimato account. It is kept in your "
                    "system's keyring."
                )
            ),
        )
        self.key_dialog = dialog
        try:
            result = await run_dialog(dialog)
            choice = dialog.choice()
        finally:
            self.key_dialog = None
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        if choice.use_sandbox:
            await session.use_sandbox()
        elif choice.api_key:
            await session.set_api_key(choice.api_key)

    def _about_clicked(self) -> None:
        self._run("general", self._show_about)

    async def _show_about(self) -> None:
        """Read the notices off the GUI thread, then open About (modeless)."""
        import asyncio

        from ..log_file import log_dir
        from ..resource_paths import resources_dir
        from ..third_party import notices_text
        from .about_dialog import AboutDialog

        notices = await asyncio.to_thread(notices_text, resources_dir())
        self.about_dialog = AboutDialog(notices, str(log_dir()), self)
        self.about_dialog.show()

    def _open_log_folder(self) -> None:
        """Show the log folder in the file manager; say where it is when none opens."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from ..log_file import log_dir

        folder = log_dir()
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.statusBar().showMessage(
                self.tr("No file manager could be opened. The log files are in {folder}").format(
                    folder=folder
                ),
                15000,
            )
        else:
            self.statusBar().showMessage(self.tr("Log files: {folder}").format(folder=folder), 8000)

    def _start_obs_clicked(self) -> None:
        session = self.session
        if session is not None:
            self._run("general", session.set_up_obs)

    def _send_clicked(self) -> None:
        if self.session is not None:
            self._run("stream", self.session.send_to_obs)

    def _go_live_clicked(self) -> None:
        if self.session is not None:
            self._run("stream", self.session.go_live)

    def _stop_clicked(self) -> None:
        """Stop (the button, Ctrl+L, the menu): a broadcast viewers watch ends only when asked."""
        if self.session is not None:
            self._run("stream", self._confirm_then_stop)

    def _stop_from_tray(self) -> None:
        """The tray's Stop is already two deliberate clicks: no question."""
        if self.session is not None:
            self._run("stream", self.session.stop)

    async def _confirm_then_stop(self) -> None:
        from .async_dialogs import confirm

        session = self.session
        if session is None:
            return
        if session.state.is_live or (self.stream_view is not None and self.stream_view.live_active):
            stop = await confirm(
                self,
                self.tr("Stop streaming?"),
                self.tr("Stop the broadcast now?"),
                destructive=True,
                confirm_label=self.tr("&Stop streaming"),
                details=self.tr(
                    "OBS stops sending, and viewers of the player link lose the picture."
                ),
            )
            if not stop:
                return
        await session.stop()

    def _restore_clicked(self) -> None:
        if self.session is not None:
            self._run("stream", self.session.restore_obs_settings)

    def _toggle_live(self) -> None:
        session = self.session
        if self.stream_view is not None and session is not None and session.state.selected:
            self.stream_view.toggle_live()

    def _refresh_clicked(self) -> None:
        if self.session is not None:
            self._run("list", self.session.refresh)

    def _select(self, stream_id: str) -> None:
        session = self.session
        if session is not None:
            self._run("stream", lambda: session.select_stream(stream_id))

    def _rename(self, stream_id: str, name: str) -> None:
        session = self.session
        if session is not None:
            self._run("list", lambda: session.rename(stream_id, name))

    def _delete(self, stream_id: str) -> None:
        session = self.session
        if session is None:
            return

        async def ask_then_delete() -> None:
            from .async_dialogs import confirm
            from .stream_list import display_name

            stored = next((s for s in session.state.streams if s.stream.id == stream_id), None)
            name = display_name(stored) if stored is not None else stream_id
            if await confirm(
                self,
                self.tr("Delete stream"),
                self.tr("Delete “{name}” on Comprimato?").format(name=name),
                destructive=True,
                confirm_label=self.tr("&Delete"),
                details=self.tr(
                    "Its player link stops working and its streamer key is no longer "
                    "accepted. This cannot be undone."
                ),
            ):
                await session.delete(stream_id)

        self._run("list", ask_then_delete)

    def _copy_link(self) -> None:
        if self.stream_view is not None:
            self.stream_view.copy_player_link()

    def _focus_filter(self) -> None:
        self.stream_list.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.stream_list.filter_edit.selectAll()

    def _show_copied(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 6000)

    def _settings_clicked(self) -> None:
        self.open_settings()

    def open_settings(self, *, tab: int = SETTINGS_TAB_COMPRIMATO) -> None:
        """Open the settings dialog (on ``tab``) and apply what the user saves."""
        session = self.session
        if session is None:
            return

        async def edit_settings() -> None:
            from PySide6.QtWidgets import QDialog

            from ..golive.session import ApiKeyStatus, Mode
            from .async_dialogs import run_dialog
            from .settings_dialog import SettingsDialog

            has_obs_password = await session.read_obs_password_saved()  # the keyring now
            state = session.state
            dialog = SettingsDialog(
                state.settings,
                has_api_key=state.api_key_status in (ApiKeyStatus.PRESENT, ApiKeyStatus.REJECTED),
                has_obs_password=has_obs_password,
                obs_summary=state.obs_summary,
                sandbox_mode=state.mode is Mode.SANDBOX,
                parent=self,
            )
            dialog.tabs.setCurrentIndex(tab)
            self.settings_dialog = dialog
            try:
                if await run_dialog(dialog) != QDialog.DialogCode.Accepted:
                    return
                changes = dialog.changes()
            finally:
                self.settings_dialog = None
                dialog.deleteLater()  # after its answer was read, not on close
            await session.update_settings(
                changes.settings, api_key=changes.api_key, obs_password=changes.obs_password
            )

        self._run("general", edit_settings)

    async def run_welcome(self) -> None:
        """First start: ask for the API key or offer the sandbox; shows what OBS is."""
        session = self.session
        if session is None or not session.state.welcome_needed:
            return
        from PySide6.QtWidgets import QDialog

        from .async_dialogs import run_dialog
        from .welcome_dialog import WelcomeDialog

        dialog = WelcomeDialog(_obs_line(session.state), parent=self)
        unsubscribe = session.add_observer(lambda state: dialog.set_obs_summary(_obs_line(state)))
        try:
            result = await run_dialog(dialog)
            choice = dialog.choice()
        finally:
            unsubscribe()
            dialog.deleteLater()  # after its answer was read, not on close
        if result != QDialog.DialogCode.Accepted:
            return
        await self._guarded(
            "create",
            lambda: session.finish_welcome(use_sandbox=choice.use_sandbox, api_key=choice.api_key),
        )

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
        """Quit now (menu, tray): the caller stops everything cleanly."""
        self._quitting = True
        self.quit_requested.emit()

    def _quit_from_tray(self) -> None:
        self.request_quit()

    def show_from_tray(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        session = self.session
        if self._quitting or session is None or session.closed or self.stream_view is None:
            event.accept()
            self.request_quit()
            return
        if not self.stream_view.live_active:
            event.accept()
            self.request_quit()
            return
        event.ignore()
        self._run("stream", self._ask_keep_streaming)

    async def _ask_keep_streaming(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from .async_dialogs import run_dialog

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("You are live"))
        box.setText(self.tr("Keep streaming after the window closes?"))
        in_tray = self.tray is not None and self.tray.is_visible()
        # Say only what will happen: without a tray icon the window is minimised instead.
        box.setInformativeText(
            self.tr(
                "Keep streaming hides the window to the tray icon; OBS goes on sending. "
                "Stop and quit ends the broadcast."
            )
            if in_tray
            else self.tr(
                "Keep streaming minimises the window to the taskbar; OBS goes on sending. "
                "Stop and quit ends the broadcast."
            )
        )
        keep = box.addButton(self.tr("&Keep streaming"), QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton(self.tr("&Stop and quit"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        await run_dialog(box)
        clicked = box.clickedButton()
        if clicked is keep:
            if in_tray and self.tray is not None:
                self.hide()
                self.tray.notify(
                    APP_NAME, self.tr("Still streaming. Use the tray icon to come back.")
                )
            else:
                self.showMinimized()
        elif clicked is stop and self.session is not None:
            with contextlib.suppress(CompanionError):
                await self.session.stop()
            self.request_quit()


def _is_usable(state: ViewState, create_enabled: bool, rows: int, *, refreshed: bool) -> bool:
    """Whether a user can work now: with an account, once its streams were fetched once;
    OBS counts once its first attempt settled either way."""
    from ..golive.view_state import Mode

    return (
        state.ready
        and create_enabled
        and rows == len(state.streams)
        and (state.mode is not Mode.REAL or not state.can_create or refreshed)
        and state.obs.state in ("connected", "retrying", "failed")
    )


def _selected_id(state: ViewState) -> str | None:
    return state.selected.stream.id if state.selected is not None else None


def _host_of(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url


def _obs_line(state: ViewState) -> str:
    obs = state.obs
    if obs.connected and obs.version is not None:
        return translate("MainWindow", "OBS {version} is running and connected.").format(
            version=obs.version.obs_version
        )
    if obs.error is not None:
        return f"{obs.error.message} {obs.error.next_step}".strip()
    return state.obs_summary


__all__ = ["DEFAULT_SIZE", "MainWindow", "QApplication"]
