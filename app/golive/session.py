"""The program's state as the window sees it, and every action a user can take. No Qt.

``CompanionSession`` is a coordinator. It builds one owner for each outside thing
(``Preferences``: settings and secrets; ``Streams``: the API client and the local store;
``ObsStudio``: OBS; ``InAppSandbox``: the local Comprimato; ``SelectedWatch``: the
selected stream's Comprimato status), holds the selection, the busy flags and the rules that involve
two owners, and publishes one immutable ``ViewState`` snapshot after every change
(``SnapshotPublisher``). Owners never call each other. The window only draws snapshots and
calls actions; tests drive the same actions without a screen.

Why the rules below:

* Files and the keyring are touched through ``asyncio.to_thread``: a slow disk or a
  keyring prompt must never freeze the window.
* Each action raises a ``CompanionError`` and also records it as the ``Notice`` of the area
  it belongs to, so the window shows it next to what failed; background failures (OBS
  lost, a refresh after an unknown create) reach the user the same way.
* ``create_stream`` is single-flight (``SingleFlight``): a second call while one runs
  joins the first, so a double click never makes two streams. After
  ``CreateOutcomeUnknown`` the list is refreshed, so a stream made anyway shows up
  instead of being lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..comprimato.errors import CreateOutcomeUnknown, FeatureUnavailable
from ..comprimato.models import Stream
from ..errors import CompanionError
from ..storage.preferences import Preferences
from ..storage.settings import Settings
from ..storage.stream_store import StoredStream, StreamStore
from .errors import NoStreamSelected, StartFailed
from .heavy_imports import import_heavy_modules
from .obs_studio import ObsStudio, obs_discovery_summary, where_obs_is
from .sandbox_mode import InAppSandbox
from .selected_watch import SelectedWatch
from .session_account import AccountRules
from .session_obs import ObsRules
from .single_flight import SingleFlight
from .snapshots import SnapshotPublisher
from .streams import Streams
from .view_state import (
    AREA_CREATE,
    AREA_GENERAL,
    AREA_LIST,
    AREA_STREAM,
    BUSY_CREATE,
    BUSY_DELETE,
    BUSY_REFRESH,
    BUSY_STARTING,
    ApiKeyStatus,
    Mode,
    Notice,
    Observer,
    ViewState,
)

if TYPE_CHECKING:
    from ..obs.connection import ObsConnectionInfo
    from ..obs.supervisor import ObsSupervisor
    from ..sandbox import Sandbox
    from ..storage.obs_backups import ObsBackup, ObsBackups
    from ..storage.secrets import SecretStore
    from ..storage.settings import SettingsFile
    from .live_status import LiveStatus
    from .live_watch import LiveWatch

log = logging.getLogger(__name__)


class CompanionSession:
    """The Qt-free core behind the window.

    Args:
        sandbox: start with the local Comprimato instead of the real API.
        settings_file, store, secrets: collaborators (defaults: the user's own files and
            keyring); tests pass their own.
        env: the environment to read overrides from (``COMPRIMATO_*``, ``OBS_WEBSOCKET_URL``).
        supervisor_factory: builds the OBS supervisor from an async resolver.
        sandbox_port: the in-app sandbox's HTTP port; None for this user's own port
            (see ``app.golive.sandbox_mode``), 0 for any free one.
        lan: share the sandbox's player on the LAN even if Settings does not say so
            (the window's ``--lan``).
        obs_backups: where the user's own OBS settings are kept (default: the user's file).
        obs_poll_interval: seconds between reads of an idle OBS (default: the observer's).

    Attributes:
        state: the latest snapshot (``snapshot.state``).
        snapshot: publishes it: its one writer, shared with the rule parts.
        sandbox: the running local Comprimato, in sandbox mode.
    """

    def __init__(
        self,
        *,
        sandbox: bool = False,
        settings_file: SettingsFile | None = None,
        store: StreamStore | None = None,
        secrets: SecretStore | None = None,
        env: Mapping[str, str] | None = None,
        supervisor_factory: Callable[[Callable[[], Awaitable[ObsConnectionInfo]]], ObsSupervisor]
        | None = None,
        sandbox_port: int | None = None,
        lan: bool = False,
        obs_backups: ObsBackups | None = None,
        obs_poll_interval: float | None = None,
    ) -> None:
        self._want_sandbox = sandbox
        self.snapshot = SnapshotPublisher(ViewState(busy=frozenset({BUSY_STARTING})))
        #: The API client and the local store (the streams owner).
        self.streams = Streams(store)
        #: The window's own sandbox (sandbox mode's owner).
        self.in_app_sandbox = InAppSandbox(self.streams.store, sandbox_port)
        #: The settings file and the secrets (the preferences owner).
        self.preferences = Preferences(settings_file, secrets, env)
        #: OBS: the link, its supervisor and the observer's picture (the OBS owner).
        self.obs = ObsStudio(
            lambda: where_obs_is(self.preferences),
            lambda: self.streams.store.path.parent,
            supervisor_factory=supervisor_factory,
            backups=obs_backups,
            poll_interval=obs_poll_interval,
        )
        #: Comprimato's status of the selected stream (the watch's owner).
        self.watch = SelectedWatch()
        #: The rules that involve OBS (send, go live, stop, restore, OBS back, give-back).
        self.obs_rules = ObsRules(
            self.snapshot, obs=self.obs, streams=self.streams, preferences=self.preferences,
            in_app_sandbox=self.in_app_sandbox, watch=self.watch,
            publish_live=self._publish_live,
        )
        self.obs.add_listener(self.obs_rules.obs_changed)
        #: The rules of the account: mode, secrets and settings, and what they restart.
        self.account = AccountRules(
            self.snapshot, preferences=self.preferences, streams=self.streams,
            in_app_sandbox=self.in_app_sandbox, obs=self.obs, obs_rules=self.obs_rules,
            lan=lan, reload_streams=self._reload_streams, stop_watch=self._stop_watch,
            refresh_quietly=self._refresh_quietly,
        )
        self._creating: SingleFlight[StoredStream] = SingleFlight()
        self._closed = False

    @property
    def state(self) -> ViewState:
        """The latest snapshot."""
        return self.snapshot.state

    def add_observer(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer`` with every new snapshot; returns the unsubscribe function."""
        return self.snapshot.add_observer(observer)

    def report(self, area: str, error: CompanionError) -> None:
        """Show a failure in an area (the session's own actions record theirs already)."""
        self.snapshot.report(area, error)

    # --- life cycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Load settings, secrets and streams off the loop thread; connect to OBS.

        A ``close()`` while this runs (the user quit during start-up) wins: whatever the
        start makes after it (sandbox sockets, the OBS link, the client) is released here.
        """
        try:
            await self._start()
        except Exception as error:
            if self._closed:
                return  # closed meanwhile: the parts it used were stopped under it
            # Never leave the window at "Starting…": say what failed and offer Retry.
            failure = StartFailed.of(error)
            self.snapshot.publish(busy=self.state.busy - {BUSY_STARTING})
            self.snapshot.set_notice(AREA_GENERAL, Notice.of(failure))
            if isinstance(error, CompanionError | OSError):
                raise failure from None
            raise  # a fault in the program: the window's error dialog shows it
        finally:
            if self._closed:
                await self._release()

    async def retry_start(self) -> None:
        """Start again after a failed start (the notice's Retry)."""
        if self._closed or self.state.ready:
            return
        await self._release()
        self.snapshot.set_notice(AREA_GENERAL, None)
        self.snapshot.publish(busy=self.state.busy | {BUSY_STARTING})
        await self.start()

    async def _start(self) -> None:
        key_read: asyncio.Future[str | None] | None = None
        # In a worker thread from now on, while the settings and the list are read and drawn.
        heavy = asyncio.ensure_future(asyncio.to_thread(import_heavy_modules, self._want_sandbox))
        try:
            await self.preferences.load()
            if not self._want_sandbox and not self.preferences.api_key_from_env():
                # Read alongside: the API key is what the account's list waits for.
                key_read = self.preferences.read_api_key_ahead()
            if not self._want_sandbox:
                # The list first: a returning user sees their streams while the rest loads
                # (the sandbox's own list is known only once it runs).
                self.streams.api_url = self.preferences.endpoints().api_url
                self.snapshot.publish(api_url=self.streams.api_url)
                await self._reload_streams()
        finally:
            await heavy  # its failure (a broken install) is the start's failure
        notice = self.preferences.notice  # the settings file set aside, say
        notices = {AREA_GENERAL: Notice(notice, "", "info")} if notice else {}
        # The saved OBS password is read when it is needed (see where_obs_is), not here.
        self.snapshot.publish(
            settings=dataclasses.replace(self.preferences.settings),
            notices=MappingProxyType(notices),
        )
        # OBS is linked in the background from now on: its connection overlaps the start of
        # the sandbox or the API client instead of waiting for it.
        await self.obs_rules.start_obs()
        if self._want_sandbox:
            await self.account.enter_sandbox()
        else:
            await self.account.enter_real(key_read)
        if self.streams.client is not None and self.state.mode is Mode.REAL:
            # On its way while the window draws the rest: the account's list is what the
            # user waits for.
            self.snapshot.spawn(self._refresh_quietly())
        self.snapshot.publish(
            welcome_needed=not self._want_sandbox
            and not self.preferences.settings.welcome_done
            and self.state.api_key_status is ApiKeyStatus.MISSING,
            obs_summary=await asyncio.to_thread(obs_discovery_summary, self.preferences),
        )
        self.snapshot.publish(ready=True, busy=self.state.busy - {BUSY_STARTING})

    # --- OBS (app.golive.session_obs) ---------------------------------------------------

    async def send_to_obs(self) -> None:
        """Put the selected stream into OBS (the user's own settings backed up first)."""
        await self.obs_rules.send_to_obs()

    async def go_live(self) -> None:
        """Start OBS streaming the selected stream, and nothing else."""
        await self.obs_rules.go_live()

    async def stop(self) -> None:
        """Stop what OBS streams, whichever stream that is."""
        await self.obs_rules.stop()

    async def restore_choices(self) -> list[ObsBackup]:
        """Every saved stream setting of the user's own, newest first."""
        return await self.obs_rules.restore_choices()

    async def restore_obs_settings(self, chosen: ObsBackup | None = None) -> None:
        """Give OBS back the user's own stream settings (the newest, or ``chosen``)."""
        await self.obs_rules.restore_obs_settings(chosen)

    async def fix_obs_keyframes(self) -> None:
        """The one-click fix: a keyframe every 2 s in OBS."""
        await self.obs_rules.fix_obs_keyframes()

    async def reconnect_obs(self) -> None:
        """Try OBS again now (after the user fixed something)."""
        await self.obs_rules.reconnect_obs()

    async def set_up_obs(self) -> None:
        """Link to OBS without questions: its server turned on, OBS started."""
        await self.obs_rules.set_up_obs()

    async def close(self) -> None:
        """Stop watching, disconnect OBS, close the client, stop the sandbox. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self.obs_rules.give_back_on_quit()
        await self._release()

    async def _release(self) -> None:
        """Stop and close every part that exists now; safe to repeat."""
        await self.snapshot.cancel_background()
        await self._stop_watch()
        self.snapshot.publish(live=None)
        await self.obs_rules.stop_obs()
        await self.streams.close_client()
        await self.in_app_sandbox.stop()

    @property
    def closed(self) -> bool:
        return self._closed

    # --- modes --------------------------------------------------------------------------

    @property
    def sandbox(self) -> Sandbox | None:
        """The running local Comprimato, in sandbox mode."""
        return self.in_app_sandbox.sandbox

    # --- the account: mode, secrets, settings (app.golive.session_account) -----------

    async def use_sandbox(self) -> None:
        """Switch to the local Comprimato (the welcome's "Try it with the sandbox")."""
        await self.account.use_sandbox()

    async def set_api_key(self, api_key: str) -> None:
        """Keep the user's key in the keyring and switch to the real API with it."""
        await self.account.set_api_key(api_key)

    async def finish_welcome(self, *, use_sandbox: bool, api_key: str | None) -> None:
        """Apply the welcome's choice and remember that the welcome was done."""
        await self.account.finish_welcome(use_sandbox=use_sandbox, api_key=api_key)

    async def keep_secrets_again(self) -> None:
        """Save the secrets held in memory where they belong (after the keyring was unlocked)."""
        await self.account.keep_secrets_again()

    async def retry_keyring(self) -> None:
        """Read the keyring again (after the user unlocked it)."""
        await self.account.retry_keyring()

    async def read_obs_password_saved(self) -> bool:
        """Whether an OBS password is saved, read from the keyring now (for Settings)."""
        return await self.account.read_obs_password_saved()

    def known_secrets(self) -> list[str]:
        """Every secret value an error report must not show."""
        return self.account.known_secrets()

    async def update_settings(
        self, settings: Settings, *, api_key: str | None = None, obs_password: str | None = None
    ) -> None:
        """Save new settings (and secrets when given); restart what they affect."""
        await self.account.update_settings(settings, api_key=api_key, obs_password=obs_password)

    async def save_window_geometry(self, geometry: str) -> None:
        """Remember the window's size and place (opaque text from the window)."""
        await self.account.save_window_geometry(geometry)

    # --- the stream list ----------------------------------------------------------------

    async def _reload_streams(self) -> None:
        shown = self.streams.notice
        streams = await self.streams.load(self.state.streams)
        if shown is not None and self.streams.notice is None:
            self.snapshot.clear_notice_if(AREA_CREATE, shown)  # every stream is saved now
        selected = self.state.selected
        if selected is not None:
            selected = next((s for s in streams if s.stream.id == selected.stream.id), None)
        notices = dict(self.state.notices)
        if (shown_list := self.streams.list_notice(notices.get(AREA_LIST))) is not None:
            notices[AREA_LIST] = shown_list
        self.snapshot.publish(streams=streams, selected=selected, notices=MappingProxyType(notices))
        self.obs_rules.obs_changed()  # which listed stream OBS holds may have changed

    async def refresh(self) -> None:
        """Merge the streams Comprimato knows into the local list."""
        async with self.snapshot.action(AREA_LIST, BUSY_REFRESH):
            try:
                await self.streams.merge_remote()
            except FeatureUnavailable as error:
                self.snapshot.set_notice(AREA_LIST, self.streams.list_notice(error))
                return
            await self._reload_streams()

    async def _refresh_quietly(self) -> None:
        with contextlib.suppress(CompanionError):
            await self.refresh()

    async def select_stream(self, stream_id: str) -> None:
        """Show one stream and watch its live status."""
        stored = next((s for s in self.state.streams if s.stream.id == stream_id), None)
        if stored is None:
            stored = await self.streams.get(stream_id)
        if stored is None:
            raise NoStreamSelected()
        if self.state.selected is not None and self.state.selected.stream.id == stream_id:
            return
        await self._stop_watch()
        self.snapshot.publish(selected=stored, live=None)
        self.snapshot.set_notice(AREA_STREAM, None)
        self.obs_rules.obs_changed()
        await self._start_watch()

    async def rename(self, stream_id: str, name: str) -> None:
        """Rename a stream on this computer only (the API has no names)."""
        async with self.snapshot.action(AREA_LIST):
            await self.streams.rename(stream_id, name)
            await self._reload_streams()

    async def delete(self, stream_id: str) -> None:
        """Delete a stream on Comprimato, then here. Ask the user before calling this."""
        async with self.snapshot.action(AREA_LIST, BUSY_DELETE):
            gone = next((s for s in self.state.streams if s.stream.id == stream_id), None)
            await self.streams.delete(stream_id, gone.stream.streamer_key if gone else None)
            if self.state.selected is not None and self.state.selected.stream.id == stream_id:
                await self._stop_watch()
                self.snapshot.publish(selected=None, live=None)
            await self._reload_streams()

    # --- create -------------------------------------------------------------------------

    async def create_stream(self) -> StoredStream:
        """One click: create, keep, select, send to OBS (preference), maybe start streaming.

        A call while another create is in flight joins it and returns the same stream, so
        a double click makes one stream. OBS problems after the stream was made do not
        fail the create: they show next to the stream's actions.
        """
        joined = self._creating.running
        stored = await self._creating.run(self._create_and_keep)
        if joined:
            return stored  # the first click sends, watches and goes live
        self.snapshot.set_notice(AREA_STREAM, None)
        sent = False
        if self.preferences.settings.send_to_obs_automatically:
            if self.state.obs.connected:
                with contextlib.suppress(CompanionError):  # shown in the stream's area
                    await self.send_to_obs()
                    sent = True
            else:
                self.obs_rules.send_when_obs_appears = stored.stream.id
        # Watching starts after OBS has the key: its first reads must not delay the send.
        await self._start_watch()
        if sent and self.preferences.settings.start_streaming_on_send:
            with contextlib.suppress(CompanionError):
                await self.go_live()
        return stored

    async def _create_and_keep(self) -> StoredStream:
        """The part a second click must not repeat: the API call and the local record."""
        async with self.snapshot.action(AREA_CREATE, BUSY_CREATE):
            try:
                stored = await self.streams.create()
            except CreateOutcomeUnknown:
                self.snapshot.spawn(self._refresh_quietly(), AREA_LIST)
                raise
            await self._reload_streams()
            # The old stream's status must not reach the new one: detached now (its late
            # reports are ignored), closed in the background while OBS gets the new one.
            watch = self.watch.detach()
            if watch is not None:
                self.snapshot.spawn(watch.close())
            self.snapshot.publish(selected=stored, live=None)
        if self.streams.notice is not None and self.streams.is_unsaved(stored.stream.id):
            self.snapshot.set_notice(AREA_CREATE, self.streams.notice)
        return stored

    # --- live watch ---------------------------------------------------------------------

    async def _start_watch(self) -> None:
        stored, client = self.state.selected, self.streams.client
        if stored is None or client is None or self._closed:
            self._publish_live()
            return
        await self._stop_watch()  # one watch at a time: an old one would write here too
        if self.closed:  # a property: the flag changed during the await above
            return  # closed meanwhile (the window quit during a create): the client is gone
        if self.state.selected is None or self.state.selected.stream.id != stored.stream.id:
            return  # another selection meanwhile started its own watch
        sandbox = self.sandbox if self.state.mode is Mode.SANDBOX else None
        await self.watch.start(client, stored.stream, sandbox, self._live_changed)

    async def _stop_watch(self) -> None:
        await self.watch.stop()

    def _live_changed(self, status: LiveStatus, watch: LiveWatch) -> None:
        """A watch reported: only the current watch of this very stream may write into the
        selected record (and the list); the stream's status is kept in the store."""
        selected = self.state.selected
        if selected is None or not self.watch.is_current(watch, selected.stream.id):
            return
        if status.comprimato_status and status.comprimato_status != selected.stream.status:
            stream: Stream = dataclasses.replace(selected.stream, status=status.comprimato_status)
            updated = dataclasses.replace(selected, stream=stream)
            self.snapshot.publish(
                selected=updated,
                streams=tuple(
                    updated if s.stream.id == stream.id else s for s in self.state.streams
                ),
            )
            self.snapshot.spawn(self.streams.record_status(stream), AREA_LIST)
        self._publish_live()

    def _publish_live(self) -> None:
        """The selected stream's live status, and what its watch should expect when OBS's
        output just changed (``SelectedWatch``)."""
        selected = self.state.selected
        if selected is None:
            if self.state.live is not None:
                self.snapshot.publish(live=None)
            return
        error, stream_id = self.obs.output_error, selected.stream.id
        message = error.message if error is not None else None
        live = self.watch.live_status(self.state.obs, stream_id, message)
        if live != self.state.live:
            was = self.state.live
            self.snapshot.publish(live=live)
            if was is not None:
                self.watch.output_changed(stream_id, was.obs_output, live.obs_output)


__all__ = ["CompanionSession", "ViewState"]
