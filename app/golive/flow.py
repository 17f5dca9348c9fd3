"""The go-live flow: from "I want to stream" to "viewers can watch", in one call.

Create a stream (or reuse one), put its SRT address and key into OBS, start OBS's stream,
and wait until both sides agree: OBS says it is sending, and Comprimato says the stream is
running. Each step reports a short progress sentence, and each way it can go wrong ends in
a :class:`CompanionError` that says what was reached, so the user knows where to look.

Every start, from the window, the tray or the command line, goes through
:func:`start_checked`: it reads what OBS holds at that moment and starts only when that is
exactly the chosen stream, sending it first when it is not (the user's own settings are
backed up). OBS streaming somewhere else is refused: switching a running show to another
destination is never done behind the user's back. :func:`stop_checked` stops what OBS is
streaming and says what that was.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from ..comprimato.errors import (
    ComprimatoError,
    CreateOutcomeUnknown,
    FeatureUnavailable,
)
from ..comprimato.models import Stream, StreamState, player_url, srt_url
from ..errors import UsageError, WaitTimedOut
from ..i18n import translate
from ..obs.errors import (
    ObsBusyStreaming,
    ObsConnectionLost,
    ObsError,
    ObsHoldsOtherSettings,
    ObsStartedElsewhere,
    ObsStreamFailed,
    start_held_back_next_step,
)
from ..obs.link import ObsLink, ServiceSettings
from ..obs.observer import ObsObserver
from ..obs.output_settings import OutputCheck, check_output_settings, fix_keyframes
from ..obs.output_state import OutputReader, OutputState, state_label
from ..obs.srt_settings import (
    apply_srt_settings,
    describe_service,
    holds_stream,
    is_ours,
)
from ..program_command import command_line
from ..storage.atomic import StorageError
from ..storage.obs_backups import ObsBackups
from ..storage.obs_output_backups import ObsOutputBackups
from ..storage.own_streams import is_recorded
from .live_status import LiveStatus
from .live_watch import LiveWatch

if TYPE_CHECKING:
    from ..storage.stream_store import StoredStream, StreamStore

Progress = Callable[[str], None]
#: What go_live does with OBS's output settings: nothing, read them, or fix the keyframes.
OutputChoice = Literal["off", "check", "fix"]


class StreamApi(Protocol):
    """What the flow needs from the Comprimato client."""

    async def create_stream(self) -> Stream: ...

    async def get_stream(self, stream_id: str) -> Stream: ...

    async def list_streams(self) -> list[Stream]: ...


@dataclass(frozen=True)
class GoLiveResult:
    """Where the stream went and how it is doing.

    Attributes:
        stream: the Comprimato stream (status as last read).
        player_url: the link viewers open.
        srt_url: the full SRT address (key as streamid) for other encoders; a secret.
        status: both sides once live.
        seconds: from the call until live.
        was_streaming: OBS was already sending this stream; nothing was changed in OBS.
        output: OBS's output settings judged for viewers, as streamed (None: not checked).
        output_changed: the keyframe interval was set for viewers (the user's values kept).
    """

    stream: Stream
    player_url: str
    srt_url: str
    status: LiveStatus
    seconds: float
    was_streaming: bool = False
    output: OutputCheck | None = None
    output_changed: bool = False

    def __repr__(self) -> str:
        return (
            f"GoLiveResult(stream={self.stream!r}, player_url={self.player_url!r}, "
            f"live={self.status.is_live}, seconds={self.seconds:.1f})"
        )


async def go_live(
    client: StreamApi,
    link: ObsLink,
    store: StreamStore,
    *,
    observer: ObsObserver,
    api_url: str,
    ingest_url: str,
    player_url_template: str,
    stream_id: str | None = None,
    timeout: float = 60.0,  # noqa: ASYNC109 - the whole flow's budget, not one await's
    dedicated_profile: bool = False,
    on_progress: Progress | None = None,
    backups: ObsBackups | None = None,
    output_settings: OutputChoice = "off",
    output_backups: ObsOutputBackups | None = None,
) -> GoLiveResult:
    """Create (or reuse) a stream, send it to OBS, start streaming, wait until live.

    OBS's settings are read right before the start and sent again when they are not exactly
    this stream's (see :func:`start_checked`). With ``output_settings`` "check" or "fix",
    the output settings of the profile about to stream are read and, with "fix", the keyframe
    interval is set for players (see :func:`fit_output_for_viewers`) before the start.
    OBS's side is ``observer``'s (on ``link``): started here before the start, so no event
    is missed, and closed when the flow ends.

    Raises:
        ObsBusyStreaming: OBS streams somewhere else.
        ObsStreamFailed: OBS could not connect to the ingest.
        ObsConnectionLost: OBS went away while going live.
        WaitTimedOut: not live within ``timeout`` seconds; says what was reached.
        ComprimatoError, ObsError: the step that failed, with its own sentence.
    """
    started = time.monotonic()
    say = on_progress or (lambda _text: None)
    if not link.connected:
        raise ObsConnectionLost(translate("GoLive", "This program is not connected to OBS."))

    output = await observer.read_output()
    stored = await asyncio.to_thread(store.streams)
    if (output.active or output.reconnecting) and stream_id is None:
        # A new stream's key cannot be what OBS sends now: refused before creating one.
        service = await link.get_stream_service_settings()
        raise _busy_elsewhere(describe_what_obs_holds(service, stored, ingest_url, link))
    stream = await _stream_to_use(client, store, api_url, stream_id, say)
    stored = await asyncio.to_thread(store.streams)
    watch = LiveWatch(client, stream.id, observer)
    fitted: tuple[OutputCheck | None, bool] = (None, False)

    async def before_start() -> None:
        nonlocal fitted
        if output_settings != "off":
            fitted = await fit_output_for_viewers(
                link, output_backups or ObsOutputBackups(), fix=output_settings == "fix", say=say
            )
        say(translate("GoLive", "Starting the stream in OBS."))
        await observer.start()  # subscribed before StartStream: no event is missed
        await watch.start()

    try:
        outcome = await start_checked(
            link,
            backups if backups is not None else ObsBackups(),
            observer=observer,
            ingest_url=ingest_url,
            streamer_key=stream.streamer_key,
            stream_label=f"stream {stream.id}",
            known_keys=[s.stream.streamer_key for s in stored],
            stream_labels=labels_of(stored),
            dedicated_profile=dedicated_profile,
            before_start=before_start,
            on_progress=say,
        )
        was_streaming = outcome.already_streaming
        if was_streaming:
            say(translate("GoLive", "OBS is already streaming this stream."))
            if output_settings != "off":  # a running stream keeps its encoder settings
                fitted = await fit_output_for_viewers(
                    link, output_backups or ObsOutputBackups(), fix=False, say=say
                )
            await observer.start()
            await watch.start()
        watch.expect(StreamState.RUNNING)
        say(translate("GoLive", "Waiting until Comprimato reports the stream."))
        remaining = max(timeout - (time.monotonic() - started), 0.0)
        status = await _wait_until_live(
            watch, link, ingest_url, started_stream=not was_streaming,
            remaining=remaining, budget=timeout,
        )
    finally:
        await watch.close()
        await observer.close()
    final_stream = watch.stream or stream
    if watch.stream is not None:
        await asyncio.to_thread(store.update, final_stream)
    return GoLiveResult(
        stream=final_stream,
        player_url=player_url(player_url_template, stream.player_key),
        srt_url=srt_url(ingest_url, stream.streamer_key),
        status=status,
        seconds=time.monotonic() - started,
        was_streaming=was_streaming,
        output=fitted[0],
        output_changed=fitted[1],
    )


async def fit_output_for_viewers(
    link: ObsLink, backups: ObsOutputBackups, *, fix: bool, say: Progress
) -> tuple[OutputCheck | None, bool]:
    """Read the current profile's output settings; with ``fix``, set 2 s keyframes.

    The user's own values are backed up first (as ``obs output --fix`` does). A fix that
    cannot apply or be kept is said and the stream goes ahead: viewers only wait longer.
    Returns the check as OBS will stream it (None when OBS would not say) and whether
    anything was changed.
    """
    try:
        check = await check_output_settings(link, backups)
    except ObsError as error:
        say(translate("GoLive", "OBS's output settings could not be read: {why}").format(
            why=error.message))
        return None, False
    if check.ok:
        return check, False
    if not fix or not check.fixable:
        for problem in check.problems:
            say(problem)
        if check.fixable:
            say(translate("GoLive", "Fix it with '{command}' before the next start.").format(
                command=command_line("obs output --fix")))
        else:
            say(check.where)
        return check, False
    try:
        fixed = await fix_keyframes(link, backups)
    except (ObsError, StorageError) as error:
        say(f"{error.message} {error.next_step}".strip())
        return check, False
    say(
        translate(
            "GoLive",
            "Set OBS's keyframe interval to {seconds} s in profile '{profile}', so viewers "
            "join within seconds (it was {before}); your own values are kept: '{command}' "
            "puts them back.",
        ).format(
            seconds=f"{fixed.keyframe_seconds or 0:g}",
            profile=fixed.profile,
            before=_interval(check.keyframe_seconds),
            command=command_line("obs output --restore"),
        )
    )
    return fixed, True


def _interval(seconds: float | None) -> str:
    if seconds is None:
        return translate("GoLive", "unknown")
    return translate("GoLive", "about {seconds} s").format(seconds=f"{seconds:.0f}")


@dataclass(frozen=True)
class StartOutcome:
    """What :func:`start_checked` found and did.

    Attributes:
        already_streaming: OBS was already sending exactly this stream; nothing changed.
        sent: the stream's settings were sent to OBS first (they were not what OBS held).
    """

    already_streaming: bool
    sent: bool


@dataclass(frozen=True)
class StopOutcome:
    """What :func:`stop_checked` stopped.

    Attributes:
        was_streaming: OBS's output was running and was asked to stop.
        label: what OBS was streaming: "stream ID" (or its name), or the user's own server.
    """

    was_streaming: bool
    label: str


async def start_checked(
    link: ObsLink,
    backups: ObsBackups,
    *,
    observer: OutputReader,
    ingest_url: str,
    streamer_key: str,
    stream_label: str,
    known_keys: Iterable[str] = (),
    stream_labels: Mapping[str, str] | None = None,
    may_send: bool = True,
    dedicated_profile: bool = False,
    sandbox: bool = False,
    before_start: Callable[[], Awaitable[None]] | None = None,
    on_progress: Progress | None = None,
) -> StartOutcome:
    """Start OBS streaming the chosen stream, and nothing else: the one way to start.

    Reads OBS's output (through ``observer``), profile and service settings now. OBS
    already sending exactly this stream: nothing is done. Settings that are not exactly this
    stream's SRT address and key are sent first (``may_send``; the user's own are backed
    up), or the start is refused with a sentence. After the start, the settings are read
    once more: should they have changed in between, the stream is stopped at once.

    Args:
        stream_label: how the chosen stream is named in sentences ("stream 3f2a").
        known_keys: the streamer keys of the stored streams (settings this program wrote).
        stream_labels: streamer key -> how that stream is named, to say what OBS holds.
        sandbox: the stream is the window's sandbox's (recorded as such before it is sent).
        before_start: awaited right before ``StartStream`` (subscribe to events there).

    Raises:
        ObsBusyStreaming: OBS is streaming something else (named).
        ObsHoldsOtherSettings: OBS holds other settings and ``may_send`` is False.
        ObsStartedElsewhere: the settings changed under the start; the stream was stopped.
        ObsError, StorageError: the step that failed, with its own sentence.
    """
    say = on_progress or (lambda _text: None)
    keys = tuple(known_keys)
    labels = dict(stream_labels or {})
    output = await observer.read_output()
    service = await link.get_stream_service_settings()
    held = holds_stream(service, ingest_url, streamer_key, link.version)
    if output.active or output.reconnecting:
        if held:
            return StartOutcome(already_streaming=True, sent=False)
        raise ObsBusyStreaming(
            translate(
                "GoLive",
                "OBS is already streaming {what}, so it cannot be switched to {stream} now.",
            ).format(what=_streaming(_label_of(service, labels, keys)), stream=stream_label),
            translate(
                "GoLive", "Stop that stream first (in OBS, or with '{command}'), then start again."
            ).format(command=command_line("obs stop")),
        )
    sent = False
    if not held:
        if not may_send:
            raise ObsHoldsOtherSettings(
                _label_of(service, labels, keys), stream_label,
                translate(
                    "GoLive",
                    "Send the stream to OBS first ('{command}' sends it and starts), or start "
                    "streaming in OBS yourself.",
                ).format(command=command_line("obs start ID")),
            )
        say(translate("GoLive", "Sending the stream's SRT address and key to OBS."))
        await apply_srt_settings(
            link, backups, ingest_url, streamer_key, observer=observer,
            known_keys=keys, dedicated_profile=dedicated_profile, sandbox=sandbox,
        )
        sent = True
    if before_start is not None:
        await before_start()
    await link.start_stream()
    # OBS refuses settings changes while its output runs: what it holds now is what it sends.
    after = await link.get_stream_service_settings()
    if not holds_stream(after, ingest_url, streamer_key, link.version):
        with contextlib.suppress(ObsError):
            await link.stop_stream()
        raise ObsStartedElsewhere(_label_of(after, labels, keys))
    return StartOutcome(already_streaming=False, sent=sent)


async def stop_checked(
    link: ObsLink,
    *,
    observer: OutputReader,
    streams: Iterable[StoredStream] = (),
    ingest_url: str = "",
) -> StopOutcome:
    """Stop what OBS is streaming, whatever it is, and say what that was.

    Returns once OBS has stopped (see ``ObsLink.stop_stream``), so what follows (a
    restore, another stream) is not refused as "streaming"; a stopped output is left as is.
    """
    stored = list(streams)
    output = await observer.read_output()
    service = await link.get_stream_service_settings()
    label = describe_what_obs_holds(service, stored, ingest_url, link)
    if not (output.active or output.reconnecting):
        return StopOutcome(was_streaming=False, label=label)
    await link.stop_stream()
    return StopOutcome(was_streaming=True, label=label)


def labels_of(streams: Iterable[StoredStream]) -> dict[str, str]:
    """Streamer key -> how the stream is named in sentences (its name, else its id)."""
    return {s.stream.streamer_key: stream_label(s) for s in streams if s.stream.streamer_key}


def stream_label(stored: StoredStream) -> str:
    """"stream 'Name' (ID)" or "stream ID"."""
    if stored.name:
        return translate("GoLive", "stream '{name}' ({id})").format(
            name=stored.name, id=stored.stream.id
        )
    return translate("GoLive", "stream {id}").format(id=stored.stream.id)


def describe_what_obs_holds(
    service: ServiceSettings,
    streams: Iterable[StoredStream],
    ingest_url: str,
    link: ObsLink,
    recorded: frozenset[str] = frozenset(),
) -> str:
    """Which stored stream OBS's settings are, or where they point (no secrets);
    ``recorded``: the record of our streams' fingerprints (a stream the other process made,
    or one deleted, is "another stream of this program")."""
    stored = list(streams)
    for candidate in stored:
        if ingest_url and holds_stream(
            service, ingest_url, candidate.stream.streamer_key, link.version
        ):
            return stream_label(candidate)
    return _label_of(service, labels_of(stored), tuple(labels_of(stored)), recorded)


def _label_of(
    service: ServiceSettings,
    labels: Mapping[str, str],
    keys: tuple[str, ...],
    recorded: frozenset[str] = frozenset(),
) -> str:
    """A stream of this program by its key (any ingest), else where OBS points."""
    if is_ours(service, keys) or is_recorded(service.type, service.settings, recorded):
        key = str(service.settings.get("key", ""))
        for known, label in labels.items():
            if known == key or (known and f"streamid={known}" in str(
                service.settings.get("server", "")
            )):
                return label
        return translate("GoLive", "another stream of this program")
    return describe_service(service)


# -- steps -------------------------------------------------------------------------------


async def _stream_to_use(
    client: StreamApi, store: StreamStore, api_url: str, stream_id: str | None, say: Progress
) -> Stream:
    """The stream to go live with: a new one, or ``stream_id`` from the store or the API."""
    if stream_id is None:
        say(translate("GoLive", "Creating a stream on Comprimato."))
        try:
            stream = await client.create_stream()
        except CreateOutcomeUnknown:
            await _refresh_store(client, store, api_url)
            raise
        await _remember(store, stream, api_url)
        return stream
    say(translate("GoLive", "Using stream {id}.").format(id=stream_id))
    stored = await asyncio.to_thread(store.get, stream_id)
    if stored is not None and _same_api(stored.api_url, api_url):
        return stored.stream
    try:
        stream = await client.get_stream(stream_id)
    except FeatureUnavailable:
        raise UsageError(
            translate(
                "GoLive",
                "Stream {id} is not stored on this computer, and this Comprimato API cannot "
                "look it up.",
            ).format(id=stream_id),
            translate("GoLive", "Run golive without --stream to create a new stream."),
        ) from None
    await _remember(store, stream, api_url)
    return stream


async def _wait_until_live(
    watch: LiveWatch,
    link: ObsLink,
    ingest_url: str,
    *,
    started_stream: bool,
    remaining: float,
    budget: float,
) -> LiveStatus:
    """Until live (or, where Comprimato cannot report, OBS sending); fail fast on failures.

    OBS 29 answers an SRT connection it could not make (a refused key, nobody listening)
    with STARTING then RECONNECTING, never LIVE, and keeps retrying: when the stream this
    flow started does that, it is a failure, and the stream is stopped again.
    """
    ever_live = watch.status.obs_output is OutputState.LIVE

    def settled(status: LiveStatus) -> bool:
        nonlocal ever_live
        ever_live = ever_live or status.obs_output is OutputState.LIVE
        return (
            status.is_live
            or (status.obs_sending and not status.comprimato_polled)
            or status.obs_output is OutputState.FAILED
            or not status.obs_connected
        )

    try:
        status = await watch.wait_for(settled, remaining)
    except TimeoutError:
        status = watch.status
        # Asked to start, not a word from OBS since, output inactive: OBS dropped the start.
        dropped = (
            started_stream and not watch.tracker.heard_from_obs and status.obs_connected
            and status.obs_output is OutputState.STOPPED
        )
        raise WaitTimedOut(
            translate("GoLive", "Not live within {seconds} s: {reached}.").format(
                seconds=f"{budget:g}", reached=_reached(status, start_dropped=dropped)
            ),
            start_held_back_next_step() if dropped else translate(
                "GoLive",
                "OBS was left as it is: check the SRT ingest address, then try again with a "
                "longer --timeout, or run '{command}'.",
            ).format(command=command_line("obs stop")),
        ) from None
    never_connected = started_stream and not ever_live and not status.is_live
    if never_connected and status.obs_output in (OutputState.RECONNECTING, OutputState.FAILED):
        with contextlib.suppress(ObsError):
            await link.stop_stream()
        raise ObsStreamFailed(
            translate(
                "GoLive",
                "OBS could not connect to the SRT ingest at {address}: the ingest refused the "
                "stream key or did not answer. The stream in OBS was stopped.",
            ).format(address=_public_address(ingest_url))
        )
    if status.obs_output is OutputState.FAILED and watch.tracker.error is not None:
        raise watch.tracker.error
    if not status.obs_connected:
        raise ObsConnectionLost(
            status.problem or translate("GoLive", "The connection to OBS was lost.")
        )
    return status


def _public_address(ingest_url: str) -> str:
    """The ingest address without its query (an OBS 28 streamid would be a secret)."""
    return ingest_url.split("?", 1)[0]


def _busy_elsewhere(label: str) -> ObsBusyStreaming:
    return ObsBusyStreaming(
        translate(
            "GoLive", "OBS is already streaming {what}, so a new stream cannot go live now."
        ).format(what=_streaming(label)),
        translate(
            "GoLive", "Stop streaming in OBS (or run '{command}'), then go live again."
        ).format(command=command_line("obs stop")),
    )


def _streaming(label: str) -> str:
    """"stream X", or "to the server Y": what follows "OBS is streaming"."""
    if label.startswith("stream "):
        return label
    return translate("GoLive", "to {where}").format(where=label)


def _reached(status: LiveStatus, *, start_dropped: bool = False) -> str:
    """What was reached, as a phrase: "OBS is live, Comprimato reports Stopped".

    ``start_dropped``: OBS was asked to start, has reported nothing since, and its output
    is not active: it never began (a window open in OBS holds streaming back).
    """
    if start_dropped:
        obs = translate(
            "GoLive", "OBS did not begin to start streaming (it took the request, then did nothing)"
        )
    elif status.obs_connected:
        obs = translate("GoLive", "OBS is {state}").format(state=state_label(status.obs_output))
    else:
        obs = translate("GoLive", "OBS is not connected")
    if not status.comprimato_polled:
        comprimato = translate("GoLive", "Comprimato's status cannot be read")
    elif status.comprimato_status:
        comprimato = translate("GoLive", "Comprimato reports {status}").format(
            status=status.comprimato_status
        )
    elif status.problem:
        comprimato = translate("GoLive", "Comprimato's status is unknown ({why})").format(
            why=status.problem.rstrip(".")
        )
    else:
        comprimato = translate("GoLive", "Comprimato has not answered")
    return f"{obs}, {comprimato}"


async def _remember(store: StreamStore, stream: Stream, api_url: str) -> None:
    """Keep the stream locally at once (file work off the loop)."""
    await asyncio.to_thread(store.add, stream, api_url)


async def _refresh_store(client: StreamApi, store: StreamStore, api_url: str) -> None:
    """After an uncertain create, keep whatever the API lists, so no stream is lost."""
    try:
        listed = await client.list_streams()
    except ComprimatoError:
        return
    await asyncio.to_thread(store.merge_remote, api_url, listed)


def _same_api(a: str, b: str) -> bool:
    return a.strip().rstrip("/").lower() == b.strip().rstrip("/").lower()
