"""The rules that involve OBS: send the selected stream, go live, stop, restore the
user's own settings, fix the output for viewers, set OBS up, and what happens once OBS is
back (the deferred send, notices that said it was away, the sandbox's give-back).

``CompanionSession`` (``app/golive/session.py``) holds one ``ObsRules`` and calls it; it
passes in what the rules use: the OBS owner (``ObsStudio``), the streams owner, the
preferences, the in-app sandbox, the selected stream's watch, the session's snapshot
publisher (the snapshot, the notices, the action wrapper and the background tasks) and a
callback that publishes the selected stream's live status.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..comprimato.models import StreamState
from ..errors import CompanionError
from ..i18n import translate
from .errors import NoIngest, NoObsBackup, NoStreamSelected
from .notice_texts import keyframes_fixed, output_advice
from .obs_studio import obs_discovery_summary
from .snapshots import SnapshotPublisher
from .view_state import (
    AREA_GENERAL,
    AREA_OBS,
    AREA_OUTPUT,
    AREA_STREAM,
    BUSY_GO_LIVE,
    BUSY_RESTORE,
    BUSY_SEND,
    BUSY_STOP,
    FIX_OBS_RETRY,
    FIX_OBS_SETTINGS,
    Notice,
    ObsView,
    ViewState,
)

if TYPE_CHECKING:
    from ..obs.errors import ObsStreamFailed
    from ..sandbox import Sandbox
    from ..storage.obs_backups import ObsBackup
    from ..storage.preferences import Preferences
    from ..storage.stream_store import StoredStream
    from .obs_studio import ObsStudio
    from .sandbox_mode import InAppSandbox
    from .selected_watch import SelectedWatch
    from .streams import Streams

log = logging.getLogger(__name__)

#: How long a quit in sandbox mode waits for OBS to get the user's settings back.
QUIT_GIVE_BACK = 2.0


class ObsRules:
    """The OBS part of the session (see the module's docstring)."""

    def __init__(
        self,
        snapshot: SnapshotPublisher,
        *,
        obs: ObsStudio,
        streams: Streams,
        preferences: Preferences,
        in_app_sandbox: InAppSandbox,
        watch: SelectedWatch,
        publish_live: Callable[[], None],
    ) -> None:
        self.snapshot = snapshot
        self.obs = obs
        self.streams = streams
        self.preferences = preferences
        self.in_app_sandbox = in_app_sandbox
        self.watch = watch
        self._publish_live = publish_live
        #: "Your settings are back", until a stream goes back into OBS.
        self._restored_notice: Notice | None = None
        #: A stream made while OBS was away, to send once OBS appears (automatic sending on).
        self.send_when_obs_appears: str | None = None
        #: Which OBS the link was last made to (address, where it was found): another one
        #: linked later is said, never switched to silently.
        self._obs_linked_to: tuple[str, str] | None = None
        #: OBS streamed an ended sandbox's stream: the user's settings come back once it stops.
        self._leftover_pending = False
        self._giving_back = False
        #: The start OBS dropped that the stream's notice says (each said once), and the notice.
        self._dropped_start: ObsStreamFailed | None = None
        self._dropped_notice: Notice | None = None

    @property
    def _state(self) -> ViewState:
        """The session's latest snapshot."""
        return self.snapshot.state

    @property
    def sandbox(self) -> Sandbox | None:
        """The running local Comprimato, in sandbox mode."""
        return self.in_app_sandbox.sandbox

    # --- actions ------------------------------------------------------------------------
    #
    # Nothing here remembers what was sent to OBS: what OBS holds, whether it streams and
    # its figures come from the observer's picture, read from OBS itself.

    async def send_to_obs(self) -> None:
        """Put the selected stream's SRT address and key into OBS (the user's own settings
        are backed up first, per profile)."""
        async with self.snapshot.action(AREA_STREAM, BUSY_SEND):
            self._refuse_while_profile_switched()
            stored = self._require_selected()
            ingest_url = self._require_ingest()
            link = await self.obs.link(self._state.obs.connected)
            self.send_when_obs_appears = None
            self.in_app_sandbox.sending(stored.stream.streamer_key)
            await self.obs.send(
                link,
                ingest_url,
                stored.stream.streamer_key,
                # Read from the store while OBS is asked.
                known_keys=self.streams.known_keys(self._state.streams),
                dedicated_profile=self.preferences.settings.use_dedicated_obs_profile,
                sandbox=self.sandbox is not None,
            )
            self._forget_restored_notice()
            await self.obs.refresh()

    async def go_live(self) -> None:
        """Start OBS streaming the selected stream, and nothing else.

        What OBS holds is read right before the start; the stream is sent first when OBS
        holds anything else (the user's own settings are backed up).
        """
        async with self.snapshot.action(AREA_STREAM, BUSY_GO_LIVE):
            self._refuse_while_profile_switched()
            stored = self._require_selected()
            ingest_url = self._require_ingest()
            link = await self.obs.link(self._state.obs.connected)
            self.send_when_obs_appears = None
            self.in_app_sandbox.sending(stored.stream.streamer_key)
            await self.obs.start_stream(
                link,
                stored,
                ingest_url,
                known_keys=await self.streams.known_keys(self._state.streams),
                streams=self._state.streams,
                dedicated_profile=self.preferences.settings.use_dedicated_obs_profile,
                sandbox=self.sandbox is not None,
            )
            self._forget_restored_notice()
            self.watch.expect(StreamState.RUNNING)
            await self.obs.refresh()

    async def stop(self) -> None:
        """Stop what OBS streams, whichever stream (or other settings) that is, and say so
        when it is not the selected stream."""
        async with self.snapshot.action(AREA_STREAM, BUSY_STOP):
            link = await self.obs.link(self._state.obs.connected)
            # Where the output sends, as the picture knows it from its start: after a profile
            # switch the settings read now are not it.
            seen = self._state.obs
            outcome = await self.obs.stop_stream(link, self._state.streams, self._state.ingest_url)
            selected = self._state.selected
            label = seen.held_label if seen.sending and seen.held_label else outcome.label
            if outcome.was_streaming and (
                selected is None or not seen.holds(selected.stream.id)
            ):
                self.snapshot.set_notice(
                    AREA_STREAM,
                    Notice(
                        translate("Session", "OBS stopped streaming {what}.").format(
                            what=label
                        ),
                        "",
                        "info",
                    ),
                )
            if outcome.was_streaming:
                self.watch.expect(StreamState.STOPPED)
            await self.obs.refresh()

    async def restore_choices(self) -> list[ObsBackup]:
        """Every saved stream setting of the user's own, newest first, to choose from."""
        return await self.obs.restore_choices(await self.streams.known_keys(self._state.streams))

    async def restore_obs_settings(self, chosen: ObsBackup | None = None) -> None:
        """Give OBS back the newest stream settings of the user's own that this program
        replaced (or ``chosen``, one of ``restore_choices``), in the profile they came from."""
        async with self.snapshot.action(AREA_STREAM, BUSY_RESTORE):
            self._refuse_while_profile_switched()
            link = await self.obs.link(self._state.obs.connected)
            self.send_when_obs_appears = None
            restored, output_restored = await self.obs.restore(
                link, await self.streams.known_keys(self._state.streams), chosen
            )
            if output_restored:
                await self._advise_output()  # what OBS holds again, never the "fixed" note
            if restored is None and output_restored:
                return
            if restored is None:
                raise NoObsBackup()
            if restored.switched_profile:
                back = translate(
                    "Session", "OBS has your earlier stream settings back (profile '{profile}')."
                ).format(profile=restored.profile)
            else:
                back = translate("Session", "OBS has your earlier stream settings back.")
            notice = Notice(back, "", "info")
            self._restored_notice = notice
            self.snapshot.set_notice(AREA_STREAM, notice)
            await self.obs.refresh()

    # --- a sandbox session leaves OBS as it found it (app.golive.sandbox_give_back) ------

    async def give_back_after_sandbox(self, *, ending: bool = False) -> None:
        """OBS holding an ended sandbox's stream gets the user's own settings back; while
        it streams, a notice says so and the next stop of its output tries again.

        ``ending``: the running sandbox ends now (the window quits), so none of its
        streams counts as running. Nothing happens while OBS is not linked: the next link
        (this run or the next start) finds the leftover.
        """
        from .view_state import Mode

        link = self.obs.linked
        if link is None or self._giving_back:
            return
        self._giving_back = True
        # A stream an earlier run kept is listed again, but the session that sent it to
        # OBS has ended: OBS holding it gets the user's own back, as after a quit; once
        # sent again in this run it counts as running.
        ended = self.in_app_sandbox.from_last_run
        try:
            running = [] if ending or self._state.mode is not Mode.SANDBOX else [
                s.stream.streamer_key for s in self._state.streams
                if s.stream.streamer_key not in ended
            ]
            leftover = await self.obs.give_back_after_sandbox(
                link, running, await self.streams.known_keys(self._state.streams)
            )
        finally:
            self._giving_back = False
        self._leftover_pending = leftover is not None and leftover.streaming
        if leftover is not None and not ending:
            from .sandbox_give_back import leftover_notice

            self.snapshot.set_notice(AREA_GENERAL, leftover_notice(leftover))
            await self.obs.refresh()

    async def give_back_on_quit(self) -> None:
        """The window quits in sandbox mode: OBS gets the user's settings back, within a
        second or two; OBS away or slow: the next start does it (the record keeps the
        sandbox's streams)."""
        if self.sandbox is None or not self._state.obs.connected:
            return
        try:
            await asyncio.wait_for(self.give_back_after_sandbox(ending=True), QUIT_GIVE_BACK)
        except (CompanionError, TimeoutError) as error:
            log.info("OBS keeps the sandbox's settings until the next start: %s", error)

    # --- OBS's output settings, for viewers (app.obs.output_settings) -------------------

    async def _advise_output(self) -> None:
        """Read OBS's output settings once connected; a notice offers the fix if needed."""
        link = self.obs.linked
        if link is None:
            return
        try:
            check = await self.obs.check_output(link)
        except CompanionError as error:
            log.info("OBS's output settings could not be read: %s", error.message)
            return
        self.snapshot.set_notice(AREA_OUTPUT, output_advice(check))

    async def fix_obs_keyframes(self) -> None:
        """The one-click fix: a keyframe every 2 s in OBS, after backing up the user's own."""
        async with self.snapshot.action(AREA_OUTPUT):
            link = await self.obs.link(self._state.obs.connected)
            check = await self.obs.fix_keyframes(link, sandbox=self.sandbox is not None)
            self.snapshot.set_notice(AREA_OUTPUT, keyframes_fixed(check.keyframe_seconds or 2.0))

    async def reconnect_obs(self) -> None:
        """Try OBS again now (after the user fixed something)."""
        await self.stop_obs()
        await self.start_obs()

    async def set_up_obs(self) -> None:
        """Link to OBS without questions: its server turned on, OBS started (``app.obs.setup``).

        Each step shows as an info notice at the top; a failure is the caller's to show.
        """
        from ..obs.setup import set_up_obs
        from ..storage.secrets import SecretStore

        password = await self.preferences.secrets.aget(SecretStore.OBS_PASSWORD)

        shown: list[Notice] = []

        def progress(sentence: str) -> None:
            shown.append(Notice(sentence, level="info"))
            self.snapshot.set_notice(AREA_GENERAL, shown[-1])

        try:
            await set_up_obs(
                self.preferences.settings, password, progress=progress, env=self.preferences.env
            )
        finally:
            if self._state.notices.get(AREA_GENERAL) in shown:  # never clear another's notice
                self.snapshot.set_notice(AREA_GENERAL, None)
        await self.reconnect_obs()

    def _refuse_while_profile_switched(self) -> None:
        """OBS streams one profile's settings while another is current: sending, starting
        or restoring now would act on settings that are not what OBS sends."""
        switched = self._state.obs.profile_switched
        if switched is not None:
            from ..obs.errors import ObsBusyStreaming

            raise ObsBusyStreaming(switched.message, switched.next_step)

    def _require_ingest(self) -> str:
        if not self._state.ingest_url:
            raise NoIngest(self.sandbox.ingest_problem if self.sandbox else None)
        return self._state.ingest_url

    def _forget_restored_notice(self) -> None:
        """A stream went back into OBS: "your settings are back" is no longer true."""
        notice, self._restored_notice = self._restored_notice, None
        if notice is not None and self._state.notices.get(AREA_STREAM) == notice:
            self.snapshot.set_notice(AREA_STREAM, None)

    async def start_obs(self) -> None:
        await self.obs.start()

    async def stop_obs(self) -> None:
        await self.obs.stop()
        self.snapshot.publish(obs=ObsView())
        self._publish_live()

    def obs_changed(self) -> None:
        """Draw OBS from its owner's view; what waited for OBS happens once it is back."""
        view = self.obs.view(self._state.streams, self._state.ingest_url)
        if view is None:
            return
        was = self._state.obs
        if view != was:
            if view.connected and not was.connected:
                self.snapshot.spawn(self._advise_output())
                self._say_which_obs(view)
            elif view.connected and _output_facts(view) != _output_facts(was):
                self.snapshot.spawn(self._advise_output())  # from what OBS holds now, never "fixed"
            self.snapshot.publish(obs=view)
        self._say_dropped_start(view)
        if view.connected:
            self._obs_is_back(appeared=was.picture is None and view.picture is not None)
            if self._leftover_pending and was.sending and not view.sending:
                self.snapshot.spawn(self.give_back_after_sandbox())  # the next chance
        self._publish_live()

    def _say_dropped_start(self, view: ObsView) -> None:
        """OBS took Go live's start and dropped it without a word (its first-start wizard or
        Settings open): said where a failed Go live is, with the window to close (the
        command line's sentences); gone once OBS streams."""
        dropped = self.obs.start_dropped
        if dropped is not None and dropped is not self._dropped_start:
            self._dropped_start = dropped
            self._dropped_notice = Notice.of(dropped)
            self.snapshot.set_notice(AREA_STREAM, self._dropped_notice)
        elif view.sending and self._dropped_notice is not None:
            self.snapshot.clear_notice_if(AREA_STREAM, self._dropped_notice)
            self._dropped_notice = None

    def _say_which_obs(self, view: ObsView) -> None:
        """Linked to another OBS than before (two OBS on this computer, one quit): say so."""
        linked, self._obs_linked_to = self._obs_linked_to, (view.address, view.source)
        if linked is None or linked == self._obs_linked_to:
            return
        if linked[0] != view.address:
            said = translate(
                "Session",
                "This program is now linked to the OBS at {address}, not the one at {old} it "
                "was linked to before.",
            ).format(address=view.address, old=linked[0])
        else:
            said = translate(
                "Session", "This program is now linked to another OBS at {address}."
            ).format(address=view.address)
        self.snapshot.set_notice(AREA_OBS, Notice(said, view.source, "info"))

    def _obs_is_back(self, *, appeared: bool) -> None:
        """OBS is linked: what said it was not is over; what waited for it happens now."""
        notices = {
            area: notice
            for area, notice in self._state.notices.items()
            if notice.level == "error" and notice.fix in (FIX_OBS_RETRY, FIX_OBS_SETTINGS)
        }
        for area in notices:
            self.snapshot.set_notice(area, None)
        if not appeared:
            return
        # The summary of where OBS was found is read again: OBS may have written its
        # WebSocket settings since this program started.
        self.snapshot.spawn(self._refresh_obs_summary())
        self.snapshot.spawn(self.give_back_after_sandbox())
        pending, selected = self.send_when_obs_appears, self._state.selected
        obs = self._state.obs
        if (
            pending is not None
            and selected is not None
            and selected.stream.id == pending
            and not obs.sending
            and not obs.holds(pending)
            and self.preferences.settings.send_to_obs_automatically
        ):
            self.snapshot.spawn(self._send_quietly())

    async def _send_quietly(self) -> None:
        with contextlib.suppress(CompanionError):  # shown in the stream's area
            await self.send_to_obs()

    async def _refresh_obs_summary(self) -> None:
        summary = await asyncio.to_thread(obs_discovery_summary, self.preferences)
        if summary != self._state.obs_summary:
            self.snapshot.publish(obs_summary=summary)

    def _require_selected(self) -> StoredStream:
        if self._state.selected is None:
            raise NoStreamSelected()
        return self._state.selected


def _output_facts(view: ObsView) -> tuple[object, ...]:
    """What decides the output advice: whether OBS sends (a "fixed" note is news only
    until then) and which profile holds the output settings."""
    return (view.sending, view.picture.profile if view.picture is not None else None)


__all__ = ["ObsRules"]

