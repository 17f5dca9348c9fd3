"""The bitrate graph keeps each stream's history and drops the sample that spans a switch."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from comprimato_companion.window.bitrate_graph import KEPT_HISTORIES, BitrateGraph


def test_switching_streams_keeps_each_history(qtbot: QtBot) -> None:
    graph = BitrateGraph()
    qtbot.addWidget(graph)
    graph.show_stream("a")
    graph.add_sample(1.0, 99_000.0)  # spans the switch: dropped
    for second in range(2, 6):
        graph.add_sample(float(second), 2500.0)
    assert [kbps for _, kbps in graph.samples] == [2500.0] * 4
    assert "peak 2.5 Mbps" in graph.accessibleDescription()

    graph.show_stream("b")
    assert list(graph.samples) == []
    graph.add_sample(6.0, 80_000.0)  # the spike after the switch never reaches the axis
    graph.add_sample(7.0, 900.0)
    assert [kbps for _, kbps in graph.samples] == [900.0]
    assert "peak 900 kbps" in graph.accessibleDescription()

    graph.show_stream("a")
    assert [kbps for _, kbps in graph.samples] == [2500.0] * 4
    graph.add_sample(8.0, 50_000.0)  # spans the switch back: dropped
    graph.show_stream("a")  # the same stream again is no switch: nothing more dropped
    graph.add_sample(9.0, 2600.0)
    assert graph.samples[-1] == (9.0, 2600.0) and len(graph.samples) == 5


def test_only_recent_histories_are_kept(qtbot: QtBot) -> None:
    graph = BitrateGraph()
    qtbot.addWidget(graph)
    for number in range(KEPT_HISTORIES + 5):
        graph.show_stream(f"s{number}")
        graph.add_sample(1.0, None)
        graph.add_sample(2.0, 1000.0)
    graph.show_stream("s0")
    assert list(graph.samples) == []  # the oldest was let go
    graph.show_stream(f"s{KEPT_HISTORIES + 4}")
    assert list(graph.samples) == [(2.0, 1000.0)]
