"""OBS's WebSocket on the wire, below obsws-python: address, Host header, close codes.

``link.py`` builds obsws-python's clients on sockets opened here. What the library does not
do is done here on websocket-client alone: an IPv6 address goes in brackets in the URL and
is announced as ``localhost`` in the Host header (OBS 32.2.2's WebSocket++ answers 400 to
``Host: [::1]:4455``, which OBS 29 and 30.2 accept; it does not look at the name); each
socket reports the status code of a close frame it reads (the library swallows them); and a
failed handshake can be repeated on a plain socket to read the code OBS closed it with.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import socket
import struct
from collections.abc import Callable
from typing import Any

import websocket

from ..i18n import translate
from ..loopback import is_loopback
from .connection import ObsConnectionInfo
from .errors import ObsAuthFailed, ObsError, ObsKicked, ObsTooOld

CLOSE_AUTHENTICATION_FAILED = 4009
CLOSE_UNSUPPORTED_RPC_VERSION = 4010
CLOSE_SESSION_INVALIDATED = 4011


def url_host(host: str) -> str:
    """The host as a URL holds it: an IPv6 address in brackets (the library adds none)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def open_socket(ws: websocket.WebSocket, host: str, port: int, timeout: float) -> None:
    """Connect ``ws`` to ``host`` (bracketed when IPv6) with a Host header every OBS takes."""
    options: dict[str, Any] = {"timeout": timeout}
    if host.startswith("["):  # OBS 32.2.2 refuses a bracketed Host with 400
        options["host"] = f"localhost:{port}"
    if is_loopback(host):
        # An OBS on this computer is never reached through the environment's proxy:
        # websocket-client sends even 127.0.0.1 there when HTTP_PROXY is set, unless it is
        # handed a socket already connected.
        options["socket"] = socket.create_connection((host.strip("[]"), port), timeout)
    ws.connect(f"ws://{host}:{port}", **options)  # type: ignore[no-untyped-call]


def shut(ws: websocket.WebSocket | None) -> None:
    """Shut a socket down, whatever state it is in."""
    if ws is not None:
        with contextlib.suppress(Exception):
            ws.shutdown()  # type: ignore[no-untyped-call]


def record_close_frames(ws: websocket.WebSocket, record: Callable[[int], None]) -> None:
    """Make one websocket-client socket report the status code of a close frame it reads."""
    original = ws.recv_data_frame

    def recv_data_frame(control_frame: bool = False) -> tuple[int, Any]:
        opcode, frame = original(control_frame)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = close_status(frame.data)
            if code is not None:
                record(code)
        return opcode, frame

    ws.recv_data_frame = recv_data_frame  # type: ignore[method-assign]


def close_status(data: bytes) -> int | None:
    """The status code at the start of a close frame's payload, if it has one."""
    if len(data) < 2:
        return None
    return int(struct.unpack("!H", data[:2])[0])


def close_code_error(code: int | None) -> ObsError | None:
    """The error an obs-websocket close code means, or None for any other code."""
    if code == CLOSE_AUTHENTICATION_FAILED:
        return ObsAuthFailed()
    if code == CLOSE_SESSION_INVALIDATED:
        return ObsKicked()
    if code == CLOSE_UNSUPPORTED_RPC_VERSION:
        return ObsTooOld(
            translate(
                "ObsLink", "OBS does not support this program's obs-websocket protocol version."
            )
        )
    return None


def handshake_close_code(info: ObsConnectionInfo, timeout: float) -> int | None:
    """Repeat the handshake on a plain socket to read the close code OBS answers with."""
    ws = websocket.WebSocket()
    try:
        open_socket(ws, url_host(info.host), info.port, timeout)
        opcode, frame = ws.recv_data_frame()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return close_status(frame.data)
        hello = json.loads(frame.data)["d"]
        identify: dict[str, Any] = {"rpcVersion": 1, "eventSubscriptions": 0}
        challenge = hello.get("authentication")
        if challenge and info.password:
            identify["authentication"] = authentication_string(
                info.password, challenge["salt"], challenge["challenge"]
            )
        ws.send(json.dumps({"op": 1, "d": identify}))
        opcode, frame = ws.recv_data_frame()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return close_status(frame.data)
        return None
    except (OSError, websocket.WebSocketException, ValueError, KeyError, TypeError):
        return None
    finally:
        ws.shutdown()  # type: ignore[no-untyped-call]


def authentication_string(password: str, salt: str, challenge: str) -> str:
    """obs-websocket 5's answer: base64(sha256(base64(sha256(password + salt)) + challenge))."""
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest())
    return base64.b64encode(hashlib.sha256(secret + challenge.encode()).digest()).decode()
