"""Keeps a link to OBS for as long as the user wants one.

OBS comes and goes: the streamer starts it after this program, quits it, it crashes. The
supervisor connects, notices a dead link (the link reports it once), and tries again with
a capped exponential backoff. Two things end the retries for good: the user disconnecting
(``stop()``), and OBS kicking this program (4011): the user said no, so it stays no until
they connect again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from ..errors import CompanionError
from ..i18n import translate
from ..listeners import subscribe
from .connection import ObsConnectionInfo
from .errors import ObsError, ObsKicked, ObsTimedOut
from .link import ConnectionLost, ObsEvent, ObsLink, ObsVersion
from .link_state import LinkState

log = logging.getLogger(__name__)

FIRST_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 10.0
#: How often a connected link is asked something, so a silently dead one is noticed.
KEEPALIVE_INTERVAL = 5.0


class ObsSupervisor:
    """Connects to OBS and reconnects, until stopped.

    Attributes:
        state: the link's state.
        error: why the last attempt failed or the link died (None once connected).
        link: the connected link (None when not connected).
        version: OBS's version while connected.
        retry_delay: seconds until the next attempt, while RETRYING.
    """

    def __init__(
        self,
        resolve: Callable[[], Awaitable[ObsConnectionInfo]],
        *,
        link_factory: Callable[[], ObsLink] = ObsLink,
        connect_timeout: float = 5.0,
        first_retry_delay: float = FIRST_RETRY_DELAY,
        max_retry_delay: float = MAX_RETRY_DELAY,
        keepalive_interval: float | None = KEEPALIVE_INTERVAL,
    ) -> None:
        self.state = LinkState.DISCONNECTED
        self.error: ObsError | None = None
        self.link: ObsLink | None = None
        self.retry_delay: float | None = None
        self._resolve = resolve
        self._link_factory = link_factory
        self._connect_timeout = connect_timeout
        self._first_retry_delay = first_retry_delay
        self._max_retry_delay = max_retry_delay
        self._keepalive_interval = keepalive_interval
        self._listeners: list[Callable[[], None]] = []
        self._event_listeners: list[Callable[[ObsEvent], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._lost: asyncio.Event | None = None
        self._lost_errors: list[ObsError] = []

    @property
    def version(self) -> ObsVersion | None:
        return self.link.version if self.link is not None else None

    def add_listener(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` on every change of state, error or link."""
        return subscribe(self._listeners, callback)

    def add_event_listener(self, callback: Callable[[ObsEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` for the events of whichever link is current."""
        return subscribe(self._event_listeners, callback)

    async def start(self) -> None:
        """Begin connecting in the background (returns at once); no-op when running."""
        if self._task is not None and not self._task.done():
            return
        self._task = asyncio.get_running_loop().create_task(self._run(), name="obs-supervisor")

    async def stop(self) -> None:
        """The user disconnected: close the link, no more attempts."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._drop_link()
        self.error = None
        self.retry_delay = None
        self._set(LinkState.DISCONNECTED)

    async def wait_connected(self, timeout: float) -> ObsLink:  # noqa: ASYNC109
        """The connected link, waiting up to ``timeout`` seconds for it.

        Raises:
            ObsError: the reason the link is not there (kicked, not running, ...); when it is
                still trying after ``timeout``, the last attempt's error, or ObsTimedOut.
        """
        loop = asyncio.get_running_loop()
        done: asyncio.Future[ObsLink] = loop.create_future()

        def check() -> None:
            if done.done():
                return
            if self.state is LinkState.CONNECTED and self.link is not None:
                done.set_result(self.link)
            elif self.state is LinkState.FAILED and self.error is not None:
                done.set_exception(self.error)
            elif self.state is LinkState.DISCONNECTED and self._task is None:
                done.set_exception(
                    ObsError(
                        translate("ObsLink", "This program is not connecting to OBS."),
                        translate("ObsLink", "Connect to OBS first."),
                    )
                )

        unsubscribe = self.add_listener(check)
        try:
            check()
            return await asyncio.wait_for(done, timeout)
        except TimeoutError:
            if self.error is not None:
                raise self.error from None
            raise ObsTimedOut("OBS", timeout) from None
        finally:
            unsubscribe()

    # -- the loop ---------------------------------------------------------------------

    async def _run(self) -> None:
        delay = self._first_retry_delay
        while True:
            self.retry_delay = None
            self._set(LinkState.CONNECTING)
            try:
                await self._connect_once()
            except ObsKicked as error:
                self._fail(error)
                return
            except CompanionError as error:
                log.info("OBS connection attempt failed: %s", error.message)
                self.error = error if isinstance(error, ObsError) else _as_obs_error(error)
            except Exception:
                log.exception("connecting to OBS failed unexpectedly")
                self.error = ObsError(
                    translate("ObsLink", "Connecting to OBS failed unexpectedly."),
                    translate("ObsLink", "Run again with --debug for details, and report it."),
                )
            else:
                delay = self._first_retry_delay
                error_after = await self._watch_link()
                await self._drop_link()
                if isinstance(error_after, ObsKicked):
                    self._fail(error_after)
                    return
                self.error = error_after
            _raise_if_cancelled()
            self.retry_delay = delay
            self._set(LinkState.RETRYING)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._max_retry_delay)

    async def _connect_once(self) -> None:
        info = await self._resolve()
        link = self._link_factory()
        self._lost = asyncio.Event()
        lost_errors: list[ObsError] = []

        def on_event(event: ObsEvent) -> None:
            if isinstance(event, ConnectionLost):
                lost_errors.append(event.error)
                assert self._lost is not None
                self._lost.set()
            for listener in list(self._event_listeners):
                try:
                    listener(event)
                except Exception:
                    log.exception("an OBS event listener failed")

        link.add_listener(on_event)
        self._lost_errors = lost_errors
        try:
            await link.connect(info, timeout=self._connect_timeout)
        except BaseException:
            await link.close()
            raise
        self.link = link
        self.error = None
        self._set(LinkState.CONNECTED)

    async def _watch_link(self) -> ObsError:
        """Wait until the link dies (its event, or a failed keepalive); returns why."""
        assert self._lost is not None and self.link is not None
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), self._keepalive_interval)
            except TimeoutError:
                with contextlib.suppress(ObsError):  # a dead link reports itself as lost
                    await self.link.ping()
                continue
            return self._lost_errors[0]

    async def _drop_link(self) -> None:
        link, self.link = self.link, None
        if link is not None:
            await link.close()

    def _fail(self, error: ObsError) -> None:
        self.error = error
        self.retry_delay = None
        self._set(LinkState.FAILED)

    def _set(self, state: LinkState) -> None:
        self.state = state
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("an OBS supervisor listener failed")


def _raise_if_cancelled() -> None:
    """Honour a ``stop()`` whose cancellation an inner ``wait_for`` swallowed.

    On Python 3.11, ``asyncio.wait_for`` returns (or raises) the inner result when it is
    ready at the moment the task is cancelled, so the loop would go on retrying and
    ``stop()`` would wait for it forever.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def _as_obs_error(error: CompanionError) -> ObsError:
    wrapped = ObsError(error.message, error.next_step)
    wrapped.exit_code = error.exit_code
    return wrapped

