"""What OBS holds now, as one picture: profile, stream service, output state and figures.

Streamers change OBS behind this program's back (they edit the stream settings, switch
profiles, restart OBS), so nothing here remembers what this program once sent: the picture
is read from OBS. It is re-read when OBS (re)connects, when an event says something moved
(``StreamStateChanged``, ``CurrentProfileChanged``), and every few seconds while linked,
since OBS sends no event when the user edits Settings > Stream. When the link dies
(``ExitStarted``, a lost connection) the picture says so at once, without waiting for a read:
nothing may still claim that OBS is sending.

All reads go through the link, whose one worker thread keeps obsws-python's rule.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..listeners import subscribe
from .errors import ObsConnectionLost, ObsError
from .link import (
    ConnectionLost,
    ExitStarted,
    ObsEvent,
    ObsLink,
    ObsVersion,
    OutputStatus,
    ProfileChanged,
    ServiceSettings,
    StreamStateChanged,
)
from .link_state import LinkState
from .output_state import FigureMeter, LiveFigures, OutputState, OutputTracker
from .srt_settings import holds_stream
from .supervisor import ObsSupervisor

if TYPE_CHECKING:
    from ..storage.stream_store import StoredStream

    _Stored = TypeVar("_Stored", bound=StoredStream)

log = logging.getLogger(__name__)

#: Seconds between reads while OBS is linked and idle, and while its output is active.
IDLE_INTERVAL = 3.0
LIVE_INTERVAL = 1.0

#: Output states in which OBS is (or is about to be) sending.
ACTIVE_STATES = frozenset(
    {OutputState.STARTING, OutputState.LIVE, OutputState.RECONNECTING, OutputState.STOPPING}
)


@dataclass(frozen=True)
class ObsPicture:
    """OBS as last read. Compare two pictures with ``==`` to see whether anything changed.

    Attributes:
        connected: linked to OBS and read at least once since (re)connecting.
        profile: OBS's current profile ("" while unknown).
        profiles: every profile's name.
        service: the current profile's stream service, key included (never shown: repr
            hides the settings).
        output: what the stream output is doing (STOPPED whenever not connected).
        status: the last ``GetStreamStatus`` (None when not connected).
        figures: uptime, bitrate, dropped frames while the output is active, else None.
        version: OBS's version while connected.
        error: why OBS is not connected, when known.
        sending_profile: while the output runs, the profile it started in ("" otherwise,
            or before a read saw it running).
        sending_service: while the output runs, the service it started with, as read when it
            started and confirmed by every read in that profile since: a running output keeps
            its destination when the profile is switched (obs-websocket allows that while
            streaming, OBS's menu does not), so this, not ``service``, is where OBS sends.
        sending_unknown: the profile was switched after the output started and before a
            read recorded where it sends: that cannot be known until it stops.
    """

    connected: bool = False
    profile: str = ""
    profiles: tuple[str, ...] = ()
    service: ServiceSettings | None = None
    output: OutputState = OutputState.STOPPED
    status: OutputStatus | None = None
    figures: LiveFigures | None = None
    version: ObsVersion | None = None
    error: ObsError | None = dataclasses.field(default=None, compare=False)
    sending_profile: str = ""
    sending_service: ServiceSettings | None = None
    sending_unknown: bool = False

    @property
    def active(self) -> bool:
        """OBS's stream output is running (starting, live, reconnecting or stopping)."""
        return self.connected and self.output in ACTIVE_STATES

    @property
    def destination(self) -> ServiceSettings | None:
        """Where OBS sends (or would send): the running output's service, else the current
        profile's."""
        if self.active and self.sending_unknown:
            return None
        if self.active and self.sending_service is not None:
            return self.sending_service
        return self.service

    @property
    def profile_switched(self) -> bool:
        """The profile was switched while the output runs: the current profile's settings
        are not what OBS sends."""
        if self.active and self.sending_unknown:
            return True
        return (
            self.active
            and self.sending_service is not None
            and bool(self.profile)
            and self.profile != self.sending_profile
        )

    def holds(self, ingest_url: str, streamer_key: str) -> bool:
        """Whether OBS's destination (``destination``) is exactly this stream's SRT address
        and key."""
        destination = self.destination
        if not self.connected or destination is None:
            return False
        return holds_stream(destination, ingest_url, streamer_key, self.version)

    def held_stream(self, streams: Iterable[_Stored], ingest_url: str) -> _Stored | None:
        """The stored stream OBS's settings are exactly, or None (the user's own, or none)."""
        for stored in streams:
            if self.holds(ingest_url, stored.stream.streamer_key):
                return stored
        return None


PictureListener = Callable[[ObsPicture], None]


class ObsObserver:
    """Keeps an :class:`ObsPicture` of the OBS behind a supervisor (or one plain link).

    Attributes:
        picture: the latest picture.
        tracker: the output state machine fed with OBS's events (a fresh one per link).
    """

    def __init__(
        self,
        obs: ObsSupervisor | ObsLink,
        *,
        idle_interval: float = IDLE_INTERVAL,
        live_interval: float = LIVE_INTERVAL,
        start_timeout: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.picture = ObsPicture()
        self._obs = obs
        self._idle_interval = idle_interval
        self._live_interval = live_interval
        self._start_timeout = start_timeout
        self._clock = clock
        self._listeners: list[PictureListener] = []
        self._unsubscribe: list[Callable[[], None]] = []
        self._meter = FigureMeter()
        self.tracker = self._new_tracker()
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._read_done = asyncio.Event()
        self._requested = 0
        self._completed = 0
        # Bumped when the link dies: a read that began before must not revive the picture.
        self._generation = 0
        # When profile and service were last read: while live, only the status is read
        # every second (the figures); the settings as often as when idle.
        self._settings_read_at: float | None = None
        # ProfileChanged events seen: a read they came through does not record where the
        # output sends.
        self._profile_changes = 0
        # The profile OBS's events last named (None: none since linking; a read's counts).
        self._announced_profile: str | None = None
        self._closed = False

    @property
    def announced_profile(self) -> str | None:
        """The profile OBS's events last named (a read's before the first event)."""
        return self._announced_profile

    @property
    def linked(self) -> bool:
        """A link to OBS is up now (the picture may not have read it yet)."""
        return self._link() is not None

    def add_listener(self, callback: PictureListener) -> Callable[[], None]:
        """Call ``callback(picture)`` on the loop whenever the picture changes."""
        return subscribe(self._listeners, callback)

    async def start(self) -> None:
        """Subscribe to OBS, read it once, and keep reading in the background."""
        if self._task is not None or self._closed:
            return
        if isinstance(self._obs, ObsSupervisor):
            self._unsubscribe.append(self._obs.add_event_listener(self._on_event))
            self._unsubscribe.append(self._obs.add_listener(self._on_supervisor))
        else:
            self._unsubscribe.append(self._obs.add_listener(self._on_event))
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="obs-observer")
        await self.refresh()

    async def refresh(self) -> ObsPicture:
        """Read OBS now; returns the picture from a read that began after this call."""
        task = self._task
        if task is None or task.done():
            await self._read()
            return self.picture
        self._requested += 1
        ticket = self._requested
        self._wake.set()
        while self._completed < ticket and not task.done() and not self._closed:
            await self._read_done.wait()
        return self.picture

    def expect_start(self) -> None:
        """This program is about to ask OBS to start: the output is STARTING from now, and
        a start OBS then drops without a word fails once the tracker's timeout ends."""
        self.tracker.expect_start()

    async def read_output(self) -> OutputStatus:
        """Read OBS's output status now (one ``GetStreamStatus``, nothing else) for a check
        that must see it as it is; the tracker takes it as its own reads do.

        Works on an observer that was never started (one read for a one-shot command).

        Raises:
            ObsError: not linked, or the read failed.
        """
        link = self._link()
        if link is None:  # not linked now: the link, if any, says why, as its read would
            obs = self._obs
            link = obs.link if isinstance(obs, ObsSupervisor) else obs
            if link is None:
                assert isinstance(obs, ObsSupervisor)
                raise obs.error or ObsConnectionLost()
        generation = self._generation
        status = await link.get_stream_status()
        if generation == self._generation and self._link() is link:
            self.tracker.sync(status)
        return status

    def saw_service(self, service: ServiceSettings) -> None:
        """The current profile's service as this program just read it back from OBS: drawn
        now; the rest of the picture comes with the next read (``refresh``)."""
        # No service: a profile switch was just announced, the read-back may be the old one's.
        if self.picture.connected and self.picture.service is not None:
            self._set(dataclasses.replace(self.picture, service=service))

    async def close(self) -> None:
        """Stop reading and unsubscribe; no listener hears from this observer again."""
        self._closed = True
        self._listeners.clear()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self.tracker.close()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._read_done.set()

    # -- events -----------------------------------------------------------------------

    def _link(self) -> ObsLink | None:
        if isinstance(self._obs, ObsSupervisor):
            return self._obs.link if self._obs.state is LinkState.CONNECTED else None
        return self._obs if self._obs.connected else None

    def _on_event(self, event: ObsEvent) -> None:
        if isinstance(event, StreamStateChanged):
            self.tracker.feed(event)  # the tracker's listener publishes and asks for a read
        elif isinstance(event, ProfileChanged):
            self._profile_changes += 1
            announced, self._announced_profile = self._announced_profile, event.name
            picture = self.picture
            if picture.connected:
                # Switched while the output runs, before a read recorded where it sends.
                # (Events travel on their own connection: a read may have seen the new
                # profile first, so the events' own last profile is compared.)
                running = picture.active or self.tracker.state in ACTIVE_STATES
                unknown = picture.sending_unknown or (
                    running and picture.sending_service is None and event.name != announced
                )
                self._set(
                    dataclasses.replace(
                        picture, profile=event.name, service=None, sending_unknown=unknown
                    )
                )
            self._wake.set()
        elif isinstance(event, ExitStarted | ConnectionLost):
            error = event.error if isinstance(event, ConnectionLost) else None
            self._gone(error)

    def _on_supervisor(self) -> None:
        assert isinstance(self._obs, ObsSupervisor)
        if self._obs.state is LinkState.CONNECTED:
            self._wake.set()  # a new link: read everything, it may all have changed
        else:
            self._gone(self._obs.error)

    def _on_output(self, state: OutputState) -> None:
        if state not in ACTIVE_STATES:
            self._meter.reset()
        if self.picture.connected:
            active = state in ACTIVE_STATES
            figures = self.picture.figures if active else None
            self._set(
                dataclasses.replace(self.picture, output=state, figures=figures)
                if active
                else dataclasses.replace(
                    self.picture, output=state, figures=None, sending_profile="",
                    sending_service=None, sending_unknown=False,
                )
            )
        self._wake.set()

    def _gone(self, error: ObsError | None) -> None:
        """OBS is not linked any more: say so now, and forget its output's state."""
        self._generation += 1
        self._announced_profile = None
        self._settings_read_at = None
        self._meter.reset()
        self.tracker.close()
        self.tracker = self._new_tracker()
        self._set(ObsPicture(error=error or self.picture.error))

    def _new_tracker(self) -> OutputTracker:
        tracker = (
            OutputTracker() if self._start_timeout is None
            else OutputTracker(start_timeout=self._start_timeout)
        )
        tracker.add_listener(self._on_output)
        return tracker

    # -- reading ----------------------------------------------------------------------

    async def _loop(self) -> None:
        while not self._closed:
            interval = self._live_interval if self.picture.active else self._idle_interval
            # asyncio.timeout, not wait_for: Python 3.11's wait_for can swallow the
            # cancellation of close() when the wake-up comes at the same moment.
            woken = False
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval):
                    await self._wake.wait()
                    woken = True
            self._wake.clear()
            ticket = self._requested
            try:
                await self._read(settings_too=woken or self._settings_due())
            except Exception:
                log.exception("reading OBS's state failed unexpectedly")
            self._completed = ticket
            done, self._read_done = self._read_done, asyncio.Event()
            done.set()

    def _settings_due(self) -> bool:
        """Whether profile and service are to be read again (every idle interval)."""
        read_at = self._settings_read_at
        return read_at is None or self._clock() - read_at >= self._idle_interval - 0.05

    async def _read(self, *, settings_too: bool = True) -> None:
        """Read OBS; without ``settings_too`` only the output's status (the figures)."""
        link = self._link()
        if link is None:
            if self.picture.connected:
                self._gone(None)
            return
        generation = self._generation
        changes = self._profile_changes
        before = self.picture
        settings_too = settings_too or not before.connected or before.service is None
        try:
            if settings_too:
                profile, profiles = await link.get_profiles()
                service: ServiceSettings | None = await link.get_stream_service_settings()
                read_at: float | None = self._clock()
            else:
                profile, profiles = before.profile, list(before.profiles)
                service, read_at = before.service, self._settings_read_at
            status = await link.get_stream_status()
        except ObsError as error:
            if generation == self._generation and self._link() is not link:
                self._gone(error)
            return  # a dead link reports itself; a refused read is tried again later
        if generation != self._generation or self._link() is not link:
            return
        self._settings_read_at = read_at
        self.tracker.sync(status)
        active = (status.active or status.reconnecting) and not self.tracker.just_stopped()
        figures = self._meter.update(status, self._clock()) if active else None
        if not active:
            self._meter.reset()
        output = self.tracker.state
        if active and output not in ACTIVE_STATES:
            output = OutputState.LIVE  # OBS says it sends; a missed event must not hide that
        if self._announced_profile is None and settings_too:
            self._announced_profile = profile
        # From the picture now, not as the read began: an event during the read counts.
        now = self.picture
        sending_profile, sending_service = _sending(now, output)
        unknown = output in ACTIVE_STATES and now.connected and now.sending_unknown
        if output in ACTIVE_STATES and sending_service is None and settings_too and not unknown:
            # The output's destination, recorded once per run: only from a read that no
            # profile switch and no new service came through (both read again after the
            # status: settings read before a start may be those from before its send).
            try:
                profile_after, _ = await link.get_profiles()
                service_after: ServiceSettings | None = await link.get_stream_service_settings()
            except ObsError:
                profile_after, service_after = "", None
            if generation != self._generation or self._link() is not link:
                return
            # A switch OBS has made but not yet announced shows as a profile other than
            # the one the events said: its event will make the destination unknown.
            announced = self._announced_profile in (None, profile)
            unchanged = profile_after == profile and service_after == service
            if unchanged and changes == self._profile_changes and announced:
                sending_profile, sending_service = profile, service
        self._set(
            ObsPicture(
                connected=True,
                profile=profile,
                profiles=tuple(profiles),
                service=service,
                output=output,
                status=status,
                figures=figures,
                version=link.version,
                sending_profile=sending_profile,
                sending_service=sending_service,
                sending_unknown=unknown,
            )
        )

    def _set(self, picture: ObsPicture) -> None:
        if picture == self.picture:
            self.picture = picture  # the error may differ; it does not count as a change
            return
        self.picture = picture
        for listener in list(self._listeners):
            try:
                listener(picture)
            except Exception:
                log.exception("an OBS picture listener failed")


def _sending(before: ObsPicture, output: OutputState) -> tuple[str, ServiceSettings | None]:
    """The running output's profile and service, as recorded by an earlier read of this run
    (kept through reads of another profile: a running output keeps its destination); none
    while the output does not run, or not yet recorded."""
    if output not in ACTIVE_STATES or not before.connected:
        return "", None
    return before.sending_profile, before.sending_service

