"""Running the window's actions on the asyncio loop, so Qt's slots stay synchronous.

A ``CompanionError`` becomes the notice of the area the action belongs to (the session
records it); anything else reaches the error dialog (``error_dialog.current_reporter``),
or ``sys.excepthook`` before there is one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..errors import CompanionError

if TYPE_CHECKING:
    import asyncio

    from ..golive.session import CompanionSession


class GuardedActions:
    """Starts guarded actions and keeps them referenced until they end."""

    def __init__(self, session_of: Callable[[], CompanionSession | None]) -> None:
        self._session_of = session_of
        self._tasks: set[asyncio.Future[None]] = set()

    @property
    def pending(self) -> int:
        """How many actions are running or waiting to run."""
        return len(self._tasks)

    def run(self, area: str, action: Callable[[], Awaitable[Any]]) -> None:
        """Start ``action`` on the loop; its ``CompanionError`` shows in ``area``."""
        import asyncio  # not before the first paint: the window is built without it

        task = asyncio.ensure_future(self.guarded(area, action))
        task.add_done_callback(_report_unexpected)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def guarded(self, area: str, action: Callable[[], Awaitable[Any]]) -> None:
        """Run ``action``; a ``CompanionError`` shows next to what failed, nothing more."""
        session = self._session_of()
        if session is None:
            return
        try:
            await action()
        except CompanionError as error:
            session.report(area, error)


def _report_unexpected(finished: asyncio.Future[None]) -> None:
    if finished.cancelled():
        return
    error = finished.exception()
    if error is None:
        return
    from .error_dialog import current_reporter

    reporter = current_reporter()
    if reporter is not None:
        reporter.handle(error, error.__traceback__, "")
    else:
        import sys

        sys.excepthook(type(error), error, error.__traceback__)


__all__ = ["GuardedActions"]
