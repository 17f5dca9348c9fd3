"""Real OBS Studio for end-to-end tests: its own Xvfb, its own HOME, its own websocket port.

OBS is started the way obs-notes.md describes for a machine without a screen, in the
layout its version reads (``tests/support/obs_versions.py`` says which OBS: the machine's
own, or 30.2 / 32.2 from a chroot): a temporary HOME holding ``global.ini`` (first run done,
``LastVersion`` of that very version, so no notice and no migration waits), ``user.ini``
for OBS 31+ (the first-run flag and the profile live there), the websocket server on with
a random password (in ``global.ini [OBSWebSocket]`` for OBS 29, in
``plugin_config/obs-websocket/config.json`` for 30.2+), and a small profile (320x180 at
15 fps, x264 ultrafast, low bitrate) so that two CI cores can run OBS, the sandbox and the
tests at once. A leftover ``.sentinel`` folder is removed before each start (OBS 32 would
offer Safe Mode, which turns the websocket off); ``stop()`` sends SIGINT, the one signal on
which OBS 29 and 30 save their config.

OBS is tied to the test run's life: a watcher process kills its process group as soon as
the run's end of a pipe closes (the run ended, however: SIGKILL included), the session's
finalizer, ``atexit`` and SIGTERM stop what is still running, and a chroot's mounts live in
OBS's own mount namespace, gone with it.

Fixtures:
    xvfb_display: one Xvfb for the whole session (display chosen by Xvfb itself).
    real_obs: a running OBS for one test; stopped and cleaned up afterwards.
    real_obs_factory: builds more OBS instances (or ones not started yet).

``RealObs.call`` speaks obs-websocket 5 on its own (a few lines over ``websockets``), so a
test can check what OBS really holds without going through the product's own code.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect as ws_connect
from websockets.typing import Subprotocol

from tests.support.obs_versions import (
    NATIVE_OBS,
    ObsVersion,
    native_name,
    require_native_obs,
    resolve,
)

PROFILE_NAME = "CompanionTest"
SCENE_COLLECTION = "CompanionTest"
STARTUP_TIMEOUT = 45.0


class ObsDidNotStart(RuntimeError):
    """OBS exited or its websocket server never answered; carries the tail of its log."""


def wait_until(
    condition: Callable[[], bool], timeout: float, *, interval: float = 0.05, what: str = ""
) -> None:
    """Poll ``condition`` until it holds; fail the test with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def require_obs_tools() -> None:
    """Skip where OBS or Xvfb are not installed, except in CI, where that is a failure."""
    require_native_obs()


def native_obs() -> ObsVersion:
    """The machine's own OBS (for a RealObs made without the ``obs_version`` fixture)."""
    return resolve(native_name())


def free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("0.0.0.0", 0))
        port: int = probe.getsockname()[1]
        return port


def stop_process_group(process: subprocess.Popen[bytes], *, grace: float = 5.0) -> None:
    """SIGTERM the process's group, then SIGKILL it if it is still there after ``grace``."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


def when_this_run_ends(script: str, arg: str) -> subprocess.Popen[bytes]:
    """A watcher that runs the shell ``script`` (``$0`` is ``arg``) once this test run is gone.

    It waits for end-of-file on a pipe whose other end only this process holds: the end
    of the run, however it ends (SIGKILL, or SIGTERM, whose handler skips every finally),
    closes it. ``untie`` stops it without running the script.
    """
    return subprocess.Popen(
        ["/bin/sh", "-c", f"cat >/dev/null; {script}", arg],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def tie_to_this_run(pgid: int) -> subprocess.Popen[bytes]:
    """A watcher that SIGKILLs process group ``pgid`` once this test run is gone."""
    return when_this_run_ends('kill -s KILL -- "-$0" 2>/dev/null', str(pgid))


def untie(watcher: subprocess.Popen[bytes]) -> None:
    """Stop a watcher without letting it kill anything (its group is gone already)."""
    with contextlib.suppress(ProcessLookupError):
        watcher.kill()
    watcher.wait(timeout=10)
    if watcher.stdin is not None:
        watcher.stdin.close()


@dataclass
class Xvfb:
    """A virtual X display; Xvfb picks a free display number and tells it through a pipe."""

    process: subprocess.Popen[bytes]
    display: str
    watcher: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls, timeout: float = 15.0) -> Xvfb:
        read_end, write_end = os.pipe()
        try:
            process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "640x480x24",
                 "-nolisten", "tcp"],
                pass_fds=(write_end,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            os.close(write_end)
        try:
            number = cls._read_display_number(read_end, process, timeout)
        except BaseException:
            stop_process_group(process)
            raise
        finally:
            os.close(read_end)
        return cls(process=process, display=f":{number}", watcher=tie_to_this_run(process.pid))

    @staticmethod
    def _read_display_number(fd: int, process: subprocess.Popen[bytes], timeout: float) -> int:
        os.set_blocking(fd, False)
        data = b""
        deadline = time.monotonic() + timeout
        while not data.endswith(b"\n"):
            if process.poll() is not None:
                raise RuntimeError(f"Xvfb exited with code {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not report its display number")
            try:
                chunk = os.read(fd, 64)
            except BlockingIOError:
                time.sleep(0.02)
                continue
            if not chunk:
                raise RuntimeError("Xvfb closed the display pipe")
            data += chunk
        return int(data.strip())

    def stop(self) -> None:
        stop_process_group(self.process)
        if self.watcher is not None:
            untie(self.watcher)
            self.watcher = None


@dataclass(eq=False)
class RealObs:
    """One OBS Studio process with a private HOME and websocket server.

    Attributes:
        home: the HOME OBS runs with (discovery finds OBS when HOME points here).
        version: which OBS runs (the machine's own unless a chroot's is given).
        config_dir: ``home/.config/obs-studio``.
        host, port, password: where its websocket server listens.
        display: the X display it draws on.
        startup_seconds: how long the last start took until OBS answered requests.
        startup_codes: the request statuses seen while waiting for that (207s, then 100).
    """

    home: Path
    display: str
    version: ObsVersion = field(default_factory=native_obs)
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_tcp_port)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12), repr=False)
    startup_seconds: float | None = None
    startup_codes: list[int] = field(default_factory=list, repr=False)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log_file: Any = field(default=None, repr=False)
    _watcher: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def config_dir(self) -> Path:
        return self.home / ".config" / "obs-studio"

    @property
    def url(self) -> str:
        """The ``obsws://`` form OBS's "Show Connect Info" gives (holds the password)."""
        return f"obsws://{self.host}:{self.port}/{self.password}"

    @property
    def log_path(self) -> Path:
        return self.home / "obs-stdout.log"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- config -------------------------------------------------------------------------

    def write_config(self) -> None:
        """Everything OBS reads at start, written before it starts (it rewrites some)."""
        cfg = self.config_dir
        profile = cfg / "basic" / "profiles" / PROFILE_NAME
        profile.mkdir(parents=True, exist_ok=True)
        (cfg / "basic" / "scenes").mkdir(parents=True, exist_ok=True)
        user_keys = (
            "FirstRun=true\n"
            "Pre19Defaults=false\nPre21Defaults=false\nPre23Defaults=false\n"
            "Pre24.1Defaults=false\n"
            "\n[Basic]\n"
            f"Profile={PROFILE_NAME}\nProfileDir={PROFILE_NAME}\n"
            f"SceneCollection={SCENE_COLLECTION}\nSceneCollectionFile={SCENE_COLLECTION}\n"
        )
        general = f"[General]\nLastVersion={self.version.packed}\n"
        if self.version.user_ini:
            # 31+: user.ini holds the user's keys; with it, LastVersion must be 31 or later
            # or OBS stops on "Unable to migrate global configuration".
            (cfg / "global.ini").write_text(general, encoding="utf-8")
            (cfg / "user.ini").write_text("[General]\n" + user_keys, encoding="utf-8")
        else:
            server = ""
            if self.version.websocket_in_global_ini:
                server = (
                    "\n[OBSWebSocket]\n"
                    "FirstLoad=false\nServerEnabled=true\n"
                    f"ServerPort={self.port}\n"
                    "AlertsEnabled=false\nAuthRequired=true\n"
                    f"ServerPassword={self.password}\n"
                )
            (cfg / "global.ini").write_text(general + user_keys + server, encoding="utf-8")
        if not self.version.websocket_in_global_ini:
            self.write_server_config(enabled=True, password=self.password)
        # A small canvas and the cheapest x264 preset: OBS must leave CPU for the rest.
        (profile / "basic.ini").write_text(
            f"[General]\nName={PROFILE_NAME}\n"
            "\n[Video]\nBaseCX=320\nBaseCY=180\nOutputCX=320\nOutputCY=180\n"
            "FPSType=1\nFPSInt=15\n"
            "\n[Output]\nMode=Simple\n"
            "\n[SimpleOutput]\nStreamEncoder=x264\nPreset=ultrafast\nVBitrate=300\n"
            "ABitrate=64\n",
            encoding="utf-8",
        )

    def write_server_config(self, *, enabled: bool, password: str | None) -> None:
        """The websocket server's settings, where this version reads them."""
        if self.version.websocket_in_global_ini:
            ini = self.config_dir / "global.ini"
            text = ini.read_text(encoding="utf-8")
            head, _, _ = text.partition("\n[OBSWebSocket]\n")
            ini.write_text(
                head + "\n[OBSWebSocket]\n"
                f"FirstLoad=false\nServerEnabled={'true' if enabled else 'false'}\n"
                f"ServerPort={self.port}\nAlertsEnabled=false\n"
                f"AuthRequired={'true' if password else 'false'}\n"
                f"ServerPassword={password or ''}\n",
                encoding="utf-8",
            )
            return
        websocket_config = self.config_dir / "plugin_config" / "obs-websocket" / "config.json"
        websocket_config.parent.mkdir(parents=True, exist_ok=True)
        websocket_config.write_text(
            json.dumps(
                {
                    "first_load": False,
                    "server_enabled": enabled,
                    "server_port": self.port,
                    "alerts_enabled": False,
                    "auth_required": bool(password),
                    "server_password": password or "",
                }
            ),
            encoding="utf-8",
        )

    @property
    def server_config_path(self) -> Path:
        """The file this version reads its websocket server's settings from."""
        if self.version.websocket_in_global_ini:
            return self.config_dir / "global.ini"
        return self.config_dir / "plugin_config" / "obs-websocket" / "config.json"

    def command(self, extra: tuple[str, ...] = ()) -> tuple[list[str], dict[str, str]]:
        """The command line and environment that start this OBS with its flags."""
        values = {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "DISPLAY": self.display,
            "LIBGL_ALWAYS_SOFTWARE": "1",
            # No session bus: without an address libdbus would autolaunch one for the X
            # display, and that daemon outlives OBS (an orphan after every test run).
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={self.home / 'no-session-bus'}",
        }
        chroot = self.version.chroot
        argv = [NATIVE_OBS if chroot is None else "obs", *self.version.flags, *extra]
        if chroot is None:
            env = dict(os.environ)
            for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
                env.pop(name, None)
            env.update(values)
            return argv, env
        runtime = self.home / ".runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        inside = {
            **values,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "QT_QPA_PLATFORM": "xcb",
            "XDG_RUNTIME_DIR": str(runtime),
            "LANG": "C.UTF-8",
        }
        return chroot.command(self.home, inside, argv), dict(os.environ)

    # -- life cycle ---------------------------------------------------------------------

    def start(self, timeout: float = STARTUP_TIMEOUT) -> float:
        """Start OBS and return once GetVersion answers; returns the seconds it took."""
        if self.running:
            raise RuntimeError("OBS is already running")
        if not (self.config_dir / "global.ini").exists():
            self.write_config()
        # OBS 32 opens a crash dialog (whose Safe Mode turns websockets off) when a
        # previous run left this folder behind.
        shutil.rmtree(self.config_dir / ".sentinel", ignore_errors=True)
        argv, env = self.command()
        self.startup_codes = []
        self._log_file = self.log_path.open("ab")
        started = time.monotonic()
        self.process = process = subprocess.Popen(
            argv,
            cwd=str(self.home),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._watcher = tie_to_this_run(process.pid)
        _running.add(self)
        deadline = started + timeout
        while True:
            if process.poll() is not None:
                raise ObsDidNotStart(
                    f"OBS exited with code {process.returncode}:\n{self.log_tail()}"
                )
            if self._answers():
                break
            if time.monotonic() > deadline:
                self.kill()
                raise ObsDidNotStart(
                    f"OBS's websocket did not answer within {timeout:.0f} s:\n{self.log_tail()}"
                )
            time.sleep(0.1)
        self.startup_seconds = time.monotonic() - started
        return self.startup_seconds

    def _answers(self) -> bool:
        """Whether OBS answers requests yet: obs-websocket 5.2+ (OBS 30+) answers 207
        NotReady for a moment after it starts listening; those codes go to
        ``startup_codes``."""
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5):
                pass
            self.call("GetProfileList", timeout=3.0)
            version = self.call("GetVersion", timeout=3.0)
        except ObsRequestError as refused:
            self.startup_codes.append(refused.code)
            return False
        except (OSError, TimeoutError, ValueError):
            return False
        self.startup_codes.append(100)
        return bool(version.get("obsVersion"))

    def kill(self) -> None:
        """SIGKILL OBS and its process group: a crash, as far as any client can tell."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._ended()

    def stop(self, grace: float = 15.0) -> None:
        """Let OBS quit on SIGINT (OBS 29 and 30 save their config only then); kill it
        if it takes longer than ``grace``."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self._ended()

    def _ended(self) -> None:
        _running.discard(self)
        if self._watcher is not None:
            untie(self._watcher)
            self._watcher = None
        self._close_log()

    def restart(self, timeout: float = STARTUP_TIMEOUT) -> float:
        """Stop (if running) and start again with the same HOME, port and password."""
        self.stop()
        return self.start(timeout)

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no OBS log)"
        return "\n".join(text.splitlines()[-lines:]).replace(self.password, "********")

    # -- an independent obs-websocket 5 client ------------------------------------------

    def call(
        self, request_type: str, data: dict[str, Any] | None = None, *, timeout: float = 5.0
    ) -> dict[str, Any]:
        """One request on a fresh connection; returns responseData (or ``{}``).

        Raises ObsRequestError when OBS answers with a failure status.
        """
        with ws_connect(
            f"ws://{self.host}:{self.port}",
            subprotocols=[Subprotocol("obswebsocket.json")],
            open_timeout=timeout,
            close_timeout=1,
            proxy=None,
            compression=None,
        ) as ws:
            hello = json.loads(ws.recv(timeout=timeout))
            identify: dict[str, Any] = {"rpcVersion": 1, "eventSubscriptions": 0}
            auth = hello["d"].get("authentication")
            if auth:
                identify["authentication"] = _auth_string(
                    self.password, auth["salt"], auth["challenge"]
                )
            ws.send(json.dumps({"op": 1, "d": identify}))
            identified = json.loads(ws.recv(timeout=timeout))
            if identified.get("op") != 2:
                raise ObsRequestError(f"not identified: {identified}")
            request_id = secrets.token_hex(4)
            ws.send(
                json.dumps(
                    {
                        "op": 6,
                        "d": {
                            "requestType": request_type,
                            "requestId": request_id,
                            "requestData": data or {},
                        },
                    }
                )
            )
            while True:
                message = json.loads(ws.recv(timeout=timeout))
                if message.get("op") == 7 and message["d"].get("requestId") == request_id:
                    break
        status = message["d"]["requestStatus"]
        if not status.get("result"):
            raise ObsRequestError(
                f"{request_type} failed: {status.get('code')} {status.get('comment', '')}",
                code=int(status.get("code") or 0),
            )
        response: dict[str, Any] = message["d"].get("responseData") or {}
        return response

    def stream_active(self) -> bool:
        return bool(self.call("GetStreamStatus").get("outputActive"))

    def wait_sending(self, timeout: float = 20.0) -> None:
        """Wait until the stream output has sent bytes. Stop a stream only after this:
        OBS 32.2.2 (Debian's) segfaults in libavcodec when a stream is stopped before its
        first bytes left."""
        wait_until(lambda: int(self.call("GetStreamStatus").get("outputBytes") or 0) > 0,
                   timeout, what=f"{self.version} sending bytes")


class ObsRequestError(RuntimeError):
    """OBS refused a request made by ``RealObs.call``.

    Attributes:
        code: the requestStatus code (0 when there was none: not identified).
    """

    def __init__(self, message: str, *, code: int = 0) -> None:
        super().__init__(message)
        self.code = code


#: Every OBS still running; stopped at the session's end, at exit and on SIGTERM.
_running: weakref.WeakSet[RealObs] = weakref.WeakSet()


def stop_every_obs() -> None:
    for obs in list(_running):
        with contextlib.suppress(Exception):
            obs.kill()


def _on_sigterm(signum: int, frame: Any) -> None:
    stop_every_obs()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


atexit.register(stop_every_obs)
if threading.current_thread() is threading.main_thread() and (
    signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)
):
    signal.signal(signal.SIGTERM, _on_sigterm)


@pytest.fixture(scope="session", autouse=True)
def every_obs_stopped_at_the_end() -> Iterator[None]:
    """No OBS of this run outlives it, whichever test forgot one."""
    yield
    stop_every_obs()


def _auth_string(password: str, salt: str, challenge: str) -> str:
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256((secret + challenge).encode()).digest()).decode()


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """One virtual display for every OBS of the session."""
    require_obs_tools()
    server = Xvfb.start()
    try:
        yield server.display
    finally:
        server.stop()


@pytest.fixture
def real_obs_factory(
    xvfb_display: str, obs_version: ObsVersion, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., RealObs]]:
    """Make OBS instances: ``factory(start=True)``; all of them are stopped afterwards."""
    made: list[RealObs] = []

    def make(*, start: bool = True) -> RealObs:
        obs = RealObs(home=tmp_path_factory.mktemp("obs-home"), display=xvfb_display,
                      version=obs_version)
        obs.write_config()
        made.append(obs)
        if start:
            try:
                obs.start()
            except ObsDidNotStart:
                # The free port may have been taken between choosing and binding it.
                obs.kill()
                obs.port = free_tcp_port()
                obs.write_config()
                obs.start()
        return obs

    try:
        yield make
    finally:
        for obs in made:
            obs.stop()


@pytest.fixture
def real_obs(real_obs_factory: Callable[..., RealObs]) -> RealObs:
    """A running OBS Studio for this test (websocket server on, password required)."""
    return real_obs_factory()
