"""The session's snapshot and notices: publishing a new ``ViewState``, one notice per
area, the action wrapper that marks an action busy and records its failure, and
background tasks whose failures become notices. ``CompanionSession`` holds one and hands
it to its rule parts (``ObsRules``, ``AccountRules``): the one writer of the snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from types import MappingProxyType
from typing import Any

from ..comprimato.errors import ApiKeyRejected
from ..errors import CompanionError
from .view_state import AREA_GENERAL, ApiKeyStatus, Notice, Observer, ViewState

log = logging.getLogger(__name__)


class SnapshotPublisher:
    """Holds the latest snapshot and tells observers of every new one.

    Attributes:
        state: the latest snapshot.
    """

    def __init__(self, state: ViewState) -> None:
        self.state = state
        self._observers: list[Observer] = []
        self._background: set[asyncio.Task[Any]] = set()

    def add_observer(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer`` with every new snapshot; returns the unsubscribe function."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def publish(self, **changes: Any) -> None:
        self.state = dataclasses.replace(self.state, **changes)
        for observer in list(self._observers):
            try:
                observer(self.state)
            except Exception:
                log.exception("a session observer failed")

    def set_notice(self, area: str, notice: Notice | None) -> None:
        notices = dict(self.state.notices)
        if notice is None:
            if area not in notices:
                return
            notices.pop(area)
        else:
            notices[area] = notice
        self.publish(notices=MappingProxyType(notices))

    def clear_notice_if(self, area: str, notice: Notice) -> None:
        """Clear ``area``'s notice only if it is still ``notice`` (never another's)."""
        if self.state.notices.get(area) == notice:
            self.set_notice(area, None)

    def replace_notice(self, area: str, was: Notice | None, now: Notice | None) -> None:
        """Show a source's notice ``now`` in ``area``; when it has none now, clear its
        earlier one ``was`` only if that is still shown (never another's)."""
        if now is not None:
            self.set_notice(area, now)
        elif was is not None:
            self.clear_notice_if(area, was)

    def report(self, area: str, error: CompanionError) -> None:
        """Show a failure in an area (the session's own actions record theirs already)."""
        notice = Notice.of(error)
        if self.state.notices.get(area) != notice:
            self.set_notice(area, notice)

    @contextlib.asynccontextmanager
    async def action(self, area: str, busy: str | None = None) -> AsyncIterator[None]:
        """Run one action: mark it busy, record its failure (or success) in its area."""
        if busy:
            self.publish(busy=self.state.busy | {busy})
        try:
            yield
        except CompanionError as error:
            if isinstance(error, ApiKeyRejected):
                self.publish(api_key_status=ApiKeyStatus.REJECTED)
            self.set_notice(area, Notice.of(error))
            raise
        else:
            if area in self.state.notices and self.state.notices[area].level == "error":
                self.set_notice(area, None)
        finally:
            if busy:
                self.publish(busy=self.state.busy - {busy})

    def spawn(self, coro: Awaitable[Any], area: str = AREA_GENERAL) -> None:
        """Run ``coro`` in the background; a ``CompanionError`` becomes a notice in ``area``."""

        async def reported() -> None:
            try:
                await coro
            except CompanionError as error:
                self.report(area, error)

        def closed(task: asyncio.Task[Any]) -> None:
            self._background.discard(task)
            if isinstance(coro, Coroutine):
                coro.close()  # cancelled before it ran: no "never awaited" warning

        task: asyncio.Task[Any] = asyncio.ensure_future(reported())
        self._background.add(task)
        task.add_done_callback(closed)

    @property
    def background_idle(self) -> bool:
        """No background task runs now."""
        return not self._background

    async def cancel_background(self) -> None:
        """Cancel the background tasks and wait until they are gone."""
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)


__all__ = ["SnapshotPublisher"]
