"""A model-based test of the session: random users meet a random world.

Hypothesis drives ``CompanionSession`` (real mode, against the in-process sandbox API and
the fake OBS) through random sequences of what a user does (create, double-click create,
select, send, go live, stop, restore, rename, delete, change settings) and of what the
world does behind the program's back (the user edits OBS's stream settings, switches
OBS profile, a stream deck switches it while OBS streams, OBS is killed and restarted,
Comprimato sees what OBS sends, the API is slow or fails, also while live, the stream
list file is corrupted and set aside, a stream is deleted by the command line while OBS
may hold it). After every step it checks the promises the product makes:

1. OBS never becomes active with settings other than those of the stream the user chose
   to go live with (checked at every ``StartStream`` the fake OBS receives).
2. Every user setting the program overwrote is recoverable (in the backup history), and
   restore gives back the newest.
3. The live status shown belongs to the selected stream and matches what OBS's output
   sends (the settings it started with, whatever profile is current since).
4. One click makes at most one stream.
5. No stream the API created is missing from the list.
6. Restore never gives back one of our streams: none is among the saved settings Restore
   chooses from, and after a restore OBS holds none (whatever left the list).
7. LIVE only while Comprimato answered recently (``STALE_AFTER``, shortened here).

Preconditions depend only on what the sequence itself decided (OBS killed or started):
a rule whose effect depends on timing (OBS streaming yet, streams listed yet) is always
drawn and does nothing when it cannot apply, so a replayed sequence draws the same data.

Budget: ``COMPANION_STATEFUL_STEPS`` steps in all (default 400, derandomized in CI);
set it higher for a longer hunt, e.g. ``COMPANION_STATEFUL_STEPS=5000``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from comprimato_companion.errors import CompanionError
from comprimato_companion.golive import live_status, live_watch
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.obs.connection import ObsConnectionInfo
from comprimato_companion.obs.supervisor import ObsSupervisor
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StoredStream, StreamStore
from tests.support.fake_obs import STARTED, STARTING, FakeObs, Profile

INGEST = "srt://127.0.0.1:9999"
STEPS_PER_EXAMPLE = 25
TOTAL_STEPS = int(os.environ.get("COMPANION_STATEFUL_STEPS", "400"))
#: How long the shown state may take to catch up with OBS (events, one poll).
SETTLE = 4.0
OWN_SERVERS = ("rtmp://own.example/live", "rtmp://backup.example/app")
#: Comprimato's age limit here (12 s in the product), and how long LIVE may outlast it.
STALE_AFTER = 0.5
STALE_SLACK = 1.5
#: Comprimato's polls here (1 s while a change is due, 5 s steady in the product): LIVE may
#: last one poll into an outage before the age counts.
POLL = 0.5

T = TypeVar("T")


class RecordingObs(FakeObs):
    """The fake OBS, noting what it held at every start and what every change replaced."""

    def __init__(self) -> None:
        super().__init__()
        self.start_delay = 0.01
        self.starts: list[tuple[str, Profile]] = []
        self.replaced: list[tuple[str, Profile]] = []
        #: What the running output sends: the service it started with (OBS keeps it when
        #: the profile is switched while streaming).
        self.output_service: Profile | None = None

    async def _set_output(self, state: str, active: bool) -> None:
        # A new run (after a stop, a restart, a kill) started in OBS itself; a StartStream
        # took its service already (OBS gives the output its service when it starts it).
        if active and not self.streaming and self._output_state != STARTING:
            self.output_service = self.service()
        await super()._set_output(state, active)

    def sends(self) -> Profile:
        """The running output's service, else the current profile's."""
        return self.output_service if self.streaming and self.output_service else self.service()

    async def _request_StartStream(self, data: dict[str, Any]) -> Any:
        self.starts.append((self.current_profile, self.service()))
        if self.output_idle:
            self.output_service = self.service()
        return await super()._request_StartStream(data)

    async def _request_SetStreamServiceSettings(self, data: dict[str, Any]) -> Any:
        before = self.service()
        status, response = await super()._request_SetStreamServiceSettings(data)
        if status.get("result") and self.service() != before:
            self.replaced.append((self.current_profile, before))
        return status, response


def _is_stream(profile: Profile, key: str) -> bool:
    settings = profile.service_settings
    return (
        profile.service_type == "rtmp_custom"
        and str(settings.get("server", "")).rstrip("/") == INGEST
        and settings.get("key") == key
    )


class SessionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = Path(tempfile.mkdtemp(prefix="session-model-"))
        self.obs = RecordingObs().start()
        self.api = Sandbox(stopped_grace=0.5, ingest=False)
        self.api.start()
        self.store_path = self.folder / "data" / "streams.json"
        settings_file = SettingsFile(self.folder / "config" / "settings.json")
        settings_file.save(Settings(welcome_done=True))
        env = {
            **os.environ,
            "COMPRIMATO_API_URL": self.api.api_url,
            "COMPRIMATO_API_KEY": self.api.api_key,
            "COMPRIMATO_INGEST_URL": INGEST,
            "COMPRIMATO_PLAYER_URL": self.api.player_url_template,
            "OBS_WEBSOCKET_URL": self.obs.url,
        }
        options: dict[str, Any] = {}
        backups_path = self.folder / "data" / "obs-backups.json"
        try:
            from comprimato_companion.storage.obs_backups import ObsBackups

            options["obs_backups"] = ObsBackups(backups_path)
        except ImportError:
            pass
        try:
            self.session = CompanionSession(
                settings_file=settings_file,
                store=StreamStore(self.store_path),
                env=env,
                supervisor_factory=_quick_supervisor,
                obs_poll_interval=0.3,
                **options,
            )
        except TypeError:  # a session without the newer options
            self.session = CompanionSession(
                settings_file=settings_file,
                store=StreamStore(self.store_path),
                env=env,
                supervisor_factory=_quick_supervisor,
            )
        SessionMachine.examples += 1
        self.run(self.session.start())
        self.wait(lambda: self.session.state.obs.connected, "the first OBS link")
        #: The stream each go-live (or one click with start-on-send) chose, by start index.
        self.chosen_keys: set[str] = set()
        self.starts_checked = 0
        self.deleted: set[str] = set()
        self.all_keys: set[str] = set()
        self.next_name = 0
        #: When this sequence made Comprimato stop answering (None while it answers).
        self.api_failing_since: float | None = None

    # --- running the loop -----------------------------------------------------------

    def run(self, coroutine: Awaitable[T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def attempt(self, action: Callable[[], Awaitable[Any]]) -> Any:
        """A user action: a CompanionError is an answer the user reads, not a failure."""

        async def guarded() -> Any:
            try:
                return await action()
            except CompanionError:
                return None

        return self.run(guarded())

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = SETTLE) -> bool:
        async def poll() -> bool:
            deadline = time.monotonic() + timeout
            while not condition():
                if time.monotonic() > deadline:
                    return False
                await asyncio.sleep(0.02)
            return True

        reached = self.run(poll())
        assert reached or what == "", f"timed out waiting for {what}"
        return reached

    def teardown(self) -> None:
        try:
            self.run(self._close_in_time())
        finally:
            self.loop.close()
            self.obs.stop()
            self.api.stop()
            shutil.rmtree(self.folder, ignore_errors=True)

    async def _close_in_time(self) -> None:
        closing = asyncio.ensure_future(self.session.close())
        done, _ = await asyncio.wait({closing}, timeout=15)
        if not done:
            stacks = []
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    stacks.append(f"{task!r}\n" + "".join(
                        f"  {frame.f_code.co_filename}:{frame.f_lineno}\n"
                        for frame in task.get_stack()
                    ))
            closing.cancel()
            raise AssertionError("closing the session hangs:\n" + "\n".join(stacks))
        closing.result()

    # --- helpers --------------------------------------------------------------------

    @property
    def streams(self) -> tuple[StoredStream, ...]:
        return self.session.state.streams

    def _pick(self, index: int) -> StoredStream:
        streams = self.streams
        return streams[index % len(streams)]

    def _known_keys(self) -> set[str]:
        return {s.streamer_key for s in self.api.registry.list()} | self.all_keys

    def _remember_keys(self) -> None:
        self.all_keys |= {s.streamer_key for s in self.api.registry.list()}

    def _go_live_first(self) -> None:
        """The user goes live with the selected stream (these events are about live)."""
        if self._obs_up() and self.session.state.selected is not None:
            self.go_live()
            self.wait(lambda: self.obs.streaming, "", 1.0)

    def _destination_read(self) -> bool:
        picture = self.session.state.obs.picture
        return picture is not None and picture.active and picture.sending_service is not None

    def _obs_up(self) -> bool:
        return self.obs._loop is not None

    def _program_done_on_its_own(self) -> None:
        """Before the world changes OBS's profile or settings (and once OBS is back, before
        the user's next click), what the program started on its own (the send that waited
        for OBS to come back) has finished.

        The program checks OBS's profile right before each backup and each write; between
        that check and the write is one request, which nothing can close (obs-websocket
        writes whatever profile is current). This loop stands still between steps, which
        would stretch that one request to a whole step: a switch there is the model's, not
        the world's. A switch right after the program read OBS is tested in
        tests/test_obs_srt_settings.py.
        """
        self.wait(lambda: self.session.snapshot.background_idle, "")

    # --- user actions ---------------------------------------------------------------

    @rule()
    def create(self) -> None:
        before = self.api.request_count("POST", "/v1/streams")
        auto_start = self.session.state.settings.start_streaming_on_send
        made = self.attempt(self.session.create_stream)
        assert self.api.request_count("POST", "/v1/streams") - before <= 1, "one click, two streams"
        self._remember_keys()
        if made is not None and auto_start:
            self.chosen_keys = {made.stream.streamer_key}

    @rule()
    def double_click_create(self) -> None:
        before = self.api.request_count("POST", "/v1/streams")

        async def twice() -> None:
            await asyncio.gather(
                self.session.create_stream(), self.session.create_stream(), return_exceptions=True
            )

        auto_start = self.session.state.settings.start_streaming_on_send
        self.run(twice())
        made = self.api.request_count("POST", "/v1/streams") - before
        assert made <= 1, "two clicks, two streams"
        self._remember_keys()
        selected = self.session.state.selected
        if auto_start and selected is not None:
            self.chosen_keys = {selected.stream.streamer_key}

    @rule(index=st.integers(0, 50))
    def select(self, index: int) -> None:
        if not self.streams:
            return
        self.attempt(lambda: self.session.select_stream(self._pick(index).stream.id))

    @rule()
    def send(self) -> None:
        self.attempt(self.session.send_to_obs)

    @rule()
    def go_live(self) -> None:
        selected = self.session.state.selected
        if selected is not None:
            self.chosen_keys = {selected.stream.streamer_key}
        self.attempt(self.session.go_live)

    @rule()
    def stop(self) -> None:
        self.attempt(self.session.stop)

    @rule()
    def restore(self) -> None:
        users = [(p, b) for p, b in self.obs.replaced if not self._is_ours(b)]
        user_now = self._obs_up() and not self._held_is_ours()
        restored = self.attempt(self._restore)
        if restored and self._obs_up():
            assert not self._held_is_ours(), "restore gave back one of our streams"
        if not restored or not users or user_now or not self._obs_up():
            return
        profile, settings = users[-1]
        if profile not in self.obs.profiles:
            return
        held = self.obs.service(profile)
        assert held.service_type == settings.service_type and all(
            held.service_settings.get(k) == v for k, v in settings.service_settings.items()
        ), "restore did not give back the newest user settings"

    async def _restore(self) -> bool:
        await self.session.restore_obs_settings()
        return True

    @rule(index=st.integers(0, 50), name=st.text("abc xyz", min_size=1, max_size=8))
    def rename(self, index: int, name: str) -> None:
        if not self.streams:
            return
        self.attempt(lambda: self.session.rename(self._pick(index).stream.id, name))

    @rule(index=st.integers(0, 50))
    def delete(self, index: int) -> None:
        if not self.streams:
            return
        target = self._pick(index).stream.id
        self.attempt(lambda: self.session.delete(target))
        if self.api.registry.get(target) is None:
            self.deleted.add(target)

    @rule(auto_send=st.booleans(), auto_start=st.booleans())
    def change_settings(self, auto_send: bool, auto_start: bool) -> None:
        import dataclasses

        new = dataclasses.replace(
            self.session.state.settings,
            send_to_obs_automatically=auto_send,
            start_streaming_on_send=auto_start,
        )
        self.attempt(lambda: self.session.update_settings(new))

    # --- the world ------------------------------------------------------------------

    @precondition(lambda self: self._obs_up())
    @rule(server=st.sampled_from(OWN_SERVERS), key=st.integers(0, 3))
    def user_edits_obs(self, server: str, key: int) -> None:
        """The user types their own service into OBS's Settings > Stream (not while live:
        OBS greys it out, also while the output starts or stops)."""
        if not self.obs.output_idle:
            return
        self._program_done_on_its_own()
        self.obs.set_service("rtmp_custom", {"server": server, "key": f"own-key-{key}"})

    @precondition(lambda self: self._obs_up())
    @rule(name=st.sampled_from(("Untitled", "Gaming", "Talk")))
    def user_switches_profile(self, name: str) -> None:
        if not self.obs.output_idle:
            return  # OBS's menu does not switch profiles while live (starting, stopping)
        if name not in self.obs.profiles:
            self.obs.profiles[name] = Profile(
                "rtmp_custom", {"server": OWN_SERVERS[1], "key": f"{name}-key"}
            )
        if name != self.obs.current_profile:
            self._program_done_on_its_own()
            self.obs._call(self.obs._switch_profile(name))

    @precondition(lambda self: self._obs_up())
    @rule(other=st.integers(0, 1))
    def stream_deck_switches_profile_while_live(self, other: int) -> None:
        """obs-websocket's SetCurrentProfile works while OBS streams (OBS's menu is greyed):
        the running output keeps sending what it started with."""
        # Always another profile than the current one (a draw of the current one would be
        # no event at all, and the simplest draws are what derandomized runs make most).
        names = [n for n in ("Untitled", "Gaming", "Talk") if n != self.obs.current_profile]
        name = names[other % len(names)]
        if not self.obs.streaming:
            self._go_live_first()
        if not self.obs.streaming:
            return
        # Once the program has read where the output sends (a switch in the same instant
        # as the start is told as "unknown until it stops", which this model does not follow).
        self.wait(self._destination_read, "", 1.0)
        if name not in self.obs.profiles:
            self.obs.profiles[name] = Profile(
                "rtmp_custom", {"server": OWN_SERVERS[0], "key": f"{name}-key"}
            )
        if name != self.obs.current_profile:
            SessionMachine.live_switches += 1
            self._program_done_on_its_own()
            self.obs._call(self.obs._switch_profile(name))

    @rule()
    def comprimato_sees_what_obs_sends(self) -> None:
        """The ingest follows OBS (the fake sends no SRT): the stream whose key OBS's output
        sends is running, the others stop."""
        sends = self.obs.sends() if self._obs_up() and self.obs.streaming else None
        registry = self.api.registry
        for stream in registry.list():
            if sends is not None and _is_stream(sends, stream.streamer_key):
                registry.admit(stream.streamer_key)
                registry.media(stream.streamer_key, 1316)
            else:
                registry.ended(stream.streamer_key)

    @rule(kind=st.sampled_from(("500", "hang")))
    def api_fails_while_live(self, kind: str) -> None:
        """Comprimato stops answering the status reads (an outage, a hanging proxy)."""
        if not (self._obs_up() and self.obs.streaming):
            self._go_live_first()
        self.comprimato_sees_what_obs_sends()  # so that OBS streaming is live first
        selected = self.session.state.selected
        running = selected is not None and any(
            s.id == selected.stream.id and s.status == "Running" for s in self.api.registry.list()
        )
        if running and self._obs_up() and self.obs.streaming:
            self.wait(lambda: self.session.state.is_live, "", 1.5)  # its next poll
        if kind == "500":
            self.api.faults.status("GET", "/v1/streams/", 500, times=None)
        else:
            self.api.faults.latency("GET", "/v1/streams/", 1.2, times=None)
        self.api_failing_since = time.monotonic()
        if self.session.state.is_live:  # it must end within the age limit
            SessionMachine.live_outages += 1
            self.wait(
                lambda: not self.session.state.is_live, "", STALE_AFTER + STALE_SLACK + 0.5
            )
            self.live_only_while_comprimato_answered_recently()

    @precondition(lambda self: self._obs_up())
    @rule()
    def obs_killed(self) -> None:
        self.obs.stop()
        # Nothing may say OBS is sending once it is gone.
        self.wait(lambda: not self.session.state.obs.connected, "the app to notice OBS died")

    @precondition(lambda self: not self._obs_up())
    @rule()
    def obs_started(self) -> None:
        self.obs.start()
        self.wait(lambda: self.session.state.obs.connected, "the app to reconnect to OBS")
        # What waited for OBS (a send) is done a moment after: long before a user's click.
        self._program_done_on_its_own()

    @precondition(lambda self: self._obs_up())
    @rule()
    def obs_goes_live_on_its_own(self) -> None:
        """The user presses Start Streaming in OBS itself (not a start of this program's)."""
        if not self.obs.output_idle:
            return
        self.obs.set_stream_state(STARTED, True)

    @rule(
        kind=st.sampled_from(("slow", "503", "reset", "create_then_drop")),
        path=st.sampled_from(("/v1/streams", "/v1/streams/")),
    )
    def api_trouble(self, kind: str, path: str) -> None:
        faults = self.api.faults
        if kind == "slow":
            faults.latency("*", path, 0.3)
        elif kind == "503":
            faults.status("*", path, 503)
        elif kind == "reset":
            faults.reset("*", path)
        else:
            faults.create_then_drop()

    @rule(index=st.integers(0, 50))
    def stream_deleted_by_the_cli(self, index: int) -> None:
        """`streams delete ID` in a terminal: gone from Comprimato and from the list file,
        while the window still lists it and OBS may hold it."""
        if not self.streams:
            return
        held = [s for s in self.streams if _is_stream(self.obs.service(), s.stream.streamer_key)]
        # The one OBS holds, when it holds one: the case that must not become a backup.
        target = (held[0] if held and index % 2 == 0 else self._pick(index)).stream.id
        self.api.registry.delete(target)
        StreamStore(self.store_path).remove(target)
        self.deleted.add(target)
        self.attempt(self.session.refresh)  # the user presses Refresh: the list forgets it

    @rule()
    def store_corrupted(self) -> None:
        self.store_path.parent.mkdir(parents=True, exist_ok=True)
        self.store_path.write_bytes(b"{ not json")
        self.attempt(self.session.refresh)

    # --- the promises ---------------------------------------------------------------

    def _held_is_ours(self) -> bool:
        return self._is_ours(self.obs.service())

    def _is_ours(self, profile: Profile) -> bool:
        return any(_is_stream(profile, key) for key in self._known_keys())

    #: Steps run in this process (every invariant pass follows one step or the start).
    checks = 0
    examples = 0
    #: World events that met the program live: outages of Comprimato, profile switches.
    live_outages = 0
    live_switches = 0

    @invariant()
    def obs_only_streams_the_chosen_stream(self) -> None:
        SessionMachine.checks += 1
        for profile_name, held in self.obs.starts[self.starts_checked :]:
            assert any(_is_stream(held, key) for key in self.chosen_keys) or (
                held.service_settings.get("key") in self.chosen_keys
            ), f"OBS started streaming in profile {profile_name!r} with settings not chosen"
        self.starts_checked = len(self.obs.starts)

    @invariant()
    def overwritten_user_settings_are_recoverable(self) -> None:
        try:
            from comprimato_companion.storage.obs_backups import ObsBackups
        except ImportError:
            backups = None
        else:
            backups = ObsBackups(self.folder / "data" / "obs-backups.json")
        for profile, before in self.obs.replaced:
            if self._is_ours(before):
                continue
            if backups is None:
                store = StreamStore(self.store_path)
                saved = getattr(store, "obs_backup", lambda: None)()
                kept = [saved] if saved else []
            else:
                kept = [
                    {"profile": b.profile, "type": b.type, "settings": dict(b.settings)}
                    for b in backups.history(profile)
                ]
            assert any(
                entry.get("type") == before.service_type
                and all(
                    entry.get("settings", {}).get(k) == v
                    for k, v in before.service_settings.items()
                )
                for entry in kept
            ), f"the user's settings of profile {profile!r} were overwritten and not kept"

    @invariant()
    def restore_never_gives_back_one_of_our_streams(self) -> None:
        from comprimato_companion.storage.obs_backups import ObsBackups

        backups = ObsBackups(self.folder / "data" / "obs-backups.json")
        try:
            from comprimato_companion.obs.srt_settings import restorable
        except ImportError:  # an older version: Restore chose from every backup
            choices = backups.all()
        else:
            choices = restorable(backups)
        for backup in choices:
            assert not self._is_ours(Profile(backup.type, dict(backup.settings))), (
                f"a stream of ours is among profile {backup.profile!r}'s saved settings"
            )

    @invariant()
    def shown_status_belongs_to_the_selected_stream_and_matches_obs(self) -> None:
        self.wait(self._shown_matches_obs, "")
        problem = self._shown_mismatch()
        assert problem is None, problem

    def _shown_matches_obs(self) -> bool:
        return self._shown_mismatch() is None

    def _shown_mismatch(self) -> str | None:
        state = self.session.state
        selected = state.selected
        up = self._obs_up()
        held_shown = getattr(state.obs, "held_stream_id", None)
        if held_shown is None:
            held_shown = getattr(state.obs, "holds_stream_id", None)
        holds_selected = (
            up
            and selected is not None
            and _is_stream(self.obs.sends(), selected.stream.streamer_key)
        )
        live = state.live
        shows_sending = live is not None and (live.obs_sending or live.figures is not None)
        if shows_sending and not (up and self.obs.streaming and holds_selected):
            return "the panel shows OBS sending for a stream OBS is not sending"
        if selected is not None and held_shown == selected.stream.id and not holds_selected:
            return "'Sent to OBS' is shown for a stream OBS does not hold"
        if not up and state.obs.connected:
            return "OBS is gone but shown as connected"
        sends_selected = up and self.obs.streaming and holds_selected and state.obs.connected
        if sends_selected and (live is None or not live.obs_sending):
            return "OBS sends the selected stream but the panel does not say so"
        return None

    @invariant()
    def live_only_while_comprimato_answered_recently(self) -> None:
        since = self.api_failing_since
        if since is not None and time.monotonic() - since > STALE_AFTER + STALE_SLACK:
            assert not self.session.state.is_live, (
                f"LIVE shown {time.monotonic() - since:.1f} s after Comprimato stopped answering"
            )

    @invariant()
    def no_stream_the_api_made_is_missing(self) -> None:
        self.api.faults.clear()
        self.api_failing_since = None
        made = {s.id for s in self.api.registry.list()}

        def listed() -> bool:
            return made <= {s.stream.id for s in self.session.state.streams}

        if not self.wait(listed, ""):
            missing = made - {s.stream.id for s in self.session.state.streams}
            raise AssertionError(f"{len(missing)} stream(s) the API made are not in the list")


def _quick_supervisor(resolve: Callable[[], Awaitable[ObsConnectionInfo]]) -> ObsSupervisor:
    return ObsSupervisor(resolve, first_retry_delay=0.05, max_retry_delay=0.2, connect_timeout=2.0)


SessionMachine.TestCase.settings = settings(
    max_examples=max(1, TOTAL_STEPS // STEPS_PER_EXAMPLE),
    stateful_step_count=STEPS_PER_EXAMPLE,
    deadline=None,
    derandomize=os.environ.get("COMPANION_STATEFUL_RANDOM") is None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.timeout(max(300, TOTAL_STEPS))  # about 0.1 s a step; a hang still ends
def test_session_keeps_its_promises(monkeypatch: pytest.MonkeyPatch) -> None:
    import comprimato_companion.golive.obs_studio

    # An action waits this long for OBS being reconnected; a user action with OBS killed
    # would otherwise cost 3 s of the budget each time.
    monkeypatch.setattr(comprimato_companion.golive.obs_studio, "OBS_CONNECT_WAIT", 0.3)
    # Comprimato's age in tenths of seconds, so an outage while live costs about one.
    monkeypatch.setattr(live_status, "STALE_AFTER", STALE_AFTER)
    monkeypatch.setattr(live_watch, "AGE_TICK", 0.1)
    monkeypatch.setattr(live_watch, "SLOW_READ", 0.3)
    monkeypatch.setattr(live_watch, "EXPECT_INTERVAL", POLL)
    monkeypatch.setattr(live_watch, "STEADY_INTERVAL", POLL)
    started = time.monotonic()
    SessionMachine.TestCase().runTest()
    steps = SessionMachine.checks - SessionMachine.examples  # one check after each start
    print(
        f"stateful session test: {TOTAL_STEPS} steps budget, {steps} steps run in "
        f"{SessionMachine.examples} sequences, {time.monotonic() - started:.1f} s; "
        f"Comprimato failing while live {SessionMachine.live_outages} times, profile "
        f"switched while OBS streams {SessionMachine.live_switches} times"
    )

