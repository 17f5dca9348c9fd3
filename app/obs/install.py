"""Where OBS Studio is installed on this computer, whether it runs, and starting it.

Each kind of install keeps its settings in its own ``obs-studio`` folder: the native Linux
package in ``~/.config``, the Flatpak in ``~/.var/app/com.obsproject.Studio/config``, the
Snap in ``~/snap/obs-studio/current/.config``, Windows in ``%APPDATA%``, macOS in
``~/Library/Application Support``, and a portable OBS (a ``portable_mode.txt`` beside its
``bin`` folder) in its own ``config`` folder. Knowing the install tells which file to change.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..i18n import translate
from .errors import ObsError

FLATPAK_APP_ID = "com.obsproject.Studio"
#: OBS looks for any of these beside its ``bin`` folder to run in portable mode.
PORTABLE_MARKERS = ("portable_mode.txt", "portable_mode", "obs_portable_mode.txt",
                    "obs_portable_mode")
#: Variables a bundled Python program sets for itself that would break OBS's own Qt.
_OWN_VARIABLES = ("QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH", "QML2_IMPORT_PATH",
                  "PYTHONHOME", "PYTHONPATH", "QT_QPA_PLATFORM")
#: Secrets this program may have in its environment: OBS (and every plugin and script it
#: runs) has no business with them. OBS_WEBSOCKET_URL holds OBS's own password.
_SECRET_VARIABLES = ("COMPRIMATO_API_KEY", "COMPRIMATO_SANDBOX_API_KEY", "OBS_WEBSOCKET_URL")


class ObsNotInstalled(ObsError):
    """No OBS Studio was found to start."""

    def __init__(self) -> None:
        super().__init__(
            translate("ObsSetup", "OBS Studio was not found on this computer."),
            translate(
                "ObsSetup", "Install OBS Studio 28 or newer ({site}), then try again."
            ).format(site="https://obsproject.com"),
        )


class ObsDidNotLaunch(ObsError):
    """Starting OBS failed at once (the program could not be run)."""

    def __init__(self, install: ObsInstall, reason: str) -> None:
        super().__init__(
            translate("ObsSetup", "OBS Studio ({kind}) could not be started: {reason}.").format(
                kind=install.kind, reason=reason
            ),
            translate(
                "ObsSetup", "Start OBS yourself from your applications menu, then try again."
            ),
        )


@dataclass(frozen=True)
class ObsInstall:
    """One OBS Studio installation.

    Attributes:
        kind: "native", "flatpak", "snap", "windows", "macos" or "portable".
        command: the program and arguments that start it.
        config_folder: the ``obs-studio`` folder it reads its settings from.
        cwd: the folder to start it in (OBS on Windows finds its files from there).
    """

    kind: str
    command: tuple[str, ...]
    config_folder: Path
    cwd: Path | None = None


def inside_flatpak(env: Mapping[str, str] | None = None) -> bool:
    """True when this program itself runs inside a Flatpak sandbox."""
    environ = os.environ if env is None else env
    return bool(environ.get("FLATPAK_ID")) or Path("/.flatpak-info").exists()


def host_config_home(env: Mapping[str, str], home: Path) -> Path:
    """The folder where native programs keep their settings, seen from this program.

    Inside a Flatpak, ``XDG_CONFIG_HOME`` is the sandbox's own folder; the host's value is
    in ``HOST_XDG_CONFIG_HOME`` (when the host set one), else it is the usual ``~/.config``.
    """
    names = ("HOST_XDG_CONFIG_HOME",) if inside_flatpak(env) else ("XDG_CONFIG_HOME",)
    for name in names:
        value = env.get(name)
        # XDG says a relative path is invalid and must be ignored.
        if value and Path(value).is_absolute():
            return Path(value)
    return home / ".config"


def portable_config_folder(root: Path) -> Path | None:
    """A portable OBS's ``obs-studio`` folder when ``root`` holds a portable marker."""
    try:
        if any((root / marker).is_file() for marker in PORTABLE_MARKERS):
            return root / "config" / "obs-studio"
    except OSError:
        return None
    return None


def find_obs_installs(
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    platform: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[ObsInstall]:
    """Every OBS install found, most usual first; never raises."""
    environ = os.environ if env is None else env
    home_dir = home if home is not None else Path(environ.get("HOME") or Path.home())
    system = platform or sys.platform
    if system.startswith("win"):
        return _windows_installs(environ, home_dir)
    if system == "darwin":
        return _macos_installs(home_dir)
    return _linux_installs(environ, home_dir, which)


def _linux_installs(
    env: Mapping[str, str], home: Path, which: Callable[[str], str | None]
) -> list[ObsInstall]:
    native_config = host_config_home(env, home) / "obs-studio"
    flatpak_config = home / ".var" / "app" / FLATPAK_APP_ID / "config" / "obs-studio"
    snap_config = home / "snap" / "obs-studio" / "current" / ".config" / "obs-studio"
    found: list[ObsInstall] = []
    if inside_flatpak(env):
        # The host's programs are out of sight; flatpak-spawn runs them on the host.
        host = ("flatpak-spawn", "--host")
        if _exists(flatpak_config):
            found.append(ObsInstall("flatpak", (*host, "flatpak", "run", FLATPAK_APP_ID),
                                    flatpak_config))
        found.append(ObsInstall("native", (*host, "obs"), native_config))
        return found
    native = which("obs")
    if native:
        found.append(ObsInstall("native", (native,), native_config))
    flatpak = which("flatpak")
    if flatpak and any(
        _exists(base / "app" / FLATPAK_APP_ID)
        for base in (home / ".local" / "share" / "flatpak", Path("/var/lib/flatpak"))
    ):
        found.append(ObsInstall("flatpak", (flatpak, "run", FLATPAK_APP_ID), flatpak_config))
    snap = Path("/snap/bin/obs-studio")
    if _exists(snap):
        found.append(ObsInstall("snap", (str(snap),), snap_config))
    return found


def windows_install_roots(env: Mapping[str, str]) -> list[Path]:
    """The usual folders OBS is installed in on Windows (the folder holding ``bin``)."""
    roots: list[Path] = []
    for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        base = env.get(name)
        if base:
            roots.append(Path(base) / "obs-studio")
            roots.append(Path(base) / "Steam" / "steamapps" / "common" / "OBS Studio")
    local = env.get("LOCALAPPDATA")
    if local:
        roots.append(Path(local) / "Programs" / "obs-studio")
    return list(dict.fromkeys(roots))


def _windows_installs(env: Mapping[str, str], home: Path) -> list[ObsInstall]:
    appdata = env.get("APPDATA")
    config = (Path(appdata) if appdata else home / "AppData" / "Roaming") / "obs-studio"
    found: list[ObsInstall] = []
    for root in windows_install_roots(env):
        program = root / "bin" / "64bit" / "obs64.exe"
        if not _exists(program):
            continue
        portable = portable_config_folder(root)
        kind = "portable" if portable else "windows"
        # OBS finds its data relative to the working folder: start it in its own.
        found.append(ObsInstall(kind, (str(program),), portable or config, program.parent))
    return found


def _macos_installs(home: Path) -> list[ObsInstall]:
    config = home / "Library" / "Application Support" / "obs-studio"
    return [
        ObsInstall("macos", ("open", "-a", str(bundle)), config)
        for bundle in (Path("/Applications/OBS.app"), home / "Applications" / "OBS.app")
        if _exists(bundle)
    ]


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def launch_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This program's environment without what it set up for its own Qt and Python, and
    without its secrets (the API key, OBS's address with its password).

    A bundled build points ``LD_LIBRARY_PATH`` at its own libraries (the original is kept
    in ``LD_LIBRARY_PATH_ORIG``); OBS must get the system's.
    """
    result = dict(os.environ if env is None else env)
    for name in (*_OWN_VARIABLES, *_SECRET_VARIABLES):
        result.pop(name, None)
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
        original = result.pop(f"{name}_ORIG", None)
        if getattr(sys, "frozen", False) or original is not None:
            result.pop(name, None)
            if original:
                result[name] = original
    return result


#: What every OBS this program starts is given. ``--multi`` (OBS 28 to 32): no "OBS is
#: already running" question, which any other OBS on the machine (another user's too)
#: would put up before OBS opens its WebSocket server. On OBS 32 it also leaves OBS's crash
#: sentinel off (no crash-recovery or Safe Mode question after an unclean exit); OBS 30 and
#: 31 still ask that (only their --disable-shutdown-check skips it), and 29 has no such
#: question. Nothing else changes: same config folder, profile and scene collection.
LAUNCH_FLAGS: tuple[str, ...] = ("--multi",)


def launch_command(install: ObsInstall) -> list[str]:
    """The command that starts ``install`` with ``LAUNCH_FLAGS``."""
    if install.kind == "macos":  # open -a OBS.app: OBS's own arguments follow --args
        return [*install.command, "--args", *LAUNCH_FLAGS]
    return [*install.command, *LAUNCH_FLAGS]


class StartedObs:
    """An OBS this program started: its process id, and how it ended if it has.

    Attributes:
        pid: the process id (on macOS, of ``open``, which returns at once).
        kind: the kind of install started ("native", "flatpak", ...).
    """

    def __init__(self, process: subprocess.Popen[bytes], install: ObsInstall) -> None:
        self._process = process
        self._install = install
        self.pid: int = process.pid
        self.kind = install.kind

    def failed_status(self) -> int | None:
        """The exit status when the program ended before OBS could answer; ``None`` while
        it runs (or, on macOS, when ``open`` handed OBS over as it should)."""
        status = self._process.returncode  # set by the reaper's wait()
        if status is None or (status == 0 and self._install.kind == "macos"):
            return None
        return int(status)


def start_obs(install: ObsInstall, *, env: Mapping[str, str] | None = None) -> StartedObs:
    """Start OBS on its own (it outlives this program), with ``LAUNCH_FLAGS``.

    Raises:
        ObsDidNotLaunch: the program could not be run.
    """
    options: dict[str, object] = {}
    if sys.platform == "win32":
        options["creationflags"] = (
            subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        )
    else:
        options["start_new_session"] = True
    try:
        process = subprocess.Popen(
            launch_command(install),
            cwd=str(install.cwd) if install.cwd else None,
            env=launch_environment(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            **options,  # type: ignore[call-overload]
        )
    except OSError as error:
        raise ObsDidNotLaunch(install, error.strerror or str(error)) from None
    # Reap it when it ends, so a long-running window leaves no zombie behind.
    threading.Thread(target=process.wait, name="obs-reaper", daemon=True).start()
    return StartedObs(process, install)


def obs_running(config_folder: Path | None = None, *, proc: Path = Path("/proc")) -> bool | None:
    """Whether an OBS that uses ``config_folder`` runs now; None when it cannot be told.

    On Linux each ``obs`` process's environment says which config folder it uses, so an
    OBS with another HOME (a test) does not count, nor does another user's OBS (it cannot
    use this user's files). Elsewhere any OBS counts.
    """
    if sys.platform.startswith("linux") and proc.is_dir() and not inside_flatpak():
        return any(
            config_folder is None or folder is None or _same(folder, config_folder)
            for folder in _linux_obs_config_folders(proc)
        )
    if sys.platform == "win32":
        return _command_lists(["tasklist", "/FI", "IMAGENAME eq obs64.exe", "/NH"], "obs64.exe")
    if sys.platform == "darwin":
        return _command_succeeds(["pgrep", "-x", "OBS"]) or _command_succeeds(
            ["pgrep", "-x", "obs"]
        )
    if inside_flatpak():
        return _command_succeeds(["flatpak-spawn", "--host", "pgrep", "-x", "obs"])
    return None


def _linux_obs_config_folders(proc: Path) -> Iterable[Path | None]:
    """For each running ``obs`` process: the config folder it uses (None: unreadable)."""
    try:
        entries = list(proc.iterdir())
    except OSError:
        return
    me = os.getuid()
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != me:  # another user's process
                continue
            name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
        if name != "obs":
            continue
        try:
            raw = (entry / "environ").read_bytes()
        except OSError:
            raw = None
        if not raw:
            # An OBS that has exited (a zombie not yet reaped) shows no environment: it
            # uses no folder. One that runs but cannot be read may use any.
            if not _exited(entry):
                yield None
            continue
        environ = dict(
            item.split("=", 1)
            for item in raw.decode("utf-8", errors="replace").split("\0")
            if "=" in item
        )
        home = environ.get("HOME")
        xdg = environ.get("XDG_CONFIG_HOME")
        if xdg and Path(xdg).is_absolute():
            yield Path(xdg) / "obs-studio"
        elif home:
            yield Path(home) / ".config" / "obs-studio"
        else:
            yield None


def _exited(process: Path) -> bool:
    """Whether a /proc entry is a process that has exited (or is gone altogether)."""
    try:
        stat = (process / "stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    state = stat.rsplit(")", 1)[-1].split()[:1]
    return state in (["Z"], ["X"])


def _same(one: Path, other: Path) -> bool:
    with contextlib.suppress(OSError):
        return one.resolve() == other.resolve()
    return one == other


def _command_succeeds(command: list[str]) -> bool | None:
    try:
        result = subprocess.run(
            command, capture_output=True, timeout=5, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.returncode == 0


def _command_lists(command: list[str], needle: str) -> bool | None:
    try:
        result = subprocess.run(
            command, capture_output=True, timeout=5, check=False, text=True
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return needle.lower() in result.stdout.lower()


__all__ = [
    "FLATPAK_APP_ID",
    "LAUNCH_FLAGS",
    "ObsDidNotLaunch",
    "ObsInstall",
    "ObsNotInstalled",
    "StartedObs",
    "find_obs_installs",
    "host_config_home",
    "inside_flatpak",
    "launch_command",
    "launch_environment",
    "obs_running",
    "portable_config_folder",
    "start_obs",
    "windows_install_roots",
]
