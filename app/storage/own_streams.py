"""Every stream this program ever put into OBS, known for good: ``own-streams.json``.

Whether OBS's settings are the user's own or one of this program's streams decides what is
backed up and what Restore gives back. The stream list cannot answer it alone: a stream
deleted, a list set aside, a sandbox that forgot its streams, a stream made by the other
process (window or command line) all leave OBS holding an address of ours that the list no
longer knows. So every streamer key is recorded here *before* it is sent to OBS, in a file
of its own next to the stream list but independent of it.

The file holds no secret in clear: a key is kept as its SHA-256 (which identifies the
settings without being usable as a streamid), with the public server address only. It is
written atomically, readable by the user only, versioned, bounded (the newest
``MAX_ENTRIES``), shared under a lock between the window and the command line, and set
aside with a sentence when it cannot be used. While it does not exist yet, the keys of the
stream list are recorded once, so streams of earlier versions are known too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..i18n import translate
from .atomic import StorageError, set_aside, write_atomic
from .file_lock import exclusive_lock
from .paths import data_dir, ensure_private_dir
from .versioned import MAX_FILE_BYTES, Unusable, encode_document, parse_document, too_large

log = logging.getLogger(__name__)

OWN_STREAMS_VERSION = 1
OWN_STREAMS_FILE_NAME = "own-streams.json"
#: The stream list whose keys are recorded when this file does not exist yet.
STORE_FILE_NAME = "streams.json"
#: Streams remembered; the oldest go first (thousands of streams are years of use).
MAX_ENTRIES = 2000
#: The one OBS service type this program writes.
CUSTOM_SERVICE = "rtmp_custom"

Document = dict[str, Any]


def fingerprint(streamer_key: str) -> str:
    """What the file keeps of a key: its SHA-256, hex (identifies, cannot stream)."""
    return hashlib.sha256(streamer_key.encode("utf-8")).hexdigest()


def service_keys(service_type: str, settings: Mapping[str, Any]) -> list[str]:
    """The streamer keys a service may carry: its Stream Key (OBS 29+) and the
    ``streamid`` of its server address (OBS 28). Empty for any other service type."""
    if service_type != CUSTOM_SERVICE:
        return []
    found = [str(settings.get("key") or "")]
    server = settings.get("server")
    if isinstance(server, str):
        try:
            query = urlsplit(server).query
        except ValueError:  # whatever OBS holds need not be a valid URL
            query = ""
        for part in query.split("&"):
            name, _, value = part.partition("=")
            if name == "streamid":
                found.append(value)
    return [key for key in found if key]


@dataclass(frozen=True)
class OwnStream:
    """One stream this program put into OBS (no secret).

    Attributes:
        key_sha256: the SHA-256 of its streamer key.
        server: its public server address (``srt://host:port``).
        sandbox: it came from the window's local sandbox (which forgets it on quit).
        sent_at: when it was last recorded, ISO 8601 UTC.
    """

    key_sha256: str
    server: str
    sandbox: bool
    sent_at: str


class OwnStreams:
    """The record file; safe to share between the window and the command line.

    Attributes:
        path: the file.
        notice: one sentence when the file could not be used and was set aside.
    """

    def __init__(self, path: Path | None = None, *, store_path: Path | None = None) -> None:
        self.path = path if path is not None else data_dir() / OWN_STREAMS_FILE_NAME
        self._store_path = (
            store_path if store_path is not None else self.path.with_name(STORE_FILE_NAME)
        )
        self.notice: str | None = None

    def __repr__(self) -> str:
        return f"OwnStreams({str(self.path)!r})"

    def remember(self, streamer_key: str, server: str, *, sandbox: bool = False) -> None:
        """Record a stream before its key goes to OBS (again: it moves to the newest)."""
        if not streamer_key:
            return
        digest = fingerprint(streamer_key)
        with self._locked():
            document = self._read_document()
            entries = _entries(document)
            was_sandbox = any(
                entry.get("key_sha256") == digest and entry.get("sandbox") is True
                for entry in entries
            )
            kept = [entry for entry in entries if entry.get("key_sha256") != digest]
            kept.append(
                {
                    "key_sha256": digest,
                    "server": server,
                    "sandbox": sandbox or was_sandbox,
                    "sent_at": _now(),
                }
            )
            document["streams"] = kept[-MAX_ENTRIES:]
            self._write(document)

    def all(self) -> list[OwnStream]:
        """Every recorded stream, oldest first."""
        with self._locked():
            document = self._read_document()
        return [stream for entry in _entries(document) if (stream := _parse(entry)) is not None]

    def fingerprints(self, *, sandbox_only: bool = False) -> frozenset[str]:
        """The SHA-256 of every recorded key (only the sandbox's with ``sandbox_only``)."""
        return frozenset(
            stream.key_sha256 for stream in self.all() if stream.sandbox or not sandbox_only
        )

    def holds(self, service_type: str, settings: Mapping[str, Any]) -> bool:
        """Whether these OBS settings are one of the recorded streams."""
        return is_recorded(service_type, settings, self.fingerprints())

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
                    "OwnStreams",
                    "The record of this program's streams {path} could not be used ({reason}).",
                ).format(path=self.path, reason=error.strerror or error),
                translate(
                    "OwnStreams", "Check that the folder exists and that you can write to it."
                ),
            ) from None

    def _write(self, document: Document) -> None:
        try:
            write_atomic(self.path, encode_document(document))
        except OSError as error:
            raise StorageError(
                translate(
                    "OwnStreams",
                    "The record of this program's streams could not be saved to {path} "
                    "({reason}); OBS was not changed.",
                ).format(path=self.path, reason=error.strerror or error),
                translate(
                    "OwnStreams",
                    "Check that the disk is not full and that you can write to the folder.",
                ),
            ) from None

    def _read_document(self) -> Document:
        """The file's content (call under the lock); the stream list's keys when absent."""
        try:
            with self.path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return self._seeded()
        if len(raw) > MAX_FILE_BYTES:
            self._set_aside(Unusable("corrupt", too_large()))
            return _empty_document()
        found = parse_document(raw, OWN_STREAMS_VERSION)
        if isinstance(found, Unusable):
            self._set_aside(found)
            return _empty_document()
        if not isinstance(found.get("streams"), list):
            wrong = translate("OwnStreams", "its list of streams has the wrong type")
            self._set_aside(Unusable("corrupt", wrong))
            return _empty_document()
        found["version"] = OWN_STREAMS_VERSION
        return found

    def _seeded(self) -> Document:
        """A new document with the keys of the stream list (streams of earlier versions)."""
        document = _empty_document()
        keys = _store_keys(self._store_path)
        if keys:
            document["streams"] = [
                {"key_sha256": fingerprint(key), "server": "", "sandbox": False,
                 "sent_at": _now()}
                for key in keys
            ][-MAX_ENTRIES:]
            self._write(document)
        return document

    def _set_aside(self, unusable: Unusable) -> None:
        try:
            moved = set_aside(self.path, unusable.reason)
        except OSError as error:
            raise StorageError(
                translate(
                    "OwnStreams",
                    "The record of this program's streams {path} {why} and could not be set "
                    "aside ({reason}).",
                ).format(path=self.path, why=unusable.why, reason=error.strerror or error),
                translate("OwnStreams", "Move or repair the file, then try again."),
            ) from None
        log.warning("the record of own streams was set aside as %s: %s", moved, unusable.detail)
        self.notice = translate(
            "OwnStreams",
            "The record of this program's streams {why}, so it was set aside as {path}.",
        ).format(why=unusable.why, path=moved)


def is_recorded(
    service_type: str, settings: Mapping[str, Any], fingerprints: Iterable[str]
) -> bool:
    """Whether the service carries a key whose SHA-256 is among ``fingerprints``."""
    known = set(fingerprints)
    return any(fingerprint(key) in known for key in service_keys(service_type, settings))


def _empty_document() -> Document:
    return {"version": OWN_STREAMS_VERSION, "streams": []}


def _entries(document: Document) -> list[dict[str, Any]]:
    return [entry for entry in document["streams"] if isinstance(entry, dict)]


def _parse(entry: Mapping[str, Any]) -> OwnStream | None:
    digest, server = entry.get("key_sha256"), entry.get("server")
    if not isinstance(digest, str) or not isinstance(server, str):
        return None
    sent_at = entry.get("sent_at")
    return OwnStream(
        digest, server, entry.get("sandbox") is True, sent_at if isinstance(sent_at, str) else ""
    )


def _store_keys(path: Path) -> list[str]:
    """The streamer keys in the stream list, read leniently (it sets itself aside)."""
    try:
        with path.open("rb") as file:
            document = json.loads(file.read(MAX_FILE_BYTES + 1).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return []
    streams = document.get("streams") if isinstance(document, dict) else None
    keys: list[str] = []
    for entry in streams if isinstance(streams, list) else []:
        stream = entry.get("stream") if isinstance(entry, dict) else None
        key = stream.get("streamer_key") if isinstance(stream, dict) else None
        if isinstance(key, str) and key:
            keys.append(key)
    return keys


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
