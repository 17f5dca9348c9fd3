"""Opening a link in the user's browser, and telling when none opened.

On Linux Qt answers "opened" as soon as it has started ``xdg-open``, even when xdg-open
then finds no browser and exits with an error (3: no method available). So there the link
goes to xdg-open from here, in a thread that waits for its exit status; elsewhere, or
without xdg-open, Qt's own answer is the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

#: An xdg-open that fails later than this (a browser it ran, closing) is no failure to open.
FAILS_WITHIN_S = 15.0


def open_link(url: str, failed: Callable[[], None]) -> None:
    """Open ``url`` in the browser; ``failed`` runs on the loop when none could open it.

    Call on the running asyncio loop (the GUI thread); nothing here waits.
    """
    loop = asyncio.get_running_loop()

    def on_loop(callback: Callable[[], None]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: the window has gone
            loop.call_soon_threadsafe(callback)

    def qt_open() -> None:
        if not QDesktopServices.openUrl(QUrl(url)):
            failed()

    def run() -> None:
        program = shutil.which("xdg-open") if sys.platform.startswith("linux") else None
        if program is None:
            on_loop(qt_open)
            return
        started = time.monotonic()
        try:
            child = subprocess.Popen(
                [program, url],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a browser it starts outlives this program
            )
        except OSError:
            on_loop(failed)
            return
        # xdg-open may become the browser and run for hours: a daemon thread waits.
        if child.wait() != 0 and time.monotonic() - started < FAILS_WITHIN_S:
            on_loop(failed)

    threading.Thread(target=run, name="open-link", daemon=True).start()


__all__ = ["FAILS_WITHIN_S", "open_link"]
