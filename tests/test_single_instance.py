"""One window per user, with two real processes: the second launch raises the first, exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


def _env(closed_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }


def _wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float) -> list[str]:
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        seen.append(line)
        if needle in line:
            return seen
        assert time.monotonic() < deadline, f"no {needle!r} in:\n{''.join(seen)}"
    raise AssertionError(f"the window ended before {needle!r}:\n{''.join(seen)}")


def test_second_launch_hands_over_to_the_first_and_exits_0(closed_port: int) -> None:
    env = _env(closed_port)
    first = subprocess.Popen(
        [sys.executable, "-m", "comprimato_companion", "--sandbox", "--debug"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        _wait_for_line(first, "Sandbox API at", 30)  # the first window is up and listening

        began = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "comprimato_companion", "--sandbox"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False,
        )
        seconds = time.monotonic() - began
        assert second.returncode == 0, second.stderr
        assert "already open: its window was brought to the front" in second.stderr
        assert "Sandbox API at" not in second.stdout + second.stderr  # no second sandbox
        _wait_for_line(first, "another launch asked for the window", 10)
        assert first.poll() is None  # the first one runs on

        # Subcommands are not windows: they run beside it as always.
        version = subprocess.run(
            [sys.executable, "-m", "comprimato_companion", "obs", "detect", "--json"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False,
        )
        assert version.returncode == 0, version.stderr
        print(f"second launch handed over in {seconds:.2f} s")
    finally:
        first.terminate()
        try:
            assert first.wait(timeout=15) == 0
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
            if first.stdout is not None:
                first.stdout.close()

    # With the first one gone, a launch opens its own window again; so does one after a
    # crash (SIGKILL leaves the socket file behind, and nothing answers there).
    for ending in ("crash", "quit"):
        window = subprocess.Popen(
            [sys.executable, "-m", "comprimato_companion", "--sandbox", "--debug"],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        try:
            _wait_for_line(window, "Sandbox API at", 30)
        finally:
            if ending == "crash":
                window.kill()
            else:
                window.terminate()
            window.wait(timeout=15)
            if window.stdout is not None:
                window.stdout.close()


def test_the_desktop_entry_says_there_is_one_window() -> None:
    entry = (ROOT / "packaging" / "linux" / "com.comprimato.Companion.desktop").read_text()
    assert "\nX-GNOME-SingleWindow=true\n" in entry


def test_the_windows_app_id_matches_the_installers_shortcuts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ctypes
    import re

    from comprimato_companion import APP_ID
    from comprimato_companion.window import set_windows_app_id

    iss = (ROOT / "packaging" / "windows" / "comprimato-companion.iss").read_text()
    promised = re.search(r'#define AppId "([^"]+)"', iss)
    assert promised is not None and promised.group(1) == APP_ID
    assert "AppUserModelID: \"{#AppId}\"" in iss
    assert set_windows_app_id() is False  # not Windows: nothing to set

    calls: list[str] = []

    class Shell32:
        @staticmethod
        def SetCurrentProcessExplicitAppUserModelID(app_id: str) -> int:
            calls.append(app_id)
            return 0  # S_OK

    class WinDll:
        shell32 = Shell32()

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", WinDll(), raising=False)
    assert set_windows_app_id() is True and calls == [APP_ID]


@pytest.mark.skipif(sys.platform == "win32", reason="the Unix socket side")
def test_the_unix_socket_speaks_as_multiprocessing_connection_does(
    tmp_path: Path, qapp: object
) -> None:
    # A window of an earlier release (multiprocessing.connection on both sides) and this one
    # must still hand over to each other across an upgrade.
    import threading
    from multiprocessing.connection import Client, Listener

    from comprimato_companion.window.single_instance import (
        ANSWER,
        REQUEST,
        InstanceServer,
        hand_over,
    )

    address = str(tmp_path / "one.sock")
    asked: list[bool] = []
    server = InstanceServer(lambda: asked.append(True), address)
    try:
        assert server.listening
        with Client(address, family="AF_UNIX") as older_launch:
            older_launch.send_bytes(REQUEST)
            assert older_launch.poll(5) and older_launch.recv_bytes(64) == ANSWER
    finally:
        server.close()
    assert not Path(address).exists()

    with Listener(address, family="AF_UNIX") as older_window:
        got: list[bytes] = []

        def answer() -> None:
            with older_window.accept() as connection:
                got.append(connection.recv_bytes(64))
                connection.send_bytes(ANSWER)

        thread = threading.Thread(target=answer)
        thread.start()
        assert hand_over(address)
        thread.join(5)
    assert got == [REQUEST]
    assert not hand_over(address)  # nobody listens any more


# --- a shared machine, and launches close together -----------------------------------------

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="the Unix socket side")


@pytest.fixture
def qt_core(qapp: object) -> object:
    """pytest-qt's QApplication: a bare QCoreApplication here would break later GUI tests."""
    return qapp


@unix_only
def test_without_a_runtime_folder_the_socket_is_in_a_folder_of_this_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    from comprimato_companion.window.single_instance import instance_address

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    address = instance_address()
    assert address is not None
    folder = Path(address).parent
    info = folder.lstat()
    assert folder != tmp_path and stat.S_ISDIR(info.st_mode)
    assert info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700


@unix_only
@pytest.mark.parametrize("claim", ["open to all", "a link"])
def test_a_folder_another_user_prepared_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, claim: str
) -> None:
    import tempfile

    from comprimato_companion import APP_ID
    from comprimato_companion.window.single_instance import hand_over, instance_address

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    planted = tmp_path / f"{APP_ID}-{os.getuid()}"
    if claim == "open to all":
        planted.mkdir()
        planted.chmod(0o777)
    else:
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        planted.symlink_to(tmp_path / "elsewhere")
    assert instance_address() is None
    assert hand_over() is False  # no hand-over: this launch opens its own window


@unix_only
def test_a_live_socket_is_never_taken_over_and_its_file_stays(
    tmp_path: Path, qt_core: object
) -> None:
    from comprimato_companion.window.single_instance import InstanceServer, hand_over

    address = str(tmp_path / "one.sock")
    asked: list[str] = []
    first = InstanceServer(lambda: asked.append("first"), address)
    second = InstanceServer(lambda: asked.append("second"), address)
    try:
        assert first.listening
        assert not second.listening and second.handed_over
        second.close()
        assert Path(address).exists(), "the later launch removed the first one's socket"
        assert hand_over(address)  # the first window still answers
    finally:
        second.close()
        first.close()


@unix_only
def test_a_leftover_socket_is_taken_over(tmp_path: Path, qt_core: object) -> None:
    import socket

    from comprimato_companion.window.single_instance import InstanceServer, hand_over

    address = str(tmp_path / "one.sock")
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(address)
    crashed.close()  # its file stays, nobody listens: what a crash leaves
    server = InstanceServer(lambda: None, address)
    try:
        assert server.listening and not server.handed_over
        assert hand_over(address)
    finally:
        server.close()


@unix_only
def test_quitting_leaves_a_socket_that_is_no_longer_its_own(
    tmp_path: Path, qt_core: object
) -> None:
    import socket

    from comprimato_companion.window.single_instance import InstanceServer

    address = str(tmp_path / "one.sock")
    server = InstanceServer(lambda: None, address)
    assert server.listening
    os.unlink(address)
    newer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    newer.bind(address)  # another window's socket under the same name
    try:
        server.close()
        assert Path(address).exists(), "quitting removed another window's socket"
    finally:
        newer.close()
