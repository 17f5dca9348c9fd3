"""Ctrl+C and SIGTERM while Qt holds the main thread, without a polling timer.

Python runs a signal handler only when the interpreter next executes bytecode, and Qt may
wait in C++ for minutes. ``signal.set_wakeup_fd`` makes the C-level handler write a byte
to a socket; a ``QSocketNotifier`` on the other end wakes Qt, the slot runs Python, and
Python runs the pending handler. Nothing fires while no signal arrives (a timer polling
for signals would wake the process several times a second for nothing).
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

#: The signals that ask the window to quit cleanly.
QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class SignalWakeup(QObject):
    """Calls ``on_quit`` (on the GUI thread) when SIGINT or SIGTERM arrives.

    Must be created and closed on the main thread (``set_wakeup_fd`` requires it).
    """

    def __init__(self, on_quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_quit = on_quit
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers: dict[int, object] = {}
        for number in QUIT_SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                self._previous_handlers[number] = signal.signal(number, self._handle)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _handle(self, _number: int, _frame: FrameType | None) -> None:
        self._on_quit()

    def _drain(self) -> None:
        # Reading empties the socket; returning to Python already ran the handler.
        with contextlib.suppress(OSError):
            while self._reader.recv(64):
                pass

    def close(self) -> None:
        """Give the signals back to their previous handlers and close the sockets."""
        self._notifier.setEnabled(False)
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(self._previous_fd)
        for number, handler in self._previous_handlers.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)  # type: ignore[arg-type]
        self._previous_handlers.clear()
        self._reader.close()
        self._writer.close()
