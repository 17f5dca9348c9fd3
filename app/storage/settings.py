"""The user's settings: one small versioned JSON file in the config folder.

Reading never fails: a file that cannot be used is set aside and the defaults are used, and
a single bad value falls back to its default; either way ``SettingsFile.notice`` says so in
a sentence the window or the command line can show.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import defaults
from ..errors import UsageError
from ..i18n import translate
from ..loopback import is_loopback
from .atomic import StorageError, set_aside, write_atomic
from .paths import config_dir, ensure_private_dir
from .versioned import MAX_FILE_BYTES, Unusable, encode_document, read_document

log = logging.getLogger(__name__)

#: The format this program writes; a file with a higher major version is set aside.
SETTINGS_VERSION = 1
SETTINGS_FILE_NAME = "settings.json"


@dataclass
class Settings:
    """Everything the user can set, with the product's defaults.

    Attributes:
        api_url: the Comprimato REST API base URL.
        ingest_url: where encoders send SRT, ``srt://host:port`` (an assumption by default).
        player_url_template: the player link, ``{player_key}`` replaced.
        obs_host: where obs-websocket listens; ``None`` finds OBS from its own config files.
        obs_port: obs-websocket's port; ``None`` as for ``obs_host``.
        use_dedicated_obs_profile: send settings to a profile of our own, not the user's.
        send_to_obs_automatically: push a new stream to OBS without asking.
        start_streaming_on_send: also start streaming in OBS after sending.
        share_player_on_lan: the sandbox also serves its player pages and video (only those,
            read-only) on this computer's LAN address, so phones on the network can watch.
        secrets_in_file: the user chose to keep secrets in a file when no keyring works.
        welcome_done: the first-run welcome was completed.
        window_geometry: the window's saved geometry, opaque base64.
        language: the window's language: "system" (follow the system), "en" or "cs".
    """

    api_url: str = defaults.API_URL
    ingest_url: str = defaults.INGEST_URL
    player_url_template: str = defaults.PLAYER_URL_TEMPLATE
    obs_host: str | None = None
    obs_port: int | None = None
    use_dedicated_obs_profile: bool = False
    send_to_obs_automatically: bool = True
    start_streaming_on_send: bool = False
    share_player_on_lan: bool = False
    secrets_in_file: bool = False
    welcome_done: bool = False
    window_geometry: str | None = None
    language: str = "system"


#: The languages the window speaks; "system" follows the system's language.
LANGUAGES = ("system", "en", "cs")
# What each setting may hold in the file; anything else makes the file "wrong types".
_STR_FIELDS = ("api_url", "ingest_url", "player_url_template", "language")
_OPTIONAL_STR_FIELDS = ("obs_host", "window_geometry")
_OPTIONAL_INT_FIELDS = ("obs_port",)
_BOOL_FIELDS = (
    "use_dedicated_obs_profile",
    "send_to_obs_automatically",
    "start_streaming_on_send",
    "share_player_on_lan",
    "secrets_in_file",
    "welcome_done",
)


def _is_web_address(value: str) -> bool:
    """An ``http://`` or ``https://`` URL with a host and, if any, a port up to 65535."""
    try:
        parts = urlsplit(value)
        port = parts.port  # raises for a port out of range or not a number
    except ValueError:  # an unclosed IPv6 bracket, say
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0


def check_api_address(value: str) -> str | None:
    """Why ``value`` is not an ``http://`` or ``https://`` address, or ``None`` when it is.

    What a loaded file is held to: a saved plain ``http://`` address to another computer is
    kept (the client refuses to send anything there, and says why), never swapped for the
    default one, which would send the key saved for the user's own server elsewhere.
    """
    if not _is_web_address(value):
        return translate(
            "Settings", "The API URL {value} is not an http:// or https:// address."
        ).format(value=repr(value))
    return None


def check_api_url(value: str) -> str | None:
    """Why ``value`` is not a usable API URL, or ``None`` when it is (what Settings checks).

    Plain ``http://`` is for this computer only: elsewhere the key would travel in clear.
    """
    problem = check_api_address(value)
    if problem is not None:
        return problem
    parts = urlsplit(value)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        return translate(
            "Settings",
            "The API URL {value} uses plain http:// to another computer: the API key would "
            "travel unencrypted. Use https:// (http:// is for 127.0.0.1 and localhost only).",
        ).format(value=repr(value))
    return None


def check_ingest_url(value: str) -> str | None:
    """Why ``value`` is not a usable SRT ingest address (``srt://host:port``), or ``None``."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:  # an unclosed IPv6 bracket, a port that is not a number
        parts, port = urlsplit(""), None
    if parts.scheme != "srt" or not parts.hostname or port is None or port == 0:
        return translate(
            "Settings", "The SRT ingest address {value} is not of the form srt://host:port."
        ).format(value=repr(value))
    return None


def check_player_url_template(value: str) -> str | None:
    """Why ``value`` is not a usable player link template, or ``None``."""
    if "{player_key}" not in value:
        return translate("Settings", "The player link {value} does not contain {field}.").format(
            value=repr(value), field="{player_key}"
        )
    if not _is_web_address(value.replace("{player_key}", "key")):
        return translate(
            "Settings", "The player link {value} is not an http:// or https:// address."
        ).format(value=repr(value))
    return None


def check_port(value: int) -> str | None:
    """Why ``value`` is not a TCP port (1 to 65535), or ``None``."""
    if not 1 <= value <= 65535:
        return translate("Settings", "The OBS port {value} is not between 1 and 65535.").format(
            value=value
        )
    return None


def check_obs_host(value: str) -> str | None:
    """Why ``value`` is not a host name or address, or ``None``."""
    if not value.strip() or any(c.isspace() for c in value) or "/" in value:
        return translate("Settings", "The OBS host {value} is not a host name or address.").format(
            value=repr(value)
        )
    return None


def check_language(value: str) -> str | None:
    """Why ``value`` is not a language the window speaks, or ``None``."""
    if value not in LANGUAGES:
        return translate("Settings", "The language {value} is not one of {choices}.").format(
            value=repr(value), choices=", ".join(LANGUAGES)
        )
    return None


def problems(settings: Settings) -> list[tuple[str, str]]:
    """Each invalid value as ``(field name, sentence)``; empty when all are usable.

    A plain ``http://`` API address to another computer is kept (see
    :func:`check_api_address`); Settings refuses to save one (:func:`check_api_url`).
    """
    found: list[tuple[str, str | None]] = [
        ("language", check_language(settings.language)),
        ("api_url", check_api_address(settings.api_url)),
        ("ingest_url", check_ingest_url(settings.ingest_url)),
        ("player_url_template", check_player_url_template(settings.player_url_template)),
    ]
    if settings.obs_host is not None:
        found.append(("obs_host", check_obs_host(settings.obs_host)))
    if settings.obs_port is not None:
        found.append(("obs_port", check_port(settings.obs_port)))
    return [(name, problem) for name, problem in found if problem is not None]


class SettingsFile:
    """The settings file: load with defaults for anything missing or bad, save atomically.

    Keys this version does not know (written by a later release of the same format) are
    kept and written back on save, so going back and forth between versions loses nothing.

    Attributes:
        path: the settings file.
        notice: set by ``load()`` when a file or a value was set aside; one sentence, or
            ``None`` when all was well.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / SETTINGS_FILE_NAME
        self.notice: str | None = None
        self._unknown_keys: dict[str, Any] = {}
        # Set when an unusable file could not be renamed aside: saving would destroy it.
        self._unusable_file_kept = False

    def __repr__(self) -> str:
        return f"SettingsFile({str(self.path)!r})"

    def load(self) -> Settings:
        """The saved settings; defaults when there is no file or it cannot be used."""
        self.notice = None
        self._unknown_keys = {}
        self._unusable_file_kept = False
        try:
            document = read_document(self.path, SETTINGS_VERSION)
        except OSError as error:
            self.notice = translate(
                "Settings",
                "The settings file {path} could not be opened ({reason}), so the default "
                "settings are in use.",
            ).format(path=self.path, reason=error.strerror)
            self._unusable_file_kept = True
            return Settings()
        if document is None:
            return Settings()
        if isinstance(document, Unusable):
            kept = _secrets_choice(self.path)
            self._set_aside(document)
            return Settings(secrets_in_file=kept)
        wrong = _wrong_types(document)
        if wrong:
            kept = _secrets_choice(self.path)
            self._set_aside(
                Unusable(
                    "corrupt",
                    translate("Settings", "the value of {name} has the wrong type").format(
                        name=repr(wrong)
                    ),
                )
            )
            return Settings(secrets_in_file=kept)
        known = {f.name for f in dataclasses.fields(Settings)}
        values = {k: v for k, v in document.items() if k in known}
        self._unknown_keys = {
            k: v for k, v in document.items() if k not in known and k != "version"
        }
        settings = Settings(**values)
        bad = problems(settings)
        if bad:
            for name, _ in bad:
                setattr(settings, name, getattr(Settings(), name))
            sentences = " ".join(problem for _, problem in bad)
            self.notice = f"{sentences} " + translate("Settings", "The default is in use instead.")
        return settings

    def save(self, settings: Settings) -> None:
        """Write ``settings`` atomically (mode 0600, folder 0700).

        Raises ``UsageError`` for a value that is not usable (the file is untouched) and
        ``StorageError`` when the disk refuses, or when an unreadable file could not be set
        aside (overwriting it would lose it).
        """
        bad = problems(settings)
        if bad:
            raise UsageError(bad[0][1], translate("Settings", "Correct it and save again."))
        if self._unusable_file_kept:
            raise StorageError(
                translate(
                    "Settings", "The settings file {path} could not be read and was kept as it is."
                ).format(path=self.path),
                translate("Settings", "Move or repair it, then save again."),
            )
        document: dict[str, Any] = {
            **self._unknown_keys,
            "version": SETTINGS_VERSION,
            **dataclasses.asdict(settings),
        }
        try:
            ensure_private_dir(self.path.parent)
            write_atomic(self.path, encode_document(document))
        except OSError as error:
            raise StorageError(
                translate(
                    "Settings", "The settings could not be saved to {path} ({reason})."
                ).format(path=self.path, reason=error.strerror or error),
                translate("Settings", "Check that the folder exists and that you can write to it."),
            ) from None

    def _set_aside(self, unusable: Unusable) -> None:
        """Rename the unusable file aside and say so in ``notice``."""
        why = unusable.why
        try:
            moved = set_aside(self.path, unusable.reason)
        except OSError as error:
            self._unusable_file_kept = True
            self.notice = translate(
                "Settings",
                "The settings file {path} {why} and could not be set aside ({reason}), so the "
                "default settings are in use.",
            ).format(path=self.path, why=why, reason=error.strerror)
            return
        log.warning("settings file set aside as %s: %s", moved, unusable.detail)
        self.notice = translate(
            "Settings",
            "The settings file {why}, so it was set aside as {path} and the default settings "
            "are in use.",
        ).format(why=why, path=moved)


def _secrets_choice(path: Path) -> bool:
    """``secrets_in_file`` from a file that is otherwise set aside (newer or damaged).

    The choice says where the saved key is: dropped, the key left in the secrets file would
    sit there unused while the user is asked for it again.
    """
    import json

    try:
        with path.open("rb") as file:
            document = json.loads(file.read(MAX_FILE_BYTES))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(document, dict) and document.get("secrets_in_file") is True


def _wrong_types(document: dict[str, Any]) -> str | None:
    """The first known key whose value has the wrong type, or ``None``."""
    for name in _STR_FIELDS:
        if name in document and not isinstance(document[name], str):
            return name
    for name in _OPTIONAL_STR_FIELDS:
        if name in document and not isinstance(document[name], str | None):
            return name
    for name in _OPTIONAL_INT_FIELDS:
        value = document.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return name
    for name in _BOOL_FIELDS:
        if name in document and not isinstance(document[name], bool):
            return name
    return None


__all__ = [
    "SETTINGS_VERSION",
    "Settings",
    "SettingsFile",
    "check_api_address",
    "check_api_url",
    "check_ingest_url",
    "check_obs_host",
    "check_player_url_template",
    "check_port",
    "problems",
]
