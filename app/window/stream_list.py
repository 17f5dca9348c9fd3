"""The user's streams: a filterable list that stays fast with tens of thousands of rows.

A model/view pair, not a widget per row: ``StreamListModel`` holds the session's tuple of
streams and ``QSortFilterProxyModel`` filters it, so loading 10,000 streams is one model
reset and filtering is a C++ loop over one prepared string per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.storage.stream_store import StoredStream

ModelIndex = QModelIndex | QPersistentModelIndex

#: The stream id of a row (``Qt.UserRole``).
STREAM_ID_ROLE = Qt.ItemDataRole.UserRole
#: Name, id and player key in lower case, prepared once per row for the filter.
FILTER_ROLE = Qt.ItemDataRole.UserRole + 1
#: The secondary line: status and creation date.
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
#: Whether Comprimato reported the stream running.
RUNNING_ROLE = Qt.ItemDataRole.UserRole + 3


def display_name(stored: StoredStream) -> str:
    """The name the user gave, or a short one made from the id."""
    return stored.name.strip() or f"Stream {stored.stream.id[:8]}"


def detail_line(stored: StoredStream) -> str:
    """Status and creation time in local time, e.g. ``Running · 1 Mar 14:02``."""
    status = stored.stream.status or "Unknown"
    try:
        created = datetime.fromisoformat(stored.created_at.replace("Z", "+00:00"))
    except ValueError:
        return status
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    local = created.astimezone()
    return f"{status} · {local.day} {local:%b %Y %H:%M}"


class StreamListModel(QAbstractListModel):
    """The streams as rows; renaming a row asks the owner through ``rename_requested``.

    Signals:
        rename_requested(str, str): stream id and the new name typed by the user.
    """

    rename_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._streams: Sequence[StoredStream] = ()
        self._filter_keys: list[str] = []

    def set_streams(self, streams: Sequence[StoredStream]) -> None:
        """Replace all rows (one reset: cheap even for 10,000 rows)."""
        if streams is self._streams:
            return
        self.beginResetModel()
        self._streams = streams
        self._filter_keys = [
            f"{s.name} {s.stream.id} {s.stream.player_key}".lower() for s in streams
        ]
        self.endResetModel()

    def stream_at(self, row: int) -> StoredStream | None:
        return self._streams[row] if 0 <= row < len(self._streams) else None

    def row_of(self, stream_id: str) -> int:
        """The row of a stream id, or -1."""
        for row, stored in enumerate(self._streams):
            if stored.stream.id == stream_id:
                return row
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._streams)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        stored = self.stream_at(index.row()) if index.isValid() else None
        if stored is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return display_name(stored)
        if role == STREAM_ID_ROLE:
            return stored.stream.id
        if role == FILTER_ROLE:
            return self._filter_keys[index.row()]
        if role == DETAIL_ROLE:
            return detail_line(stored)
        if role == RUNNING_ROLE:
            return stored.stream.is_running
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{display_name(stored)}\nId: {stored.stream.id}\n{detail_line(stored)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{display_name(stored)}, {detail_line(stored)}"
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        stored = self.stream_at(index.row()) if index.isValid() else None
        if stored is None or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value).strip()
        if name != stored.name:
            self.rename_requested.emit(stored.stream.id, name)
        return True


class StreamRowDelegate(QStyledItemDelegate):
    """Two lines per row: the name, and a muted status/date line with a dot when running."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        from app.window.theme import colors_for

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect.adjusted(12, 8, -10, -8)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        colors = colors_for(widget)
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text_color)
        half = rect.height() // 2
        name = QFontMetrics(bold).elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), half),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name,
        )
        detail_rect = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        if index.data(RUNNING_ROLE):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.live)
            dot = 8
            painter.drawEllipse(
                detail_rect.left(), detail_rect.center().y() - dot // 2 + 1, dot, dot
            )
            detail_rect.setLeft(detail_rect.left() + dot + 6)
        painter.setFont(opt.font)
        muted = text_color if selected else colors.muted
        painter.setPen(muted)
        detail = QFontMetrics(opt.font).elidedText(
            str(index.data(DETAIL_ROLE)), Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(
            detail_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), detail
        )
        painter.restore()


class StreamListPanel(QWidget):
    """The list of streams with a filter box, Refresh, Rename and Delete.

    Signals:
        stream_selected(str): the user picked a stream (its id).
        rename_requested(str, str): stream id, new local name.
        delete_requested(str): the user asked to delete a stream (confirmation is the
            owner's job).
        refresh_requested(): reload the list from Comprimato.
    """

    stream_selected = Signal(str)
    rename_requested = Signal(str, str)
    delete_requested = Signal(str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StreamListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._selected_id: str | None = None
        self._syncing = False

        title = QLabel("Your streams")
        title.setObjectName("sectionTitle")
        self.count_label = QLabel("")
        self.count_label.setObjectName("muted")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Reload your streams from Comprimato (F5)")
        self.refresh_button.setAccessibleName("Refresh the stream list")
        self.refresh_button.clicked.connect(self.refresh_requested)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.refresh_button)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name or id")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter streams")
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(StreamRowDelegate(self.view))
        self.view.setUniformItemSizes(True)  # constant-time layout for huge lists
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(200)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setAccessibleName("Your streams")
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.rename_requested.connect(self.rename_requested)

        self.empty_label = QLabel("No streams yet. Create your first stream.")
        self.empty_label.setObjectName("muted")
        self.empty_label.setWordWrap(True)

        self.rename_button = QPushButton("Rename")
        self.rename_button.setToolTip("Rename the selected stream on this computer (F2)")
        self.rename_button.clicked.connect(self.start_rename)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the selected stream on Comprimato (Delete)")
        self.delete_button.setAccessibleName("Delete the selected stream")
        self.delete_button.clicked.connect(self._delete_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.rename_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)

        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(self._delete_clicked)
        self._update_counts()

    def set_streams(self, streams: Sequence[StoredStream], selected_id: str | None) -> None:
        """Show ``streams`` and keep ``selected_id`` selected (without re-emitting it)."""
        self.model.set_streams(streams)
        self._select(selected_id)
        self._update_counts()

    def add_message(self, message: QWidget) -> None:
        """Put the list's inline message under the list."""
        self._layout.insertWidget(self._layout.count() - 1, message)

    def selected_id(self) -> str | None:
        return self._selected_id

    def start_rename(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def _select(self, stream_id: str | None) -> None:
        self._selected_id = stream_id
        current = self.view.currentIndex()
        if stream_id is not None and current.data(STREAM_ID_ROLE) == stream_id:
            return
        self._syncing = True
        try:
            row = self.model.row_of(stream_id) if stream_id is not None else -1
            if row < 0:
                self.view.clearSelection()
                self.view.setCurrentIndex(QModelIndex())
            else:
                proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
                if proxy_index.isValid():
                    self.view.setCurrentIndex(proxy_index)
                    self.view.scrollTo(proxy_index)
        finally:
            self._syncing = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        stream_id = current.data(STREAM_ID_ROLE) if current.isValid() else None
        has = stream_id is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        if self._syncing or not has or stream_id == self._selected_id:
            return
        self._selected_id = str(stream_id)
        self.stream_selected.emit(str(stream_id))

    def _delete_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.delete_requested.emit(str(index.data(STREAM_ID_ROLE)))

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip().lower())
        self._update_counts()

    def _update_counts(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count_label.setText(
            f"{shown} of {total}" if shown != total else (str(total) if total else "")
        )
        self.empty_label.setVisible(total == 0)
        if total and not shown:
            self.empty_label.setText("No stream matches the filter.")
            self.empty_label.setVisible(True)
        elif not total:
            self.empty_label.setText("No streams yet. Create your first stream.")
        has = self.view.currentIndex().isValid()
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
