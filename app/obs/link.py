"""The one door to OBS: obsws-python's clients behind an async interface.

obsws-python is synchronous and its ``ReqClient`` is not thread-safe (a request reads "the
next message", with no request id matching), so this module confines the request client
to one worker thread: construction, every request and the disconnect run on a
single-worker executor that the asyncio side awaits. Events come from a second
connection (``EventClient``) on the library's own thread and are handed to the asyncio
loop with ``call_soon_threadsafe``.

The library has no disconnect callback and swallows WebSocket close codes, so this module
adds both: it records the close frame of each socket (4011 = kicked in OBS) and reports a
dead connection once, as a ``ConnectionLost`` event, whether it shows as the event thread
ending, ``ExitStarted``, a failed request or an unreadable answer. The socket work below the
library (IPv6 Host header, close codes, the repeated handshake) is in ``handshake``.

Secrets: obsws-python logs the password at INFO level and puts it in ``repr()``. Its loggers
are silenced here on import, and the client objects are never logged or shown.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import math
import re
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import obsws_python as obsws
import websocket
from obsws_python.baseclient import ObsClient
from obsws_python.callback import Callback
from obsws_python.error import OBSSDKError, OBSSDKRequestError, OBSSDKTimeoutError

from ..i18n import translate
from ..listeners import subscribe
from .connection import ObsConnectionInfo
from .errors import (
    ObsAuthFailed,
    ObsBusyStreaming,
    ObsConnectionLost,
    ObsError,
    ObsNotReady,
    ObsNotRunning,
    ObsRequestFailed,
    ObsServerDisabled,
    ObsTimedOut,
    ObsTooOld,
)
from .handshake import (
    close_code_error,
    handshake_close_code,
    open_socket,
    record_close_frames,
    shut,
    url_host,
)

# The library logs the password at INFO and its own tracebacks at ERROR; this module turns
# every failure into a sentence, so its loggers stay quiet even under --debug.
logging.getLogger("obsws_python").setLevel(logging.WARNING)
for _child in ("obsws_python.baseclient", "obsws_python.reqs", "obsws_python.events"):
    logging.getLogger(_child).setLevel(logging.CRITICAL)

log = logging.getLogger(__name__)

#: Event subscriptions: General (ExitStarted) | Config (profiles) | Outputs (stream state).
EVENT_SUBSCRIPTIONS = 0x43

# obs-websocket 5 close codes and request status codes (see obs-notes.md).
STATUS_NOT_READY = 207
STATUS_OUTPUT_RUNNING = 500
STATUS_OUTPUT_NOT_RUNNING = 501

_VERSION_PREFIX = re.compile(r"\s*(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class ObsVersion:
    """What ``GetVersion`` says about the OBS on the other end."""

    obs_version: str
    websocket_version: str
    rpc_version: int

    def at_least(self, major: int, minor: int = 0) -> bool:
        """Whether OBS is this version or newer; an unreadable version counts as new."""
        match = _VERSION_PREFIX.match(self.obs_version)
        if match is None:
            return True
        return (int(match.group(1)), int(match.group(2) or 0)) >= (major, minor)


@dataclass(frozen=True)
class ServiceSettings:
    """OBS's stream service: its type (``rtmp_custom``, ...) and settings (key included)."""

    type: str
    settings: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class OutputStatus:
    """``GetStreamStatus``: the stream output's counters."""

    active: bool
    reconnecting: bool
    duration_ms: int
    congestion: float
    bytes: int
    skipped_frames: int
    total_frames: int


@dataclass(frozen=True)
class StreamStateChanged:
    """OBS's stream output changed state (``OBS_WEBSOCKET_OUTPUT_STARTED``, ...)."""

    state: str
    active: bool


@dataclass(frozen=True)
class ExitStarted:
    """OBS began to shut down; a ``ConnectionLost`` follows."""


@dataclass(frozen=True)
class ProfileChanged:
    """OBS finished switching to another profile."""

    name: str


@dataclass(frozen=True)
class ConnectionLost:
    """The link is dead; sent once per connection, never after ``close()``."""

    error: ObsError


ObsEvent = StreamStateChanged | ExitStarted | ProfileChanged | ConnectionLost
Listener = Callable[[ObsEvent], None]


class ObsLink:
    """One connection to OBS: requests as coroutines, events to listeners on the loop.

    Attributes:
        version: what OBS reported when connecting (None before).
        connected: True from a successful ``connect()`` until the link dies or is closed.

    Not reusable: make a new link to connect again (the supervisor does).
    """

    def __init__(
        self,
        *,
        request_timeout: float = 10.0,
        not_ready_retries: int = 6,
        not_ready_delay: float = 0.5,
        profile_switch_timeout: float = 10.0,
        stop_timeout: float = 30.0,
        first_bytes_timeout: float = 5.0,
    ) -> None:
        self.version: ObsVersion | None = None
        self._request_timeout = request_timeout
        self._not_ready_retries = not_ready_retries
        self._not_ready_delay = not_ready_delay
        self._profile_switch_timeout = profile_switch_timeout
        self._stop_timeout = stop_timeout
        self._first_bytes_timeout = first_bytes_timeout
        self._listeners: list[Listener] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        # Touched only on the worker thread (the request client) or by the library's thread.
        self._requests: Any = None
        self._events: Any = None
        self._close_codes: list[int] = []
        self._ready = False
        self._closing = False
        self._lost: ObsError | None = None

    @property
    def connected(self) -> bool:
        return self._ready and not self._closing and self._lost is None

    def add_listener(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback`` on the asyncio loop for every event; returns the unsubscribe."""
        return subscribe(self._listeners, callback)

    # -- connecting -------------------------------------------------------------------

    # The timeout goes to the sockets, on the worker thread: asyncio.timeout cannot reach it.
    async def connect(
        self, info: ObsConnectionInfo, *, timeout: float = 5.0  # noqa: ASYNC109
    ) -> ObsVersion:
        """Open both connections, identify, and read OBS's version.

        Raises:
            ObsNotRunning, ObsServerDisabled, ObsAuthFailed, ObsKicked, ObsTooOld,
            ObsNotReady, ObsTimedOut, ObsConnectionLost: each with its own sentence.
        """
        if self._executor is not None:
            raise RuntimeError("an ObsLink connects once; make a new one to reconnect")
        self._loop = asyncio.get_running_loop()
        self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="obs-link")
        try:
            # The sockets carry the timeout; the outer one only covers a stuck name lookup.
            await asyncio.wait_for(
                self._loop.run_in_executor(self._executor, self._open_requests, info, timeout),
                timeout * 3 + 1,
            )
            reply = await self._request("GetVersion")
            self.version = _parse_version(reply)
            await asyncio.wait_for(
                self._loop.run_in_executor(self._executor, self._open_events, info, timeout),
                timeout * 3 + 1,
            )
        except TimeoutError:
            self._abandon()
            raise ObsTimedOut(_obs_at(info), timeout) from None
        except asyncio.CancelledError:
            self._abandon()
            raise
        except BaseException:
            await self.close()
            raise
        self._ready = True
        return self.version

    def _open_requests(self, info: ObsConnectionInfo, timeout: float) -> None:
        """Worker thread: construct the request client (subs=0: it must never get events)."""
        try:
            client = _RequestClient(
                host=url_host(info.host), port=info.port, password=info.password or "",
                timeout=timeout, subs=0,
            )
        except Exception as error:
            raise _connect_error(error, info, timeout) from None
        record_close_frames(client.base_client.ws, self._close_codes.append)
        self._requests = client

    def _open_events(self, info: ObsConnectionInfo, timeout: float) -> None:
        """Worker thread: construct the event client; its thread starts inside."""
        try:
            self._events = _EventClient(
                self._on_event_thread_end,
                self._close_codes.append,
                host=url_host(info.host),
                port=info.port,
                password=info.password or "",
                timeout=timeout,
                subs=EVENT_SUBSCRIPTIONS,
            )
        except Exception as error:
            raise _connect_error(error, info, timeout) from None
        # The library dispatches by function name (``on_`` + the event in snake case).
        def on_stream_state_changed(data: Any) -> None:
            self._post(
                StreamStateChanged(
                    state=str(getattr(data, "output_state", "")),
                    active=bool(getattr(data, "output_active", False)),
                )
            )

        def on_exit_started(data: Any) -> None:
            self._post(ExitStarted())
            self._post_lost(ObsConnectionLost(translate("ObsLink", "OBS is shutting down.")))

        def on_current_profile_changed(data: Any) -> None:
            self._post(ProfileChanged(name=str(getattr(data, "profile_name", ""))))

        self._events.callback.register(
            [on_stream_state_changed, on_exit_started, on_current_profile_changed]
        )

    # -- closing ----------------------------------------------------------------------

    async def close(self) -> None:
        """Disconnect both clients; no ``ConnectionLost`` follows. Safe to call twice."""
        self._closing = True
        executor, self._executor = self._executor, None
        if executor is None:
            return
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(executor, self._close_clients)
        finally:
            executor.shutdown(wait=False)

    def _abandon(self) -> None:
        """Close without waiting: the worker may still be stuck (a name lookup, say).

        Awaiting it would make a timed-out or cancelled connect, and so quitting, wait as
        long as the stuck call. Queued behind it, ``_close_clients`` closes whatever it opens.
        """
        self._closing = True
        executor, self._executor = self._executor, None
        if executor is not None:
            with contextlib.suppress(RuntimeError):
                executor.submit(self._close_clients)
            executor.shutdown(wait=False)

    def _close_clients(self) -> None:
        """Worker thread: close the event socket politely, then the request socket."""
        events, self._events = self._events, None
        requests, self._requests = self._requests, None
        if events is not None:
            ws = events.base_client.ws
            with contextlib.suppress(Exception):
                ws.send_close()  # OBS answers with its close frame; the thread then ends
            events.worker.join(2.0)
            if events.worker.is_alive():
                ws.abort()
                events.worker.join(2.0)
            shut(ws)
        if requests is not None:
            ws = requests.base_client.ws
            with contextlib.suppress(Exception):
                ws.close(timeout=1.0)
            shut(ws)  # close() skips a socket it already considers disconnected

    # -- requests ---------------------------------------------------------------------

    async def get_stream_service_settings(self) -> ServiceSettings:
        reply = await self._request("GetStreamServiceSettings")
        settings = reply.get("streamServiceSettings")
        return ServiceSettings(
            type=str(reply.get("streamServiceType", "")),
            settings=dict(settings) if isinstance(settings, Mapping) else {},
        )

    async def set_stream_service_settings(self, service: ServiceSettings) -> None:
        """Replace OBS's stream service; OBS merges settings of an unchanged type.

        Raises:
            ObsBusyStreaming: OBS is streaming (500 OutputRunning).
        """
        await self._request(
            "SetStreamServiceSettings",
            {"streamServiceType": service.type, "streamServiceSettings": dict(service.settings)},
        )

    async def get_stream_status(self) -> OutputStatus:
        reply = await self._request("GetStreamStatus")
        return OutputStatus(
            active=bool(reply.get("outputActive", False)),
            reconnecting=bool(reply.get("outputReconnecting", False)),
            duration_ms=_as_int(reply.get("outputDuration")),
            congestion=_as_float(reply.get("outputCongestion")),
            bytes=_as_int(reply.get("outputBytes")),
            skipped_frames=_as_int(reply.get("outputSkippedFrames")),
            total_frames=_as_int(reply.get("outputTotalFrames")),
        )

    async def ping(self) -> None:
        """Ask OBS something cheap (its version), so a dead link shows itself."""
        await self._request("GetVersion")

    async def is_recording(self) -> bool:
        """Whether OBS is recording (a profile must not change under a running output)."""
        reply = await self._request("GetRecordStatus")
        return bool(reply.get("outputActive", False))

    async def start_stream(self) -> None:
        """Ask OBS to start streaming; success or failure arrives later as events.

        Raises:
            ObsBusyStreaming: OBS is streaming already.
        """
        await self._request("StartStream")

    async def stop_stream(self) -> None:
        """Stop streaming and return once OBS has stopped; a stopped stream is left as is.

        OBS answers StopStream at once and stops afterwards (OBS 32 takes about 1 s from
        STOPPING to STOPPED, refusing settings changes meanwhile): this waits for the output
        to be inactive, on its events, re-reading the status each second in case one is
        missed. An active output that has sent no bytes yet is first given up to
        ``first_bytes_timeout`` seconds to send some.

        Raises:
            ObsTimedOut: OBS still streams after ``stop_timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        changed = asyncio.Event()

        def on_event(event: ObsEvent) -> None:
            if isinstance(event, StreamStateChanged | ConnectionLost):
                changed.set()

        unsubscribe = self.add_listener(on_event)
        try:
            # OBS 32.2.2 (Debian's) segfaults when a stream stops before its first bytes left.
            status = await self.get_stream_status()
            first_bytes_by = loop.time() + self._first_bytes_timeout
            while status.active and not status.reconnecting and status.bytes == 0:
                if loop.time() >= first_bytes_by:
                    break  # stop anyway: a stop must not wait on OBS for long
                await asyncio.sleep(0.1)
                status = await self.get_stream_status()
            try:
                await self._request("StopStream")
            except ObsRequestFailed as error:
                if error.code != STATUS_OUTPUT_NOT_RUNNING:
                    raise
                # OBS 29: an SRT stream that never connected retries forever, and StopStream
                # answers 501 because the frontend never saw it start; stop the output itself.
                if (await self.get_stream_status()).active:
                    await self._request(
                        "StopOutput", {"outputName": await self._stream_output()}
                    )
            deadline = loop.time() + self._stop_timeout
            while (await self.get_stream_status()).active:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise ObsTimedOut(translate("ObsLink", "OBS's stop"), self._stop_timeout)
                changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), min(remaining, 1.0))
        finally:
            unsubscribe()

    async def _stream_output(self) -> str:
        """The name of the active stream output ("simple_stream" or "adv_stream")."""
        reply = await self._request("GetOutputList")
        outputs = reply.get("outputs")
        for output in outputs if isinstance(outputs, list) else []:
            name = str(output.get("outputName", "")) if isinstance(output, dict) else ""
            if name.endswith("_stream") and output.get("outputActive"):
                return name
        return "simple_stream"

    async def get_profile_parameter(self, category: str, name: str) -> str | None:
        """A value of the current profile's ``basic.ini``; ``None`` when it is not set."""
        reply = await self._request(
            "GetProfileParameter", {"parameterCategory": category, "parameterName": name}
        )
        value = reply.get("parameterValue")
        return None if value is None else str(value)

    async def set_profile_parameter(self, category: str, name: str, value: str | None) -> None:
        """Set (or, with ``None``, remove) a value of the current profile's ``basic.ini``."""
        await self._request(
            "SetProfileParameter",
            {"parameterCategory": category, "parameterName": name, "parameterValue": value},
        )

    async def get_video_fps(self) -> float:
        """OBS's output frame rate (``GetVideoSettings``), 0 when OBS does not say."""
        reply = await self._request("GetVideoSettings")
        numerator = _as_float(reply.get("fpsNumerator")) or 0.0
        denominator = _as_float(reply.get("fpsDenominator")) or 0.0
        return numerator / denominator if denominator > 0 else 0.0

    async def get_profiles(self) -> tuple[str, list[str]]:
        """The current profile's name and every profile's name."""
        reply = await self._request("GetProfileList")
        profiles = reply.get("profiles")
        names = [str(name) for name in profiles] if isinstance(profiles, list) else []
        return str(reply.get("currentProfileName", "")), names

    async def set_current_profile(self, name: str) -> None:
        """Switch profile and wait until OBS has finished (its answer comes before that)."""
        current, _ = await self.get_profiles()
        if current == name:
            return
        await self._switch_profile("SetCurrentProfile", name)

    async def create_profile(self, name: str) -> None:
        """Create a clean profile (OBS's defaults); OBS switches to it, and this waits."""
        await self._switch_profile("CreateProfile", name)

    async def _switch_profile(self, request: str, name: str) -> None:
        loop = asyncio.get_running_loop()
        switched: asyncio.Future[None] = loop.create_future()

        def on_event(event: ObsEvent) -> None:
            if isinstance(event, ProfileChanged) and event.name == name and not switched.done():
                switched.set_result(None)
            elif isinstance(event, ConnectionLost) and not switched.done():
                switched.set_exception(event.error)

        unsubscribe = self.add_listener(on_event)
        try:
            await self._request(request, {"profileName": name})
            await asyncio.wait_for(switched, self._profile_switch_timeout)
        except TimeoutError:
            raise ObsTimedOut(
                translate("ObsLink", "OBS's profile switch"), self._profile_switch_timeout
            ) from None
        finally:
            unsubscribe()

    async def _request(self, request: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send one request on the worker thread; retry "not ready"; map every failure."""
        if self._lost is not None:
            raise self._lost
        executor, loop = self._executor, self._loop
        if executor is None or loop is None or self._closing:
            raise ObsConnectionLost(translate("ObsLink", "This program is not connected to OBS."))
        attempt = 0
        while True:
            try:
                reply = await loop.run_in_executor(executor, self._send, request, data)
            except OBSSDKRequestError as error:
                if error.code == STATUS_NOT_READY and attempt < self._not_ready_retries:
                    attempt += 1
                    await asyncio.sleep(self._not_ready_delay)
                    continue
                raise _request_error(request, error) from None
            except OBSSDKTimeoutError:
                # The answer may still come and would be read as the next one: the link is
                # unusable from here on.
                lost: ObsError = ObsTimedOut(
                    translate("ObsLink", "OBS ({request})").format(request=request),
                    self._request_timeout,
                )
                self._report_lost(lost)
                raise lost from None
            except (OBSSDKError, websocket.WebSocketException, OSError, ValueError, KeyError,
                    TypeError, AttributeError):
                lost = self._lost_error()
                self._report_lost(lost)
                raise lost from None
            return reply if isinstance(reply, dict) else {}

    def _send(self, request: str, data: Mapping[str, Any] | None) -> Any:
        """Worker thread: one request, with a timeout on the socket."""
        client = self._requests
        if client is None:
            raise ValueError("no request client")
        client.base_client.ws.settimeout(self._request_timeout)
        return client.send(request, dict(data) if data else None, raw=True)

    # -- events and loss --------------------------------------------------------------

    def _on_event_thread_end(self, reason: BaseException | None) -> None:
        """Library thread: the event connection ended (closed, reset, or unreadable)."""
        if not self._closing:
            self._post_lost(self._lost_error())

    def _post(self, event: ObsEvent) -> None:
        """Any thread: deliver an event on the loop (dropped once the loop is gone)."""
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._dispatch, event)

    def _post_lost(self, error: ObsError) -> None:
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._report_lost, error)

    def _report_lost(self, error: ObsError) -> None:
        """Loop thread: mark the link dead, close its sockets, tell the listeners once."""
        if self._lost is not None or self._closing:
            return
        self._lost = error
        executor = self._executor
        if executor is not None:
            with contextlib.suppress(RuntimeError):
                executor.submit(self._close_clients)
        if self._ready:
            self._dispatch(ConnectionLost(error))

    def _dispatch(self, event: ObsEvent) -> None:
        if self._closing and not isinstance(event, ConnectionLost):
            return
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("an OBS event listener failed on %s", type(event).__name__)

    def _lost_error(self) -> ObsError:
        """The error a dead connection stands for, from the close code OBS sent, if any."""
        for code in reversed(self._close_codes):
            error = close_code_error(code)
            if error is not None:
                return error
        return ObsConnectionLost()


class _ClosingObsClient(ObsClient):  # type: ignore[misc]
    """The library's connection, closing its socket when the handshake fails.

    The library leaves the socket open in that case, to be found by the garbage collector.
    Its constructor's steps are done here (the same attributes, one socket, the Hello read)
    so the socket's Host header can be chosen: OBS 32.2.2's WebSocket++ answers 400 to a
    bracketed IPv6 host ("Host: [::1]:4455"), which OBS 29 and 30.2 accept; it does not
    look at the name, so an IPv6 address is announced as ``localhost``.
    """

    def __init__(self, *, host: str, port: int, password: str, subs: int, timeout: float) -> None:
        self.logger = logging.getLogger("obsws_python.baseclient").getChild(
            type(self).__name__
        )
        self.host, self.port, self.password = host, port, password
        self.subs, self.timeout = subs, timeout
        self.ws = websocket.WebSocket()
        try:
            open_socket(self.ws, host, port, timeout)
            self.server_hello = json.loads(self.ws.recv())
        except BaseException:
            shut(self.ws)
            raise

    def identify(self) -> None:
        try:
            self.authenticate()
        except BaseException:
            shut(self.ws)
            raise


class _RequestClient(obsws.ReqClient):  # type: ignore[misc]
    """obsws-python's request client, built the library's way on a closing connection."""

    def __init__(self, **kwargs: Any) -> None:
        self.logger = logging.getLogger("obsws_python.reqs").getChild("ReqClient")
        self.base_client = _ClosingObsClient(**kwargs)
        self.base_client.identify()


class _EventClient(obsws.EventClient):  # type: ignore[misc]
    """obsws-python's event client, plus the close code and a notice when its thread ends."""

    def __init__(
        self,
        on_thread_end: Callable[[BaseException | None], None],
        on_close_code: Callable[[int], None],
        **kwargs: Any,
    ) -> None:
        # The library's constructor steps, on a connection that is closed on failure.
        self._on_thread_end = on_thread_end
        self._on_close_code = on_close_code
        self.logger = logging.getLogger("obsws_python.events").getChild("EventClient")
        self.base_client = _ClosingObsClient(**kwargs)
        self.base_client.identify()
        self.callback = Callback()
        self.subscribe()

    def subscribe(self) -> None:
        # Runs inside the constructor, before the thread starts: no frame can slip past.
        record_close_frames(self.base_client.ws, self._on_close_code)
        super().subscribe()

    def trigger(self, stop_event: threading.Event) -> None:
        reason: BaseException | None = None
        try:
            super().trigger(stop_event)
        except Exception as error:  # an unreadable event: the stream of events is broken
            reason = error
        finally:
            self._on_thread_end(reason)


def _connect_error(error: Exception, info: ObsConnectionInfo, timeout: float) -> ObsError:
    """Turn what the library raised while connecting into the sentence the user needs."""
    if isinstance(error, ConnectionRefusedError):
        if info.server_enabled is False:
            return ObsServerDisabled(info.source)
        return ObsNotRunning(info.host, info.port)
    # websocket-client reports a failed name lookup as its own address exception.
    if isinstance(error, socket.gaierror | websocket.WebSocketAddressException):
        return ObsNotRunning(
            info.host,
            info.port,
            translate("ObsLink", "Check the OBS address: this host name was not found."),
        )
    if isinstance(error, TimeoutError | websocket.WebSocketTimeoutException | socket.timeout):
        return ObsTimedOut(_obs_at(info), timeout)
    if isinstance(error, websocket.WebSocketBadStatusException):
        return ObsTooOld(
            translate(
                "ObsLink",
                "Something answers at {address}, but it is not an obs-websocket 5 server.",
            ).format(address=info.address)
        )
    if isinstance(error, OBSSDKError) and "no password" in str(error):
        return ObsAuthFailed(password_missing=True)
    if isinstance(error, OSError):
        return ObsNotRunning(info.host, info.port)
    # The server closed during the handshake; the library drops the close code, so ask again.
    code = handshake_close_code(info, timeout)
    found = close_code_error(code)
    if found is not None:
        return found
    return ObsConnectionLost(
        translate("ObsLink", "OBS closed the connection while this program was connecting.")
    )


def _obs_at(info: ObsConnectionInfo) -> str:
    """Who did not answer, as the subject of a sentence."""
    return translate("ObsLink", "OBS at {address}").format(address=info.address)


def _request_error(request: str, error: OBSSDKRequestError) -> ObsError:
    code = int(error.code)
    if code == STATUS_NOT_READY:
        return ObsNotReady()
    if code == STATUS_OUTPUT_RUNNING and request == "StartStream":
        return ObsBusyStreaming(translate("ObsLink", "OBS is streaming already."))
    if code == STATUS_OUTPUT_RUNNING:
        return ObsBusyStreaming()
    comment = str(error).partition("With message: ")[2]
    return ObsRequestFailed(code, request, comment)


def _parse_version(reply: Mapping[str, Any]) -> ObsVersion:
    rpc = reply.get("rpcVersion", 1)
    return ObsVersion(
        obs_version=str(reply.get("obsVersion", "")),
        websocket_version=str(reply.get("obsWebSocketVersion", "")),
        rpc_version=rpc if isinstance(rpc, int) else 1,
    )


def _as_float(value: Any) -> float:
    """A counter from OBS's JSON; anything else, NaN and infinity included, is 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    number = float(value)
    return number if math.isfinite(number) else 0.0


def _as_int(value: Any) -> int:
    return int(_as_float(value))
