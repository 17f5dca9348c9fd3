"""Where OBS's WebSocket server is: an ``obsws://`` string, the saved settings, or OBS's own files.

OBS keeps the server's switch, port and password in its config folder, so a program on the
same computer can connect without asking the streamer anything. Two formats exist:

- obs-websocket 5.3 and newer (OBS 30+): ``obs-studio/plugin_config/obs-websocket/config.json``
- OBS 28 and 29: ``obs-studio/global.ini``, section ``[OBSWebSocket]``

and the ``obs-studio`` folder lives in a different place per system (and for the Flatpak
and Snap builds on Linux). Discovery reads every place, never raises, and says what it
found and where, so the window and ``obs detect`` can explain themselves.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .. import defaults
from ..errors import UsageError
from ..i18n import translate
from .errors import server_settings_menu

if TYPE_CHECKING:
    from ..storage.settings import Settings

#: The environment variable holding an ``obsws://host:port/password`` string.
URL_ENV = "OBS_WEBSOCKET_URL"

_SCHEME = re.compile(r"^(?:obsws|ws)://", re.IGNORECASE)
_HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$")
_IPV6 = re.compile(r"^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?$")
_FLATPAK_CONFIG = Path(".var/app/com.obsproject.Studio/config")
_SNAP_CONFIG = Path("snap/obs-studio/current/.config")
_JSON_FILE = Path("plugin_config/obs-websocket/config.json")
_INI_FILE = Path("global.ini")
_INI_SECTION = "OBSWebSocket"
#: The biggest settings file worth reading: OBS's own are a few kilobytes.
_MAX_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class ObsConnectionInfo:
    """How to reach one OBS WebSocket server.

    Attributes:
        host: host name or IP address (IPv6 without brackets).
        port: TCP port (OBS's default is 4455).
        password: the server password, None when the server asks for none; never in repr().
        source: where this came from, in words ("OBS_WEBSOCKET_URL", a config file, ...).
        server_enabled: False when OBS's own config says the server is off (None: unknown);
            lets a refused connection be explained precisely.
    """

    host: str
    port: int
    password: str | None = field(repr=False)
    source: str
    server_enabled: bool | None = field(default=None, compare=False)

    @property
    def address(self) -> str:
        """``host:port`` for messages (IPv6 in brackets); no password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_obsws_url(text: str) -> ObsConnectionInfo:
    """An ``obsws://host:port/password`` string, as OBS's "Show Connect Info" shows it.

    The port defaults to 4455 and the password may be absent or percent-encoded. Error
    messages never repeat the input: it may hold the password.

    Raises:
        UsageError: the text is not such an address.
    """
    cleaned = text.strip()
    match = _SCHEME.match(cleaned)
    if match is None:
        raise _bad_url(translate("ObsAddress", "it does not start with obsws://"))
    hostport, _, raw_password = cleaned[match.end() :].partition("/")
    host, port = _split_host_port(hostport)
    password = unquote(raw_password) if raw_password else None
    return ObsConnectionInfo(host=host, port=port, password=password or None, source=URL_ENV)


def bare_host(host: str) -> str:
    """A host as typed, without spaces or an IPv6 address's brackets ("[::1]" -> "::1")."""
    stripped = host.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        return stripped[1:-1]
    return stripped


def _split_host_port(hostport: str) -> tuple[str, int]:
    if hostport.startswith("["):
        host, bracket, rest = hostport[1:].partition("]")
        if not bracket or not host or not _IPV6.match(host) or ":" not in host:
            raise _bad_url(translate("ObsAddress", "the IPv6 address in brackets is not valid"))
        if rest and not rest.startswith(":"):
            raise _bad_url(translate("ObsAddress", "the port must follow the host after a colon"))
        port_text = rest[1:] if rest else ""
    else:
        if hostport.count(":") > 1:
            # OBS's Show Connect Info writes an IPv6 address as it is, port last:
            # obsws://2001:db8::5:4455/PASSWORD. Anything else needs the brackets.
            host, _, port_text = hostport.rpartition(":")
            if not (port_text.isascii() and port_text.isdigit() and _is_ipv6(host)):
                raise _bad_url(
                    translate(
                        "ObsAddress", "an IPv6 address must be written in brackets, like [::1]"
                    )
                )
            return host, _parse_port(port_text)
        host, _, port_text = hostport.partition(":")
        if not host or not _HOSTNAME.match(host):
            raise _bad_url(translate("ObsAddress", "the host name is missing or not valid"))
        if not port_text and hostport.endswith(":"):
            raise _bad_url(translate("ObsAddress", "the port is empty"))
    return host, _parse_port(port_text) if port_text else defaults.OBS_PORT


def _is_ipv6(host: str) -> bool:
    """An IPv6 address (a zone after % allowed), not the unspecified ``::``."""
    try:
        address = ipaddress.IPv6Address(host.partition("%")[0])
    except ValueError:
        return False
    return not address.is_unspecified


def _parse_port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 65536:
        raise _bad_url(translate("ObsAddress", "the port must be a number from 1 to 65535"))
    return int(text)


def _bad_url(reason: str) -> UsageError:
    return UsageError(
        translate("ObsAddress", "The OBS address is not valid: {reason}.").format(reason=reason),
        translate(
            "ObsAddress",
            "Use the form obsws://host:port/password, as OBS shows it in {menu} > Show Connect "
            "Info.",
        ).format(menu=server_settings_menu()),
    )


@dataclass(frozen=True)
class ObsDiscovery:
    """What OBS's own config files say about its WebSocket server on this computer.

    Attributes:
        info: the address to use (localhost, the port, the password), None if no file was found.
        server_enabled: whether OBS's server is switched on (None: no file found).
        config_path: the file the answer came from.
        looked_at: every file that was checked, found or not.
        summary: one or two sentences for the user: what was found and where, or what to do.
    """

    info: ObsConnectionInfo | None
    server_enabled: bool | None
    config_path: Path | None
    looked_at: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class _Found:
    path: Path
    enabled: bool
    port: int
    password: str | None = field(repr=False)
    modified: float


def obs_config_folders(
    *, env: Mapping[str, str] | None = None, home: Path | None = None, platform: str | None = None
) -> list[Path]:
    """Every ``obs-studio`` config folder OBS may use on this system, most usual first."""
    environ = os.environ if env is None else env
    home_dir = home if home is not None else Path(environ.get("HOME") or Path.home())
    system = platform or sys.platform
    from .install import host_config_home, portable_config_folder, windows_install_roots

    if system.startswith("win"):
        appdata = environ.get("APPDATA")
        base = Path(appdata) if appdata else home_dir / "AppData" / "Roaming"
        # A portable OBS keeps its settings beside its program files.
        portable = [portable_config_folder(root) for root in windows_install_roots(environ)]
        return [base / "obs-studio", *(folder for folder in portable if folder is not None)]
    if system == "darwin":
        return [home_dir / "Library" / "Application Support" / "obs-studio"]
    # Inside a Flatpak this is the host's folder, not the sandbox's XDG_CONFIG_HOME.
    native = host_config_home(environ, home_dir)
    return [
        native / "obs-studio",
        home_dir / _FLATPAK_CONFIG / "obs-studio",
        home_dir / _SNAP_CONFIG / "obs-studio",
    ]


def discover_obs(
    *, env: Mapping[str, str] | None = None, home: Path | None = None, platform: str | None = None
) -> ObsDiscovery:
    """Read OBS's WebSocket settings from every config folder; the newest one wins.

    In one folder the obs-websocket 5.3+ ``config.json`` wins over ``global.ini``: newer OBS
    moves the settings there and reads nothing else. Never raises: an unreadable or
    malformed file counts as not found.
    """
    looked_at: list[str] = []
    found: list[_Found] = []
    for folder in obs_config_folders(env=env, home=home, platform=platform):
        for candidate in (folder / _JSON_FILE, folder / _INI_FILE):
            looked_at.append(str(candidate))
            result = _read_candidate(candidate)
            if result is not None:
                found.append(result)
                break  # config.json found: this folder's global.ini is the stale copy
    if not found:
        return ObsDiscovery(
            info=None,
            server_enabled=None,
            config_path=None,
            looked_at=tuple(looked_at),
            summary=translate(
                "ObsDiscovery",
                "No OBS WebSocket settings were found on this computer (OBS 28 or newer "
                "writes them when it first starts). Start OBS once, or enter the address from "
                "{menu} > Show Connect Info.",
            ).format(menu=server_settings_menu()),
        )
    best = max(found, key=lambda item: item.modified)
    info = ObsConnectionInfo(
        host=defaults.OBS_HOST,
        port=best.port,
        password=best.password,
        source=str(best.path),
        server_enabled=best.enabled,
    )
    return ObsDiscovery(
        info=info,
        server_enabled=best.enabled,
        config_path=best.path,
        looked_at=tuple(looked_at),
        summary=_summary(best),
    )


def _summary(found: _Found) -> str:
    if found.password:
        where = translate(
            "ObsDiscovery",
            "Found OBS's WebSocket settings in {path} (port {port}, with a password).",
        )
    else:
        where = translate(
            "ObsDiscovery",
            "Found OBS's WebSocket settings in {path} (port {port}, without a password).",
        )
    where = where.format(path=found.path, port=found.port)
    if found.enabled:
        return where
    off = translate(
        "ObsDiscovery",
        "OBS's WebSocket server is turned off: in OBS, open {menu}, tick 'Enable WebSocket "
        "server' and press OK.",
    ).format(menu=server_settings_menu())
    return f"{where} {off}"


def read_websocket_file(path: Path) -> tuple[bool, int, str | None] | None:
    """``(enabled, port, password)`` from one of OBS's files (``config.json`` or
    ``global.ini``); ``None`` when it is missing or unusable. Never raises."""
    found = _read_candidate(path)
    return None if found is None else (found.enabled, found.port, found.password)


def _read_candidate(path: Path) -> _Found | None:
    try:
        if not path.is_file():
            return None
        stat = path.stat()
        if stat.st_size > _MAX_FILE_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    values = parse_websocket_json(text) if path.suffix == ".json" else parse_websocket_ini(text)
    if values is None:
        return None
    enabled, port, password = values
    return _Found(path, enabled, port, password, stat.st_mtime)


def parse_websocket_json(text: str) -> tuple[bool, int, str | None] | None:
    """``(enabled, port, password)`` from obs-websocket 5.3+'s ``config.json``; None if unusable."""
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    enabled = data.get("server_enabled", True)
    port = data.get("server_port", defaults.OBS_PORT)
    auth = data.get("auth_required", True)
    password = data.get("server_password", "")
    if not isinstance(enabled, bool) or not isinstance(auth, bool):
        return None
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        return None
    if not isinstance(password, str):
        return None
    return enabled, port, password if auth and password else None


def parse_websocket_ini(text: str) -> tuple[bool, int, str | None] | None:
    """``(enabled, port, password)`` from OBS 28/29's ``global.ini``; None without the section.

    OBS writes ``key=value`` lines with the value raw (no quotes, no escapes), so the
    password is everything after the first ``=``; keys keep their case. This small reader
    accepts whatever else the file holds, where ``configparser`` would give up.
    """
    section = dict(_ini_section(text, _INI_SECTION))
    if not section:
        return None
    enabled = _ini_bool(section.get("ServerEnabled"), default=True)
    # obs-websocket 5.0 wrote the key with a typo; accept both spellings.
    auth = _ini_bool(section.get("AuthRequired", section.get("AuthRequred")), default=True)
    port_text = section.get("ServerPort", str(defaults.OBS_PORT)).strip()
    if enabled is None or auth is None:
        return None
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    password = section.get("ServerPassword", "")
    return enabled, int(port_text), password if auth and password else None


def _ini_section(text: str, wanted: str) -> Iterator[tuple[str, str]]:
    current = None
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == wanted and "=" in line and not line.startswith((";", "#")):
            key, _, value = line.partition("=")
            yield key.strip(), value.strip()


def _ini_bool(value: str | None, *, default: bool) -> bool | None:
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    return None


def resolve_obs_connection(
    settings: Settings,
    saved_password: str | Callable[[], str | None] | None,
    *,
    env: Mapping[str, str] | None = None,
) -> tuple[ObsConnectionInfo, str]:
    """Which OBS to talk to, and a sentence saying where that came from.

    Order: ``OBS_WEBSOCKET_URL``, then the saved settings (host/port, with the saved
    password), then OBS's own config files, then the default local address.
    ``saved_password`` may be a function (a keyring read): it is called only when the
    saved password is used, so OBS found otherwise needs no keyring.

    Raises:
        UsageError: ``OBS_WEBSOCKET_URL`` is set but not a valid address.
    """
    environ = os.environ if env is None else env
    url = environ.get(URL_ENV, "").strip()
    if url:
        info = parse_obsws_url(url)
        return info, translate("ObsDiscovery", "OBS at {address} (from {variable})").format(
            address=info.address, variable=URL_ENV
        )
    def password() -> str | None:
        return (saved_password() if callable(saved_password) else saved_password) or None

    if settings.obs_host and settings.obs_host.strip():
        info = ObsConnectionInfo(
            host=bare_host(settings.obs_host),
            port=settings.obs_port or defaults.OBS_PORT,
            password=password(),
            source="saved settings",
        )
        return info, translate("ObsDiscovery", "OBS at {address} (from the saved settings)").format(
            address=info.address
        )
    discovery = discover_obs(env=environ)
    if discovery.info is not None:
        return discovery.info, discovery.summary
    info = ObsConnectionInfo(
        host=defaults.OBS_HOST,
        port=settings.obs_port or defaults.OBS_PORT,
        password=password(),
        source="default address",
    )
    default = translate("ObsDiscovery", "OBS at {address} (the default address).").format(
        address=info.address
    )
    return info, f"{default} {discovery.summary}"
