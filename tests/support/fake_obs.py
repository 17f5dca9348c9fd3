"""A faithful fake of OBS's WebSocket server (obs-websocket 5, rpcVersion 1) for fast tests.

It is a real WebSocket server on 127.0.0.1 (``websockets``), run on its own thread with its
own event loop, so the synchronous obsws-python client talks to it exactly as to OBS:

- Hello with an authentication challenge and salt; the Identify's answer is checked as the
  protocol says, and a wrong one is closed with 4009.
- Requests with ``requestId`` and ``requestStatus``; the ones the product uses, with OBS's
  semantics: ``SetStreamServiceSettings`` MERGES settings when the type is unchanged, is
  refused with 500 while streaming and with 403 for empty settings; a profile OBS never
  saved a service for answers ``rtmp_common`` with no settings (as OBS 29 does);
  ``StartStream`` answers at once, then emits ``StreamStateChanged`` STARTING ->
  STARTED; ``GetStreamStatus`` counts bytes while live;
  profiles each hold their own stream service, switches are announced by events after the
  answer.
- Events only to sessions subscribed to their category.
- Close codes as OBS 29 sends them (checked against it by ``tests/test_obs_contract.py``):
  4009 wrong password (checked before the RPC version), 4010 unsupported RPC version,
  4007 a request before Identify, 4002 bad JSON, 4006 an unknown opcode.
- Scripted faults: 207 NotReady N times, kick (4011), failed or hanging start, a start held
  back by a window open in OBS, a dropped TCP connection, ``ExitStarted``, any ``obsVersion``.
- The version it plays (``plays=``: 29, 30.2 or 32.2, see ``VERSIONS``), with what the
  contract suite measured of that real version: 207 NotReady for a moment after start
  (30.2, 32.2), about 1 s from STOPPING to STOPPED (32.2), CreateProfile answering before
  the profile exists (32.2).

Fixtures:
    fake_obs: a running fake with a password, stopped after the test.
    fake_obs_factory: builds more (other versions, no password, not started yet).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

# Event categories (EventSubscription bits).
GENERAL, CONFIG, OUTPUTS = 1, 2, 64
ALL_LOW_VOLUME = 0x7FF

STARTING = "OBS_WEBSOCKET_OUTPUT_STARTING"
STARTED = "OBS_WEBSOCKET_OUTPUT_STARTED"
STOPPING = "OBS_WEBSOCKET_OUTPUT_STOPPING"
STOPPED = "OBS_WEBSOCKET_OUTPUT_STOPPED"
RECONNECTING = "OBS_WEBSOCKET_OUTPUT_RECONNECTING"
RECONNECTED = "OBS_WEBSOCKET_OUTPUT_RECONNECTED"

@dataclass(frozen=True)
class Role:
    """One OBS version the fake plays, as the contract suite measured the real one.

    Attributes:
        obs_version, websocket_version: what Hello and GetVersion report.
        request_count: how many requests the real one lists in ``availableRequests``
            (the fake lists only those it answers).
        not_ready_seconds: after it starts listening, requests answer 207 NotReady this
            long (obs-websocket 5.2+: about 0.1 s seen on 30.2 and 32.2; none on 29).
        stop_seconds: from STOPPING to STOPPED (about 1 s on 32; None: as quick as a start).
        profile_created_after: None when CreateProfile has made and switched to the new
            profile by the time it answers (29, 30); else the seconds until it exists
            (31+ answers first, then sends ProfileListChanged and CurrentProfileChanged).
    """

    obs_version: str
    websocket_version: str
    request_count: int
    not_ready_seconds: float = 0.0
    stop_seconds: float | None = None
    profile_created_after: float | None = None


#: The versions the fake can play (``FakeObs(plays=...)``): OBS and obs-websocket as
#: Debian's bookworm, trixie and sid carry them.
VERSIONS: dict[str, Role] = {
    "29": Role("29.0.2", "5.1.0", 141),
    "30.2": Role("30.2.3", "5.5.2", 146, not_ready_seconds=0.1),
    "32.2": Role("32.2.2", "5.7.4", 151, not_ready_seconds=0.1, stop_seconds=1.0,
                 profile_created_after=0.05),
}

DEFAULT_PASSWORD = "fake-obs-password-7Qx"
DEFAULT_PROFILE = "Untitled"


@dataclass
class Profile:
    """One OBS profile: its own stream service (what ``service.json`` holds)."""

    service_type: str = "rtmp_common"
    # OBS 29 answers a profile it never saved a service for with no settings at all.
    service_settings: dict[str, Any] = field(default_factory=dict)
    # basic.ini's values the user (or a client) set, by (category, name); unset ones are
    # answered as null, as OBS does (its defaults are not the user's values).
    parameters: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class _Session:
    connection: ServerConnection
    subscriptions: int = 0


class FakeObs:
    """The fake OBS. Test-side methods are thread-safe; state lives on the fake's loop.

    Attributes:
        plays: which OBS it plays (``29``, ``30.2``, ``32.2``: see ``VERSIONS``); that sets
            ``obs_version`` and ``websocket_version`` unless they are given, and how the
            version behaves: ``not_ready_seconds`` of 207 after each start, ``stop_delay``
            from STOPPING to STOPPED, ``profile_created_after`` (see ``Role``).
        port: the bound port (kept across ``restart()``).
        password: the server password, None for no authentication.
        obs_version: what ``GetVersion`` reports as ``obsVersion``.
        profiles, current_profile: OBS's profiles and the active one.
        requests: every request received, as ``(requestType, requestData)``.
        bitrate_bps: how fast ``outputBytes`` grows while live.
        skipped_frames: reported ``outputSkippedFrames``.
        recording: what ``GetRecordStatus`` reports.
        ignore_service_changes: answer "ok" to SetStreamServiceSettings and change nothing.
        start_delay: seconds from STARTING to STARTED (or STOPPED).
        stop_delay: seconds from STOPPING to STOPPED (OBS 32 takes about 1 s: its role's).
    """

    def __init__(
        self,
        *,
        password: str | None = DEFAULT_PASSWORD,
        plays: str = "29",
        obs_version: str | None = None,
        websocket_version: str | None = None,
        port: int = 0,
    ) -> None:
        if plays not in VERSIONS:
            raise ValueError(f"the fake plays OBS {', '.join(VERSIONS)}, not {plays!r}")
        role = VERSIONS[plays]
        self.plays = plays
        self.port = port
        self.password = password
        self.obs_version = obs_version or role.obs_version
        self.websocket_version = websocket_version or role.websocket_version
        self.not_ready_seconds = role.not_ready_seconds
        self.stop_delay = 0.05 if role.stop_seconds is None else role.stop_seconds
        # Seconds the STOPPED event comes after the output is inactive (real OBS 29 under
        # load: once over 15 s in CI); None: it never comes.
        self.stopped_event_lag: float | None = 0.0
        #: Profiles switched to, one right after each GetStreamServiceSettings answer.
        self.switch_after_service_reads: list[str] = []
        self.profile_created_after = role.profile_created_after
        self._ready_at = 0.0
        self.profiles: dict[str, Profile] = {DEFAULT_PROFILE: Profile()}
        self.current_profile = DEFAULT_PROFILE
        self.requests: list[tuple[str, dict[str, Any] | None]] = []
        self.bitrate_bps = 2_500_000
        self.skipped_frames = 0
        self.fps = 30
        self.start_delay = 0.05
        self.recording = False
        self.ignore_service_changes = False
        self.identified_sessions = 0
        self.auth_failures = 0
        self._not_ready_left = 0
        self._start_outcome = "ok"
        self._starts_held_back = False
        self._output_state = STOPPED
        self._live_since: float | None = None
        self._bytes_base = 0
        self._sessions: list[_Session] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # OBS's own work after answering (outputs starting and stopping, profile switches):
        # kept here so none is lost to the garbage collector, and ended at shutdown.
        self._background: set[asyncio.Task[Any]] = set()
        self._server: Server | None = None
        self._changed = threading.Condition()

    # -- life cycle (test thread) -----------------------------------------------------

    def start(self) -> FakeObs:
        """Serve on 127.0.0.1 (the same port as before after a stop); returns when bound."""
        ready = threading.Event()
        failure: list[BaseException] = []
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(self._open())
            except BaseException as error:  # pragma: no cover - reported to the test
                failure.append(error)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fake-obs", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        self._ready_at = time.monotonic() + self.not_ready_seconds
        return self

    async def _open(self) -> None:
        self._server = await serve(
            self._serve_session, "127.0.0.1", self.port, ping_interval=None, close_timeout=0.2
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        """Close every session (1001, like OBS quitting) and stop listening. Idempotent."""
        if self._loop is None or self._thread is None:
            return
        with contextlib.suppress(RuntimeError):
            self._call(self._shutdown())
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = None
        self._thread = None
        self._output_state = STOPPED
        self._live_since = None

    def restart(self) -> None:
        """Stop, then serve again on the same port (OBS restarted)."""
        self.stop()
        self.start()

    def _in_background(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _shutdown(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self._server is not None:
            # Every connection, identified or still in its handshake, gets 1001 like OBS's.
            self._server.close(close_connections=True, reason="Server stopping.")
            await self._server.wait_closed()
            self._server = None

    def _call(self, coroutine: Any, timeout: float = 10.0) -> Any:
        assert self._loop is not None, "the fake OBS is not running"
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    # -- addresses --------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``obsws://127.0.0.1:PORT/PASSWORD`` as OBS's "Show Connect Info" shows it."""
        return f"obsws://127.0.0.1:{self.port}/{self.password or ''}"

    # -- scripted faults and state (test thread) --------------------------------------

    def not_ready(self, times: int) -> None:
        """The next ``times`` requests answer 207 NotReady, as OBS does while loading."""
        self._not_ready_left = times

    def fail_next_start(self) -> None:
        """The next StartStream goes STARTING then STOPPED (the ingest refused OBS)."""
        self._start_outcome = "fail"

    def hang_next_start(self) -> None:
        """The next StartStream stays in STARTING (OBS keeps trying to connect)."""
        self._start_outcome = "hang"

    def hold_starts_back(self, held: bool = True) -> None:
        """While ``held``, StartStream is answered and then dropped: no event, the output
        stays inactive. Real OBS 29.0.2, 30.2.3 and 32.2.2 do so while a window that turns
        their outputs off is open: the Auto-Configuration Wizard of a first start (no
        ``FirstRun`` in the config), or Settings."""
        self._starts_held_back = held

    def kick(self, code: int = 4011) -> None:
        """Close every session with ``code`` (4011: the user kicked the client in OBS)."""
        self._call(self._close_all(code, "Your session has been invalidated."))

    def drop(self) -> None:
        """Cut every TCP connection without a close frame (OBS crashed)."""

        def abort() -> None:
            for session in list(self._sessions):
                session.connection.transport.abort()

        assert self._loop is not None
        self._loop.call_soon_threadsafe(abort)

    def exit_started(self) -> None:
        """Send ExitStarted and close the sessions, as OBS does when it quits."""
        self._call(self._exit_started())

    def emit(self, event_type: str, data: dict[str, Any], category: int = OUTPUTS) -> None:
        """Send any event to the sessions subscribed to ``category``."""
        self._call(self._emit(event_type, data, category))

    def set_stream_state(self, state: str, active: bool) -> None:
        """Move the output to ``state`` and announce it (reconnecting, ...)."""

        async def move() -> None:
            await self._set_output(state, active)

        self._call(move())

    @property
    def streaming(self) -> bool:
        """The output is active, as OBS says it until STOPPED (STOPPING included)."""
        return self._output_state in (STARTED, RECONNECTING, RECONNECTED, STOPPING)

    @property
    def output_idle(self) -> bool:
        """The output is STOPPED: not starting, sending or stopping (OBS greys out its
        Settings > Stream and Profile menu otherwise)."""
        return self._output_state == STOPPED

    def service(self, profile: str | None = None) -> Profile:
        """A copy of a profile's stream service (the current one by default)."""
        return copy.deepcopy(self.profiles[profile or self.current_profile])

    def set_service(self, service_type: str, settings: dict[str, Any]) -> None:
        """What the user set in OBS's own Settings > Stream."""
        self.profiles[self.current_profile] = Profile(service_type, dict(settings))

    def remove_profile(self, name: str) -> None:
        """The user removed a profile in OBS (Profile > Remove); never the current one."""
        self._call(self._remove_profile(name))

    def switch_profile(self, name: str) -> None:
        """The user picked another profile in OBS's Profile menu (events follow)."""
        self._call(self._switch_profile(name))

    def session_count(self) -> int:
        return len(self._sessions)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``condition`` holds (it is re-checked whenever the fake changes)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the fake OBS did not reach the expected state")
                self._changed.wait(min(left, 0.1))

    def answered_requests(self) -> list[str]:
        """The request types this fake answers (GetVersion's ``availableRequests``)."""
        return sorted(
            name.removeprefix("_request_") for name in dir(self) if name.startswith("_request_")
        )

    def requests_of(self, request_type: str) -> list[dict[str, Any] | None]:
        return [data for kind, data in self.requests if kind == request_type]

    # -- the protocol (fake's loop) ---------------------------------------------------

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    async def _serve_session(self, connection: ServerConnection) -> None:
        session = _Session(connection)
        try:
            if await self._handshake(session):
                self._sessions.append(session)
                self.identified_sessions += 1
                self._notify()
                async for raw in connection:
                    await self._handle_message(session, raw)
        except ConnectionClosed:
            pass
        finally:
            if session in self._sessions:
                self._sessions.remove(session)
            self._notify()

    async def _handshake(self, session: _Session) -> bool:
        hello: dict[str, Any] = {
            "obsWebSocketVersion": self.websocket_version,
            "rpcVersion": 1,
        }
        challenge = base64.b64encode(secrets.token_bytes(32)).decode()
        salt = base64.b64encode(secrets.token_bytes(32)).decode()
        if self.password is not None:
            hello["authentication"] = {"challenge": challenge, "salt": salt}
        await session.connection.send(json.dumps({"op": 0, "d": hello}))
        try:
            message = json.loads(await session.connection.recv())
        except ValueError:
            message = None
        if not isinstance(message, dict):
            await session.connection.close(4002, "Unable to decode the message.")
            return False
        if message.get("op") != 1:
            await session.connection.close(4007, "You must identify first.")
            return False
        identify = message.get("d", {})
        if self.password is not None:
            expected = _expected_authentication(self.password, salt, challenge)
            if identify.get("authentication") != expected:
                self.auth_failures += 1
                self._notify()
                await session.connection.close(4009, "Authentication failed.")
                return False
        if identify.get("rpcVersion") != 1:
            await session.connection.close(4010, "Your requested RPC version is not supported.")
            return False
        session.subscriptions = int(identify.get("eventSubscriptions", ALL_LOW_VOLUME))
        await session.connection.send(json.dumps({"op": 2, "d": {"negotiatedRpcVersion": 1}}))
        return True

    async def _handle_message(self, session: _Session, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            # As OBS does (unless the client asked to ignore invalid messages).
            await session.connection.close(4002, "Unable to decode the message.")
            return
        op = message.get("op")
        if op == 1:
            await session.connection.close(4008, "You are already identified with the server.")
            return
        if op == 3:
            data = message.get("d") or {}
            session.subscriptions = int(data.get("eventSubscriptions", session.subscriptions))
            await session.connection.send(json.dumps({"op": 2, "d": {"negotiatedRpcVersion": 1}}))
            return
        if op != 6:
            await session.connection.close(4006, f"Unknown OpCode: {op}")
            return
        request = message["d"]
        kind = request.get("requestType", "")
        data = request.get("requestData")
        self.requests.append((kind, copy.deepcopy(data)))
        self._notify()
        if self._not_ready_left > 0 or time.monotonic() < self._ready_at:
            self._not_ready_left = max(0, self._not_ready_left - 1)
            status, response = _status(207, "OBS is not ready to perform the request."), None
        else:
            status, response = await self._answer(kind, data or {})
        reply: dict[str, Any] = {
            "requestType": kind,
            "requestId": request.get("requestId"),
            "requestStatus": status,
        }
        if response is not None:
            reply["responseData"] = response
        await session.connection.send(json.dumps({"op": 7, "d": reply}))

    async def _answer(
        self, kind: str, data: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        handler = getattr(self, f"_request_{kind}", None)
        if handler is None:
            return _status(204, "Your request type is not valid."), None
        result: tuple[dict[str, Any], dict[str, Any] | None] = await handler(data)
        return result

    async def _request_GetVersion(self, data: dict[str, Any]) -> Any:
        return _ok(), {
            "obsVersion": self.obs_version,
            "obsWebSocketVersion": self.websocket_version,
            "rpcVersion": 1,
            "availableRequests": self.answered_requests(),
            "supportedImageFormats": ["png"],
            "platform": "linux",
            "platformDescription": "Fake OBS",
        }

    async def _request_GetStreamServiceSettings(self, data: dict[str, Any]) -> Any:
        profile = self.profiles[self.current_profile]
        answer = {
            "streamServiceType": profile.service_type,
            "streamServiceSettings": copy.deepcopy(profile.service_settings),
        }
        if self.switch_after_service_reads:
            # A stream deck switches the profile right after this read, before the next.
            name, *self.switch_after_service_reads = self.switch_after_service_reads
            await self._emit("CurrentProfileChanging", {"profileName": self.current_profile},
                             CONFIG)
            self.current_profile = name
            self._notify()
            await self._emit("CurrentProfileChanged", {"profileName": name}, CONFIG)
        return _ok(), answer

    async def _request_SetStreamServiceSettings(self, data: dict[str, Any]) -> Any:
        kind = data.get("streamServiceType")
        settings = data.get("streamServiceSettings")
        if not isinstance(kind, str) or not isinstance(settings, dict):
            return _status(300, "Your request is missing a required field."), None
        if not settings:  # OBS 29 refuses an empty object
            return _status(403, "The field value of `streamServiceSettings` must not be "
                                "empty."), None
        if self.streaming:
            return (
                _status(500, "You cannot change stream service settings while streaming."),
                None,
            )
        profile = self.profiles[self.current_profile]
        if self.ignore_service_changes:
            return _ok(), None
        if kind == profile.service_type:
            # OBS applies the new settings over the old ones: keys not sent survive.
            profile.service_settings = {**profile.service_settings, **copy.deepcopy(settings)}
        else:
            profile.service_type = kind
            profile.service_settings = copy.deepcopy(settings)
        self._notify()
        return _ok(), None

    async def _request_GetStreamStatus(self, data: dict[str, Any]) -> Any:
        active = self.streaming
        elapsed = time.monotonic() - self._live_since if active and self._live_since else 0.0
        total_frames = int(elapsed * self.fps)
        seconds = int(elapsed)
        return _ok(), {
            "outputActive": active,
            "outputReconnecting": self._output_state == RECONNECTING,
            "outputTimecode": f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}.000",
            "outputDuration": int(elapsed * 1000),
            "outputCongestion": 0.0,
            "outputBytes": int(elapsed * self.bitrate_bps / 8) if active else 0,
            "outputSkippedFrames": min(self.skipped_frames, total_frames) if active else 0,
            "outputTotalFrames": total_frames,
        }

    async def _request_GetRecordStatus(self, data: dict[str, Any]) -> Any:
        return _ok(), {
            "outputActive": self.recording,
            "outputPaused": False,
            "outputTimecode": "00:00:00.000",
            "outputDuration": 0,
            "outputBytes": 0,
        }

    async def _request_StartStream(self, data: dict[str, Any]) -> Any:
        if self._output_state != STOPPED:
            return _status(500, "The stream output is already running."), None
        if self._starts_held_back:
            return _ok(), None
        outcome, self._start_outcome = self._start_outcome, "ok"
        self._output_state = STARTING
        self._in_background(self._run_start(outcome))
        return _ok(), None

    async def _run_start(self, outcome: str) -> None:
        await self._emit_state(STARTING, False)
        if outcome == "hang":
            return
        await asyncio.sleep(self.start_delay)
        if outcome == "fail":
            await self._set_output(STOPPED, False)
        else:
            await self._set_output(STARTED, True)

    async def _request_StopStream(self, data: dict[str, Any]) -> Any:
        if self._output_state == STOPPED:
            return _status(501, "The stream output is not running."), None
        self._in_background(self._run_stop())
        return _ok(), None

    async def _run_stop(self) -> None:
        await self._set_output(STOPPING, True)
        await asyncio.sleep(self.stop_delay)
        if self.stopped_event_lag == 0.0:
            await self._set_output(STOPPED, False)
            return
        self._output_state = STOPPED  # inactive now; its event later, or never
        self._live_since = None
        self._notify()
        if self.stopped_event_lag is not None:
            await asyncio.sleep(self.stopped_event_lag)
            await self._emit_state(STOPPED, False)

    async def _request_GetVideoSettings(self, data: dict[str, Any]) -> Any:
        return _ok(), {
            "fpsNumerator": self.fps, "fpsDenominator": 1,
            "baseWidth": 1920, "baseHeight": 1080, "outputWidth": 1280, "outputHeight": 720,
        }  # fmt: skip

    async def _request_GetProfileParameter(self, data: dict[str, Any]) -> Any:
        category, name = data.get("parameterCategory"), data.get("parameterName")
        if not isinstance(category, str) or not isinstance(name, str):
            return _status(300, "Your request is missing a required field."), None
        value = self.profiles[self.current_profile].parameters.get((category, name))
        return _ok(), {"parameterValue": value, "defaultParameterValue": None}

    async def _request_SetProfileParameter(self, data: dict[str, Any]) -> Any:
        category, name = data.get("parameterCategory"), data.get("parameterName")
        value = data.get("parameterValue")
        if not isinstance(category, str) or not isinstance(name, str):
            return _status(300, "Your request is missing a required field."), None
        parameters = self.profiles[self.current_profile].parameters
        if value is None:
            if (category, name) not in parameters:  # as OBS 29 answers
                return _status(600, "There are no existing instances of that profile "
                               "parameter."), None
            del parameters[(category, name)]
        else:
            parameters[(category, name)] = str(value)
        self._notify()
        return _ok(), None

    async def _request_GetProfileList(self, data: dict[str, Any]) -> Any:
        return _ok(), {"currentProfileName": self.current_profile, "profiles": list(self.profiles)}

    async def _request_SetCurrentProfile(self, data: dict[str, Any]) -> Any:
        name = data.get("profileName")
        if not isinstance(name, str):
            return _status(300, "Your request is missing a required field."), None
        if name not in self.profiles:
            return _status(600, "No profile was found by that name."), None
        if name != self.current_profile:
            self._in_background(self._switch_profile(name))
        return _ok(), None

    async def _request_CreateProfile(self, data: dict[str, Any]) -> Any:
        name = data.get("profileName")
        if not isinstance(name, str) or not name:
            return _status(300, "Your request is missing a required field."), None
        if name in self.profiles:
            return _status(601, "A profile already exists by that name."), None
        if self.profile_created_after is None:
            # OBS 29 and 30: made and switched to before the answer leaves.
            await self._emit("CurrentProfileChanging", {"profileName": self.current_profile},
                             CONFIG)
            self.profiles[name] = Profile()
            await self._emit("ProfileListChanged", {"profiles": list(self.profiles)}, CONFIG)
            self.current_profile = name
            self._notify()
            await self._emit("CurrentProfileChanged", {"profileName": name}, CONFIG)
        else:
            self._in_background(self._create_profile_later(name, self.profile_created_after))
        return _ok(), None

    async def _create_profile_later(self, name: str, seconds: float) -> None:
        # OBS 31+ answers first; the profile exists, and is current, a moment later.
        await asyncio.sleep(seconds)
        self.profiles[name] = Profile()
        self._notify()
        await self._emit("ProfileListChanged", {"profiles": list(self.profiles)}, CONFIG)
        self.current_profile = name
        self._notify()
        await self._emit("CurrentProfileChanged", {"profileName": name}, CONFIG)

    async def _request_RemoveProfile(self, data: dict[str, Any]) -> Any:
        name = data.get("profileName")
        if not isinstance(name, str):
            return _status(300, "Your request is missing a required field."), None
        if name not in self.profiles:
            return _status(600, "No profile was found by that name."), None
        if name == self.current_profile and len(self.profiles) == 1:
            return _status(602, "You cannot remove the only profile."), None
        await self._remove_profile(name)
        return _ok(), None

    async def _remove_profile(self, name: str) -> None:
        # OBS switches away from a current profile that is removed, then drops it.
        if name == self.current_profile:
            other = next(profile for profile in self.profiles if profile != name)
            await self._switch_profile(other)
        del self.profiles[name]
        self._notify()
        await self._emit("ProfileListChanged", {"profiles": list(self.profiles)}, CONFIG)

    async def _switch_profile(self, name: str) -> None:
        # OBS answers first and switches afterwards: the events say when it is done.
        await asyncio.sleep(0.02)
        await self._emit("CurrentProfileChanging", {"profileName": self.current_profile}, CONFIG)
        self.current_profile = name
        self._notify()
        await self._emit("CurrentProfileChanged", {"profileName": name}, CONFIG)

    async def _set_output(self, state: str, active: bool) -> None:
        self._output_state = state
        if state == STARTED:
            self._live_since = time.monotonic()
        elif state == STOPPED:
            self._live_since = None
        self._notify()
        await self._emit_state(state, active)

    async def _emit_state(self, state: str, active: bool) -> None:
        data = {"outputActive": active, "outputState": state}
        await self._emit("StreamStateChanged", data, OUTPUTS)

    async def _emit(self, event_type: str, data: dict[str, Any], category: int) -> None:
        message = json.dumps(
            {"op": 5, "d": {"eventType": event_type, "eventIntent": category, "eventData": data}}
        )
        for session in list(self._sessions):
            if session.subscriptions & category:
                with contextlib.suppress(ConnectionClosed):
                    await session.connection.send(message)

    async def _close_all(self, code: int, reason: str) -> None:
        # The close frame leaves at once; waiting for every client's answer is not OBS's way
        # (and a request client reads nothing until its next request).
        for session in list(self._sessions):
            self._in_background(session.connection.close(code, reason))
        await asyncio.sleep(0)

    async def _exit_started(self) -> None:
        await self._emit("ExitStarted", {}, GENERAL)
        await self._close_all(1001, "Server stopping.")


def _expected_authentication(password: str, salt: str, challenge: str) -> str:
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest())
    return base64.b64encode(hashlib.sha256(secret + challenge.encode()).digest()).decode()


def _ok() -> dict[str, Any]:
    return {"result": True, "code": 100}


def _status(code: int, comment: str) -> dict[str, Any]:
    return {"result": False, "code": code, "comment": comment}


@pytest.fixture
def fake_obs_factory() -> Iterator[Callable[..., FakeObs]]:
    """Build fakes (``start=False`` to get one not listening yet); all stop afterwards."""
    made: list[FakeObs] = []

    def make(*, start: bool = True, **options: Any) -> FakeObs:
        fake = FakeObs(**options)
        made.append(fake)
        return fake.start() if start else fake

    yield make
    for fake in made:
        fake.stop()


@pytest.fixture
def fake_obs(fake_obs_factory: Callable[..., FakeObs]) -> FakeObs:
    """A running fake OBS 29.0.2 with a password."""
    return fake_obs_factory()
