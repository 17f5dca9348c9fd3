"""The OBS the window is linked to, so the command line drives the same one.

With two OBS on one computer, "the newest config file" can name one OBS when the window
links and the other when a command runs a minute later. So the window records the OBS it
is linked to, found through OBS's own config files: its port and the config file it was
found in, never the password (the command line reads that from the same file again). The
record is a small file of the user's own (``window-obs.json`` in the data folder, 0600),
written when the link is made and removed when the window unlinks or quits.

The command line prefers it while that OBS answers on its port (a window that crashed
leaves a record: an OBS that no longer answers there is not preferred), and says which OBS
it used. ``OBS_WEBSOCKET_URL`` and an address saved in Settings still come first: the
window and the command line read those the same way.

File: ``{"format": 1, "port": 4455, "config_path": "/…/config.json"}``.
"""

from __future__ import annotations

import contextlib
import json
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .. import defaults
from ..i18n import translate
from .connection import ObsConnectionInfo, read_websocket_file

FILE_NAME: Final = "window-obs.json"
FORMAT: Final = 1
# How long the command line waits for the window's OBS to accept a connection.
ANSWER_WAIT: Final = 0.5


@dataclass(frozen=True)
class WindowObs:
    """The OBS the window is linked to, as the command line uses it.

    Attributes:
        info: its address and password (read again from its config file).
        said: a sentence saying which OBS this is.
    """

    info: ObsConnectionInfo
    said: str


def record_window_obs(folder: Path, info: ObsConnectionInfo) -> bool:
    """Record ``info`` as the window's OBS when it was found in OBS's config files;
    otherwise remove any record. ``True`` when a record was written. Never raises."""
    path = folder / FILE_NAME
    config = Path(info.source)
    if info.host != defaults.OBS_HOST or not config.is_absolute():
        forget_window_obs(folder)
        return False
    from ..storage.atomic import write_atomic
    from ..storage.paths import ensure_private_dir

    data = json.dumps({"format": FORMAT, "port": info.port, "config_path": str(config)})
    try:
        ensure_private_dir(folder)
        write_atomic(path, data.encode())
    except OSError:
        return False  # the command line then finds OBS as before
    return True


def forget_window_obs(folder: Path) -> None:
    """The window is no longer linked: remove the record. Never raises."""
    with contextlib.suppress(OSError):
        (folder / FILE_NAME).unlink(missing_ok=True)


def window_obs(folder: Path) -> WindowObs | None:
    """The OBS the window is linked to, while it answers; ``None`` otherwise (no window,
    no record, its config file gone, nothing answering on its port). Never raises."""
    try:
        document = json.loads((folder / FILE_NAME).read_bytes())
        port, config = document["port"], Path(document["config_path"])
        if document.get("format") != FORMAT or not isinstance(port, int):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    found = read_websocket_file(config)
    if found is None:
        return None
    _enabled, file_port, password = found
    if file_port != port:
        return None  # that OBS now listens elsewhere: the window relinks, then records it
    try:
        with socket.create_connection((defaults.OBS_HOST, port), timeout=ANSWER_WAIT):
            pass
    except OSError:
        return None
    info = ObsConnectionInfo(
        host=defaults.OBS_HOST, port=port, password=password, source=str(config),
        server_enabled=True,
    )  # fmt: skip
    said = translate(
        "ObsDiscovery", "OBS at {address}, the one the window is linked to (found in {path})"
    ).format(address=info.address, path=config)
    return WindowObs(info, said)


__all__ = ["FILE_NAME", "WindowObs", "forget_window_obs", "record_window_obs", "window_obs"]
