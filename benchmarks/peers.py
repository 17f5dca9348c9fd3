"""What the app talks to in the benchmarks: OBS (real under Xvfb when installed) and the
HTTPS stand-in for Comprimato, started once per benchmark run and shared by its parts."""

from __future__ import annotations

import shutil
import tempfile
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


def real_mode_env(standin: Any, obs_url: str) -> dict[str, str]:
    """What a child app needs for real mode against the stand-in: address, key, its CA."""
    return {
        "COMPRIMATO_API_URL": standin.api_url,
        "COMPRIMATO_API_KEY": standin.api_key,
        "SSL_CERT_FILE": str(standin.ca_file),
        "OBS_WEBSOCKET_URL": obs_url,
    }
