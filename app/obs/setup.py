"""Getting from "OBS is installed" to "linked to OBS" without the streamer reading anything.

The steps, each taken only when needed:

1. OBS answers already: done.
2. OBS is closed and its WebSocket server is off: turn the server on in OBS's own config
   (the file is copied aside first; its password is kept, or a strong one is made).
3. OBS is closed: start it (native, Flatpak, Snap, Windows, macOS, portable).
4. OBS runs with its server off: its files cannot be changed under it (it writes them back
   when it quits), so the user is told the exact menu path.
5. Wait until OBS answers.

Used by ``comprimato-companion obs setup`` and the window's "Set up OBS" action.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from .errors import (
    ObsError,
    ObsNotReady,
    ObsNotRunning,
    ObsServerDisabled,
    ObsTimedOut,
    server_settings_menu,
)

if TYPE_CHECKING:
    from ..storage.settings import Settings
    from .connection import ObsConnectionInfo, ObsDiscovery
    from .install import ObsInstall, StartedObs
    from .link import ObsVersion

#: How long OBS may take from start to a websocket answer (a first start is slow).
START_TIMEOUT = 90.0
#: Each connection attempt while waiting for OBS.
ATTEMPT_TIMEOUT = 3.0
#: Pause between attempts while OBS starts: its port opens once, late in its start-up.
ATTEMPT_INTERVAL = 0.5
#: While OBS starts, how often the user hears that it is still being waited for.
STILL_WAITING_EVERY = 10.0
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: The full menu path for turning the server on, for a running OBS.
ENABLE_STEPS = QT_TRANSLATE_NOOP(
    "ObsSetup", "In OBS, open {menu}, tick 'Enable WebSocket server' and press OK"
)


def enable_steps() -> str:
    """``ENABLE_STEPS`` in the user's language, the menu filled in."""
    return translate_marked("ObsSetup", ENABLE_STEPS).format(menu=server_settings_menu())


class ObsRunsWithServerOff(ObsError):
    """OBS is running and its server is off: only the user can switch it on now."""

    def __init__(self) -> None:
        super().__init__(
            translate("ObsSetup", "OBS is running, but its WebSocket server is off."),
            translate("ObsSetup", "{steps}; this program then connects by itself.").format(
                steps=enable_steps()
            ),
        )


class ObsElsewhere(ObsError):
    """The chosen OBS is on another computer: its files are out of reach."""

    def __init__(self, address: str) -> None:
        super().__init__(
            translate(
                "ObsSetup", "OBS at {address} does not answer, and it runs on another computer."
            ).format(address=address),
            translate(
                "ObsSetup",
                "On that computer, start OBS and tick 'Enable WebSocket server' in {menu}.",
            ).format(menu=server_settings_menu()),
        )


@dataclass(frozen=True)
class SetupResult:
    """How the link came about.

    Attributes:
        info: the address that answered (with its password; never printed).
        version: what OBS reported.
        server_turned_on: the config files changed (empty when none were).
        backups: the copies kept of those files.
        started: the kind of OBS install started ("" when OBS was running already).
        seconds: from the first attempt until OBS answered.
    """

    info: ObsConnectionInfo
    version: ObsVersion
    server_turned_on: tuple[Path, ...]
    backups: tuple[Path, ...]
    started: str
    seconds: float


async def try_connect(info: ObsConnectionInfo, timeout: float = ATTEMPT_TIMEOUT) -> ObsVersion:  # noqa: ASYNC109
    """Connect once, read the version, disconnect."""
    from .link import ObsLink

    link = ObsLink()
    try:
        return await link.connect(info, timeout=timeout)
    finally:
        await link.close()


def choose_install(
    installs: list[ObsInstall], discovery: ObsDiscovery | None
) -> ObsInstall | None:
    """The install whose settings discovery found (the one in use), else the first one."""
    if not installs:
        return None
    if discovery is not None and discovery.config_path is not None:
        found = discovery.config_path
        for install in installs:
            if install.config_folder in found.parents:
                return install
    return installs[0]


async def set_up_obs(
    settings: Settings,
    saved_password: str | None,
    *,
    progress: Callable[[str], None] = lambda sentence: None,
    timeout: float = START_TIMEOUT,  # noqa: ASYNC109 - a deadline over many attempts
    env: Mapping[str, str] | None = None,
) -> SetupResult:
    """Do whatever is missing until OBS answers; ``progress`` hears each step as a sentence.

    Raises:
        ObsNotInstalled, ObsRunsWithServerOff, ObsElsewhere, ObsConfigNotWritable,
        ObsDidNotLaunch, ObsAuthFailed, ObsTimedOut: each with its next step.
    """
    from .connection import URL_ENV, discover_obs, resolve_obs_connection
    from .install import find_obs_installs, obs_running, start_obs
    from .server_config import enable_websocket_server

    began = time.monotonic()
    info, _ = resolve_obs_connection(settings, saved_password, env=env)
    progress(translate("ObsSetup", "Looking for OBS at {address}.").format(address=info.address))
    try:
        version = await try_connect(info)
    except (ObsNotRunning, ObsServerDisabled, ObsNotReady, ObsTimedOut):
        pass
    else:
        return SetupResult(info, version, (), (), "", time.monotonic() - began)
    if info.host.lower() not in LOCAL_HOSTS:
        raise ObsElsewhere(info.address)

    discovery = await asyncio.to_thread(discover_obs, env=env)
    installs = await asyncio.to_thread(find_obs_installs, env=env)
    install = choose_install(installs, discovery)
    if install is None:
        from .install import ObsNotInstalled

        raise ObsNotInstalled()
    running = await asyncio.to_thread(obs_running, install.config_folder)
    changed: tuple[Path, ...] = ()
    backups: tuple[Path, ...] = ()
    started = ""
    launched: StartedObs | None = None
    if running:
        if discovery.server_enabled is False or discovery.info is None:
            raise ObsRunsWithServerOff()
        progress(
            translate("ObsSetup", "OBS is running; waiting for its WebSocket server to answer.")
        )
    else:
        # A password the user pinned (Settings, OBS_WEBSOCKET_URL) is the one this program
        # signs in with: replacing it in OBS's files would lock the program out.
        pinned = info.source in (URL_ENV, "saved settings")
        enabled = await asyncio.to_thread(
            enable_websocket_server, install.config_folder, replace_weak=not pinned
        )
        changed, backups = enabled.changed, enabled.backups
        if changed:
            if enabled.password_weak:
                turned_on = translate(
                    "ObsSetup",
                    "OBS's WebSocket server is now turned on in {files} with the password "
                    "this program's settings (or OBS_WEBSOCKET_URL) name. That password is "
                    "weak for a server every network interface can reach: set a stronger one "
                    "in OBS's WebSocket server settings and here (copies of the old files: "
                    "{copies}).",
                )
            elif enabled.password_replaced:
                turned_on = translate(
                    "ObsSetup",
                    "OBS's WebSocket server is now turned on in {files}. Its old password was "
                    "too weak for a server every network interface can reach, so a strong one "
                    "was made: another tool that used the old one needs the new one, shown in "
                    "OBS's WebSocket server settings (copies of the old files: {copies}).",
                )
            elif enabled.password_created:
                turned_on = translate(
                    "ObsSetup",
                    "OBS's WebSocket server is now turned on in {files} (a new password was "
                    "made; copies of the old files: {copies}).",
                )
            else:
                turned_on = translate(
                    "ObsSetup",
                    "OBS's WebSocket server is now turned on in {files} (its password was "
                    "kept; copies of the old files: {copies}).",
                )
            copies = ", ".join(str(path) for path in backups) or translate(
                "ObsSetup", "none (new files)"
            )
            progress(turned_on.format(files=_names(changed), copies=copies))
        if not pinned:
            info = enabled.info
        progress(translate("ObsSetup", "Starting OBS Studio ({kind}).").format(kind=install.kind))
        launched = await asyncio.to_thread(start_obs, install, env=env)
        started = install.kind
    version = await _wait_for_obs(
        info, began + timeout, timeout, launched, progress
    )
    return SetupResult(info, version, changed, backups, started, time.monotonic() - began)


async def _wait_for_obs(
    info: ObsConnectionInfo,
    deadline: float,
    timeout: float,  # noqa: ASYNC109 - the deadline's length, for the sentence
    launched: StartedObs | None,
    progress: Callable[[str], None],
) -> ObsVersion:
    """Attempt after attempt until OBS answers; an answer refusing us ends it at once, so
    does the OBS we started ending, and every ``STILL_WAITING_EVERY`` s the user hears why
    nothing has happened yet."""
    waiting_since = time.monotonic()
    next_word = waiting_since + STILL_WAITING_EVERY
    while True:
        try:
            return await try_connect(info)
        except (ObsNotRunning, ObsServerDisabled, ObsNotReady, ObsTimedOut):
            if launched is not None and (status := launched.failed_status()) is not None:
                raise ObsEndedAtStart(launched.kind, status) from None
            now = time.monotonic()
            if now >= deadline:
                if launched is not None:
                    raise ObsNeverAnswered(timeout) from None
                what = translate("ObsSetup", "OBS's WebSocket server")
                raise ObsTimedOut(what, timeout) from None
            if now >= next_word:
                next_word = now + STILL_WAITING_EVERY
                progress(translate(
                    "ObsSetup",
                    "Still waiting for OBS to answer ({seconds} s so far); if OBS shows a "
                    "question in its window, answer it.",
                ).format(seconds=f"{now - waiting_since:.0f}"))
        # Polling the port: OBS gives no other sign that its server is up.
        await asyncio.sleep(ATTEMPT_INTERVAL)


class ObsEndedAtStart(ObsError):
    """The OBS this program started ended before its WebSocket server answered."""

    def __init__(self, kind: str, status: int) -> None:
        super().__init__(
            translate(
                "ObsSetup",
                "OBS Studio ({kind}) ended right after it was started (exit status {status}), "
                "before its WebSocket server answered.",
            ).format(kind=kind, status=status),
            translate(
                "ObsSetup",
                "Start OBS from your applications menu to see what it says; once it runs, "
                "this program connects by itself.",
            ),
        )


class ObsNeverAnswered(ObsError):
    """The OBS this program started runs, but its WebSocket server never answered."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            translate(
                "ObsSetup",
                "OBS Studio was started {seconds} s ago, but its WebSocket server never "
                "answered.",
            ).format(seconds=f"{seconds:g}"),
            translate(
                "ObsSetup",
                "Look at OBS: a question may be waiting in its window (after a crash it offers "
                "Safe Mode, which turns the WebSocket server off: choose to run normally). "
                "Then try again, or close OBS and start it from your applications menu.",
            ),
        )


def _names(paths: tuple[Path, ...]) -> str:
    return translate("ObsSetup", " and ").join(str(path) for path in paths)


__all__ = [
    "ENABLE_STEPS",
    "ObsElsewhere",
    "ObsEndedAtStart",
    "ObsNeverAnswered",
    "ObsRunsWithServerOff",
    "SetupResult",
    "choose_install",
    "set_up_obs",
    "try_connect",
]
