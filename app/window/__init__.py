"""The Qt window: the only package that imports Qt.

``run_window`` paints the window before anything slow is even imported: Qt, the theme and
the window skeleton are loaded, the window is shown, and a plain ``QEventLoop`` waits for
its first paint. Only then come asyncio and qasync, the icons (QtSvg), the stream view
(segno), the session's HTTP client (httpx), the OBS link (obsws-python), the keyring and,
with ``--sandbox``, the local Comprimato. ``--quit-after-startup`` quits at that first
paint; ``--quit-when-ready`` exits 0 once the window is usable (the session started, its
list shown, Create enabled, OBS linked when it runs): what a user waits for.

Importing this package is cheap on purpose (no asyncio, no logging): the theme and the
window skeleton are imported through it before the first paint.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from .. import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    import argparse
    import asyncio
    from collections.abc import Callable

    from PySide6.QtWidgets import QApplication

    from ..golive.session import CompanionSession
    from .main_window import MainWindow

#: Longest wait for a clean shutdown (OBS link, sandbox threads) before giving up.
CLOSE_TIMEOUT = 10.0
#: Longest wait for a usable window under ``--quit-when-ready`` before failing.
READY_TIMEOUT = 60.0
#: Longest start-up without garbage collection when the window never becomes usable.
GC_PAUSE_LIMIT = 10.0
#: Longest wait for the first paint before start-up goes on anyway: a window that is not
#: exposed (opened on another virtual desktop, say) may not paint until it is.
FIRST_PAINT_TIMEOUT_MS = 3000


def make_application(*, icon: bool = True) -> QApplication:
    """The one ``QApplication``: names, theme and, unless ``icon=False``, the icon.

    The tray keeps the application alive when the window is hidden. ``run_window`` passes
    ``icon=False`` and sets the icon after the first paint: drawing it needs QtSvg, which
    the first paint does not.
    """
    from PySide6.QtWidgets import QApplication

    drop_pyside_import_hook()
    set_windows_app_id()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Comprimato")
    app.setDesktopFileName(APP_ID)
    app.setQuitOnLastWindowClosed(False)  # closing while live may keep running in the tray
    from .theme import apply_theme

    apply_theme(app)
    if icon:
        set_application_icon(app)
    return app


def set_windows_app_id(app_id: str = APP_ID) -> bool:
    """Windows: group the taskbar button under the id the installer's shortcuts carry.

    Without it Windows groups the window under python.exe's (or the bundle's) identity,
    and a pinned shortcut starts a second button. Elsewhere nothing happens (False).
    """
    # getattr: mypy would otherwise judge the Windows branch unreachable on Linux.
    if getattr(sys, "platform", "") != "win32":
        return False
    import ctypes

    shell32 = ctypes.windll.shell32  # type: ignore[attr-defined,unused-ignore]
    return bool(shell32.SetCurrentProcessExplicitAppUserModelID(app_id) == 0)


def drop_pyside_import_hook() -> None:
    """Put Python's own ``__import__`` back where PySide6 put its own.

    PySide6 replaces ``builtins.__import__`` to offer its opt-in ``from __feature__ import
    snake_case``. As a side effect it reads the whole source of every module imported
    after it (``inspect.getsource``) and keeps it in ``linecache``: some 300 modules,
    about 12 MiB of resident memory, and time at every import. This program uses no
    PySide feature, so nothing is lost; if PySide ever stops keeping the original under
    ``__orig_import__``, nothing changes.
    """
    import builtins

    original = getattr(builtins, "__orig_import__", None)
    if callable(original) and builtins.__import__ is not original:
        builtins.__import__ = original


def set_application_icon(app: QApplication) -> None:
    """Give the application its icon (window, taskbar, dialogs, fallback tray)."""
    from .icons import app_icon

    app.setWindowIcon(app_icon())


def show_until_painted(window: MainWindow, timeout_ms: int = FIRST_PAINT_TIMEOUT_MS) -> bool:
    """Show ``window`` and run Qt's own loop until it has painted once; whether it did.

    A plain ``QEventLoop``, so no asyncio is needed yet; gives up after ``timeout_ms``.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if not window.has_painted:
        waiting = QEventLoop()
        window.first_painted.connect(waiting.quit)
        QTimer.singleShot(timeout_ms, waiting.quit)
        window.show()
        waiting.exec()
        window.first_painted.disconnect(waiting.quit)
    return window.has_painted


def run_window(
    args: argparse.Namespace, *, after_first_paint: Callable[[], None] | None = None
) -> int:
    """Open the window and run until the user quits; returns the exit status.

    Args:
        args: the command line (``sandbox``, ``quit_after_startup``).
        after_first_paint: called once the window has painted (the caller's logging
            set-up, say), before anything else is loaded.
    """
    quick_exit = bool(getattr(args, "quit_after_startup", False))
    collecting = gc.isenabled()
    gc.disable()  # start-up makes thousands of objects that live as long as the program
    try:
        app = make_application(icon=False)
        if not quick_exit and _handed_over():
            return 0
        from .main_window import MainWindow
        from .translation import install_translators, saved_language

        # Before any widget exists, so every text is made in the chosen language.
        install_translators(app, saved_language())
        # The saved size and place come with the session's settings, read off this thread.
        window = MainWindow()
        show_until_painted(window)
    finally:
        # Set them aside: no later collection walks them again (less CPU while live).
        gc.freeze()
        if quick_exit and collecting:
            gc.enable()
    if quick_exit:
        window.hide()
        return 0
    from .single_instance import InstanceServer

    # Later launches hand over to this window (raise it) instead of opening another.
    instance = InstanceServer(window.show_from_tray)
    if instance.handed_over:  # a window opened a moment before this one: it is the one
        window.hide()
        print(f"{APP_NAME} is already open: its window was brought to the front.",
              file=sys.stderr)
        return 0
    if after_first_paint is not None:
        after_first_paint()
    set_application_icon(app)
    try:
        return _run_session(
            app,
            window,
            sandbox=bool(getattr(args, "sandbox", False)),
            lan=bool(getattr(args, "lan", False)),
            quit_when_ready=bool(getattr(args, "quit_when_ready", False)),
            collect_garbage=collecting,
        )
    finally:
        instance.close()
        if collecting:
            gc.enable()


def _handed_over() -> bool:
    """True when a window of this user already runs and was asked to show itself."""
    from .single_instance import hand_over

    if not hand_over():
        return False
    print(f"{APP_NAME} is already open: its window was brought to the front.",
          file=sys.stderr)
    return True


def _run_session(
    app: QApplication,
    window: MainWindow,
    *,
    sandbox: bool,
    lan: bool = False,
    quit_when_ready: bool = False,
    collect_garbage: bool = True,
) -> int:
    """After the first paint: the asyncio loop, the session, and run until quit.

    The garbage collector stays off until the window is usable (or GC_PAUSE_LIMIT has
    passed): start-up's imports would otherwise pay for some 60 collections (10-35 ms).
    """
    from .event_loop import close_event_loop, new_event_loop
    from .signal_wakeup import SignalWakeup

    loop = new_event_loop(app)

    def collect_from_now() -> None:
        if collect_garbage and not gc.isenabled():
            # What start-up made lives as long as the program: set aside, never walked
            # again. (A full collection first would free some 200 objects for a 15-30 ms
            # stall right when the user starts working.)
            gc.freeze()
            gc.enable()

    window.usable.connect(collect_from_now)
    loop.call_later(GC_PAUSE_LIMIT, collect_from_now)
    from ..golive.session import CompanionSession
    from .error_dialog import install_exception_hook

    session = CompanionSession(sandbox=sandbox, lan=lan)
    from ..golive.view_state import AREA_GENERAL

    install_exception_hook(
        lambda: window,
        secrets=lambda: _secrets_of(session),
        loop=loop,
        on_expected=lambda error: session.report(AREA_GENERAL, error),
    )
    from ..log_file import add_secrets

    add_secrets(lambda: _secrets_of(session))  # the log file never holds a streamer key
    quit_now: asyncio.Future[None] = loop.create_future()

    def request_quit() -> None:
        if not quit_now.done():
            quit_now.set_result(None)

    window.quit_requested.connect(request_quit)
    status = 0
    if quit_when_ready:

        def ready() -> None:
            window.repaint()  # what is usable has been drawn, not only decided
            print(_ready_line(session), flush=True)
            window.quit_now()

        def too_late() -> None:
            nonlocal status
            if not quit_now.done():
                status = 1
                print(f"The window was not usable within {READY_TIMEOUT:.0f} s.", file=sys.stderr)
                window.quit_now()

        window.usable.connect(ready)
        loop.call_later(READY_TIMEOUT, too_late)

    # Ctrl+C or SIGTERM: Qt waits in C++, so the signal wakes it through a socket and the
    # handler asks for a clean quit.
    def quit_from_signal() -> None:
        loop.call_soon_threadsafe(window.quit_now)

    wakeup = SignalWakeup(quit_from_signal)
    loop.call_soon(window.start_session, session)

    async def until_quit() -> None:
        await quit_now
        await _shut_down(window, session)

    try:
        loop.run_until_complete(until_quit())
    except RuntimeError:
        # Something called QApplication.quit() directly: still close everything cleanly.
        loop.run_until_complete(_shut_down(window, session))
    finally:
        wakeup.close()
        close_event_loop(loop)
    return status


async def _shut_down(window: MainWindow, session: CompanionSession) -> None:
    """Remember the geometry, hide everything, stop the session (OBS link, sandbox)."""
    import asyncio
    import contextlib
    import logging

    with contextlib.suppress(Exception):
        await session.save_window_geometry(window.geometry_text())
    window.hide()
    if window.tray is not None:
        window.tray.hide()
    try:
        await asyncio.wait_for(session.close(), CLOSE_TIMEOUT)
    except TimeoutError:
        logging.getLogger(__name__).warning(
            "closing took longer than %.0f s; quitting anyway", CLOSE_TIMEOUT
        )


def _ready_line(session: CompanionSession) -> str:
    """What ``--quit-when-ready`` found usable, in one line (no secrets)."""
    state = session.state
    obs = state.obs
    if obs.connected:
        linked = f"OBS {obs.version.obs_version} linked" if obs.version else "OBS linked"
    else:
        linked = "OBS not running"
    return f"Usable: {len(state.streams)} streams shown, Create enabled, {linked}."


def _secrets_of(session: CompanionSession) -> list[str]:
    """Values an error report must never show: the API key, the OBS password and every
    streamer key in view."""
    return session.known_secrets()


__all__ = ["make_application", "run_window", "set_application_icon", "show_until_painted"]
