"""Desktop notifications through ``org.freedesktop.Notifications`` on the session D-Bus.

Where there is no tray icon (stock GNOME, for one) Qt cannot show a notification, yet
"you are live" and "stream dropped" must still reach the user. The freedesktop service
shows them on every Linux desktop. The call runs on a worker thread of its own (D-Bus is
IPC: the GUI thread never waits on it), and a missing service only costs a debug line.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import sys
from typing import Any

from .. import APP_ID, APP_NAME

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
#: Urgency hint values of the specification: 1 normal, 2 critical.
NORMAL, CRITICAL = 1, 2
#: How long the service may take to answer one call, seconds.
CALL_TIMEOUT = 3.0


def supported() -> bool:
    """Whether this system speaks the freedesktop notification protocol (Linux, BSD)."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


class DesktopNotifier:
    """Sends notifications (each its own: "dropped" must not silently replace "live").

    Attributes:
        last_id: the service's id of the newest notification shown (0: none yet).
        sent: how many notifications the service accepted.
        last_error: why the newest attempt failed, in words ("" when it did not).
    """

    def __init__(self, bus: str = "SESSION") -> None:
        self._bus = bus
        self._executor = concurrent.futures.ThreadPoolExecutor(
            1, thread_name_prefix="desktop-notify"
        )
        self._connection: Any = None  # touched only on the worker thread
        self._closed = False
        self.last_id = 0
        self.sent = 0
        self.last_error = ""

    def notify(
        self, title: str, message: str, *, critical: bool = False
    ) -> concurrent.futures.Future[int | None]:
        """Queue a notification; the future holds the service's id (None: not shown)."""
        return self._executor.submit(self._send, title, message, critical)

    def _send(self, title: str, message: str, critical: bool) -> int | None:
        try:
            return self._call(title, message, critical)
        except Exception as error:  # no service, no bus, a refusal: nothing to crash for
            self.last_error = f"{type(error).__name__}: {error}"
            log.debug("desktop notification not shown: %s", self.last_error)
            self._drop_connection()
            return None

    def _call(self, title: str, message: str, critical: bool) -> int:
        from jeepney import (  # type: ignore[import-untyped]
            DBusAddress,
            MessageType,
            new_method_call,
        )
        from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

        if self._connection is None:
            self._connection = open_dbus_connection(bus=self._bus)
        address = DBusAddress(OBJECT_PATH, bus_name=SERVICE, interface=SERVICE)
        hints = {
            "urgency": ("y", CRITICAL if critical else NORMAL),
            "desktop-entry": ("s", APP_ID),
        }
        call = new_method_call(
            address,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, 0, APP_ID, title, message, [], hints,
             0 if critical else -1),  # critical ones stay until dismissed
        )
        reply = self._connection.send_and_get_reply(call, timeout=CALL_TIMEOUT)
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(str(reply.body[0]) if reply.body else "refused")
        notification_id = int(reply.body[0])
        self.last_id = notification_id
        self.sent += 1
        self.last_error = ""
        return notification_id

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception as error:  # already broken: closing it is best effort
                log.debug("closing the D-Bus connection failed: %s", error)

    def close(self) -> None:
        """Close the connection and end the worker (queued notifications still go).

        Safe to repeat: the tray closes it when hidden and again when destroyed.
        """
        if self._closed:
            return
        self._closed = True
        # RuntimeError: the interpreter is exiting, and the socket closes with it.
        with contextlib.suppress(RuntimeError):
            self._executor.submit(self._drop_connection)
        self._executor.shutdown(wait=False)


__all__ = ["DesktopNotifier", "supported"]
