"""The sidebar: the program's name and mode, the Create button, the stream list.

It draws its own slice of the snapshot (mode, start-up, the busy flags of Create and
Refresh, the list) and skips redrawing when that slice has not changed; its two notices
(create, list) redraw only when they change. Its texts are the main window's
(translation context "MainWindow").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from .. import APP_NAME
from ..i18n import translate
from .stream_list import StreamListPanel

if TYPE_CHECKING:
    from ..golive.view_state import ViewState
    from .error_dialog import InlineMessage

SIDEBAR_WIDTH = 248


class Sidebar(QWidget):
    """The left column.

    Signals:
        create_clicked(): the Create button was clicked.

    Attributes:
        mode_label: which Comprimato (sandbox, the API's host), or the start-up's state.
        create_button, stream_list: the Create button and the stream list.
        create_message, list_message: the create and list notices (after ``add_notices``).
    """

    create_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(SIDEBAR_WIDTH)
        title = QLabel(APP_NAME)
        title.setObjectName("appTitle")
        self.mode_label = QLabel(translate("MainWindow", "Starting…"))
        self.mode_label.setObjectName("muted")
        self.create_button = QPushButton(translate("MainWindow", "Create stream"))
        self.create_button.setObjectName("createButton")
        self.create_button.setToolTip(
            translate("MainWindow", "Create a new stream and send it to OBS (Ctrl+N)")
        )
        self.create_button.setAccessibleName(translate("MainWindow", "Create stream"))
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create_clicked)
        self._create_slot = QVBoxLayout()
        self._create_slot.setSpacing(8)
        self._create_slot.addWidget(self.create_button)
        self.stream_list = StreamListPanel()
        side = QVBoxLayout(self)
        side.setContentsMargins(16, 18, 16, 16)
        side.setSpacing(14)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(self.mode_label)
        side.addLayout(heading)
        side.addLayout(self._create_slot)
        side.addWidget(self.stream_list, 1)
        self.create_message: InlineMessage | None = None
        self.list_message: InlineMessage | None = None
        self._drawn: tuple[object, ...] | None = None
        self._listed: tuple[object, str | None] | None = None

    def add_notices(self) -> None:
        """The create and list notices (after the first paint: they load the dialogs)."""
        from .error_dialog import InlineMessage

        self.create_message = InlineMessage()
        self._create_slot.addWidget(self.create_message)
        self.list_message = InlineMessage()
        self.stream_list.add_message(self.list_message)

    def draw(self, state: ViewState, on_fix: Callable[[str], None]) -> None:
        """Draw the sidebar's slice of ``state``."""
        from ..golive.view_state import (
            AREA_CREATE,
            AREA_LIST,
            BUSY_CREATE,
            BUSY_REFRESH,
            BUSY_STARTING,
        )
        from .notices import show_notice

        selected_id = state.selected.stream.id if state.selected is not None else None
        # The same tuple until the list changes: 10,000 rows are not compared one by one.
        if (
            self._listed is None
            or self._listed[0] is not state.streams
            or (self._listed[1] != selected_id)
        ):
            self._listed = (state.streams, selected_id)
            self.stream_list.set_streams(state.streams, selected_id)
        live = state.live
        self.stream_list.model.set_unanswered(
            selected_id if live is not None and live.comprimato_stale else None
        )
        # Each notice redraws only when it changes (show_notice); one dismissed with its ✕
        # comes back with the next snapshot, as everywhere in the window.
        show_notice(self.create_message, state.notices.get(AREA_CREATE), on_fix)
        show_notice(self.list_message, state.notices.get(AREA_LIST), on_fix)
        drawn = (
            state.mode,
            state.ready,
            state.api_url,
            BUSY_STARTING in state.busy,
            BUSY_CREATE in state.busy,
            BUSY_REFRESH in state.busy,
        )
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._draw_mode(state, starting=BUSY_STARTING in state.busy)
        creating = BUSY_CREATE in state.busy
        # Not before the session is ready: after a failed start, Retry is the next step.
        self.create_button.setEnabled(state.ready and not creating)
        self.create_button.setText(
            translate("MainWindow", "Creating…")
            if creating
            else translate("MainWindow", "Create stream")
        )
        self.stream_list.refresh_button.setEnabled(BUSY_REFRESH not in state.busy)

    def _draw_mode(self, state: ViewState, *, starting: bool) -> None:
        from ..golive.view_state import Mode

        if state.mode is Mode.SANDBOX:
            self.mode_label.setText(translate("MainWindow", "Sandbox · a local Comprimato"))
            self.mode_label.setToolTip(
                translate(
                    "MainWindow",
                    "A small Comprimato running on this computer. Its streams end when you quit.",
                )
            )
        elif state.ready:
            self.mode_label.setText(
                translate("MainWindow", "Comprimato · {host}").format(host=_host_of(state.api_url))
            )
            self.mode_label.setToolTip(state.api_url)
        elif not starting:
            # The notice above says why, with Retry.
            self.mode_label.setText(translate("MainWindow", "Not started"))
        else:
            self.mode_label.setText(translate("MainWindow", "Starting…"))


def _host_of(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url


__all__ = ["SIDEBAR_WIDTH", "Sidebar"]
