"""The Qt window: the only package that imports Qt.

``run_window`` shows the window first and does everything slow afterwards: Qt and the
window skeleton are imported and painted, and only then the stream view (segno), the
session's HTTP client (httpx), the OBS link (obsws-python), the keyring and, with
``--sandbox``, the local Comprimato are loaded and started.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from typing import TYPE_CHECKING

from app import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.golive.session import CompanionSession
    from app.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: Longest wait for a clean shutdown (OBS link, sandbox threads) before giving up.
CLOSE_TIMEOUT = 10.0


def make_application() -> QApplication:
    """The one ``QApplication``: names, icon, theme; the tray keeps it alive when hidden."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Comprimato")
    app.setDesktopFileName(APP_ID)
    app.setQuitOnLastWindowClosed(False)  # closing while live may keep running in the tray
    from app.window.icons import app_icon
    from app.window.theme import apply_theme

    app.setWindowIcon(app_icon())
    apply_theme(app)
    return app


def saved_geometry() -> str | None:
    """The window's saved geometry, read before the window is shown.

    Read synchronously on purpose: no event loop runs yet, the file is a few hundred
    bytes, and restoring after showing would make the window jump.
    """
    from app.storage.settings import SettingsFile

    try:
        return SettingsFile().load().window_geometry
    except Exception:  # a broken settings file is the session's to report, not here
        return None


def run_window(args: argparse.Namespace) -> int:
    """Open the window and run until the user quits; returns the exit status."""
    from PySide6.QtCore import QTimer

    from app.window.event_loop import close_event_loop, new_event_loop

    app = make_application()
    loop = new_event_loop(app)
    from app.window.main_window import MainWindow

    if getattr(args, "quit_after_startup", False):
        return _first_paint_only(loop, MainWindow())

    from app.golive.session import CompanionSession

    session = CompanionSession(sandbox=bool(getattr(args, "sandbox", False)))
    window = MainWindow(session)
    window.restore_geometry_text(saved_geometry())
    from app.window.error_dialog import install_exception_hook

    install_exception_hook(lambda: window, secrets=lambda: _secrets_of(session), loop=loop)
    quit_now: asyncio.Future[None] = loop.create_future()

    def request_quit() -> None:
        if not quit_now.done():
            quit_now.set_result(None)

    window.quit_requested.connect(request_quit)
    # Ctrl+C in a terminal: Qt holds the thread, so give Python a regular chance to run
    # its signal handler, which asks for a clean quit.
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon_threadsafe(window.request_quit))
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(window.request_quit))
    pulse = QTimer()
    pulse.start(300)
    pulse.timeout.connect(lambda: None)
    window.show()

    async def until_quit() -> None:
        await quit_now
        await _shut_down(window, session)

    try:
        loop.run_until_complete(until_quit())
    except RuntimeError:
        # Something called QApplication.quit() directly: still close everything cleanly.
        loop.run_until_complete(_shut_down(window, session))
    finally:
        pulse.stop()
        close_event_loop(loop)
    return 0


async def _shut_down(window: MainWindow, session: CompanionSession) -> None:
    """Remember the geometry, hide everything, stop the session (OBS link, sandbox)."""
    with contextlib.suppress(Exception):
        await session.save_window_geometry(window.geometry_text())
    window.hide()
    if window.tray is not None:
        window.tray.hide()
    try:
        await asyncio.wait_for(session.close(), CLOSE_TIMEOUT)
    except TimeoutError:
        log.warning("closing took longer than %.0f s; quitting anyway", CLOSE_TIMEOUT)


def _first_paint_only(loop: asyncio.AbstractEventLoop, window: MainWindow) -> int:
    """``--quit-after-startup``: show the window, quit right after its first paint."""
    painted: asyncio.Future[None] = loop.create_future()

    def on_paint() -> None:
        if not painted.done():
            painted.set_result(None)

    window.first_painted.connect(on_paint)
    window.show()
    try:
        loop.run_until_complete(painted)
    finally:
        window.hide()
        from app.window.event_loop import close_event_loop

        close_event_loop(loop)
    return 0


def _secrets_of(session: CompanionSession) -> list[str | None]:
    """Values an error report must never show: every streamer key in view."""
    state = session.state
    keys: list[str | None] = [s.stream.streamer_key for s in state.streams[:200]]
    if state.selected is not None:
        keys.append(state.selected.stream.streamer_key)
    return keys


__all__ = ["make_application", "run_window"]
