"""Notifications without a tray reach the desktop's notification service over D-Bus.

The test runs its own session bus (``dbus-daemon --session``) and a tiny service on it
that implements ``org.freedesktop.Notifications.Notify`` and records every call.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from jeepney import MessageType, new_method_return  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from pytestqt.qtbot import QtBot

from comprimato_companion import APP_ID, APP_NAME
from comprimato_companion.window.desktop_notifications import SERVICE, DesktopNotifier
from comprimato_companion.window.tray import LiveTray
from tests.support.fake_obs import FakeObs
from tests.support.real_obs import wait_until
from tests.support.window_rig import WindowRig


@dataclass
class NotificationService:
    """A minimal notification server: answers Notify with a new id and keeps the calls."""

    address: str
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        connection = open_dbus_connection(bus=self.address)
        reply = connection.send_and_get_reply(message_bus.RequestName(SERVICE), timeout=5)
        assert reply.body[0] == 1, "could not own the notification service name"
        ready = threading.Event()

        def serve() -> None:
            ready.set()
            with connection:
                while not self._stop.is_set():
                    try:
                        message = connection.receive(timeout=0.2)
                    except TimeoutError:
                        continue
                    header = message.header
                    if header.message_type is not MessageType.method_call:
                        continue
                    if header.fields.get(3) == "Notify":  # 3: the member name
                        self.calls.append(tuple(message.body))
                        connection.send(new_method_return(message, "u", (len(self.calls),)))

        self._thread = threading.Thread(target=serve, name="fake-notifications", daemon=True)
        self._thread.start()
        ready.wait(5)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus; DBUS_SESSION_BUS_ADDRESS points at it for the test."""
    if shutil.which("dbus-daemon") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI must run the D-Bus tests, but dbus-daemon is not installed")
        pytest.skip("dbus-daemon not installed (Debian: apt-get install dbus)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), address
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)
        if daemon.stdout is not None:
            daemon.stdout.close()


@pytest.fixture
def notification_service(session_bus: str) -> Iterator[NotificationService]:
    service = NotificationService(session_bus)
    service.start()
    try:
        yield service
    finally:
        service.stop()


def test_without_a_tray_notifications_go_over_dbus(
    qtbot: QtBot, notification_service: NotificationService
) -> None:
    tray = LiveTray()
    assert not tray.is_visible()  # offscreen: no system tray here
    try:
        assert tray.notify("You are live", "Comprimato is receiving your stream.") == "desktop"
        assert tray.notify("Stream dropped", "Comprimato no longer receives it.",
                           critical=True) == "desktop"
        wait_until(lambda: len(notification_service.calls) == 2, 10, what="two Notify calls")
    finally:
        tray.hide()
    live, dropped = notification_service.calls
    app_name, replaces, icon, summary, body, actions, hints, timeout = live
    assert (app_name, replaces, icon) == (APP_NAME, 0, APP_ID)
    assert (summary, body, actions) == ("You are live", "Comprimato is receiving your stream.", [])
    assert hints["urgency"] == ("y", 1) and hints["desktop-entry"] == ("s", APP_ID)
    assert timeout == -1
    assert dropped[3] == "Stream dropped" and dropped[6]["urgency"] == ("y", 2)
    assert dropped[7] == 0  # a dropped stream stays until dismissed


def test_no_notification_service_is_quiet(session_bus: str) -> None:
    notifier = DesktopNotifier()
    try:
        assert notifier.notify("Hello", "nobody listens").result(10) is None
        assert "not provided by any .service files" in notifier.last_error
        assert notifier.sent == 0
    finally:
        notifier.close()


def test_no_bus_at_all_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    notifier = DesktopNotifier()
    with contextlib.closing(notifier):
        assert notifier.notify("Hello", "no bus").result(10) is None
        assert notifier.last_error


def test_the_window_says_obs_is_gone_through_the_notification_service(
    rig_factory: type[WindowRig],
    fake_obs: FakeObs,
    notification_service: NotificationService,
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()  # the stream parts (and the tray object) exist from here
        fake_obs.drop()  # OBS crashes
        await rig.wait(lambda: not rig.session.state.obs.connected, "the link lost")
        await rig.wait(lambda: len(notification_service.calls) >= 1, "the notification", 10)
        summary, body = notification_service.calls[0][3:5]
        assert summary == "OBS is gone" and "retried automatically" in body

    rig.play(scenario)


def test_closing_twice_is_quiet(session_bus: str) -> None:
    notifier = DesktopNotifier()
    notifier.close()
    notifier.close()  # the tray closes it when hidden, and again when destroyed: no error


def test_quitting_while_obs_is_linked_notifies_nothing(
    rig_factory: type[WindowRig],
    fake_obs: FakeObs,
) -> None:
    rig = rig_factory(env={"OBS_WEBSOCKET_URL": fake_obs.url})

    async def scenario() -> None:
        await rig.wait(lambda: rig.session.state.obs.connected, "the OBS link")
        await rig.create()  # the tray exists from here
        assert rig.window.tray is not None
        await rig.session.close()  # what quitting does: the OBS link ends with it
        assert not rig.session.state.obs.connected
        assert rig.window.tray.last_notification is None, rig.window.tray.last_notification

    rig.play(scenario)
