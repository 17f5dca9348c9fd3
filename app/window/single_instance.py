"""One window per user: a second launch hands over to the first one and exits.

The first window listens on a local socket (a Unix socket in the user's runtime folder;
a named pipe on Windows) named after the user's config folder, so two users, or a test
with its own folder, never meet. A later launch connects, asks for the window, and exits
0; the first one brings its window to the front. A socket left behind by a crash answers
nothing and is taken over. Command-line subcommands never come here.

Messages are framed as Python's ``multiprocessing.connection`` frames them (a 4-byte
big-endian length, then the bytes). On Windows that module does the talking over the
named pipe; elsewhere a plain Unix socket does, since importing ``multiprocessing`` holds
about 2 MiB for the life of the window (no QtNetwork either, which would add 4 MiB of
libraries to the bundle for one message). A thread waits for connections and hands
each request to the GUI thread through a queued signal.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import select
import socket
import struct
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal

from .. import APP_ID

log = logging.getLogger(__name__)

#: What a later launch sends; the first answers with ``ANSWER``.
REQUEST = b"show"
ANSWER = b"shown"
#: A running window answers at once; a hung one must not hold the new launch for long.
ANSWER_TIMEOUT = 3.0


def instance_name() -> str:
    """The app and a digest of this user's config folder."""
    from ..storage.paths import config_dir

    digest = hashlib.sha256(str(config_dir().resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{APP_ID}-{digest}"


def instance_address(name: str | None = None) -> str:
    """Where the first window listens: a named pipe (Windows) or a Unix socket file."""
    name = name or instance_name()
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}"
    # The runtime folder is the user's own (0700); macOS and others fall back to TMPDIR,
    # which is per-user on macOS.
    folder = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return str(Path(folder) / f"{name}.sock")


class Connection(Protocol):
    """What both kinds of connection offer (``multiprocessing.connection.Connection``'s)."""

    def send_bytes(self, buf: bytes) -> None: ...
    def poll(self, timeout: float) -> bool: ...
    def recv_bytes(self, maxlength: int) -> bytes: ...
    def close(self) -> None: ...
    def __enter__(self) -> Connection: ...
    def __exit__(self, *exc: object) -> None: ...


class Listener(Protocol):
    def accept(self) -> Connection: ...
    def close(self) -> None: ...


class _UnixConnection:
    """One end of a Unix socket, framed as ``multiprocessing.connection`` frames it."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def send_bytes(self, buf: bytes) -> None:
        self._sock.sendall(struct.pack("!i", len(buf)) + buf)

    def poll(self, timeout: float) -> bool:
        return bool(select.select([self._sock], [], [], timeout)[0])

    def recv_bytes(self, maxlength: int) -> bytes:
        (size,) = struct.unpack("!i", self._read(4))
        if not 0 <= size <= maxlength:
            raise EOFError  # not one of our messages: treated as a connection that ended
        return self._read(size)

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._sock.recv(size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> _UnixConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _UnixListener:
    """A listening Unix socket; ``close`` removes its file."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._sock.bind(address)
            self._sock.listen()
        except OSError:
            self._sock.close()
            raise

    def accept(self) -> Connection:
        return _UnixConnection(self._sock.accept()[0])

    def close(self) -> None:
        self._sock.close()
        with contextlib.suppress(OSError):
            os.unlink(self._address)


def _connect(address: str) -> Connection:
    if sys.platform == "win32":
        from multiprocessing.connection import Client

        return Client(address, family="AF_PIPE")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address)
    except OSError:
        sock.close()
        raise
    return _UnixConnection(sock)


def _open_listener(address: str) -> Listener:
    if sys.platform == "win32":
        from multiprocessing.connection import Listener as PipeListener

        return PipeListener(address, family="AF_PIPE")
    return _UnixListener(address)


def hand_over(address: str | None = None) -> bool:
    """Ask a running window to show itself; True when one answered (this launch is done)."""
    try:
        connection = _connect(address or instance_address())
    except OSError:  # nothing listens (no window, or a crashed one's leftover file)
        return False
    with connection:
        try:
            connection.send_bytes(REQUEST)
            return connection.poll(ANSWER_TIMEOUT) and connection.recv_bytes(64) == ANSWER
        except (OSError, EOFError):
            return False


class InstanceServer(QObject):
    """The first window's side: answers later launches by calling ``on_request``.

    Attributes:
        listening: whether the socket is open (False: the system refused; the window
            then works on, only without the hand-over).

    Signals:
        requested(): a later launch asked for the window (emitted on the GUI thread).
    """

    requested = Signal()

    def __init__(self, on_request: Callable[[], None], address: str | None = None) -> None:
        super().__init__()
        self._address = address or instance_address()
        self._stopping = threading.Event()
        self.requested.connect(on_request, Qt.ConnectionType.QueuedConnection)
        self._listener = self._listen()
        self.listening = self._listener is not None
        self._thread: threading.Thread | None = None
        if self._listener is not None:
            self._thread = threading.Thread(
                target=self._serve, args=(self._listener,), name="single-instance",
                daemon=True,
            )
            self._thread.start()

    def _listen(self) -> Listener | None:
        for attempt in (1, 2):
            try:
                return _open_listener(self._address)
            except OSError as error:
                leftover = sys.platform != "win32" and Path(self._address).exists()
                if attempt == 1 and leftover:
                    # A socket file left by a crashed window (hand_over found nobody there).
                    with contextlib.suppress(OSError):
                        Path(self._address).unlink()
                    continue
                log.warning("the single-instance socket could not be opened: %s", error)
        return None

    def _serve(self, listener: Listener) -> None:
        """Worker thread: accept connections until ``close``."""
        while not self._stopping.is_set():
            try:
                connection = listener.accept()
            except OSError:
                if self._stopping.is_set():
                    return
                continue
            with connection:
                self._answer(connection)

    def _answer(self, connection: Connection) -> None:
        try:
            if not connection.poll(ANSWER_TIMEOUT) or connection.recv_bytes(64) != REQUEST:
                return
        except (OSError, EOFError):
            return
        if self._stopping.is_set():
            return
        log.info("another launch asked for the window: bringing it to the front")
        self.requested.emit()
        with contextlib.suppress(OSError):
            connection.send_bytes(ANSWER)

    def close(self) -> None:
        """Stop answering; the socket file is removed."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._stopping.set()
        # accept() blocks: one last connection of our own wakes it up.
        with contextlib.suppress(OSError), _connect(self._address):
            pass
        listener.close()
        if self._thread is not None:
            self._thread.join(2.0)


__all__ = ["InstanceServer", "hand_over", "instance_address", "instance_name"]
