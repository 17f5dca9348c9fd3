"""The user's own OBS stream settings, kept before this program overwrites them.

Each OBS profile has its own stream service, so backups are kept per profile: newest first,
a short history (``HISTORY_LENGTH``), in ``obs-backups.json`` next to the stream list but
independent of it, so a stream list that is set aside never takes the user's settings
with it. The file is written atomically, readable by the user only, and versioned; the
same settings seen again move to the top instead of filling the history.

Settings that are one of this program's own streams (``own_streams.OwnStreams``, the record
next to this file) are never kept: ``push`` refuses them and drops any an older version
kept, and reading skips them, so Restore never gives one back and they never push the
user's own settings out of the history.

Earlier versions kept one backup inside ``streams.json`` (``obs_backup``); while this file
does not exist yet, that backup is imported from there once, so nobody loses theirs.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..i18n import translate
from .atomic import StorageError, set_aside, write_atomic
from .file_lock import exclusive_lock
from .own_streams import OWN_STREAMS_FILE_NAME, OwnStreams, is_recorded
from .paths import data_dir, ensure_private_dir
from .versioned import (
    MAX_FILE_BYTES,
    Unusable,
    encode_document,
    parse_document,
    too_large,
)

log = logging.getLogger(__name__)

BACKUPS_VERSION = 1
BACKUPS_FILE_NAME = "obs-backups.json"
#: The file that held the single backup before this one existed.
LEGACY_STORE_FILE_NAME = "streams.json"
#: Backups kept per OBS profile.
HISTORY_LENGTH = 10

Document = dict[str, Any]


@dataclass(frozen=True)
class ObsBackup:
    """One copy of a profile's stream service as the user had it.

    Attributes:
        profile: the OBS profile it was read from ("" when not known: an old backup).
        type: the service type (``rtmp_custom``, ``rtmp_common``, ...).
        settings: the service settings, key and password included (never shown).
        saved_at: when it was read, ISO 8601 UTC.
    """

    profile: str
    type: str
    settings: Mapping[str, Any] = field(repr=False)
    saved_at: str = ""


class ObsBackups:
    """The backup history file; safe to share between the window and the command line.

    Attributes:
        path: the file.
        own: the record of this program's own streams (in the same folder by default).
        notice: one sentence when the file could not be used and was set aside (None when
            all was well).
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        legacy_path: Path | None = None,
        own: OwnStreams | None = None,
    ) -> None:
        self.path = path if path is not None else data_dir() / BACKUPS_FILE_NAME
        self._legacy_path = (
            legacy_path if legacy_path is not None
            else self.path.with_name(LEGACY_STORE_FILE_NAME)
        )
        self.own = own if own is not None else OwnStreams(
            self.path.with_name(OWN_STREAMS_FILE_NAME), store_path=self._legacy_path
        )
        self.notice: str | None = None

    def __repr__(self) -> str:
        return f"ObsBackups({str(self.path)!r})"

    # Reading

    def newest(self, profile: str | None = None) -> ObsBackup | None:
        """The newest backup of ``profile`` (of any profile when ``None``)."""
        backups = self._users()
        if profile is not None:
            backups = [backup for backup in backups if backup.profile == profile]
        return max(backups, key=lambda backup: backup.saved_at, default=None)

    def all(self) -> list[ObsBackup]:
        """Every backup of every profile, newest first."""
        return sorted(self._users(), key=lambda backup: backup.saved_at, reverse=True)

    def history(self, profile: str) -> list[ObsBackup]:
        """Every backup of ``profile``, newest first."""
        return [backup for backup in self._users() if backup.profile == profile]

    def any(self) -> bool:
        return self.newest() is not None

    def _users(self) -> list[ObsBackup]:
        """Every backup that is not one of this program's streams (an older version's)."""
        with self._locked():
            document = self._read_document()
        ours = self.own.fingerprints()
        return [
            backup for backup in _all_backups(document)
            if not is_recorded(backup.type, backup.settings, ours)
        ]

    # Changing

    def push(
        self, profile: str, service_type: str, settings: Mapping[str, Any]
    ) -> ObsBackup | None:
        """Keep these settings as the newest of ``profile`` (the same ones move to the top);
        ``None`` (nothing kept) when they are one of this program's own streams.

        The record of our streams is read here, after OBS was read: a stream the other
        process recorded a moment ago, before sending it, is known.
        """
        backup = ObsBackup(profile, service_type, copy.deepcopy(dict(settings)), _now())
        with self._locked():
            ours = self.own.fingerprints()
            if is_recorded(service_type, settings, ours):
                return None
            document = self._read_document()
            entries = _entries_of(document, profile)
            kept = [
                entry for entry in entries
                if not (
                    entry.get("type") == service_type and entry.get("settings") == dict(settings)
                )
                # An older version kept our own streams too: they must not crowd out the user's.
                and not is_recorded(
                    str(entry.get("type")), _settings_of(entry), ours
                )
            ]
            kept.insert(0, _entry_of(backup))
            document["profiles"][profile] = kept[:HISTORY_LENGTH]
            self._write(document)
        return backup

    # The file

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            ensure_private_dir(self.path.parent)
            with exclusive_lock(self.path.with_name(self.path.name + ".lock")):
                yield
        except OSError as error:
            raise StorageError(
                translate(
                    "ObsBackup",
                    "The backup of your OBS settings {path} could not be used ({reason}).",
                ).format(path=self.path, reason=error.strerror or error),
                translate(
                    "ObsBackup", "Check that the folder exists and that you can write to it."
                ),
            ) from None

    def _write(self, document: Document) -> None:
        try:
            write_atomic(self.path, encode_document(document))
        except OSError as error:
            raise StorageError(
                translate(
                    "ObsBackup",
                    "The backup of your OBS settings could not be saved to {path} ({reason}); "
                    "OBS was not changed.",
                ).format(path=self.path, reason=error.strerror or error),
                translate(
                    "ObsBackup",
                    "Check that the disk is not full and that you can write to the folder.",
                ),
            ) from None

    def _read_document(self) -> Document:
        """The file's content (call under the lock); imports the old backup when absent."""
        try:
            with self.path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return self._migrated()
        if len(raw) > MAX_FILE_BYTES:
            self._set_aside(Unusable("corrupt", too_large()))
            return _empty_document()
        found = parse_document(raw, BACKUPS_VERSION)
        if isinstance(found, Unusable):
            self._set_aside(found)
            return _empty_document()
        profiles = found.get("profiles")
        if not isinstance(profiles, dict):
            wrong = translate("ObsBackup", "its list of profiles has the wrong type")
            self._set_aside(Unusable("corrupt", wrong))
            return _empty_document()
        found["version"] = BACKUPS_VERSION
        return found

    def _migrated(self) -> Document:
        """A new document holding the backup an older version kept in the stream list."""
        document = _empty_document()
        legacy = _legacy_backup(self._legacy_path)
        if legacy is None:
            return document
        document["profiles"][legacy.profile] = [_entry_of(legacy)]
        # Written at once: from now on this file, not the stream list, holds the backup.
        self._write(document)
        log.info("the OBS settings backup was moved out of the stream list into %s", self.path)
        return document

    def _set_aside(self, unusable: Unusable) -> None:
        try:
            moved = set_aside(self.path, unusable.reason)
        except OSError as error:
            raise StorageError(
                translate(
                    "ObsBackup",
                    "The backup of your OBS settings {path} {why} and could not be set aside "
                    "({reason}).",
                ).format(path=self.path, why=unusable.why, reason=error.strerror or error),
                translate("ObsBackup", "Move or repair the file, then try again."),
            ) from None
        log.warning("OBS settings backup set aside as %s: %s", moved, unusable.detail)
        self.notice = translate(
            "ObsBackup", "The backup of your OBS settings {why}, so it was set aside as {path}."
        ).format(why=unusable.why, path=moved)


def _empty_document() -> Document:
    return {"version": BACKUPS_VERSION, "profiles": {}}


def _entries_of(document: Document, profile: str) -> list[dict[str, Any]]:
    entries = document["profiles"].get(profile)
    return [entry for entry in entries if isinstance(entry, dict)] if isinstance(
        entries, list
    ) else []


def _settings_of(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    settings = entry.get("settings")
    return settings if isinstance(settings, dict) else {}


def _entry_of(backup: ObsBackup) -> dict[str, Any]:
    return {
        "type": backup.type,
        "settings": copy.deepcopy(dict(backup.settings)),
        "saved_at": backup.saved_at,
    }


def _all_backups(document: Document) -> list[ObsBackup]:
    """Every usable backup of every profile, each profile's newest first."""
    found: list[ObsBackup] = []
    for profile, entries in document["profiles"].items():
        if not isinstance(profile, str) or not isinstance(entries, list):
            continue
        for entry in entries:
            backup = _parse_entry(profile, entry)
            if backup is not None:
                found.append(backup)
    return found


def _parse_entry(profile: str, entry: object) -> ObsBackup | None:
    if not isinstance(entry, dict):
        return None
    service_type, settings = entry.get("type"), entry.get("settings")
    if not isinstance(service_type, str) or not isinstance(settings, dict):
        return None
    saved_at = entry.get("saved_at")
    return ObsBackup(
        profile, service_type, copy.deepcopy(settings),
        saved_at if isinstance(saved_at, str) else "",
    )


def _legacy_backup(path: Path) -> ObsBackup | None:
    """The ``obs_backup`` an older version kept in the stream list, when there is one."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
        document = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None  # no list, or one the stream list itself will set aside
    backup = document.get("obs_backup") if isinstance(document, dict) else None
    if not isinstance(backup, dict):
        return None
    profile = backup.get("profile")
    return _parse_entry(profile if isinstance(profile, str) else "", {**backup, "saved_at": ""})


def _now() -> str:
    # Microseconds: two backups within one second must still sort newest first.
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
