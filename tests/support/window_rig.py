"""The window's test rigs: a real main window on a real session, and what its tests share.

``rig_factory`` (a fixture, registered in ``conftest.py``) makes ``WindowRig``s: a window
on its own session (in-process sandbox or a given API, the OBS the test names). Also here:
``no_obs`` (an OBS address nothing answers at), ``decode_qr`` (the QR codes in an image),
``message_box`` and ``button_named`` (the question box that shows, and one of its buttons).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from comprimato_companion.window.main_window import MainWindow
from tests.support.qt_fixtures import eventually, run_async


class WindowRig:
    """A main window on its own session, with helpers to wait for what it shows."""

    def __init__(
        self,
        qtbot: QtBot,
        loop: asyncio.AbstractEventLoop,
        tmp_path: Path,
        *,
        sandbox: bool = True,
        env: dict[str, str] | None = None,
        settings: Settings | None = None,
        sandbox_port: int | None = None,
    ) -> None:
        self.loop = loop
        settings_file = SettingsFile(tmp_path / "config" / "settings.json")
        settings_file.save(settings or Settings(welcome_done=True))
        self.store = StreamStore(tmp_path / "data" / "streams.json")
        self.session = CompanionSession(
            sandbox=sandbox,
            settings_file=settings_file,
            store=self.store,
            env={**os.environ, **(env or {})},
            sandbox_port=sandbox_port,
        )
        self.window = MainWindow(self.session)
        qtbot.addWidget(self.window)

    def play(self, scenario: Callable[[], Coroutine[Any, Any, None]], timeout: float = 60) -> None:
        """Run a test's scenario on the loop, the window shown and its session started.

        Everything that makes Qt process events (clicks, shortcuts) happens inside the
        running loop, where qasync's timers and socket notifiers may fire.
        """

        async def shown_then_scenario() -> None:
            self.window.show()
            try:
                await eventually(lambda: self.session.state.ready, 15, what="the session start")
                await scenario()
            finally:
                # Inside the loop: no task may be left to run while pytest-qt processes
                # events between the test and its teardown.
                await self.session.close()
                self.window.hide()

        run_async(self.loop, shown_then_scenario(), timeout)

    async def wait(
        self, condition: Callable[[], object], what: str, timeout: float = 10.0  # noqa: ASYNC109
    ) -> None:
        await eventually(lambda: bool(condition()), timeout, what=what)

    def close(self) -> None:
        """After the test (the window itself is closed by pytest-qt)."""
        run_async(self.loop, self.session.close())

    @property
    def view(self):  # type: ignore[no-untyped-def]
        assert self.window.stream_view is not None
        return self.window.stream_view

    @property
    def status(self):  # type: ignore[no-untyped-def]
        assert self.window.status_panel is not None
        return self.window.status_panel

    async def create(self) -> None:
        """Click "Create stream" and wait for the stream to show."""
        count = len(self.session.state.streams)
        QTest.mouseClick(self.window.create_button, Qt.MouseButton.LeftButton)
        def shown() -> bool:
            state = self.session.state
            return (
                len(state.streams) == count + 1
                and state.selected is not None
                and state.selected.stream.id == state.streams[0].stream.id
            )

        await self.wait(shown, "the new stream, selected")
        await self.wait(
            lambda: self.window.stack.currentWidget() is self.window.stream_card, "the view"
        )


@pytest.fixture
def rig_factory(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[type[WindowRig]]:
    made: list[WindowRig] = []

    class Rig(WindowRig):
        def __init__(self, **options: object) -> None:
            super().__init__(qtbot, qloop, tmp_path, **options)  # type: ignore[arg-type]
            made.append(self)

    yield Rig
    for rig in made:
        rig.close()


def decode_qr(image: QImage) -> list[str]:
    """Every QR code zxing-cpp finds in a Qt image (handed over as 8-bit grey rows)."""
    import zxingcpp

    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    raw = bytes(grey.constBits())
    rows = b"".join(raw[y * stride : y * stride + width] for y in range(height))
    pixels = memoryview(rows).cast("B", (height, width))
    return [code.text for code in zxingcpp.read_barcodes(pixels)]


def no_obs(closed_port: int) -> dict[str, str]:
    return {"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}


async def message_box(what: str, timeout: float = 10.0) -> QMessageBox:  # noqa: ASYNC109
    """The visible question box, once it shows."""

    def visible() -> QMessageBox | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                return widget
        return None

    await eventually(lambda: visible() is not None, timeout, what=what)
    box = visible()
    assert box is not None
    return box


def button_named(box: QMessageBox, text: str) -> QPushButton:
    for button in box.buttons():
        if isinstance(button, QPushButton) and button.text().replace("&", "") == text:
            return button
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


__all__ = ["WindowRig", "button_named", "decode_qr", "message_box", "no_obs", "rig_factory"]
