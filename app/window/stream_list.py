"""The user's streams: a filterable list that stays fast with tens of thousands of rows.

A model/view pair, not a widget per row: ``StreamListModel`` holds the session's tuple of
streams as it is, and ``FilteredStreamModel`` shows the rows matching the filter text.
Loading 10,000 streams is one reset; a keystroke in the filter is a scan of prepared
lower-case strings and one more reset, and the view never measures rows (they all have
the same height).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import translate

if TYPE_CHECKING:
    from ..storage.stream_store import StoredStream

ModelIndex = QModelIndex | QPersistentModelIndex

#: The stream id of a row (``Qt.UserRole``).
STREAM_ID_ROLE = int(Qt.ItemDataRole.UserRole)
#: Name, id and player key in lower case, prepared once per row for the filter.
FILTER_ROLE = STREAM_ID_ROLE + 1
#: The secondary line: status and creation date.
DETAIL_ROLE = STREAM_ID_ROLE + 2
#: Whether Comprimato reported the stream running.
RUNNING_ROLE = STREAM_ID_ROLE + 3

#: Above this many rows the filter's search strings are made as soon as the list shows.
PREPARE_FILTER_ROWS = 1000

# Qt's roles as plain ints: ``data()`` runs for every painted row and role, and comparing
# ints is much cheaper than looking up enum members each time.
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_EDIT_ROLE = int(Qt.ItemDataRole.EditRole)
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE_ROLE = int(Qt.ItemDataRole.AccessibleTextRole)


def display_name(stored: StoredStream) -> str:
    """The name the user gave, or a short one made from the id."""
    return stored.name.strip() or translate("StreamListPanel", "Stream {id}").format(
        id=stored.stream.id[:8]
    )


def detail_line(stored: StoredStream, *, unanswered: bool = False) -> str:
    """Status and creation time in local time, e.g. ``Running · 1 Mar 14:02``.

    ``unanswered``: Comprimato has not answered for this stream lately (the live panel
    says "No answer"), so its stored status is not claimed.
    """
    status = (
        translate("StreamStatus", "No answer")
        if unanswered
        else status_label(stored.stream.status)
    )
    try:
        created = datetime.fromisoformat(stored.created_at.replace("Z", "+00:00"))
    except ValueError:
        return status
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    local = created.astimezone()
    when = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    # The C locale: English month names for the English pattern, digits in the Czech one.
    shown = QLocale.c().toString(when, translate("StreamListPanel", "d MMM yyyy HH:mm"))
    return f"{status} · {shown}"


def status_label(status: str) -> str:
    """A stream's status in the user's language; one the API did not document, as it is."""
    known = {
        "running": translate("StreamStatus", "Running"),
        "stopped": translate("StreamStatus", "Stopped"),
    }
    return known.get(status.strip().lower(), status) or translate("StreamStatus", "Unknown")


class StreamListModel(QAbstractListModel):
    """Every stream as a row; renaming a row asks the owner through ``rename_requested``.

    Rows are the session's tuple itself, so showing a new list is one reset and no copy.

    Signals:
        rename_requested(str, str): stream id and the new name typed by the user.
    """

    rename_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._streams: Sequence[StoredStream] = ()
        self._filter_keys: list[str] | None = None
        self._display_names: list[str] | None = None
        self._rows_by_id: dict[str, int] | None = None
        # The stream Comprimato does not answer for now (the live panel's "No answer").
        self._unanswered: str | None = None

    def set_unanswered(self, stream_id: str | None) -> None:
        """Show ``stream_id``'s row without its stored status (``None``: every row as
        stored): a row never claims more than the live panel."""
        if stream_id == self._unanswered:
            return
        rows = [self.row_of(i) for i in (self._unanswered, stream_id) if i is not None]
        self._unanswered = stream_id
        for row in rows:
            if row >= 0:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def set_streams(self, streams: Sequence[StoredStream]) -> bool:
        """Replace all rows (one reset); False when ``streams`` is what is shown already."""
        if streams is self._streams:
            return False
        self.beginResetModel()
        self._streams = streams
        self._filter_keys = None  # built on the first filtering, not on every load
        self._display_names = None
        self._rows_by_id = None
        self.endResetModel()
        return True

    def display_names(self) -> list[str]:
        """The name shown for each row (made once per list, on first use)."""
        if self._display_names is None:
            self._display_names = [display_name(s) for s in self._streams]
        return self._display_names

    def filter_keys(self) -> list[str]:
        """Name, id and player key of each row in lower case: what the filter searches."""
        if self._filter_keys is None:
            self._filter_keys = [
                f"{s.name} {s.stream.id} {s.stream.player_key}".lower() for s in self._streams
            ]
        return self._filter_keys

    def stream_at(self, row: int) -> StoredStream | None:
        return self._streams[row] if 0 <= row < len(self._streams) else None

    def row_of(self, stream_id: str) -> int:
        """The row of a stream id, or -1 (a dict built once per list, not a scan per call)."""
        if self._rows_by_id is None:
            self._rows_by_id = {s.stream.id: row for row, s in enumerate(self._streams)}
        return self._rows_by_id.get(stream_id, -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._streams)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self.row_data(index.row(), role) if index.isValid() else None

    def row_data(self, row: int, role: int) -> object:
        """What ``data`` answers for ``row``, without building an index."""
        stored = self.stream_at(row)
        if stored is None:
            return None
        if role in (_DISPLAY_ROLE, _EDIT_ROLE):
            return display_name(stored)
        if role == STREAM_ID_ROLE:
            return stored.stream.id
        unanswered = self._unanswered is not None and stored.stream.id == self._unanswered
        if role == DETAIL_ROLE:
            return detail_line(stored, unanswered=unanswered)
        if role == RUNNING_ROLE:
            return stored.stream.is_running and not unanswered
        if role == FILTER_ROLE:
            return self.filter_keys()[row]
        if role == _TOOLTIP_ROLE:
            return "\n".join(
                (
                    display_name(stored),
                    translate("StreamListPanel", "Id: {id}").format(id=stored.stream.id),
                    detail_line(stored, unanswered=unanswered),
                )
            )
        if role == _ACCESSIBLE_ROLE:
            return f"{display_name(stored)}, {detail_line(stored, unanswered=unanswered)}"
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        return index.isValid() and self.rename_row(index.row(), value, role)

    def rename_row(self, row: int, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for ``row`` to be renamed to ``value`` (the session renames, then re-lists)."""
        stored = self.stream_at(row)
        if stored is None or role != _EDIT_ROLE:
            return False
        name = str(value).strip()
        if name != stored.name:
            self.rename_requested.emit(stored.stream.id, name)
        return True


class FilteredStreamModel(QStringListModel):
    """The rows of a ``StreamListModel`` that match the filter text: what the view shows.

    A string list model on purpose: laying out a list asks the model for an index (and so
    its row count) twice per row, 20,000 calls for 10,000 streams, which Qt's own string
    list answers in C++; only ``data()`` for the rows actually painted runs in Python. A
    ``QSortFilterProxyModel`` would instead call ``data()`` through Python for every row on
    every keystroke. Filtering is a scan of one prepared lower-case string per row, giving
    the array of source rows shown; typing more letters scans only the rows that matched
    the shorter text.
    """

    def __init__(self, source: StreamListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._text = ""
        #: Source rows shown, in order; None while every row is shown (no filter).
        self._rows: list[int] | None = None
        source.modelReset.connect(self._source_reset)

    def filter_text(self) -> str:
        return self._text

    def set_filter(self, text: str) -> None:
        """Show only rows whose name, id or player key contain ``text`` (any case)."""
        text = text.strip().lower()
        if text == self._text:
            return
        narrower = bool(self._text) and text.startswith(self._text)
        self._show(self._matching(text, self._rows if narrower else None))
        self._text = text

    def _matching(self, text: str, within: list[int] | None) -> list[int] | None:
        if not text:
            return None
        keys = self._source.filter_keys()
        if within is None:
            return [row for row, key in enumerate(keys) if text in key]
        return [row for row in within if text in keys[row]]

    def _show(self, rows: list[int] | None) -> None:
        names = self._source.display_names()
        self._rows = rows
        self.setStringList(names if rows is None else [names[row] for row in rows])  # a reset

    def _source_reset(self) -> None:
        self._show(self._matching(self._text, None))

    def source_row(self, row: int) -> int:
        """The source row shown at ``row``, or -1."""
        if self._rows is None:
            return row if 0 <= row < self._source.rowCount() else -1
        return self._rows[row] if 0 <= row < len(self._rows) else -1

    def mapToSource(self, index: ModelIndex) -> QModelIndex:
        row = self.source_row(index.row()) if index.isValid() else -1
        return self._source.index(row, 0) if row >= 0 else QModelIndex()

    def mapFromSource(self, index: ModelIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        source_row = index.row()
        if self._rows is None:
            return self.index(source_row, 0)
        position = bisect_left(self._rows, source_row)
        if position < len(self._rows) and self._rows[position] == source_row:
            return self.index(position, 0)
        return QModelIndex()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        return self._source.row_data(self.source_row(index.row()), role)

    def setData(
        self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """A rename asks the session; the new name shows when it lists the streams again."""
        if not index.isValid():
            return False
        return self._source.rename_row(self.source_row(index.row()), value, role)


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
        self.proxy = FilteredStreamModel(self.model, self)
        self._selected_id: str | None = None
        self._syncing = False
        self._row_delegate: QAbstractItemDelegate | None = None

        title = QLabel(self.tr("Your streams"))
        title.setObjectName("sectionTitle")
        self.count_label = QLabel("")
        self.count_label.setObjectName("muted")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Reload your streams from Comprimato (F5)"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the stream list"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.refresh_button)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or id"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter streams"))
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.view = QListView()
        self.view.setModel(self.proxy)  # rows get their delegate with the first list
        self.view.setUniformItemSizes(True)  # one row measured, not 10,000
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setAccessibleName(self.tr("Your streams"))
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.rename_requested.connect(self.rename_requested)

        self.empty_label = QLabel(self.tr("No streams yet. Create your first stream."))
        self.empty_label.setObjectName("muted")
        self.empty_label.setWordWrap(True)

        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.setToolTip(self.tr("Rename the selected stream on this computer (F2)"))
        self.rename_button.clicked.connect(self.start_rename)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected stream on Comprimato (Delete)"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected stream"))
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
        if self._row_delegate is None and streams:  # no rows, nothing to paint them with
            from .stream_row import StreamRowDelegate

            self._row_delegate = StreamRowDelegate(self.view)
            self.view.setItemDelegate(self._row_delegate)
        if self.model.set_streams(streams) and len(streams) > PREPARE_FILTER_ROWS:
            # What the filter searches, made once the list shows rather than on a keystroke.
            QTimer.singleShot(0, self, self.model.filter_keys)
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
        self.proxy.set_filter(text)
        self._select(self._selected_id)
        self._update_counts()

    def _update_counts(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count_label.setText(
            self.tr("{shown} of {total}").format(shown=shown, total=total)
            if shown != total
            else (str(total) if total else "")
        )
        self.empty_label.setVisible(total == 0)
        if total and not shown:
            self.empty_label.setText(self.tr("No stream matches the filter."))
            self.empty_label.setVisible(True)
        elif not total:
            self.empty_label.setText(self.tr("No streams yet. Create your first stream."))
        has = self.view.currentIndex().isValid()
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
