"""The sandbox's HTTP side: the Comprimato REST API, the player page and fault injection.

Standard library only (``ThreadingHTTPServer``), threads and no asyncio, because the same
server runs inside the window's process next to Qt's event loop. Every answer is JSON
(errors included), except the player page. The contract is the table in
``comprimato-api.md``; ``/healthz`` and the player routes need no API key.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import http.client
import io
import json
import logging
import re
import selectors
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote, urlsplit

from ..comprimato.models import Stream
from .faults import Fault, FaultKind, FaultPlan
from .player_page import (
    CONTENT_SECURITY_POLICY,
    HLS_JS_PATH,
    live_document,
    render_missing_page,
    render_player_page,
    status_document,
)
from .registry import StreamRegistry

if TYPE_CHECKING:
    from .hls_live import HlsLive

log = logging.getLogger(__name__)

API_PREFIX: Final = "/v1"
MAX_BODY: Final = 64 * 1024
#: A request's headers, all lines together. The standard parser alone takes 100 lines of
#: 64 kB each: at the cap on connections some 800 MiB held at once.
MAX_HEADER_BYTES: Final = 32 * 1024
#: Idle keep-alive connections are closed after this long; longer than httpx's own
#: 5 s keep-alive expiry, so a client never reuses a connection the server is closing.
IDLE_TIMEOUT: Final = 30.0
#: A request's line, headers and body must all arrive within this long of its first byte,
#: however slowly they trickle (each read's own timeout would let a byte a minute hold on).
REQUEST_DEADLINE: Final = 10.0
#: Open connections each server keeps at most (one thread each). At the cap, a newcomer
#: takes the place of the connection idle longest, else of the one whose request has been
#: arriving longest (more than :data:`STALE_REQUEST`); else it is closed at once.
MAX_CONNECTIONS: Final = 128
STALE_REQUEST: Final = 1.0
#: Accept failures that mean "out of files or memory": the loop waits before it tries again.
_ACCEPT_EXHAUSTED: Final = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_ACCEPT_BACKOFF_MAX: Final = 1.0
#: Control characters (terminal escapes) shown as ``\xNN`` in log lines.
_CONTROL_ESCAPES: Final = {
    code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))
}

_PLAY_PAGE = re.compile(r"^/play/([A-Za-z0-9_-]{1,64})/?$")
_PLAY_STATUS = re.compile(r"^/play/([A-Za-z0-9_-]{1,64})/status\.json$")
_PLAY_LIVE = re.compile(r"^/play/([A-Za-z0-9_-]{1,64})/live\.json$")
_PLAY_PLAYLIST = re.compile(r"^/play/([A-Za-z0-9_-]{1,64})/live\.m3u8$")
_PLAY_SEGMENT = re.compile(r"^/play/([A-Za-z0-9_-]{1,64})/s([0-9]{1,9})-([0-9]{1,12})\.ts$")
_COLLECTION = re.compile(r"^/v1/streams/?$")
_ITEM = re.compile(r"^/v1/streams/([^/]+)/?$")

_HTML_ERROR_PAGE: Final = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>"
    b"Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n"
)
_MALFORMED_JSON: Final = b'{"id": "0e00c4e5-3c2a", "streamer_key": '
_TRUNCATED_START: Final = b'[{"id": "0e00c4e5-3c2a-4e8d-9751-e3cab17f7043", "streamer_key": "'


class SandboxHttpServer(ThreadingHTTPServer):
    """The HTTP server with what its handlers need, and a record of open connections.

    Attributes:
        registry: the streams.
        faults: injected faults and request counts.
        api_key: the key every ``/v1`` request must carry, raw, in ``Authorization``.
        on_delete: called with a deleted stream (the sandbox disconnects its publisher).
        hls: the streams' HLS (``None``: the ingest is off, nothing to play).
        player_only: serve the player page, its script and HLS alone (the LAN server).
        stopping: set when the sandbox stops; a latency fault waits on it.
    """

    daemon_threads = True
    # On Windows SO_REUSEADDR would let another program bind the same port beside this one;
    # there the socket is bound with SO_EXCLUSIVEADDRUSE instead (server_bind).
    allow_reuse_address = sys.platform != "win32"
    request_queue_size = 128
    max_connections = MAX_CONNECTIONS
    request_deadline = REQUEST_DEADLINE

    def __init__(
        self,
        address: tuple[str, int],
        *,
        registry: StreamRegistry,
        faults: FaultPlan,
        api_key: str,
        on_delete: Callable[[Stream], None],
        hls: HlsLive | None = None,
        player_only: bool = False,
    ) -> None:
        self.hls = hls
        self.player_only = player_only
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.registry = registry
        self.faults = faults
        self.api_key = api_key
        self.on_delete = on_delete
        self.stopping = threading.Event()
        #: Open connections, oldest first, each with when its current request began
        #: arriving (``None``: it waits for its next request).
        self._connections: dict[socket.socket, float | None] = {}
        self._connections_lock = threading.Lock()
        self._shutdown_asked = threading.Event()
        self._served = threading.Event()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._accept_backoff = 0.0
        try:
            super().__init__(address, _Handler)
        except BaseException:
            self._wake_reader.close()
            self._wake_writer.close()
            raise

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    # The standard loop wakes every ``poll_interval`` only to see whether ``shutdown`` was
    # asked for: in the window's process that is CPU spent all day. This loop sleeps until a
    # connection arrives or ``shutdown`` writes to a wake-up socket.

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until ``shutdown``; ``poll_interval`` is accepted and not needed."""
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            try:
                while not self._shutdown_asked.is_set():
                    for key, _ in selector.select():
                        if key.fileobj is self and not self._shutdown_asked.is_set():
                            # What the standard loop calls here (not in the type stubs).
                            self._handle_request_noblock()  # type: ignore[attr-defined]
                    if self._accept_backoff:
                        # Out of files: accepting again at once would spin a core. Wait,
                        # waking early only for shutdown (an Event: a new selector would
                        # need a file, and failing to get one ended this loop for good).
                        self._shutdown_asked.wait(self._accept_backoff)
            finally:
                self._served.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` and wait until it has returned (it must be running)."""
        self._shutdown_asked.set()
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"\0")
        self._served.wait()

    def server_bind(self) -> None:
        exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", None)  # Windows only
        if exclusive is not None:
            self.socket.setsockopt(socket.SOL_SOCKET, exclusive, 1)
        super().server_bind()

    def get_request(self) -> tuple[socket.socket, Any]:
        try:
            request = super().get_request()
        except OSError as error:
            if error.errno in _ACCEPT_EXHAUSTED:
                self._accept_backoff = min(
                    _ACCEPT_BACKOFF_MAX, max(0.05, self._accept_backoff * 2)
                )
                log.warning("The sandbox cannot accept a connection: %s", error.strerror)
            raise
        self._accept_backoff = 0.0
        return request

    def process_request(self, request: Any, client_address: Any) -> None:
        """Start the connection's thread, within the cap on open connections."""
        if not self._make_room():
            log.debug("connection refused: %d connections are busy", self.max_connections)
            self.shutdown_request(request)
            return
        with self._connections_lock:
            self._connections[request] = None
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.untrack(request)
            raise

    def _make_room(self) -> bool:
        """Below the cap, or made so by closing an idle or a stale connection."""
        with self._connections_lock:
            if len(self._connections) < self.max_connections:
                return True
            idle = [conn for conn, began in self._connections.items() if began is None]
            if idle:
                victim = idle[0]
            else:
                victim, began = min(self._connections.items(), key=lambda item: item[1] or 0.0)
                if time.monotonic() - (began or 0.0) < STALE_REQUEST:
                    return False
            del self._connections[victim]
        with contextlib.suppress(OSError):  # its thread sees the end and finishes
            victim.shutdown(socket.SHUT_RDWR)
        return True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed: a log line, never a traceback on the terminal.

        A viewer or the app hanging up mid-request (closing a kept-alive connection at
        quit, say) is routine and only a debug line.
        """
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            log.debug("a client hung up: %s", type(error).__name__)
            return
        log.exception("the sandbox failed to answer a request")

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def mark(self, connection: socket.socket, began: float | None) -> None:
        """When a connection's current request began arriving (``None``: it waits)."""
        with self._connections_lock:
            if connection in self._connections:
                self._connections[connection] = began

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.pop(connection, None)

    def shutdown_request(self, request: Any) -> None:
        self.untrack(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut every open connection, so idle keep-alive handler threads end now."""
        self.stopping.set()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its client
                connection.shutdown(socket.SHUT_RDWR)


class _DeadlineReader(io.RawIOBase):
    """A connection's bytes, with a deadline for each request as a whole.

    Waiting for a request's first byte has the idle timeout; from that byte on, every read
    gets only what is left of the request's deadline.
    """

    def __init__(self, connection: socket.socket, server: SandboxHttpServer) -> None:
        super().__init__()
        self._connection = connection
        self._server = server
        self._deadline: float | None = None
        #: Bytes the headers being read may still take (``None``: no headers being read).
        self._header_budget: int | None = None

    def readable(self) -> bool:
        return True

    def limit_headers(self, budget: int | None) -> None:
        """From now on, reads may take ``budget`` bytes more (``None``: no limit)."""
        self._header_budget = budget

    def next_request(self) -> None:
        """The previous request is answered: wait (idle) for the next one."""
        self._deadline = None
        self._server.mark(self._connection, None)

    def readinto(self, buffer: Any) -> int:
        if self._deadline is None:
            self._connection.settimeout(IDLE_TIMEOUT)
        else:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request did not arrive in time")
            self._connection.settimeout(left)
        if self._header_budget is not None:
            if self._header_budget <= 0:  # the parser answers 431 and closes the connection
                raise http.client.LineTooLong(f"headers of more than {MAX_HEADER_BYTES} bytes")
            buffer = memoryview(buffer)[: self._header_budget]
        count = self._connection.recv_into(buffer)
        if self._header_budget is not None:
            self._header_budget -= count
        if count and self._deadline is None:
            began = time.monotonic()
            self._deadline = began + self._server.request_deadline
            self._server.mark(self._connection, began)
        return count


class _Handler(BaseHTTPRequestHandler):
    """One connection's requests (HTTP/1.1 keep-alive)."""

    server: SandboxHttpServer
    protocol_version = "HTTP/1.1"
    server_version = "ComprimatoSandbox/1.0"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    # Headers and body go out in separate writes: without this, Nagle's algorithm and the
    # client's delayed ACK add ~40 ms to every keep-alive answer.
    disable_nagle_algorithm = True

    # --- connection bookkeeping and logging ---------------------------------------------

    def setup(self) -> None:
        super().setup()
        self._reader = _DeadlineReader(self.connection, self.server)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        self._reader.next_request()
        super().handle_one_request()

    def parse_request(self) -> bool:
        self._reader.limit_headers(MAX_HEADER_BYTES)
        try:
            return super().parse_request()
        finally:
            self._reader.limit_headers(None)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass  # the connection was dropped on purpose (fault) or by the client
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line only (never headers, so never the API key), at debug level, its
        # control characters escaped so no terminal escape reaches a terminal or the log.
        line = (format % args).translate(_CONTROL_ESCAPES)
        log.debug("%s %s", self.address_string(), line)

    # --- every method goes through one dispatcher ---------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    # The other common methods reach the router too, which answers 404 or 405 in JSON.
    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's errors (bad request line, header too long...) as JSON too.

        Its "501 Unsupported method" for an exotic method becomes a 405, as the contract
        asks of anything the API does not serve.
        """
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # an unparsable request line: answer in 1.1
            self.request_version = "HTTP/1.1"
        if code == HTTPStatus.NOT_IMPLEMENTED:
            code, message = 405, f"{self.command} is not allowed here."
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        self._send_json(code, {"message": message or phrase})

    def _dispatch(self) -> None:
        method = self.command.upper()
        path = urlsplit(self.path).path
        faults = self.server.faults
        faults.record(method, path)
        body = self._read_body()
        if body is None:
            return
        # The request is in: the answer gets the usual timeout, not what was left of the
        # request's deadline (a segment to a slow phone takes a while).
        self.connection.settimeout(IDLE_TIMEOUT)
        fault = faults.take(method, path)
        if fault is not None and fault.kind is FaultKind.LATENCY:
            self.server.stopping.wait(fault.seconds)
            fault = faults.take(method, path, skip_latency=True)
        if fault is not None and self._act_out(fault):
            return
        self._route(method, path, body, fault)

    def _read_body(self) -> bytes | None:
        """The request body (read even when unused, to keep the connection in step)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self._send_json(411, {"message": "Send the body with a Content-Length."})
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send_json(413, {"message": "The request body is too large."})
            return None
        return self.rfile.read(length) if length else b""

    # --- routing ------------------------------------------------------------------------

    def _route(self, method: str, path: str, body: bytes, fault: Fault | None) -> None:
        if self._route_player(method, path):
            return
        if self.server.player_only:
            self._send_json(404, {"message": "This address serves the player only."})
            return
        if path == "/healthz":
            if self._only(method, ("GET",)):
                self._send_json(200, {"status": "ok"})
            return
        if not self._authorized():
            self._send_json(
                401,
                {"message": "Missing or invalid API key: send the key, as it is, in the "
                 "Authorization header."},
            )
            return
        if _COLLECTION.match(path):
            if not self._only(method, ("GET", "POST")):
                return
            if method == "POST":
                drop = fault is not None and fault.kind is FaultKind.CREATE_THEN_DROP
                garbage = fault is not None and fault.kind is FaultKind.CREATE_THEN_GARBAGE
                self._create(body, drop_answer=drop, garbage_answer=garbage)
            else:
                wrap = fault is not None and fault.kind is FaultKind.WRAP_LIST
                self._list(fault.wrapper if fault is not None and wrap else None)
            return
        if match := _ITEM.match(path):
            if not self._only(method, ("GET", "DELETE")):
                return
            stream_id = unquote(match.group(1))
            if method == "GET":
                self._get(stream_id)
            else:
                self._delete(stream_id)
            return
        self._send_json(404, {"message": f"No such endpoint: {method} {path}."})

    def _route_player(self, method: str, path: str) -> bool:
        """The player's routes (no API key needed); ``False`` when the path is not one."""
        routes: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], None]], ...] = (
            (_PLAY_SEGMENT, self._play_segment),
            (_PLAY_PLAYLIST, lambda m: self._play_playlist(m.group(1))),
            (_PLAY_LIVE, lambda m: self._play_live(m.group(1))),
            (_PLAY_STATUS, lambda m: self._play_status(m.group(1))),
            (_PLAY_PAGE, lambda m: self._play_page(m.group(1))),
        )
        if path == HLS_JS_PATH:
            if self._only(method, ("GET", "HEAD")):
                self._hls_js()
            return True
        for pattern, answer in routes:
            if match := pattern.match(path):
                if self._only(method, ("GET", "HEAD")):
                    answer(match)
                return True
        return False

    def _only(self, method: str, allowed: tuple[str, ...]) -> bool:
        if method in allowed:
            return True
        self._send_json(
            405,
            {"message": f"{method} is not allowed here; use {' or '.join(allowed)}."},
            headers={"Allow": ", ".join(allowed)},
        )
        return False

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "")
        return hmac.compare_digest(
            given.encode("utf-8", "replace"), self.server.api_key.encode("utf-8")
        )

    # --- the API ------------------------------------------------------------------------

    def _create(self, body: bytes, *, drop_answer: bool, garbage_answer: bool = False) -> None:
        if body.strip():
            try:
                payload = json.loads(body)
            except (ValueError, RecursionError):
                payload = None
            if not isinstance(payload, dict):
                self._send_json(400, {"message": "The body must be a JSON object, such as {}."})
                return
        stream = self.server.registry.create()
        if drop_answer:  # CREATE_THEN_DROP: made, but the answer is lost
            self._drop_connection()
            return
        if garbage_answer:  # CREATE_THEN_GARBAGE: made, but the answer cannot be read
            self._send(201, _MALFORMED_JSON, content_type="application/json")
            return
        self._send_json(
            201, stream.to_json(), headers={"Location": f"{API_PREFIX}/streams/{stream.id}"}
        )

    def _list(self, wrapper: str | None) -> None:
        streams = [stream.to_json() for stream in self.server.registry.list()]
        self._send_json(200, {wrapper: streams} if wrapper else streams)

    def _get(self, stream_id: str) -> None:
        stream = self.server.registry.get(stream_id)
        if stream is None:
            self._send_json(404, {"message": f"No stream with id {stream_id}."})
            return
        self._send_json(200, stream.to_json())

    def _delete(self, stream_id: str) -> None:
        stream = self.server.registry.delete(stream_id)
        if stream is None:
            self._send_json(404, {"message": f"No stream with id {stream_id}."})
            return
        self.server.on_delete(stream)
        self._send(204, b"", content_type=None)

    # --- the player ---------------------------------------------------------------------

    def _play_page(self, player_key: str) -> None:
        stream = self.server.registry.by_player_key(player_key)
        headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}
        if stream is None:
            page = render_missing_page()
            self._send(404, page.encode(), content_type="text/html; charset=utf-8",
                       headers=headers)
            return
        page = render_player_page(
            stream_id=stream.id, player_key=stream.player_key, status=stream.status
        )
        self._send(200, page.encode(), content_type="text/html; charset=utf-8", headers=headers)

    def _play_status(self, player_key: str) -> None:
        stream = self.server.registry.by_player_key(player_key)
        if stream is None:
            self._send_json(404, {"message": "No such stream."})
            return
        self._send(200, status_document(stream.status), content_type="application/json")

    def _play_live(self, player_key: str) -> None:
        stream = self.server.registry.by_player_key(player_key)
        if stream is None:
            self._send_json(404, {"message": "No such stream."})
            return
        hls = self.server.hls
        freshness = hls.freshness(player_key) if hls is not None else {"playable": False}
        self._send(200, live_document(stream.status, freshness), content_type="application/json")

    def _play_playlist(self, player_key: str) -> None:
        hls = self.server.hls
        playlist = hls.playlist(player_key) if hls is not None else None
        if playlist is None:
            self._send_json(404, {"message": "Nothing to play yet: the stream is offline."})
            return
        self._send(200, playlist.encode(), content_type="application/vnd.apple.mpegurl")

    def _play_segment(self, match: re.Match[str]) -> None:
        hls = self.server.hls
        data = None
        if hls is not None:
            data = hls.segment(match.group(1), int(match.group(2)), int(match.group(3)))
        if data is None:
            self._send_json(404, {"message": "No such segment (it left the live window)."})
            return
        self._send(200, data, content_type="video/mp2t")

    def _hls_js(self) -> None:
        from .player_assets import hls_js

        script = hls_js()
        if script is None:
            self._send_json(404, {"message": "hls.js is not installed with this copy."})
            return
        self._send(200, script, content_type="text/javascript; charset=utf-8",
                   cache="public, max-age=86400")

    # --- faults -------------------------------------------------------------------------

    def _act_out(self, fault: Fault) -> bool:
        """Play a fault out; ``False`` when it only changes the normal answer."""
        kind = fault.kind
        if kind is FaultKind.STATUS:
            if isinstance(fault.body, bytes):
                self._send(fault.status, fault.body, content_type="application/json")
            elif isinstance(fault.body, str):  # raw text: an HTML page or a plain sentence
                kind_of_text = "text/html" if fault.body.lstrip().startswith("<") else "text/plain"
                self._send(fault.status, fault.body.encode(), content_type=kind_of_text)
            else:
                body = fault.body
                if body is None:
                    body = {"message": f"Injected fault (HTTP {fault.status})."}
                self._send_json(fault.status, body)
        elif kind is FaultKind.RATE_LIMIT:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send_json(429, {"message": "Too many requests."}, headers=headers)
        elif kind is FaultKind.MALFORMED_JSON:
            self._send(200, _MALFORMED_JSON, content_type="application/json")
        elif kind is FaultKind.HTML_ERROR:
            self._send(fault.status, _HTML_ERROR_PAGE, content_type="text/html")
        elif kind is FaultKind.TRUNCATED:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(_TRUNCATED_START) + 4096))
            self.end_headers()
            self.wfile.write(_TRUNCATED_START)
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        elif kind is FaultKind.RESET:
            self._drop_connection()
        else:
            return False  # CREATE_THEN_DROP/GARBAGE, WRAP_LIST: the router applies them
        return True

    def _drop_connection(self) -> None:
        """Close without a word: an RST, as a crashed server or a cut network gives."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            linger_then_reset = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_then_reset)
        self.connection.close()

    # --- sending ------------------------------------------------------------------------

    def _send_json(
        self, status: int, payload: object, *, headers: dict[str, str] | None = None
    ) -> None:
        self._send(status, json.dumps(payload).encode(), content_type="application/json",
                   headers=headers)

    def _send(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str | None,
        headers: dict[str, str] | None = None,
        cache: str = "no-store",
    ) -> None:
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if status != 204:
                self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True  # the client went away; nothing to tell it
