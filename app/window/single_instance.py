"""One window per user: a second launch hands over to the first one and exits.

The first window listens on a local socket (a Unix socket in the user's runtime folder;
a named pipe on Windows) named after the user's config folder, so two users, or a test
with its own folder, never meet. A later launch connects, asks for the window, and exits
0; the first one brings its window to the front. A socket left behind by a crash answers
nothing and is taken over; one that answers belongs to a window started a moment earlier,
which this launch then hands over to (``InstanceServer.handed_over``). Take-overs are
serialised by a lock file beside the socket, and a window removes the socket file at quit
only while it is still its own. Command-line subcommands never come here.

The socket lives in the user's runtime folder (``XDG_RUNTIME_DIR``). Without one, it is in
a folder of the temporary folder made for this user alone (0700, owned by them, not a
link); should another user have taken that name, there is no hand-over at all rather than
a socket someone else controls.

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
import stat
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


def instance_address(name: str | None = None) -> str | None:
    """Where the first window listens: a named pipe (Windows) or a Unix socket file.

    ``None`` when this user has no private folder for the socket (see the module).
    """
    name = name or instance_name()
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}"
    folder = _private_folder()
    return None if folder is None else str(folder / f"{name}.sock")


def _private_folder() -> Path | None:
    """The user's runtime folder, else a folder of their own in the temporary folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and _is_private(Path(runtime)):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"{APP_ID}-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    if _is_private(folder):
        return folder
    log.warning("%s is not this user's own folder: no single-instance hand-over", folder)
    return None


def _is_private(folder: Path) -> bool:
    """A real folder (not a link), this user's, that nobody else can enter or write."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
    )


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
    """A listening Unix socket; ``close`` removes its file while it is still this one."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._sock.bind(address)
            self._sock.listen()
            self._identity = _identity(address)
        except OSError:
            self._sock.close()
            raise

    def accept(self) -> Connection:
        return _UnixConnection(self._sock.accept()[0])

    def close(self) -> None:
        self._sock.close()
        # Another window may have taken the name over since: its file stays.
        if _identity(self._address) == self._identity:
            with contextlib.suppress(OSError):
                os.unlink(self._address)


def _identity(path: str) -> tuple[int, int] | None:
    """Which file ``path`` is now (device and inode), ``None`` when there is none."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _answers(address: str) -> bool:
    """Whether something listens at ``address`` (a leftover socket refuses connections)."""
    try:
        with contextlib.closing(_connect(address)):
            return True
    except OSError:
        return False


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
    address = address or instance_address()
    if address is None:
        return False
    try:
        connection = _connect(address)
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
        listening: whether the socket is open (False: the system refused, or there is no
            private place for it; the window then works on, only without the hand-over).
        handed_over: a window started a moment earlier already listens, and was asked
            to show itself: this launch should close.

    Signals:
        requested(): a later launch asked for the window (emitted on the GUI thread).
    """

    requested = Signal()

    def __init__(self, on_request: Callable[[], None], address: str | None = None) -> None:
        super().__init__()
        self._address = address or instance_address()
        self._stopping = threading.Event()
        self.requested.connect(on_request, Qt.ConnectionType.QueuedConnection)
        self.handed_over = False
        self._listener = self._listen() if self._address is not None else None
        self.listening = self._listener is not None
        self._thread: threading.Thread | None = None
        if self._listener is not None:
            self._thread = threading.Thread(
                target=self._serve, args=(self._listener,), name="single-instance",
                daemon=True,
            )
            self._thread.start()

    def _listen(self) -> Listener | None:
        assert self._address is not None
        if sys.platform == "win32":
            try:
                return _open_listener(self._address)
            except OSError as error:
                log.warning("the single-instance pipe could not be opened: %s", error)
                return None
        import fcntl

        # One launch at a time decides whether a socket file is a leftover.
        try:
            lock = os.open(self._address + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            log.warning("the single-instance lock could not be opened: %s", error)
            return None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._listen_locked(self._address)
        finally:
            os.close(lock)  # releases the lock

    def _listen_locked(self, address: str) -> Listener | None:
        for attempt in (1, 2):
            try:
                return _open_listener(address)
            except OSError as error:
                if attempt == 1 and Path(address).exists():
                    if _answers(address):  # a window started a moment ago: not a leftover
                        self.handed_over = hand_over(address)
                        return None
                    # A socket file left by a crashed window: nobody listens on it.
                    with contextlib.suppress(OSError):
                        Path(address).unlink()
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
        if self._address is not None:
            with contextlib.suppress(OSError), _connect(self._address):
                pass
        listener.close()
        if self._thread is not None:
            self._thread.join(2.0)


__all__ = ["InstanceServer", "hand_over", "instance_address", "instance_name"]
