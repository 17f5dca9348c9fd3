"""One window per user: a second launch hands over to the first one and exits.

The first window listens on a local socket (``QLocalServer``: a Unix socket, a named pipe
on Windows) named after the user's config folder, so two users, or a test with its own
folder, never meet. A later launch connects, asks for the window, and exits 0; the first
one brings its window to the front. A socket left behind by a crash answers nothing and
is taken over. Command-line subcommands never come here.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app import APP_ID

log = logging.getLogger(__name__)

#: What a later launch sends; the first answers with ``ANSWER``.
REQUEST = b"show\n"
ANSWER = b"shown\n"
#: A running window answers at once: a connection to a live socket takes microseconds.
CONNECT_TIMEOUT_MS = 500
ANSWER_TIMEOUT_MS = 2000


def instance_name() -> str:
    """The socket's name: the app and a digest of this user's config folder."""
    from app.storage.paths import config_dir

    digest = hashlib.sha256(str(config_dir().resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{APP_ID}-{digest}"


def hand_over(name: str | None = None) -> bool:
    """Ask a running window to show itself; True when one answered (this launch is done)."""
    socket = QLocalSocket()
    socket.connectToServer(name or instance_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(REQUEST)
    socket.flush()
    answered = False
    while socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
        if bytes(socket.readAll().data()).endswith(ANSWER):
            answered = True
            break
    socket.abort()
    return answered


class InstanceServer(QObject):
    """The first window's side: answers later launches by calling ``on_request``.

    Attributes:
        listening: whether the socket is open (False: another window owns it, or the
            system refused; the window then works on, only without the hand-over).
    """

    def __init__(self, on_request: Callable[[], None], name: str | None = None) -> None:
        super().__init__()
        self._on_request = on_request
        self._name = name or instance_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.listening = self._listen()

    def _listen(self) -> bool:
        if self._server.listen(self._name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # A socket file left by a crashed window: nothing answers there, take it over.
            QLocalServer.removeServer(self._name)
            if self._server.listen(self._name):
                return True
        log.warning("the single-instance socket could not be opened: %s",
                    self._server.errorString())
        return False

    def _accept(self) -> None:
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if not bytes(connection.readAll().data()).startswith(REQUEST.strip()):
            connection.abort()
            return
        log.info("another launch asked for the window: bringing it to the front")
        self._on_request()
        connection.write(ANSWER)
        connection.flush()
        connection.disconnectFromServer()

    def close(self) -> None:
        """Stop answering (the socket file is removed)."""
        self._server.close()


__all__ = ["InstanceServer", "hand_over", "instance_name"]
