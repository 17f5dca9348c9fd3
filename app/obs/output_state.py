"""What OBS's stream output is doing, from its events, and the figures shown while live.

``StartStream`` answers before OBS has connected anywhere: success or failure only shows
in the ``StreamStateChanged`` events that follow. The tracker turns them into one state a
person understands, and adds the failures OBS does not name: STARTING then STOPPED (the
ingest refused or was unreachable), STARTING that never ends, and a start OBS took and then
dropped without a single event (a window open in OBS holds its outputs back).
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from ..errors import WaitTimedOut
from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from ..listeners import subscribe
from .errors import ObsStartIgnored, ObsStreamFailed
from .link import OutputStatus, StreamStateChanged

OBS_STARTING = "OBS_WEBSOCKET_OUTPUT_STARTING"
OBS_STARTED = "OBS_WEBSOCKET_OUTPUT_STARTED"
OBS_STOPPING = "OBS_WEBSOCKET_OUTPUT_STOPPING"
OBS_STOPPED = "OBS_WEBSOCKET_OUTPUT_STOPPED"
OBS_RECONNECTING = "OBS_WEBSOCKET_OUTPUT_RECONNECTING"
OBS_RECONNECTED = "OBS_WEBSOCKET_OUTPUT_RECONNECTED"

DEFAULT_START_TIMEOUT = 15.0
#: How long after OBS's STOPPED event a read saying the output is active is not believed.
STALE_ACTIVE_AFTER_STOP_S = 2.0

NEVER_CONNECTED = QT_TRANSLATE_NOOP(
    "ObsOutput",
    "OBS could not connect to the SRT ingest: it refused the stream key or did not answer, "
    "and OBS keeps retrying.",
)


class OutputReader(Protocol):
    """What reads OBS's output status for a one-shot check: the observer
    (``ObsObserver.read_output``), the one owner of OBS's output state besides the link."""

    async def read_output(self) -> OutputStatus:
        """OBS's output status, read now."""
        ...


class OutputState(enum.Enum):
    """The stream output as the user sees it."""

    STOPPED = "stopped"
    STARTING = "starting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    STOPPING = "stopping"
    FAILED = "failed"


StateListener = Callable[[OutputState], None]


def state_label(state: OutputState) -> str:
    """``state`` as a word in the user's language (``live``, ``stopped``, ...)."""
    labels = {
        OutputState.STOPPED: translate("ObsOutputState", "stopped"),
        OutputState.STARTING: translate("ObsOutputState", "starting"),
        OutputState.LIVE: translate("ObsOutputState", "live"),
        OutputState.RECONNECTING: translate("ObsOutputState", "reconnecting"),
        OutputState.STOPPING: translate("ObsOutputState", "stopping"),
        OutputState.FAILED: translate("ObsOutputState", "failed"),
    }
    return labels[state]


class OutputTracker:
    """The output's state machine, fed with OBS's ``StreamStateChanged`` events.

    Use it on the asyncio loop thread (the link delivers events there); the STARTING
    timeout needs a running loop.

    Attributes:
        state: the current state.
        error: why the state is FAILED (None otherwise).
        heard_from_obs: OBS has reported its output's state (any event) since the last
            ``expect_start``, or since the tracker was made.
    """

    def __init__(
        self,
        *,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.state = OutputState.STOPPED
        self._clock = clock
        self._stopped_at: float | None = None
        self.error: ObsStreamFailed | None = None
        self.heard_from_obs = False
        self._start_timeout = start_timeout
        self._timer: asyncio.TimerHandle | None = None
        self._listeners: list[StateListener] = []

    def add_listener(self, callback: StateListener) -> Callable[[], None]:
        """Call ``callback(state)`` on every change; returns the unsubscribe."""
        return subscribe(self._listeners, callback)

    def sync(self, status: OutputStatus) -> None:
        """Take OBS's current status as the state (after connecting, when no event came).

        A read can overtake the events (they travel on another connection), so it follows
        the same rules: reconnecting straight from STARTING means it never connected.
        """
        if status.reconnecting:
            if self.state is OutputState.STARTING:
                self._fail(translate_marked("ObsOutput", NEVER_CONNECTED))
            elif self.state is not OutputState.FAILED:
                self._move(OutputState.RECONNECTING)
        elif status.active:
            # OBS's output stays active until STOPPED (OBS 32: about 1 s after STOPPING).
            if not self.just_stopped() and self.state is not OutputState.STOPPING:
                self._move(OutputState.LIVE)
        elif self.state in (OutputState.LIVE, OutputState.RECONNECTING, OutputState.STOPPING):
            self._move(OutputState.STOPPED)

    def just_stopped(self) -> bool:
        """OBS reported STOPPED a moment ago: an ``outputActive`` read now is stale.

        Real OBS 29 still answers ``outputActive: true`` briefly after its STOPPED event;
        without this, a read right after a stop would show the stream live again.
        """
        return (
            self.state in (OutputState.STOPPED, OutputState.FAILED)
            and self._stopped_at is not None
            and self._clock() - self._stopped_at < STALE_ACTIVE_AFTER_STOP_S
        )

    def expect_start(self) -> None:
        """A start was just requested: STARTING now, before OBS's first event arrives.

        Clears an earlier failure (so a wait that follows does not see it) and arms the
        timeout, which then also covers an OBS that never reports STARTING at all: that
        one fails as a start OBS dropped, not as an ingest it could not reach.
        """
        self.heard_from_obs = False
        self._move(OutputState.STARTING)

    def feed(self, event: StreamStateChanged) -> None:
        """Apply one OBS event; unknown states are ignored."""
        self.heard_from_obs = True
        previous = self.state
        if event.state == OBS_STARTING:
            self._stopped_at = None
            self._move(OutputState.STARTING)
        elif event.state in (OBS_STARTED, OBS_RECONNECTED):
            self._move(OutputState.LIVE)
        elif event.state == OBS_RECONNECTING:
            if previous is OutputState.STARTING:
                # Never connected: OBS 29 retries a refused SRT handshake forever.
                self._fail(translate_marked("ObsOutput", NEVER_CONNECTED))
            elif previous is not OutputState.FAILED:
                self._move(OutputState.RECONNECTING)
        elif event.state == OBS_STOPPING:
            self._move(OutputState.STOPPING)
        elif event.state == OBS_STOPPED:
            self._stopped_at = self._clock()
            if previous is OutputState.STARTING:
                self._fail(translate("ObsOutput", "OBS could not connect to the SRT ingest."))
            elif previous in (OutputState.LIVE, OutputState.RECONNECTING):
                # A stop the user asked for passes through STOPPING; this one did not.
                self._fail(
                    translate(
                        "ObsOutput",
                        "OBS stopped streaming: the connection to the SRT ingest was lost.",
                    )
                )
            elif previous is not OutputState.FAILED:
                self._move(OutputState.STOPPED)

    async def wait_for(
        self,
        states: OutputState | Iterable[OutputState],
        timeout: float,  # noqa: ASYNC109 - part of the shared interface
    ) -> OutputState:
        """Wait until the state is one of ``states``; returns it.

        Raises:
            ObsStreamFailed: the output FAILED (and FAILED is not among ``states``).
            WaitTimedOut: none of ``states`` within ``timeout`` seconds.
        """
        wanted = {states} if isinstance(states, OutputState) else set(states)
        loop = asyncio.get_running_loop()
        reached: asyncio.Future[OutputState] = loop.create_future()

        def check(state: OutputState) -> None:
            if reached.done():
                return
            if state in wanted:
                reached.set_result(state)
            elif state is OutputState.FAILED and self.error is not None:
                reached.set_exception(self.error)

        unsubscribe = self.add_listener(check)
        try:
            check(self.state)
            return await asyncio.wait_for(reached, timeout)
        except TimeoutError:
            names = translate("ObsOutput", " or ").join(
                sorted(state_label(state) for state in wanted)
            )
            raise WaitTimedOut(
                translate(
                    "ObsOutput",
                    "OBS's stream did not become {states} within {seconds} s (it is {state}).",
                ).format(states=names, seconds=f"{timeout:g}", state=state_label(self.state)),
                translate("ObsOutput", "Check OBS, then try again with a longer --timeout."),
            ) from None
        finally:
            unsubscribe()

    def close(self) -> None:
        """Cancel the STARTING timer (the tracker is no longer used)."""
        self._cancel_timer()

    def _fail(self, error: str | ObsStreamFailed) -> None:
        self.error = ObsStreamFailed(error) if isinstance(error, str) else error
        self._move(OutputState.FAILED)

    def _move(self, state: OutputState) -> None:
        if state is not OutputState.FAILED:
            self.error = None
        self._cancel_timer()
        if state is OutputState.STARTING:
            self._arm_timer()
        if state is self.state:
            return
        self.state = state
        for listener in list(self._listeners):
            listener(state)

    def _arm_timer(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a plain unit test): no timeout to enforce
        self._timer = loop.call_later(self._start_timeout, self._start_took_too_long)

    def _start_took_too_long(self) -> None:
        self._timer = None
        if self.state is not OutputState.STARTING:
            return
        if not self.heard_from_obs:
            # No event, and no read saw the output active (it would be LIVE): OBS dropped it.
            self._fail(ObsStartIgnored(self._start_timeout))
        else:
            self._fail(
                translate(
                    "ObsOutput", "OBS did not connect to the SRT ingest within {seconds} s."
                ).format(seconds=f"{self._start_timeout:g}")
            )

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


@dataclass(frozen=True)
class LiveFigures:
    """What the window shows while live, about once a second.

    Attributes:
        uptime_s: seconds OBS has been streaming.
        bitrate_kbps: sent kilobits per second since the last sample (None: not known yet).
        dropped_percent: frames OBS skipped, in percent of all frames.
        congestion: OBS's own congestion figure, 0 (none) to 1.
        reconnecting: OBS is reconnecting to the ingest.
    """

    uptime_s: float
    bitrate_kbps: float | None
    dropped_percent: float
    congestion: float
    reconnecting: bool


#: Samples closer than this give no bitrate (a division by almost nothing).
MIN_SAMPLE_GAP_S = 0.05


class FigureMeter:
    """Turns successive ``GetStreamStatus`` answers into live figures.

    OBS reports no bitrate, only a byte counter: the bitrate is the change in bytes over
    the change in time between two samples. A counter that goes backwards (a new stream)
    starts over.
    """

    def __init__(self) -> None:
        self._last: tuple[int, float] | None = None

    def reset(self) -> None:
        self._last = None

    def update(self, status: OutputStatus, now: float) -> LiveFigures:
        """The figures for ``status`` sampled at ``now`` (monotonic seconds)."""
        bitrate: float | None = None
        if not status.active:
            self._last = None
        else:
            last = self._last
            if last is not None and status.bytes >= last[0] and now - last[1] < MIN_SAMPLE_GAP_S:
                # Two reads a moment apart say nothing of the rate: keep the older one.
                return self._figures(status, None)
            if last is not None and status.bytes >= last[0]:
                bitrate = (status.bytes - last[0]) * 8 / (now - last[1]) / 1000
            self._last = (status.bytes, now)
        return self._figures(status, bitrate)

    @staticmethod
    def _figures(status: OutputStatus, bitrate: float | None) -> LiveFigures:
        dropped = (
            status.skipped_frames / status.total_frames * 100 if status.total_frames > 0 else 0.0
        )
        return LiveFigures(
            uptime_s=status.duration_ms / 1000,
            bitrate_kbps=bitrate,
            dropped_percent=dropped,
            congestion=status.congestion,
            reconnecting=status.reconnecting,
        )
