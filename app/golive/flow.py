"""The go-live flow: from "I want to stream" to "viewers can watch", in one call.

Create a stream (or reuse one), put its SRT address and key into OBS, start OBS's stream,
and wait until both sides agree: OBS says it is sending, and Comprimato says the stream is
running. Each step reports a short progress sentence, and each way it can go wrong ends in
a :class:`CompanionError` that says what was reached, so the user knows where to look.

Two cases do not start anything: OBS already streaming this very stream (then the flow only
watches until live), and OBS streaming somewhere else (refused: switching a running show
to another destination is never done behind the user's back).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from app.comprimato.errors import (
    ComprimatoError,
    CreateOutcomeUnknown,
    FeatureUnavailable,
)
from app.comprimato.models import Stream, StreamState, player_url, srt_url
from app.errors import UsageError, WaitTimedOut
from app.golive.live_watch import LiveStatus, LiveWatch
from app.obs.errors import ObsBusyStreaming, ObsConnectionLost, ObsError, ObsStreamFailed
from app.obs.link import ObsLink, ServiceSettings
from app.obs.output_state import OutputState
from app.obs.srt_settings import (
    CUSTOM_SERVICE,
    KEY_AS_STREAMID_SINCE,
    apply_srt_settings,
    srt_service_settings,
)

if TYPE_CHECKING:
    from app.storage.stream_store import StreamStore

Progress = Callable[[str], None]

#: How long the flow waits for OBS to stop when asked to, by default.
STOP_TIMEOUT = 30.0


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
    """

    stream: Stream
    player_url: str
    srt_url: str
    status: LiveStatus
    seconds: float
    was_streaming: bool = False

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
    api_url: str,
    ingest_url: str,
    player_url_template: str,
    stream_id: str | None = None,
    timeout: float = 60.0,  # noqa: ASYNC109 - the whole flow's budget, not one await's
    dedicated_profile: bool = False,
    on_progress: Progress | None = None,
) -> GoLiveResult:
    """Create (or reuse) a stream, send it to OBS, start streaming, wait until live.

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
        raise ObsConnectionLost("This program is not connected to OBS.")

    output = await link.get_stream_status()
    was_streaming = output.active or output.reconnecting
    if was_streaming and stream_id is None:
        raise _busy_elsewhere()  # a new stream's key cannot be what OBS sends now
    stream = await _stream_to_use(client, store, api_url, stream_id, say)
    if was_streaming:
        current = await link.get_stream_service_settings()
        if not _is_this_stream(current, link, ingest_url, stream.streamer_key):
            raise _busy_elsewhere()
        say("OBS is already streaming this stream.")
    else:
        say("Sending the stream's SRT address and key to OBS.")
        await apply_srt_settings(
            link, store, ingest_url, stream.streamer_key, dedicated_profile=dedicated_profile
        )

    watch = LiveWatch(client, stream.id, link)
    await watch.start()
    try:
        if not was_streaming:
            say("Starting the stream in OBS.")
            await link.start_stream()
        watch.expect(StreamState.RUNNING)
        say("Waiting until Comprimato reports the stream.")
        remaining = max(timeout - (time.monotonic() - started), 0.0)
        status = await _wait_until_live(
            watch, link, ingest_url, started_stream=not was_streaming,
            remaining=remaining, budget=timeout,
        )
    finally:
        await watch.close()
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
    )


async def stop_streaming(
    link: ObsLink,
    *,
    client: StreamApi | None = None,
    stream_id: str | None = None,
    timeout: float = STOP_TIMEOUT,  # noqa: ASYNC109 - handed to the watch
    on_progress: Progress | None = None,
) -> LiveStatus:
    """Stop OBS's stream and wait until OBS has stopped (and Comprimato, when given).

    Returns the final status; a stream that was not running is left as it is.

    Raises:
        WaitTimedOut: OBS (or Comprimato) did not report the stop within ``timeout``.
    """
    say = on_progress or (lambda _text: None)
    watch = LiveWatch(client, stream_id, link)
    await watch.start()
    try:
        if watch.status.obs_output in (OutputState.STOPPED, OutputState.FAILED):
            return watch.status
        say("Stopping the stream in OBS.")
        await link.stop_stream()
        watch.expect(StreamState.STOPPED)
        if client is not None and stream_id is not None:
            say("Waiting until Comprimato reports the stream.")
        try:
            return await watch.wait_for(_stopped, timeout)
        except TimeoutError:
            status = watch.status
            raise WaitTimedOut(
                f"The stream did not stop within {timeout:g} s ({_reached(status)}).",
                "Check OBS; stop the stream there if it is still running.",
            ) from None
    finally:
        await watch.close()


# -- steps -------------------------------------------------------------------------------


async def _stream_to_use(
    client: StreamApi, store: StreamStore, api_url: str, stream_id: str | None, say: Progress
) -> Stream:
    """The stream to go live with: a new one, or ``stream_id`` from the store or the API."""
    if stream_id is None:
        say("Creating a stream on Comprimato.")
        try:
            stream = await client.create_stream()
        except CreateOutcomeUnknown:
            await _refresh_store(client, store, api_url)
            raise
        await _remember(store, stream, api_url)
        return stream
    say(f"Using stream {stream_id}.")
    stored = await asyncio.to_thread(store.get, stream_id)
    if stored is not None and _same_api(stored.api_url, api_url):
        return stored.stream
    try:
        stream = await client.get_stream(stream_id)
    except FeatureUnavailable:
        raise UsageError(
            f"Stream {stream_id} is not stored on this computer, and this Comprimato API "
            "cannot look it up.",
            "Run golive without --stream to create a new stream.",
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
        raise WaitTimedOut(
            f"Not live within {budget:g} s: {_reached(status)}.",
            "OBS was left as it is: check the SRT ingest address, then try again with a "
            "longer --timeout, or run 'comprimato-companion obs stop'.",
        ) from None
    never_connected = started_stream and not ever_live and not status.is_live
    if never_connected and status.obs_output in (OutputState.RECONNECTING, OutputState.FAILED):
        with contextlib.suppress(ObsError):
            await link.stop_stream()
        raise ObsStreamFailed(
            f"OBS could not connect to the SRT ingest at {_public_address(ingest_url)}: the "
            "ingest refused the stream key or did not answer. The stream in OBS was stopped."
        )
    if status.obs_output is OutputState.FAILED and watch.tracker.error is not None:
        raise watch.tracker.error
    if not status.obs_connected:
        raise ObsConnectionLost(status.problem or "The connection to OBS was lost.")
    return status


def _public_address(ingest_url: str) -> str:
    """The ingest address without its query (an OBS 28 streamid would be a secret)."""
    return ingest_url.split("?", 1)[0]


def _busy_elsewhere() -> ObsBusyStreaming:
    return ObsBusyStreaming(
        "OBS is already streaming to another destination, so it cannot be switched to this "
        "stream now.",
        "Stop streaming in OBS (or run 'comprimato-companion obs stop'), then go live again.",
    )


def _stopped(status: LiveStatus) -> bool:
    obs_stopped = status.obs_output in (OutputState.STOPPED, OutputState.FAILED)
    comprimato_stopped = (
        not status.comprimato_polled or status.comprimato_state is not StreamState.RUNNING
    )
    return obs_stopped and comprimato_stopped


def _reached(status: LiveStatus) -> str:
    """What was reached, as a phrase: "OBS is live, Comprimato reports Stopped"."""
    obs = (
        f"OBS is {status.obs_output.value}" if status.obs_connected else "OBS is not connected"
    )
    if not status.comprimato_polled:
        comprimato = "Comprimato's status cannot be read"
    elif status.comprimato_status:
        comprimato = f"Comprimato reports {status.comprimato_status}"
    elif status.problem:
        comprimato = f"Comprimato's status is unknown ({status.problem.rstrip('.')})"
    else:
        comprimato = "Comprimato has not answered"
    return f"{obs}, {comprimato}"


def _is_this_stream(
    current: ServiceSettings, link: ObsLink, ingest_url: str, streamer_key: str
) -> bool:
    """Whether OBS's stream service already points at this stream (as this program sets it)."""
    if current.type != CUSTOM_SERVICE:
        return False
    version = link.version
    key_as_streamid = version is None or version.at_least(*KEY_AS_STREAMID_SINCE)
    try:
        wanted = srt_service_settings(ingest_url, streamer_key, key_as_streamid=key_as_streamid)
    except ObsError:  # a key that cannot travel in the URL cannot be what OBS sends
        return False
    server, key = current.settings.get("server"), current.settings.get("key", "")
    return bool(server == wanted["server"] and key == wanted["key"])


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
