"""An HTTPS stand-in for Comprimato, written apart from the sandbox, answering differently.

It answers as the documentation allows but as the sandbox never does: 200 on create,
lower-case states (``"stopped"``/``"running"``, as Comprimato's overview page writes them),
extra fields everywhere, the list wrapped in an object (``{"data": [...], "total": n}``),
``/streams`` redirected to ``/streams/`` (308) when asked, and scripted answers: a status,
a body that trickles in slowly or stalls, or a connection dropped before any answer.
Every request is counted, so retry rules can be checked by counting.

TLS is real: a private test CA (``trustme``) issues the server's certificate, trusted,
expired, for another host, or from a CA the client does not trust.

Used by the client tests and by the benchmarks' real mode (``--serve``, for a child app
process that trusts the CA through ``SSL_CERT_FILE``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import secrets
import socket
import ssl
import string
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import trustme

#: The kinds of certificate the stand-in can present.
CERT_KINDS = ("trusted", "untrusted", "expired", "wrong-host")


@dataclass
class Reply:
    """A scripted answer to one request.

    Attributes:
        status: HTTP status (ignored when ``drop``).
        body: the body; ``None`` means the stand-in's own answer for the route.
        headers: extra headers.
        trickle: seconds between chunks of ``chunk`` bytes (0: all at once).
        stall_after: bytes of the body sent before the connection goes silent and then
            closes (None: the whole body).
        drop: close the connection after reading the request, without any answer.
    """

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    trickle: float = 0.0
    chunk: int = 8
    stall_after: int | None = None
    stall_seconds: float = 3.0
    drop: bool = False


class StandInState:
    """The stand-in's streams, request counts and scripts (shared by handler threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.streams: dict[str, dict[str, Any]] = {}
        self.counts: Counter[tuple[str, str]] = Counter()
        self.scripts: dict[tuple[str, str], list[Reply]] = {}
        self.api_key = "standin-" + secrets.token_hex(8)
        self.slash_redirects = False
        self.handshake_failures = 0

    def script(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next requests to ``method path`` with ``replies``, in order."""
        with self.lock:
            self.scripts.setdefault((method, path), []).extend(replies)

    def next_script(self, method: str, path: str) -> Reply | None:
        with self.lock:
            queue = self.scripts.get((method, path))
            return queue.pop(0) if queue else None

    def count(self, method: str, path: str) -> int:
        with self.lock:
            return self.counts[(method, path)]

    def wait_handshake_failures(self, at_least: int, timeout: float = 10.0) -> int:
        """Wait until the server has seen ``at_least`` failed TLS handshakes; how many."""
        with self.changed:
            self.changed.wait_for(lambda: self.handshake_failures >= at_least, timeout)
            return self.handshake_failures

    def set_status(self, stream_id: str, status: str) -> None:
        with self.lock:
            self.streams[stream_id]["status"] = status


def _new_stream() -> dict[str, Any]:
    letters = string.ascii_letters + string.digits
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return {
        "id": str(uuid.uuid4()),
        "streamer_key": secrets.token_urlsafe(24),
        "player_key": "".join(secrets.choice(letters) for _ in range(12)),
        "status": "stopped",
        "created_at": now,
        "region": "eu-central",
        "ingest": {"protocol": "srt", "latency_ms": 2000},
    }


class _Handler(BaseHTTPRequestHandler):
    server: StandInServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _any(self) -> None:
        state = self.server.state
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with state.lock:
            state.counts[(self.command, path)] += 1
        scripted = state.next_script(self.command, path)
        if scripted is not None and scripted.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.headers.get("Authorization") != state.api_key:
            self._send(Reply(401, json.dumps({"error": {"message": "invalid credentials"}})
                             .encode()))
            return
        if state.slash_redirects and path.startswith("/v1/streams") and not path.endswith("/"):
            self._send(Reply(308, b"", {"Location": path + "/"}))
            return
        status, body = self._route(self.command, path.rstrip("/"))
        if scripted is not None:
            scripted.body = body if scripted.body is None else scripted.body
            self._send(scripted)
            return
        self._send(Reply(status, body))

    do_GET = do_POST = do_DELETE = do_PUT = _any

    def _route(self, method: str, path: str) -> tuple[int, bytes]:
        state = self.server.state
        parts = path.split("/")
        if path == "/v1/streams" and method == "POST":
            made = _new_stream()
            with state.lock:
                state.streams[made["id"]] = made
            return 200, json.dumps(made).encode()
        if path == "/v1/streams" and method == "GET":
            with state.lock:
                listed = list(state.streams.values())
            return 200, json.dumps({"data": listed, "total": len(listed), "page": 1}).encode()
        if len(parts) == 4 and parts[:3] == ["", "v1", "streams"]:
            stream_id = parts[3]
            with state.lock:
                stream = state.streams.get(stream_id)
                if stream is not None and method == "DELETE":
                    del state.streams[stream_id]
            if stream is None:
                return 404, json.dumps(
                    {"error": {"code": "not_found", "message": f"stream {stream_id} not found"}}
                ).encode()
            if method == "GET":
                return 200, json.dumps(stream).encode()
            if method == "DELETE":
                return 200, json.dumps({"id": stream_id, "deleted": True}).encode()
        return 404, json.dumps({"error": {"code": "no_route", "message": "no such route"}}
                               ).encode()

    def _send(self, reply: Reply) -> None:
        body = reply.body or b""
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", uuid.uuid4().hex)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        sent = body if reply.stall_after is None else body[: reply.stall_after]
        if reply.trickle:
            for start in range(0, len(sent), reply.chunk):
                self.wfile.write(sent[start : start + reply.chunk])
                self.wfile.flush()
                time.sleep(reply.trickle)  # the point: a body that arrives slowly
        else:
            self.wfile.write(sent)
            self.wfile.flush()
        if reply.stall_after is not None:
            time.sleep(reply.stall_seconds)  # silent, then the connection closes
            self.close_connection = True


class StandInServer(ThreadingHTTPServer):
    """The HTTPS server: TLS is set up per connection, in the connection's own thread."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext, state: StandInState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.state = state

    def finish_request(self, request: Any, client_address: Any) -> None:
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # the client's delayed ACK hold the body back some 40 ms, as no real server does.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            wrapped = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            with self.state.changed:
                self.state.handshake_failures += 1
                self.state.changed.notify_all()
            return
        try:
            super().finish_request(wrapped, client_address)
        finally:
            wrapped.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-answer is part of the tests


class HttpsStandIn:
    """A running stand-in: its address, its CA's PEM file, its state.

    Args:
        folder: where the CA's PEM file is written.
        cert: one of ``CERT_KINDS``.

    Attributes:
        ca_file: the PEM file of the CA a client must trust (``SSL_CERT_FILE``).
        state: streams, counts and scripts.
    """

    def __init__(self, folder: Path, cert: str = "trusted") -> None:
        if cert not in CERT_KINDS:
            raise ValueError(f"cert must be one of {CERT_KINDS}")
        self.ca = trustme.CA()
        self.ca_file = folder / "standin-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        now = datetime.datetime.now(datetime.UTC)
        if cert == "untrusted":
            leaf = trustme.CA().issue_cert("127.0.0.1", "localhost")
        elif cert == "expired":
            leaf = self.ca.issue_cert(
                "127.0.0.1", "localhost",
                not_before=now - datetime.timedelta(days=60),
                not_after=now - datetime.timedelta(days=1),
            )
        elif cert == "wrong-host":
            leaf = self.ca.issue_cert("api.example.org")
        else:
            leaf = self.ca.issue_cert("127.0.0.1", "localhost")
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        leaf.configure_cert(tls)
        self.state = StandInState()
        self._server = StandInServer(tls, self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def api_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/v1"

    @property
    def api_key(self) -> str:
        return self.state.api_key

    def start(self) -> HttpsStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> HttpsStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> int:
    """Serve until stdin closes; print one JSON line with the address, key and CA file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    with HttpsStandIn(args.folder) as standin:
        print(json.dumps({"api_url": standin.api_url, "api_key": standin.api_key,
                          "ca_file": str(standin.ca_file)}), flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
