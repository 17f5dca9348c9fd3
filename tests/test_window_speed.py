"""What keeps the window fast, checked as behaviour rather than timed.

Timings belong to the benchmarks; these tests pin down the properties the timings rest on:
the filtered list asks Python only for the rows it paints, a live figure repaints without
laying the window out again, the window's flags parse without loading the commands, Ctrl+C
and SIGTERM reach Python without a polling timer, and PySide's source-reading import hook
is gone.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import builtins
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from comprimato_companion.cli import WINDOW_FLAGS, build_parser
from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage.stream_store import StoredStream
from comprimato_companion.window import drop_pyside_import_hook
from comprimato_companion.window.signal_wakeup import SignalWakeup
from comprimato_companion.window.status_panel import _Metric
from comprimato_companion.window.stream_list import STREAM_ID_ROLE, StreamListModel, StreamListPanel
from comprimato_companion.window.theme import status_colors

pytestmark = pytest.mark.gui

API = "http://127.0.0.1:9/v1"


def stored(n: int, name: str = "") -> StoredStream:
    stream = Stream(
        id=f"id-{n:05d}", streamer_key=f"sk-{n:05d}", player_key=f"pk{n:05d}", status="Stopped"
    )
    return StoredStream(stream=stream, api_url=API, name=name)


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[StreamListPanel]:
    widget = StreamListPanel()
    qtbot.addWidget(widget)
    widget.resize(260, 500)
    widget.show()
    yield widget


class _Counter(QObject):
    """Counts events of some types reaching the objects it is installed on."""

    def __init__(self, *types: QEvent.Type) -> None:
        super().__init__()
        self.types = types
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.types:
            self.count += 1
        return False


def test_filter_shows_matching_rows_and_keeps_ids_renames_and_selection(
    panel: StreamListPanel, qapp: QApplication
) -> None:
    streams = tuple(stored(n, "Friday show" if n == 7 else "") for n in range(50))
    panel.set_streams(streams, "id-00007")
    assert panel.proxy.rowCount() == 50

    panel.filter_edit.setText("FRIDAY")  # any case, on the name
    assert panel.proxy.rowCount() == 1
    assert panel.count_label.text() == "1 of 50"
    current = panel.view.currentIndex()
    assert current.isValid() and current.data(STREAM_ID_ROLE) == "id-00007"  # still selected

    panel.filter_edit.setText("id-0004")  # on the id: 40..49
    assert [panel.proxy.index(r, 0).data(STREAM_ID_ROLE) for r in range(10)] == [
        f"id-{n:05d}" for n in range(40, 50)
    ]
    panel.filter_edit.setText("id-00042")  # narrower: only the rows that matched before
    assert panel.proxy.rowCount() == 1
    shown = panel.proxy.index(0, 0)
    assert panel.proxy.mapToSource(shown).row() == 42
    assert not panel.proxy.mapFromSource(panel.model.index(7, 0)).isValid()  # filtered out

    renames: list[tuple[str, str]] = []
    panel.rename_requested.connect(lambda sid, name: renames.append((sid, name)))
    assert panel.proxy.setData(shown, "  Late show ", Qt.ItemDataRole.EditRole)
    assert renames == [("id-00042", "Late show")]

    panel.filter_edit.clear()
    assert panel.proxy.rowCount() == 50
    assert panel.count_label.text() == "50"


def test_a_new_list_refilters_and_the_same_list_is_not_reloaded(panel: StreamListPanel) -> None:
    first = tuple(stored(n) for n in range(20))
    panel.set_streams(first, None)
    panel.filter_edit.setText("id-0001")
    assert panel.proxy.rowCount() == 10
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    panel.set_streams(first, None)  # the very same tuple: nothing to do
    assert resets == []
    panel.set_streams(first[:15], None)
    assert resets == [True]
    assert panel.proxy.rowCount() == 5  # the filter applies to the new list


def test_rows_are_painted_by_the_row_delegate_which_an_empty_list_does_not_load(
    panel: StreamListPanel,
) -> None:
    """An empty list (a new user's) paints no rows: the row painter and PySide's QStyle
    class it needs are not set up for it (some 7 ms of start-up)."""
    from comprimato_companion.window.stream_row import StreamRowDelegate

    panel.set_streams((), None)
    assert not isinstance(panel.view.itemDelegate(), StreamRowDelegate)
    panel.set_streams((stored(1),), None)
    assert isinstance(panel.view.itemDelegate(), StreamRowDelegate)
    panel.set_streams((), None)  # stays: it paints the next rows again
    assert isinstance(panel.view.itemDelegate(), StreamRowDelegate)


def test_laying_out_many_rows_asks_python_only_for_painted_rows(
    panel: StreamListPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.set_streams(tuple(stored(n) for n in range(5000)), None)
    calls = 0
    real = StreamListModel.row_data

    def counting(self: StreamListModel, row: int, role: int) -> object:
        nonlocal calls
        calls += 1
        return real(self, row, role)

    monkeypatch.setattr(StreamListModel, "row_data", counting)
    for text in ("id-0", "", "id-04"):
        panel.filter_edit.setText(text)
        panel.view.doItemsLayout()
        panel.view.viewport().repaint()
    # A dozen visible rows, a dozen roles each, three times: far below 3 x 5,000 rows.
    assert 0 < calls < 3 * 400


def test_a_live_figure_repaints_without_laying_out_the_window(
    qtbot: QtBot, qapp: QApplication
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    uptime = _Metric("Uptime", template="00:00:00")
    status = _Metric("OBS")
    layout = QVBoxLayout(holder)
    layout.addWidget(uptime)
    layout.addWidget(status)
    holder.show()
    colors = status_colors(False)
    uptime.set("00:00", "ok", colors)
    status.set("Connected", "ok", colors)
    qapp.processEvents()

    layouts = _Counter(QEvent.Type.LayoutRequest)
    for widget in (holder, uptime, status):
        widget.installEventFilter(layouts)
    for second in range(1, 6):
        uptime.set(f"00:0{second}", "ok", colors)  # a new figure every second
        status.set("Connected", "ok", colors)  # the rest unchanged
        qapp.processEvents()
    assert layouts.count == 0
    assert uptime.value.text() == "00:05"
    assert uptime.accessibleName() == "Uptime: 00:05"

    uptime.set("123:45:07", "ok", colors)  # longer than the template: the label grows
    assert uptime.value.width() >= uptime.value.fontMetrics().horizontalAdvance("123:45:07")


def test_window_flags_parse_alike_without_the_commands() -> None:
    for args in ([], ["--sandbox"], ["--debug", "--quit-after-startup"], ["--self-test"]):
        assert set(args) <= WINDOW_FLAGS
        light = vars(build_parser(commands=False).parse_args(args))
        full = vars(build_parser().parse_args(args))
        assert light == full


def test_a_signal_reaches_python_while_qt_waits(qtbot: QtBot) -> None:
    before = signal.getsignal(signal.SIGTERM)
    asked: list[bool] = []
    wakeup = SignalWakeup(lambda: asked.append(True))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: asked == [True], timeout=5000)
    finally:
        wakeup.close()
    assert signal.getsignal(signal.SIGTERM) is before


def test_pyside_import_hook_is_dropped_and_pyside_still_imports(qapp: QApplication) -> None:
    drop_pyside_import_hook()
    original = getattr(builtins, "__orig_import__", None)
    if original is not None:
        assert builtins.__import__ is original
    from PySide6.QtWidgets import QWizard  # a class PySide makes on first use

    assert QWizard.WizardOption.NoBackButtonOnStartPage
