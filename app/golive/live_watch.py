"""One answer to "are we live?": OBS is sending and Comprimato is receiving.

Two sources:

* OBS: its side comes from an :class:`ObsObserver`'s picture (the observer owns OBS's
  output state: its events drive the observer's :class:`OutputTracker`, and it reads the
  live figures about once a second while the output is active). The watch reads nothing
  from OBS itself; without an observer it watches Comprimato only (the window's session
  combines it with its own OBS picture, ``app.golive.live_status``).
* Comprimato: the stream's status is polled every second while a change is expected
  (after OBS starts or stops sending, for up to ``EXPECT_WINDOW`` seconds) and every few
  seconds when steady. An API without ``GET /streams/{id}`` turns polling off, and the
  status says so instead of failing.

The observer may watch a single connected link (a command-line run) or a supervisor, where
the link comes and goes; whoever made it starts and closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Protocol

from ..comprimato.errors import ComprimatoError, FeatureUnavailable, StreamNotFound
from ..comprimato.models import Stream, StreamState
from ..i18n import translate
from ..listeners import subscribe
from ..obs.observer import ObsObserver, ObsPicture
from ..obs.output_state import LiveFigures, OutputState, OutputTracker
from .live_status import LiveStatus, live_problem
from .viewer_check import ViewerCheck, ViewerSource

log = logging.getLogger(__name__)

#: Seconds between reads of the viewers' check.
FIGURES_INTERVAL = 1.0
#: Seconds between Comprimato reads while a change is expected, and when steady.
EXPECT_INTERVAL = 1.0
STEADY_INTERVAL = 5.0
#: How long a change on Comprimato's side is expected after OBS starts or stops sending.
EXPECT_WINDOW = 30.0
#: Seconds between re-publishing the status while Comprimato does not answer (its age).
AGE_TICK = 1.0
#: A read outstanding this long counts as Comprimato not answering (it may hang).
SLOW_READ = 2.0

#: The output states in which OBS is (or is about to be) sending.
SENDING_STATES = frozenset(
    {OutputState.STARTING, OutputState.LIVE, OutputState.RECONNECTING, OutputState.STOPPING}
)


class StreamStatusSource(Protocol):
    """What the watch needs from the Comprimato client."""

    async def get_stream(self, stream_id: str) -> Stream: ...


StatusListener = Callable[[LiveStatus], None]


class LiveWatch:
    """Watches one stream on both sides and reports a :class:`LiveStatus` on every change.

    Args:
        client: reads the stream's status from Comprimato (None: watch OBS only).
        stream_id: the Comprimato stream being watched (None: watch OBS only).
        obs: the observer OBS's side is taken from (started and closed by its maker);
            None to watch Comprimato only (the window reads OBS through its own picture).
        on_change: called on the loop with every new status (figures change each second
            while live).
        viewers: reads the "viewers can watch" check (the sandbox); None: not checked.

    Attributes:
        status: the latest status.
        stream: the latest stream record read from Comprimato (None before the first).
    """

    def __init__(
        self,
        client: StreamStatusSource | None,
        stream_id: str | None,
        obs: ObsObserver | None,
        *,
        on_change: StatusListener | None = None,
        clock: Callable[[], float] = time.monotonic,
        viewers: ViewerSource | None = None,
    ) -> None:
        self._no_obs = OutputTracker()  # without an observer: OBS's output is not known
        self._viewer_source = viewers
        self._viewers: ViewerCheck | None = None
        self.stream: Stream | None = None
        self._client = client
        self._stream_id = stream_id
        self._obs = obs
        self._clock = clock
        self._listeners: list[StatusListener] = [on_change] if on_change else []
        self._figures: LiveFigures | None = None
        self._obs_problem: str | None = None
        self._output = OutputState.STOPPED  # OBS's output as last taken from the picture
        self._comprimato_problem: str | None = None
        self._comprimato_polled = client is not None and stream_id is not None
        self._expected: StreamState | None = None
        self._expect_until = 0.0
        # Comprimato's age: when it last answered (the watch's start before it did), whether
        # the last read failed, and since when a read has been waiting for its answer.
        self._answered_at = clock()
        self._read_failed = False
        self._reading_since: float | None = None
        self._wake_comprimato = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: list[Callable[[], None]] = []
        self._closed = False
        self.status = LiveStatus(
            obs_connected=False,
            obs_output=self.tracker.state,
            comprimato_status="",
            comprimato_state=StreamState.UNKNOWN,
            figures=None,
            problem=None,
            comprimato_polled=self._comprimato_polled,
        )

    # -- public -------------------------------------------------------------------------

    @property
    def stream_id(self) -> str | None:
        return self._stream_id

    @property
    def tracker(self) -> OutputTracker:
        """OBS's output state machine: the observer's (a new one after each link)."""
        return self._obs.tracker if self._obs is not None else self._no_obs

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def comprimato_problem(self) -> str | None:
        """Why Comprimato's status cannot be read now (None when it can)."""
        return self._comprimato_problem

    @property
    def unanswered_s(self) -> float:
        """Whole seconds since Comprimato last answered, while its status cannot be read
        (the last read failed, or one has waited over ``SLOW_READ``); 0 while it answers."""
        now = self._clock()
        waiting = self._reading_since is not None and now - self._reading_since > SLOW_READ
        if not (self._read_failed or waiting):
            return 0.0
        return float(int(now - self._answered_at))

    @property
    def expecting(self) -> bool:
        """A change on Comprimato's side is due (OBS just started or stopped sending)."""
        return self._expected is not None and self._clock() < self._expect_until

    def add_listener(self, callback: StatusListener) -> Callable[[], None]:
        """Call ``callback(status)`` on every change; returns the unsubscribe."""
        return subscribe(self._listeners, callback)

    async def start(self) -> None:
        """Follow the observer's picture, read Comprimato once, and begin polling it in the
        background."""
        if self._tasks or self._closed:
            return
        if self._obs is not None:
            self._unsubscribe.append(self._obs.add_listener(self._on_picture))
        if self._viewer_source is not None:
            self._viewers = self._viewer_source()
        self._take_obs()
        # The first read: the caller (a click in the window) waits for it.
        await self._read_comprimato()
        if self.closed:  # closed while the first read ran: no polling after all
            return
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._comprimato_loop(), name="live-watch-comprimato"),
            loop.create_task(self._age_loop(), name="live-watch-age"),
        ]
        if self._viewer_source is not None:
            self._tasks.append(loop.create_task(self._viewers_loop(), name="live-watch-viewers"))

    async def close(self) -> None:
        """Stop polling and unsubscribe, for good (also mid-start); the status keeps its
        last value and no listener hears from this watch again."""
        self._closed = True
        self._listeners.clear()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def expect(self, state: StreamState) -> None:
        """A change on Comprimato's side is due: read its status every second for a while."""
        self._expected = state
        self._expect_until = self._clock() + EXPECT_WINDOW
        self._wake_comprimato.set()

    async def wait_for(
        self,
        condition: Callable[[LiveStatus], bool],
        timeout: float,  # noqa: ASYNC109 - mirrors OutputTracker.wait_for
    ) -> LiveStatus:
        """The first status (current one included) for which ``condition`` holds.

        Raises:
            TimeoutError: not within ``timeout`` seconds.
        """
        changed = asyncio.Event()
        unsubscribe = self.add_listener(lambda _status: changed.set())
        try:
            async with asyncio.timeout(timeout):
                while not condition(self.status):
                    changed.clear()
                    await changed.wait()
                return self.status
        finally:
            unsubscribe()

    # -- OBS side: the observer's picture ------------------------------------------------

    def _obs_connected(self) -> bool:
        return self._obs is not None and self._obs.picture.connected

    def _on_picture(self, picture: ObsPicture) -> None:
        self._take_obs()

    def _take_obs(self) -> None:
        """OBS's side as the observer's picture has it now; Comprimato's status is expected
        to follow once OBS's output went live, stopped or failed."""
        picture = self._obs.picture if self._obs is not None else ObsPicture()
        output = picture.output if picture.connected else self.tracker.state
        if output is not self._output:
            self._output = output
            if output is OutputState.LIVE:
                self.expect(StreamState.RUNNING)
            elif output in (OutputState.STOPPED, OutputState.FAILED):
                self.expect(StreamState.STOPPED)
        self._figures = picture.figures if picture.connected else None
        error = picture.error
        self._obs_problem = error.message if error is not None and not picture.connected else None
        self._publish()

    async def _viewers_loop(self) -> None:
        """The viewers' check is read on its own (a local read)."""
        assert self._viewer_source is not None
        while True:
            await asyncio.sleep(FIGURES_INTERVAL)
            self._viewers = self._viewer_source()
            self._publish()

    # -- Comprimato side ----------------------------------------------------------------

    async def _read_comprimato(self) -> None:
        if not self._comprimato_polled or self._client is None or self._stream_id is None:
            return
        self._reading_since = self._clock()
        try:
            stream = await self._client.get_stream(self._stream_id)
        except FeatureUnavailable as error:
            self._comprimato_polled = False
            cannot_check = translate(
                "LiveWatch",
                "Whether Comprimato receives the stream cannot be checked from here; open the "
                "player link to see it.",
            )
            self._comprimato_problem = f"{error.message} {cannot_check}"
        except StreamNotFound as error:
            self._comprimato_problem = error.message
            self._read_failed = True
        except ComprimatoError as error:
            self._comprimato_problem = translate(
                "LiveWatch", "Cannot read the stream's status: {why}"
            ).format(why=error.message)
            self._read_failed = True
        else:
            self.stream = stream
            self._comprimato_problem = None
            self._answered_at = self._clock()
            self._read_failed = False
            if self._expected is not None and stream.state is self._expected:
                self._expected = None
        finally:
            self._reading_since = None
        self._publish()

    async def _comprimato_loop(self) -> None:
        while self._comprimato_polled:
            expecting = self._expected is not None and self._clock() < self._expect_until
            if not expecting:
                self._expected = None
            interval = EXPECT_INTERVAL if expecting else STEADY_INTERVAL
            await _wait_or_timeout(self._wake_comprimato, interval)
            await self._read_comprimato()

    async def _age_loop(self) -> None:
        """While Comprimato does not answer, its age grows: published every ``AGE_TICK``
        (a hanging read publishes nothing by itself)."""
        while self._comprimato_polled:
            await asyncio.sleep(AGE_TICK)
            self._publish()

    # -- the combined status ------------------------------------------------------------

    def _publish(self) -> None:
        stream = self.stream
        status = LiveStatus(
            obs_connected=self._obs_connected(),
            obs_output=self._output,
            comprimato_status=stream.status if stream and self._comprimato_polled else "",
            comprimato_state=(
                stream.state if stream and self._comprimato_polled else StreamState.UNKNOWN
            ),
            figures=self._figures,
            problem=None,
            comprimato_polled=self._comprimato_polled,
            viewers=self._viewers,
            comprimato_unanswered_s=self.unanswered_s if self._comprimato_polled else 0.0,
            comprimato_expected=self._expected if self.expecting else None,
        )
        status = dataclasses.replace(status, problem=self._problem(status))
        if status == self.status:
            return
        self.status = status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("a live status listener failed")

    def _problem(self, status: LiveStatus) -> str | None:
        """The most useful single sentence about what is wrong now, if anything."""
        error = self.tracker.error
        return live_problem(
            status,
            link_error=self._obs_problem,
            linked=self._obs is not None and self._obs.linked,
            output_error=error.message if error is not None else None,
            comprimato_problem=self._comprimato_problem,
            expecting=self._expected is not None and self._clock() < self._expect_until,
            obs_problem=self._obs_problem,
        )


async def _wait_or_timeout(event: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, or less if ``event`` is set meanwhile (it is then cleared)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()
    event.clear()
