"""What the app talks to in the benchmarks: OBS (real under Xvfb when installed) and the
HTTPS stand-in for Comprimato, started once per benchmark run and shared by its parts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Obs:
    """A running OBS for the app to link to.

    Attributes:
        handle: the ``RealObs`` or ``FakeObs`` object.
        url: the ``obsws://`` address, password included.
        what: how to name it in the table's notes.
        stop: stops it (and its Xvfb).
    """

    handle: Any
    url: str
    host: str
    port: int
    password: str | None
    what: str
    stop: Callable[[], None]

    def held_key(self) -> str:
        """The stream key OBS holds now (asked over its own websocket)."""
        if hasattr(self.handle, "call"):
            settings = self.handle.call("GetStreamServiceSettings")["streamServiceSettings"]
            return str(settings.get("key", ""))
        return str(self.handle.service().service_settings.get("key", ""))


def start_obs(*, real: bool = True) -> Obs:
    """Real OBS under its own Xvfb when installed (and ``real``), else the fake server."""
    if real and shutil.which("obs") and shutil.which("Xvfb"):
        from tests.support.real_obs import RealObs, Xvfb

        xvfb = Xvfb.start()
        obs = RealObs(home=Path(tempfile.mkdtemp(prefix="bench-obs-")), display=xvfb.display)
        obs.write_config()
        try:
            obs.start()
        except Exception:
            xvfb.stop()
            raise
        version = obs.call("GetVersion")["obsVersion"]

        def stop() -> None:
            obs.stop()
            xvfb.stop()

        return Obs(obs, obs.url, obs.host, obs.port, obs.password,
                   f"real OBS {version} under Xvfb", stop)
    from tests.support.fake_obs import FakeObs

    fake = FakeObs(password="bench-obs-password").start()
    return Obs(fake, fake.url, "127.0.0.1", fake.port, fake.password,
               "fake obs-websocket server (OBS not installed)", fake.stop)


def start_standin() -> Any:
    """The HTTPS stand-in for Comprimato, its certificate from a private test CA."""
    from tests.support.https_standin import HttpsStandIn

    return HttpsStandIn(Path(tempfile.mkdtemp(prefix="bench-standin-"))).start()


def real_mode_env(standin: Any, obs_url: str,
                  keyring: Keyring | None = None) -> dict[str, str]:
    """What a child app needs for real mode against the stand-in: address, key, its CA.

    With ``keyring`` the API key is read from it, as a returning user's is (it must hold
    the stand-in's key); without, it comes from ``COMPRIMATO_API_KEY``.
    """
    env = {
        "COMPRIMATO_API_URL": standin.api_url,
        "SSL_CERT_FILE": str(standin.ca_file),
        "OBS_WEBSOCKET_URL": obs_url,
    }
    if keyring is None:
        env["COMPRIMATO_API_KEY"] = standin.api_key
    else:
        env.update(keyring.env)
    return env


#: gnome-keyring's login password for the benchmarks' private keyring (a throwaway).
KEYRING_PASSWORD = "bench-login-keyring"
KEYRING_SERVICE = "comprimato-companion"


@dataclass
class Keyring:
    """A real system keyring for the benchmarked app: gnome-keyring on a private bus.

    Attributes:
        env: what a child needs to use it as a user's app would (no backend forced, so
            keyring's own detection runs, and the Secret Service answers).
        what: how to name it in the table's notes.
        stop: stops the daemons.
    """

    env: dict[str, str]
    what: str
    stop: Callable[[], None]

    def keep(self, name: str, value: str) -> None:
        """Store a secret where the app looks for it (its service name, entry ``name``)."""
        done = subprocess.run(
            [sys.executable, "-c", "import sys, keyring; keyring.set_password(*sys.argv[1:])",
             KEYRING_SERVICE, name, value],
            env={**os.environ, **self.env}, capture_output=True, text=True, timeout=30,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the keyring did not take the secret: {done.stderr[-400:]}")


def start_keyring() -> Keyring | None:
    """A private, unlocked gnome-keyring Secret Service, as a Linux desktop user has one;
    None where dbus-daemon or gnome-keyring-daemon is not installed."""
    if not sys.platform.startswith("linux") or not (
        shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")
    ):
        return None
    home = Path(tempfile.mkdtemp(prefix="bench-keyring-"))
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    env = {name: value for name, value in os.environ.items()
           if name not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                           "GNOME_KEYRING_CONTROL", "PYTHON_KEYRING_BACKEND")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "share"), XDG_RUNTIME_DIR=str(runtime))
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    assert daemon.stdin is not None
    daemon.stdin.write(KEYRING_PASSWORD.encode())
    daemon.stdin.close()  # --unlock reads the password up to end of input

    def stop() -> None:
        for process in (daemon, bus):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if bus.stdout is not None:
            bus.stdout.close()

    child_env = {"DBUS_SESSION_BUS_ADDRESS": address, "XDG_RUNTIME_DIR": str(runtime)}
    keyring = Keyring(child_env, "gnome-keyring (Secret Service) on a private D-Bus", stop)
    # Ready once it takes a secret: the login collection exists and is unlocked.
    deadline = time.monotonic() + 15
    while True:
        try:
            keyring.keep("benchmark-probe", "ready")
            return keyring
        except RuntimeError:
            if time.monotonic() > deadline or daemon.poll() is not None:
                stop()
                raise
            time.sleep(0.2)
