"""Turning OBS's WebSocket server on in OBS's own config files, while OBS is closed.

OBS reads the server's switch, port and password when it starts and writes them back when
it quits, so the files may only be changed while no OBS uses them. Two formats exist (see
``app.obs.connection``): OBS 28/29 read ``global.ini`` ``[OBSWebSocket]``; obs-websocket
5.3+ (OBS 30+) reads ``plugin_config/obs-websocket/config.json``. Both are updated, each
file is copied aside before it is changed, and every other line or key is kept as it was.
An existing password is kept unless it is weak (shorter than 12 characters); without
one, or instead of a weak one, a strong one is made and the caller says so (the server
listens on every network interface, so it never runs without a strong password here).
The copies are readable by the user alone (they hold the password), and a file that is a
symbolic link (dotfiles kept elsewhere) is written through to its target, not replaced.
"""

from __future__ import annotations

import json
import secrets
import string
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import defaults
from ..i18n import translate
from ..storage.atomic import write_atomic
from .connection import (
    ObsConnectionInfo,
    _ini_section,
    parse_websocket_ini,
    parse_websocket_json,
)
from .errors import ObsError, server_settings_menu

INI_FILE = Path("global.ini")
#: OBS 31+ keeps the user's own settings here, beside global.ini.
USER_INI_FILE = Path("user.ini")
JSON_FILE = Path("plugin_config/obs-websocket/config.json")
INI_SECTION = "OBSWebSocket"
#: The suffix of the copy kept before a file is changed (a time stamp follows it).
BACKUP_SUFFIX = ".before-comprimato"
#: OBS's own generated passwords are 16 letters and digits; same alphabet, a little longer.
PASSWORD_LENGTH = 20
#: A password shorter than this is replaced: the server listens on every interface.
WEAK_PASSWORD_LENGTH = 12
_ALPHABET = string.ascii_letters + string.digits


class ObsConfigNotWritable(ObsError):
    """OBS's config file could not be read, backed up or written."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            translate("ObsSetup", "OBS's settings file {path} could not be changed ({reason}).")
            .format(path=path, reason=reason),
            translate(
                "ObsSetup",
                "Turn the server on in OBS instead: {menu} > Enable WebSocket server.",
            ).format(menu=server_settings_menu()),
        )


@dataclass(frozen=True)
class ServerEnabled:
    """What turning the server on did.

    Attributes:
        info: where the server will listen once OBS starts (localhost, port, password).
        changed: the files that were rewritten (empty when the server was on already).
        backups: the copies kept of those files, in the same order.
        password_created: True when no password was set and a new one was made.
        password_replaced: True when the old password was weak and a new one was made.
        password_weak: True when the old password is weak and was kept (the caller's
            connection names it).
    """

    info: ObsConnectionInfo
    changed: tuple[Path, ...] = ()
    backups: tuple[Path, ...] = ()
    password_created: bool = field(default=False)
    password_replaced: bool = field(default=False)
    password_weak: bool = field(default=False)


def make_password() -> str:
    """A strong password OBS's dialog can show and a user can type (letters and digits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))


def enable_websocket_server(
    folder: Path, *, now: float | None = None, replace_weak: bool = True
) -> ServerEnabled:
    """Switch the server on (with a password) in the ``obs-studio`` config ``folder``.

    The caller makes sure no OBS that uses ``folder`` is running. Files already saying
    "on, with a password" are left untouched. A weak password (under
    ``WEAK_PASSWORD_LENGTH``) is replaced by a strong one unless ``replace_weak`` is False:
    the user's settings or ``OBS_WEBSOCKET_URL`` name it, and the program would then fail
    to sign in with it. A missing ``global.ini`` section is added;
    ``config.json`` is written when it exists or when neither file does (OBS never ran);
    in OBS 31+'s layout (``user.ini`` present) only ``config.json`` is.

    Raises:
        ObsConfigNotWritable: a file could not be read, copied or written.
    """
    ini_path = folder / INI_FILE
    json_path = folder / JSON_FILE
    ini_text = _read(ini_path)
    json_text = _read(json_path)
    port, password = _current(ini_text, json_text)
    created = not password
    weak = bool(password) and len(password) < WEAK_PASSWORD_LENGTH
    replaced = weak and replace_weak
    if created or replaced:
        password = make_password()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    changed: list[Path] = []
    backups: list[Path] = []

    # OBS 31+ (user.ini beside global.ini) reads only config.json; its global.ini is left
    # as it is: one written from nothing, without LastVersion, stops OBS 32 on "Unable to
    # migrate global configuration".
    newer_layout = (folder / USER_INI_FILE).exists()
    new_ini = enabled_ini(ini_text or "", port, password)
    if new_ini != ini_text and not newer_layout:
        backups.extend(_back_up(ini_path, stamp))
        _write(ini_path, new_ini, bom=_has_bom(ini_path))
        changed.append(ini_path)
    if json_text is not None or ini_text is None or newer_layout:
        new_json = enabled_json(json_text, port, password)
        if new_json != json_text:
            backups.extend(_back_up(json_path, stamp))
            _write(json_path, new_json)
            changed.append(json_path)
    info = ObsConnectionInfo(
        host=defaults.OBS_HOST,
        port=port,
        password=password,
        source=str(json_path if json_text is not None or newer_layout else ini_path),
        server_enabled=True,
    )
    return ServerEnabled(
        info, tuple(changed), tuple(backups), created, replaced, weak and not replaced
    )


def _current(ini_text: str | None, json_text: str | None) -> tuple[int, str]:
    """The port and password to keep: config.json's first (newer OBS), then global.ini's."""
    for values in (
        parse_websocket_json(json_text) if json_text is not None else None,
        parse_websocket_ini(ini_text) if ini_text is not None else None,
    ):
        if values is not None:
            _, port, password = values
            if password:
                return port, password
    # No usable password anywhere: keep a raw one even when authentication was off.
    raw = _raw_ini_password(ini_text) or _raw_json_password(json_text)
    port = _any_port(ini_text, json_text)
    return port, raw


def _any_port(ini_text: str | None, json_text: str | None) -> int:
    for values in (
        parse_websocket_json(json_text) if json_text is not None else None,
        parse_websocket_ini(ini_text) if ini_text is not None else None,
    ):
        if values is not None:
            return values[1]
    return defaults.OBS_PORT


def _raw_ini_password(text: str | None) -> str:
    if text is None:
        return ""
    return dict(_ini_section(text, INI_SECTION)).get("ServerPassword", "")


def _raw_json_password(text: str | None) -> str:
    data = _json_object(text)
    value = data.get("server_password") if data is not None else None
    return value if isinstance(value, str) else ""


def enabled_ini(text: str, port: int, password: str) -> str:
    """``text`` with ``[OBSWebSocket]`` saying: on, this port, this password, no first-load.

    Every other line stays as it was, line endings and a byte-order mark included.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    wanted = {
        "FirstLoad": "false",
        "ServerEnabled": "true",
        "ServerPort": str(port),
        "AuthRequired": "true",
        "ServerPassword": password,
    }
    lines = text.splitlines()
    out: list[str] = []
    in_section = False
    seen_section = False
    pending = dict(wanted)

    def flush() -> None:
        # Missing keys go at the end of the section, before any blank lines that close it.
        trailing: list[str] = []
        while out and not out[-1].strip():
            trailing.append(out.pop())
        out.extend(f"{key}={value}" for key, value in pending.items())
        pending.clear()
        out.extend(trailing)

    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if in_section:
                flush()
            in_section = stripped[1:-1].strip() == INI_SECTION
            seen_section = seen_section or in_section
            out.append(line)
            continue
        if in_section and "=" in stripped and not stripped.startswith((";", "#")):
            key = stripped.partition("=")[0].strip()
            if key == "AuthRequred":  # obs-websocket 5.0's spelling; rewrite it correctly
                key = "AuthRequired"
            if key in wanted:
                if key in pending:
                    out.append(f"{key}={pending.pop(key)}")
                continue  # a duplicate of a key already written
        out.append(line)
    if in_section:
        flush()
    if not seen_section:
        if out and out[-1].strip():
            out.append("")
        out.append(f"[{INI_SECTION}]")
        out.extend(f"{key}={value}" for key, value in wanted.items())
    result = newline.join(out) + newline
    if result == text:
        return text
    return result


def enabled_json(text: str | None, port: int, password: str) -> str:
    """obs-websocket's ``config.json`` saying: on, this port, this password; other keys kept."""
    data = _json_object(text) or {}
    updated = dict(data)
    updated.update(
        first_load=False,
        server_enabled=True,
        server_port=port,
        auth_required=True,
        server_password=password,
    )
    if text is not None and updated == data:
        return text
    return json.dumps(updated, indent=4) + "\n"


def _json_object(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _read(path: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as error:
        reason = error.strerror or translate("ObsSetup", "cannot read it")
        raise ObsConfigNotWritable(path, reason) from None


def _back_up(path: Path, stamp: str) -> list[Path]:
    if not path.exists():
        return []
    backup = path.with_name(f"{path.name}{BACKUP_SUFFIX}-{stamp}")
    try:
        write_atomic(backup, path.read_bytes())  # 0600: it holds the password
    except OSError as error:
        reason = error.strerror or translate("ObsSetup", "cannot copy it")
        raise ObsConfigNotWritable(path, reason) from None
    return [backup]


def _has_bom(path: Path) -> bool:
    """OBS writes its ini files with a UTF-8 byte-order mark; a rewrite keeps it."""
    try:
        with path.open("rb") as file:
            return file.read(3) == b"\xef\xbb\xbf"
    except OSError:
        return False


def _write(path: Path, text: str, *, bom: bool = False) -> None:
    target = path.resolve() if path.is_symlink() else path  # keep the user's link
    try:
        write_atomic(target, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    except OSError as error:
        reason = error.strerror or translate("ObsSetup", "cannot write it")
        raise ObsConfigNotWritable(path, reason) from None


__all__ = [
    "BACKUP_SUFFIX",
    "WEAK_PASSWORD_LENGTH",
    "ObsConfigNotWritable",
    "ServerEnabled",
    "enable_websocket_server",
    "enabled_ini",
    "enabled_json",
    "make_password",
]
