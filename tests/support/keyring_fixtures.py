"""A real system keyring for tests: gnome-keyring-daemon on a private D-Bus session bus.

``secret_service`` starts, for one test, a private session bus (``dbus-daemon --session``)
and ``gnome-keyring-daemon --foreground --unlock --components=secrets`` in the test's own
HOME, with the login keyring's password given on stdin: ``--unlock`` creates the login
collection (the "default" alias) unlocked, without any prompt, which is what makes it work
as root, in a container, with no screen. The test's environment then points
``DBUS_SESSION_BUS_ADDRESS`` at that bus and selects keyring's SecretService backend.

DISPLAY is removed for the daemons: an unlock request (a locked collection) then fails at
once, because the prompter cannot open a window, instead of waiting for a click.

``ExplodingKeyring`` is a backend that claims to be a real keyring and fails on use, for
the paths a real keyring reaches only by accident (D-Bus gone mid-call).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

SECRETS_BUS_NAME = "org.freedesktop.secrets"
KEYRING_PASSWORD = "login-keyring-password"
START_TIMEOUT = 15.0


class ExplodingKeyring(KeyringBackend):
    """A keyring backend that is "recommended" (priority 1) but raises on every call."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the keyring went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the keyring went away")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("the keyring went away")


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; AssertionError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


@dataclass
class SecretServiceSession:
    """A running private Secret Service.

    Attributes:
        bus_address: the private session bus (also in the test's environment).
        home: the HOME the keyring files live in (``.local/share/keyrings``).
        keyrings_dir: gnome-keyring's folder of (encrypted) keyring files.
    """

    bus_address: str
    home: Path
    keyrings_dir: Path

    def lock_default_collection(self) -> None:
        """Lock the login collection, as a screen lock or the user would."""
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            collection.lock()
            assert collection.is_locked()
        finally:
            connection.close()

    def unlock_default_collection(self) -> None:
        """Unlock the login collection with its password, as the user would at a prompt.

        gnome-keyring's own unprompted unlock call: no prompter window is needed.
        """
        import secretstorage
        from secretstorage.util import (
            SS_PATH,
            DBusAddressWrapper,
            format_secret,
            open_session,
        )

        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            session = open_session(connection)
            secret = format_secret(session, KEYRING_PASSWORD.encode(), "text/plain")
            DBusAddressWrapper(
                SS_PATH, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface", connection
            ).call("UnlockWithMasterPassword", "o(oayays)", collection.collection_path, secret)
            assert not collection.is_locked()
        finally:
            connection.close()

    def files_containing(self, needle: bytes) -> list[Path]:
        """Every file under HOME whose bytes contain ``needle``."""
        found = []
        for path in self.home.rglob("*"):
            if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
                found.append(path)
        return found


def _bus_name_owned(name: str) -> bool:
    from jeepney import DBus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(DBus().NameHasOwner(name), timeout=2)
    return bool(reply.body[0])


def _default_collection_ready() -> bool:
    import secretstorage
    from secretstorage.collection import get_collection_by_alias

    connection = secretstorage.dbus_init()
    try:
        collection = get_collection_by_alias(connection, "default")
        return not collection.is_locked()
    except secretstorage.exceptions.ItemNotFoundException:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def secret_service(
    isolated_user_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretServiceSession]:
    """A private, unlocked gnome-keyring Secret Service for this test (see the module)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the Secret Service keyring test runs on Linux")
    missing = [name for name in ("dbus-daemon", "gnome-keyring-daemon") if not shutil.which(name)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: install the Debian packages dbus and "
            "gnome-keyring (scripts/setup-env --test does)."
        )
    home = isolated_user_dirs
    runtime_dir = tmp_path / "runtime"
    runtime_dir.mkdir(mode=0o700)
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL"):
        env.pop(name, None)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_RUNTIME_DIR=str(runtime_dir),
    )
    with (tmp_path / "dbus-daemon.log").open("wb") as bus_log:
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=bus_log,
            env=env,
        )
    daemon: subprocess.Popen[bytes] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            log = (tmp_path / "dbus-daemon.log").read_text(errors="replace")
            raise AssertionError(f"dbus-daemon did not start: {log}")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.SecretService.Keyring")

        with (tmp_path / "gnome-keyring.log").open("wb") as daemon_log:
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=daemon_log,
                env=env,
            )
        assert daemon.stdin is not None
        daemon.stdin.write(KEYRING_PASSWORD.encode())
        daemon.stdin.close()  # --unlock reads the password up to end of input

        def ready() -> bool:
            if daemon is not None and daemon.poll() is not None:
                log = (tmp_path / "gnome-keyring.log").read_text(errors="replace")
                raise AssertionError(f"gnome-keyring-daemon exited: {log}")
            return _bus_name_owned(SECRETS_BUS_NAME) and _default_collection_ready()

        wait_until(ready, START_TIMEOUT, "gnome-keyring-daemon on the private bus")
        yield SecretServiceSession(
            bus_address=address,
            home=home,
            keyrings_dir=home / ".local" / "share" / "keyrings",
        )
    finally:
        if daemon is not None:
            _stop(daemon)
        _stop(bus)
        if bus.stdout is not None:
            bus.stdout.close()
