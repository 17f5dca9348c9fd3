"""OBS Studio as the session sees it: the one OBS object outside ``app.obs``.

``ObsStudio`` owns the link's supervisor and the observer with its picture, rebuilt
together on every (re)start, and offers the session OBS's actions: send a stream, start
it (checked), stop whatever streams, restore the user's own settings, check and fix the
output for viewers. Each action takes what it needs as arguments; nothing here remembers
what was sent: what OBS holds comes from the picture, read from OBS itself.

``view(streams, ingest_url)`` is OBS as the window draws it (``ObsView``): the link's
state (an enum), the version, the error, the picture and which listed stream OBS holds.
Listeners hear of every change of the link or the picture.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .. import defaults
from ..errors import CompanionError
from ..i18n import translate
from ..listeners import subscribe
from ..storage.own_streams import is_recorded
from .view_state import Notice, ObsView

if TYPE_CHECKING:
    from ..obs.connection import ObsConnectionInfo
    from ..obs.errors import ObsStreamFailed
    from ..obs.link import ObsLink
    from ..obs.observer import ObsObserver
    from ..obs.output_settings import OutputCheck
    from ..obs.srt_settings import Restored
    from ..obs.supervisor import ObsSupervisor
    from ..storage.obs_backups import ObsBackup, ObsBackups
    from ..storage.obs_output_backups import ObsOutputBackups
    from ..storage.preferences import Preferences
    from ..storage.stream_store import StoredStream
    from .flow import StopOutcome
    from .sandbox_give_back import SandboxLeftover

#: How long an action waits for a connection to OBS that is being made right now.
OBS_CONNECT_WAIT: Final = 3.0

SupervisorFactory = Callable[[Callable[[], Awaitable["ObsConnectionInfo"]]], "ObsSupervisor"]


class ObsStudio:
    """The link to OBS, what OBS holds now, and what can be done to it.

    Args:
        resolve: where OBS is now, and a sentence saying where that came from (read on
            every connection attempt).
        backups_folder: the folder of the output settings' backups (the store's).
        supervisor_factory: builds the supervisor from a resolver (tests pass their own).
        backups: where the user's own stream settings are kept (default: the user's file).
        poll_interval: seconds between reads of an idle OBS (default: the observer's).

    Attributes:
        source: where the address in use came from, in words.
        address: the address in use (host:port), as last resolved.
        start_timeout: seconds a start may go without OBS streaming before it counts as
            failed (``None``: the tracker's default); read by ``start``.
    """

    def __init__(
        self,
        resolve: Callable[[], Awaitable[tuple[ObsConnectionInfo, str]]],
        backups_folder: Callable[[], Path],
        *,
        supervisor_factory: SupervisorFactory | None = None,
        backups: ObsBackups | None = None,
        poll_interval: float | None = None,
    ) -> None:
        self._resolve = resolve
        self._backups_folder = backups_folder
        self._supervisor_factory = supervisor_factory
        self._backups = backups
        self._poll_interval = poll_interval
        self.source = ""
        self.address = ""
        self.start_timeout: float | None = None
        self._supervisor: ObsSupervisor | None = None
        self._observer: ObsObserver | None = None
        self._unsubscribe: list[Callable[[], None]] = []
        self._listeners: list[Callable[[], None]] = []
        self._held_cache: (
            tuple[Any, tuple[StoredStream, ...], str | None, str, str] | None
        ) = None

        #: The record of this program's streams (SHA-256 of each key), as last read, and the
        #: destination it was read for: a stream the command line made is ours too.
        self._own: frozenset[str] = frozenset()
        self._own_read_for: object = None
        self._own_read: asyncio.Task[None] | None = None
        #: Whether OBS runs on this computer, as last seen while nothing answered.
        self._obs_runs: bool | None = None
        self._checked_error: object = None
        self._runs_check: asyncio.Task[None] | None = None
        # The OBS the link was made with (last resolved), and what the record of the
        # window's OBS says now (``app.obs.window_obs``: the command line drives it too).
        self._info: ObsConnectionInfo | None = None
        self._recorded_link: ObsConnectionInfo | None = None
        self._recording: asyncio.Task[None] | None = None

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every change of the link or the picture."""
        return subscribe(self._listeners, listener)

    def _changed(self, *_: object) -> None:
        self._record_link()
        for listener in list(self._listeners):
            listener()

    # --- life cycle ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether a supervisor is keeping the link (started, not stopped)."""
        return self._supervisor is not None

    async def start(self) -> None:
        """Link to OBS in the background (a new supervisor, a new observer)."""
        from ..obs.observer import ObsObserver

        if self._supervisor_factory is None:
            from ..obs.supervisor import ObsSupervisor

            supervisor = ObsSupervisor(self._resolve_info)
        else:
            supervisor = self._supervisor_factory(self._resolve_info)
        self._supervisor = supervisor
        # A new supervisor, a new observer: one kept on the old supervisor would freeze.
        observer = (
            ObsObserver(supervisor, start_timeout=self.start_timeout)
            if self._poll_interval is None
            else ObsObserver(
                supervisor, idle_interval=self._poll_interval, start_timeout=self.start_timeout
            )
        )
        self._observer = observer
        self._unsubscribe = [
            supervisor.add_listener(self._changed),
            observer.add_listener(self._changed),
        ]
        await supervisor.start()
        await observer.start()
        self._changed()

    async def stop(self) -> None:
        """Unlink (idempotent); the view is "disconnected" afterwards."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        observer, self._observer = self._observer, None
        supervisor, self._supervisor = self._supervisor, None
        if self._runs_check is not None:
            self._runs_check.cancel()
        if observer is not None:
            await observer.close()
        if supervisor is not None:
            await supervisor.stop()
        await self._forget_link()

    def _record_link(self) -> None:
        """Linked: record which OBS (the command line prefers it); unlinked: remove it."""
        supervisor = self._supervisor
        linked = self._info if supervisor is not None and supervisor.link is not None else None
        if linked == self._recorded_link:
            return
        self._recorded_link = linked
        folder = self._backups_folder()
        before = self._recording

        async def write() -> None:
            from ..obs.window_obs import forget_window_obs, record_window_obs

            if before is not None:
                await asyncio.wait([before])  # in order: the newest record wins
            if linked is None:
                await asyncio.to_thread(forget_window_obs, folder)
            else:
                await asyncio.to_thread(record_window_obs, folder, linked)

        with contextlib.suppress(RuntimeError):  # no loop: nothing to write it on
            self._recording = asyncio.get_running_loop().create_task(write())

    async def _forget_link(self) -> None:
        from ..obs.window_obs import forget_window_obs

        self._recorded_link = None
        recording, self._recording = self._recording, None
        if recording is not None:
            await asyncio.wait([recording])
        await asyncio.to_thread(forget_window_obs, self._backups_folder())

    async def _resolve_info(self) -> ObsConnectionInfo:
        info, self.source = await self._resolve()
        self.address = info.address
        self._info = info
        return info

    # --- what OBS is now ----------------------------------------------------------------

    def view(self, streams: tuple[StoredStream, ...], ingest_url: str) -> ObsView | None:
        """OBS as the window draws it; ``None`` when not started (nothing to draw yet)."""
        supervisor = self._supervisor
        if supervisor is None:
            return None
        error = self._why_no_answer(supervisor.error)
        picture = self._observer.picture if self._observer is not None else None
        if picture is not None and not picture.connected:
            picture = None
        held_id: str | None = None
        held_label = current_label = sending_profile = ""
        link = supervisor.link
        destination = picture.destination if picture is not None else None
        if picture is not None and destination is not None and link is not None:
            # Worked out again only when OBS's settings or the list change: the picture
            # changes every second while live, and the list may hold 10,000 streams.
            switched = picture.profile_switched
            recorded = self._recorded(destination)
            key = (destination, picture.service if switched else None, picture.version,
                   ingest_url, recorded)
            cached = self._held_cache
            if cached is None or cached[0] != key or cached[1] is not streams:
                # Only once linked: before that it would import obsws-python on this thread.
                from .flow import describe_what_obs_holds

                held = picture.held_stream(streams, ingest_url)
                label = describe_what_obs_holds(
                    destination, streams, ingest_url, link, recorded
                )
                current = (
                    describe_what_obs_holds(
                        picture.service, streams, ingest_url, link, recorded
                    )
                    if switched and picture.service is not None
                    else ""
                )
                held_id = held.stream.id if held is not None else None
                cached = (key, streams, held_id, label, current)
                self._held_cache = cached
            held_id, held_label, current_label = cached[2], cached[3], cached[4]
            if switched:
                sending_profile = picture.sending_profile
        return ObsView(
            state=supervisor.state,
            version=supervisor.version,
            error=Notice.of(error) if error is not None else None,
            source=self.source,
            address=self.address,
            picture=picture,
            held_stream_id=held_id,
            held_label=held_label,
            sending_profile=sending_profile,
            current_label=current_label,
            holds_ours=destination is not None and is_recorded(
                destination.type, destination.settings, self._own
            ),
            sending_unknown=picture is not None and picture.active and picture.sending_unknown,
        )

    def _why_no_answer(self, error: CompanionError | None) -> CompanionError | None:
        """Nothing answers on this computer: OBS closed, or running with its server off
        (``app.obs.no_answer``), as a look at the processes tells, in a worker thread."""
        from ..obs.errors import ObsError
        from ..obs.no_answer import needs_process_check, why_no_answer

        if not isinstance(error, ObsError):
            return error
        if error is not self._checked_error and needs_process_check(error):
            self._checked_error = error
            with contextlib.suppress(RuntimeError):  # no loop: nothing to check it on
                self._runs_check = asyncio.get_running_loop().create_task(self._check_runs())
        return why_no_answer(error, self._obs_runs)

    async def _check_runs(self) -> None:
        from ..obs.no_answer import obs_runs_here

        runs = await asyncio.to_thread(obs_runs_here)
        if runs != self._obs_runs:
            self._obs_runs = runs
            self._changed()

    def _recorded(self, destination: object) -> frozenset[str]:
        """The record's fingerprints; read again (in a worker) when OBS holds something new."""
        if destination != self._own_read_for:
            self._own_read_for = destination
            with contextlib.suppress(RuntimeError):  # no loop: nothing to read it on
                self._own_read = asyncio.get_running_loop().create_task(self._read_own())
        return self._own

    async def _read_own(self) -> None:
        try:
            own = await asyncio.to_thread(self._backups_store().own.fingerprints)
        except CompanionError:
            return  # the record's own notice says why; sentences name what OBS holds
        if asyncio.current_task() is not self._own_read:
            return  # a later read, for what OBS holds now, answers instead
        if own != self._own:
            self._own = own
            self._changed()

    @property
    def _output_failure(self) -> ObsStreamFailed | None:
        observer = self._observer
        return observer.tracker.error if observer is not None else None

    @property
    def output_error(self) -> Notice | None:
        """Why OBS's output failed, as OBS's events told it (``None`` when it did not)."""
        error = self._output_failure
        return Notice.of(error) if error is not None else None

    @property
    def start_dropped(self) -> ObsStreamFailed | None:
        """The window's last start, which OBS took and then dropped without a word (a window
        open in OBS holds streaming back), while that is still the output's state."""
        from ..obs.errors import ObsStartIgnored

        error = self._output_failure
        return error if isinstance(error, ObsStartIgnored) else None

    @property
    def linked(self) -> ObsLink | None:
        """The link, when connected now."""
        return self._supervisor.link if self._supervisor is not None else None

    async def link(self, connected: bool) -> ObsLink:
        """The link; ``connected``: the view says it is up. Waits a moment for a link
        being made right now.

        Raises:
            ObsError: not linked within ``OBS_CONNECT_WAIT`` seconds.
        """
        if self._supervisor is None:
            from ..obs.errors import ObsNotRunning

            raise ObsNotRunning(defaults.OBS_HOST, defaults.OBS_PORT)
        link = self._supervisor.link
        if link is not None and connected:
            return link
        return await self._supervisor.wait_connected(OBS_CONNECT_WAIT)

    async def refresh(self) -> None:
        """Read OBS now (after this program changed it), so the window shows it at once."""
        observer = self._observer
        if observer is not None:
            await observer.refresh()

    # --- actions ------------------------------------------------------------------------

    def _reader(self, link: ObsLink) -> ObsObserver:
        """What reads OBS's output for a check on ``link``: the observer (its tracker takes
        the read); one of its own for a link that is not the observer's."""
        observer = self._observer
        if observer is not None and self.linked is link:
            return observer
        from ..obs.observer import ObsObserver

        return ObsObserver(link)

    def _backups_store(self) -> ObsBackups:
        if self._backups is None:
            from ..storage.obs_backups import ObsBackups

            self._backups = ObsBackups()
        return self._backups

    def _output_backups(self) -> ObsOutputBackups:
        from ..storage.obs_output_backups import FILE_NAME, ObsOutputBackups

        return ObsOutputBackups(self._backups_folder() / FILE_NAME)

    async def send(
        self,
        link: ObsLink,
        ingest_url: str,
        streamer_key: str,
        *,
        known_keys: Iterable[str] | Awaitable[Iterable[str]],
        dedicated_profile: bool,
        sandbox: bool = False,
    ) -> None:
        """Put a stream's SRT address and key into OBS (the user's own backed up first)."""
        from ..obs.srt_settings import apply_srt_settings

        held = await apply_srt_settings(
            link,
            self._backups_store(),
            ingest_url,
            streamer_key,
            observer=self._reader(link),
            known_keys=known_keys,
            dedicated_profile=dedicated_profile,
            sandbox=sandbox,
        )
        if self._observer is not None and not dedicated_profile:
            # Read back from OBS a moment ago, in the profile it was read from: shown
            # now, the full read follows. (A dedicated profile may just have switched.)
            self._observer.saw_service(held)

    async def start_stream(
        self,
        link: ObsLink,
        stored: StoredStream,
        ingest_url: str,
        *,
        known_keys: Iterable[str],
        streams: Iterable[StoredStream],
        dedicated_profile: bool,
        sandbox: bool = False,
    ) -> None:
        """Start OBS streaming ``stored``, and nothing else (sent first when OBS holds
        anything else). Call ``refresh`` after."""
        from .flow import labels_of, start_checked, stream_label

        async def before_start() -> None:
            # The observer's tracker times the start: one OBS drops is said, not "stopped".
            if self._observer is not None:
                self._observer.expect_start()

        await start_checked(
            link,
            self._backups_store(),
            observer=self._reader(link),
            ingest_url=ingest_url,
            streamer_key=stored.stream.streamer_key,
            stream_label=stream_label(stored),
            known_keys=known_keys,
            stream_labels=labels_of(streams),
            dedicated_profile=dedicated_profile,
            sandbox=sandbox,
            before_start=before_start,
        )

    async def stop_stream(
        self, link: ObsLink, streams: Iterable[StoredStream], ingest_url: str
    ) -> StopOutcome:
        """Stop what OBS streams, whatever it is; says what that was."""
        from .flow import stop_checked

        return await stop_checked(
            link, observer=self._reader(link), streams=streams, ingest_url=ingest_url
        )

    async def restore_choices(self, known_keys: Iterable[str]) -> list[ObsBackup]:
        """Every saved stream setting of the user's, newest first (read in a worker)."""
        import asyncio

        from ..obs.srt_settings import restorable

        return await asyncio.to_thread(restorable, self._backups_store(), tuple(known_keys))

    async def restore(
        self, link: ObsLink, known_keys: Iterable[str], chosen: ObsBackup | None = None
    ) -> tuple[Restored | None, bool]:
        """Give OBS back the user's own output settings and newest stream settings (or
        ``chosen``, one of ``restore_choices``); says what came back: the stream settings
        (or ``None``), and whether output settings did."""
        from ..obs.output_settings import restore_output_settings
        from ..obs.srt_settings import refuse_while_streaming, restore_previous_settings

        observer = self._reader(link)
        await refuse_while_streaming(observer)  # before the output settings change
        output_restored = (
            await restore_output_settings(link, self._output_backups()) is not None
        )
        restored = await restore_previous_settings(
            link, self._backups_store(), observer=observer, known_keys=known_keys,
            chosen=chosen,
        )
        return restored, output_restored

    async def give_back_after_sandbox(
        self, link: ObsLink, running_keys: Iterable[str], known_keys: Iterable[str]
    ) -> SandboxLeftover | None:
        """OBS holding an ended sandbox's stream gets the user's own settings back, stream
        and output settings (``app.golive.sandbox_give_back``); says what OBS held, ``None``
        when nothing."""
        from .sandbox_give_back import give_back_after_sandbox

        return await give_back_after_sandbox(
            link,
            self._backups_store(),
            self._output_backups(),
            observer=self._reader(link),
            running_keys=running_keys,
            known_keys=known_keys,
        )

    async def check_output(self, link: ObsLink) -> OutputCheck:
        """OBS's output settings as players need them."""
        from ..obs.output_settings import check_output_settings

        return await check_output_settings(link, self._output_backups())

    async def fix_keyframes(self, link: ObsLink, *, sandbox: bool = False) -> OutputCheck:
        """A keyframe every 2 s in OBS, after backing up the user's own setting
        (``sandbox``: during a sandbox session, whose end gives it back)."""
        from ..obs.output_settings import fix_keyframes

        return await fix_keyframes(link, self._output_backups(), sandbox=sandbox)


async def where_obs_is(preferences: Preferences) -> tuple[ObsConnectionInfo, str]:
    """Which OBS to talk to now, and where that came from (``resolve_obs_connection``
    with the user's settings, environment and saved password), in a worker thread."""
    import asyncio

    from ..obs.connection import resolve_obs_connection
    from ..storage.secrets import SecretStore

    def saved_password() -> str | None:
        # Read only when the address in use takes the saved password: OBS found through
        # its own config files (or OBS_WEBSOCKET_URL) needs no keyring at all.
        return preferences.read_secret(SecretStore.OBS_PASSWORD)

    info, source = await asyncio.to_thread(
        resolve_obs_connection, preferences.settings, saved_password, env=preferences.env
    )
    if info.password:
        # From OBS_WEBSOCKET_URL or OBS's own files: scrubbed like the keyring's.
        preferences.note_secret(info.password)
    return info, source


def obs_discovery_summary(preferences: Preferences) -> str:
    """Where OBS's address comes from, in a sentence (reads OBS's files: a worker's call)."""
    from ..obs.connection import discover_obs

    env, settings = preferences.env, preferences.settings
    if env.get("OBS_WEBSOCKET_URL"):
        return translate("Session", "OBS's address comes from {variable}.").format(
            variable="OBS_WEBSOCKET_URL"
        )
    if settings.obs_host:
        return translate("Session", "OBS's address comes from Settings ({host}).").format(
            host=settings.obs_host
        )
    return discover_obs(env=env).summary


__all__ = ["OBS_CONNECT_WAIT", "ObsStudio", "obs_discovery_summary", "where_obs_is"]
