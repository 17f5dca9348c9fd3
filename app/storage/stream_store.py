"""The streams the user created, kept on this computer: ``streams.json`` in the data folder.

The API may not list streams, or the network may be down; the local list keeps every
stream's id, both keys, status, unknown fields, a name and when it was created, so nothing
is lost. The backup of the user's own OBS settings is kept apart, in ``obs_backups``: a
stream list set aside must not take it along. An ``obs_backup`` an older version left in
this file is kept as it is (like any key this version does not know) and imported there.

The window and the command line may write at the same time, so every change re-reads the
file and writes it under an inter-process lock: neither loses the other's streams. Entries
and keys this version does not understand are kept in the file untouched.

Reading is cached: the parsed streams are kept with the file's identity (inode, size,
modification and change times) and reused while the file is unchanged, so asking for the
list again costs one ``stat``. Every write replaces the file with a new one, so another
process's write changes that identity; the one case it could miss (a file rewritten twice
within one timestamp tick, its inode reused, at the same size) is covered by comparing the
bytes while the file is that young.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..comprimato.models import Stream, parse_stream
from ..errors import CompanionError
from ..i18n import translate
from .atomic import StorageError, set_aside, temp_files_of, write_atomic
from .file_lock import exclusive_lock
from .paths import data_dir, ensure_private_dir
from .versioned import (
    MAX_FILE_BYTES,
    Unusable,
    encode_document,
    parse_document,
    too_large,
)

log = logging.getLogger(__name__)

#: The format this program writes; a file with a higher major version is set aside.
STORE_VERSION = 1
STORE_FILE_NAME = "streams.json"

#: Keys a remote stream may carry its creation time under (the API does not document one).
_REMOTE_CREATED_KEYS = ("created_at", "createdAt", "created")

#: A file modified less than this long ago may yet be rewritten within the same timestamp
#: tick: the cache then compares its bytes too.
_RACY_NS = 2_000_000_000

Document = dict[str, Any]
#: What identifies one version of the file: inode, size, mtime and ctime (ns).
FileKey = tuple[int, int, int, int]


@dataclass(frozen=True)
class StoredStream:
    """A stream as kept locally.

    Attributes:
        stream: the stream as the API last described it (unknown fields in ``extra``).
        api_url: which Comprimato it belongs to; sandbox streams are not mixed with real ones.
        name: a name the user gave it; empty when none.
        created_at: when it was created (or first seen here), ISO 8601 UTC; empty if unknown.
    """

    stream: Stream
    api_url: str
    name: str = ""
    created_at: str = ""


class StreamStore:
    """The local stream list, shared safely with other processes.

    Reads reuse the last parsed file while it is unchanged on disk; every change re-reads
    it under the lock. Calls may come from several threads (the window's workers).

    Attributes:
        path: the store file.
        notice: one sentence when a file or entry could not be used (set aside, skipped);
            ``None`` when all was well. ``load()`` resets it; other calls only set it.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else data_dir() / STORE_FILE_NAME
        self.notice: str | None = None
        self._cache: _Snapshot | None = None

    def __repr__(self) -> str:
        return f"StreamStore({str(self.path)!r})"

    # Reading

    def load(self) -> list[StoredStream]:
        """Every stored stream, newest first; an unusable file is set aside (see ``notice``)."""
        self.notice = None
        return self._read(lambda entries: entries)

    def streams(self, api_url: str | None = None) -> list[StoredStream]:
        """The stored streams of ``api_url`` (all when ``None``), newest first."""
        if api_url is None:
            return self._read(lambda entries: entries)
        wanted = _same_api(api_url)

        def of_this_api(entries: list[StoredStream]) -> list[StoredStream]:
            seen: dict[str, bool] = {}  # thousands of entries, a handful of distinct URLs
            kept: list[StoredStream] = []
            for entry in entries:
                same = seen.get(entry.api_url)
                if same is None:
                    same = seen[entry.api_url] = _same_api(entry.api_url) == wanted
                if same:
                    kept.append(entry)
            return kept

        return self._read(of_this_api)

    def get(self, stream_id: str) -> StoredStream | None:
        """The stored stream with this id, or ``None``."""
        found = self._read(lambda entries: [e for e in entries if e.stream.id == stream_id])
        return found[0] if found else None

    # Changing

    def add(self, stream: Stream, api_url: str, name: str = "") -> StoredStream:
        """Keep a newly created stream, saved at once; it becomes the newest.

        A stream already stored for the same Comprimato is refreshed instead of doubled.
        """
        stored = StoredStream(stream=stream, api_url=api_url, name=name, created_at=_now())

        def change(document: Document) -> bool:
            nonlocal stored
            entries: list[Any] = document["streams"]
            for entry in entries:
                if _matches(entry, stream.id, api_url):
                    entry["stream"] = stream.to_json()
                    if name:
                        entry["name"] = name
                    kept_name, created = entry.get("name"), entry.get("created_at")
                    stored = StoredStream(
                        stream, api_url,
                        kept_name if isinstance(kept_name, str) else "",
                        created if isinstance(created, str) else "",
                    )
                    return True
            entries.insert(0, _entry_of(stored))
            return True

        self._change(change)
        return stored

    def update(self, stream: Stream) -> None:
        """Store fresher status and fields from the API; an unknown id is ignored."""

        def change(document: Document) -> bool:
            changed = False
            for entry in document["streams"]:
                if _matches(entry, stream.id, None):
                    entry["stream"] = stream.to_json()
                    changed = True
            return changed

        self._change(change)

    def rename(self, stream_id: str, name: str) -> None:
        """Give a stored stream a name (empty clears it); an unknown id is ignored."""

        def change(document: Document) -> bool:
            changed = False
            for entry in document["streams"]:
                if _matches(entry, stream_id, None):
                    entry["name"] = name
                    changed = True
            return changed

        self._change(change)

    def remove(self, stream_id: str) -> None:
        """Forget a stream locally (it is not deleted on Comprimato); unknown ids are ignored."""

        def change(document: Document) -> bool:
            entries: list[Any] = document["streams"]
            kept = [entry for entry in entries if not _matches(entry, stream_id, None)]
            document["streams"] = kept
            return len(kept) != len(entries)

        self._change(change)

    def remove_all(self, api_url: str, keep: frozenset[str] = frozenset()) -> int:
        """Forget every stream of ``api_url`` in one write (a sandbox that stopped), but
        those whose id is in ``keep``."""
        removed = 0

        def change(document: Document) -> bool:
            nonlocal removed
            entries: list[Any] = document["streams"]
            wanted = _same_api(api_url)
            kept = [
                entry
                for entry in entries
                if not (
                    isinstance(entry, dict)
                    and isinstance(entry.get("api_url"), str)
                    and _same_api(entry["api_url"]) == wanted
                    and _entry_id(entry, api_url) not in keep
                )
            ]
            removed = len(entries) - len(kept)
            document["streams"] = kept
            return removed > 0

        self._change(change)
        return removed

    def merge_remote(self, api_url: str, streams: list[Stream]) -> None:
        """Add the listed streams not known here and refresh known ones; drop none locally.

        Streams found only on the server get their creation time from the API when it sends
        one, else none (they sort after the dated ones).
        """

        def change(document: Document) -> bool:
            entries: list[Any] = document["streams"]
            # One pass to index this Comprimato's entries by id: a refresh of thousands of
            # known streams must not compare each with every stored one.
            known_by_id: dict[str, list[Document]] = {}
            for entry in entries:
                stream_id = _entry_id(entry, api_url)
                if stream_id is not None:
                    known_by_id.setdefault(stream_id, []).append(entry)
            new_entries: list[Document] = []
            for stream in streams:
                known = known_by_id.get(stream.id, [])
                for entry in known:
                    entry["stream"] = stream.to_json()
                if not known:
                    created = _remote_created_at(stream)
                    new_entries.append(_entry_of(StoredStream(stream, api_url, "", created)))
            entries[:0] = new_entries
            return True

        if streams:
            self._change(change)

    # The file

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            ensure_private_dir(self.path.parent)
            with exclusive_lock(self.path.with_name(self.path.name + ".lock")):
                yield
        except OSError as error:
            raise StorageError(
                translate("StreamStore", "The stream list {path} could not be used ({reason}).")
                .format(path=self.path, reason=error.strerror or error),
                translate(
                    "StreamStore", "Check that the folder exists and that you can write to it."
                ),
            ) from None

    def _read(
        self, select: Callable[[list[StoredStream]], list[StoredStream]]
    ) -> list[StoredStream]:
        with self._locked():
            snapshot = self._snapshot()
        entries, unreadable = snapshot.entries()
        if unreadable:
            self.notice = translate(
                "StreamStore",
                "{count} saved stream(s) in {path} could not be read; they are kept in the file "
                "as they are.",
            ).format(count=unreadable, path=self.path)
        return select(list(entries))

    def _change(self, change: Callable[[Document], bool]) -> None:
        """Re-read, apply ``change``, and write when it says it changed something."""
        with self._locked():
            document = self._read_document()
            if not change(document):
                return
            data = encode_document(document)
            try:
                write_atomic(self.path, data)
            except OSError as error:
                raise StorageError(
                    translate(
                        "StreamStore", "The stream list could not be saved to {path} ({reason})."
                    ).format(path=self.path, reason=error.strerror or error),
                    translate(
                        "StreamStore",
                        "Check that the disk is not full and that you can write to the folder.",
                    ),
                ) from None
            # Under the lock no other writer is active: leftovers are from killed writers.
            for leftover in temp_files_of(self.path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            # What was just written is what the next read would find: keep it parsed.
            with contextlib.suppress(OSError):
                self._cache = _Snapshot(document, data, _file_key(os.stat(self.path)))

    def _snapshot(self) -> _Snapshot:
        """The file as parsed (call under the lock): cached while unchanged on disk."""
        cached = self._cache
        try:
            with self.path.open("rb") as file:
                key = _file_key(os.fstat(file.fileno()))
                if cached is not None and cached.key == key and not cached.racy():
                    return cached
                raw = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            self._cache = None
            return _Snapshot(None, b"", None)
        if cached is not None and cached.raw == raw:  # rewritten, or young: same content
            cached.key, cached.checked_at_ns = key, time.time_ns()
            return cached
        document = self._document_of(raw)
        snapshot = _Snapshot(document, raw, key)
        self._cache = snapshot if document is not None else None  # a file set aside is gone
        return snapshot

    def _read_document(self) -> Document:
        """The file's content, fresh and private to the caller (call under the lock)."""
        try:
            with self.path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return _empty_document()
        return self._document_of(raw) or _empty_document()

    def _document_of(self, raw: bytes) -> Document | None:
        """The store in ``raw``, or ``None`` when unusable (the file is then set aside)."""
        if len(raw) > MAX_FILE_BYTES:
            self._set_aside(Unusable("corrupt", too_large()))
            return None
        found = parse_document(raw, STORE_VERSION)
        if isinstance(found, Unusable):
            self._set_aside(found)
            return None
        if not isinstance(found.get("streams", []), list):
            wrong = translate("StreamStore", "its list of streams has the wrong type")
            self._set_aside(Unusable("corrupt", wrong))
            return None
        found.setdefault("streams", [])
        found["version"] = STORE_VERSION
        return found

    def _set_aside(self, unusable: Unusable) -> None:
        why = unusable.why
        try:
            moved = set_aside(self.path, unusable.reason)
        except OSError as error:
            # Writing over it would lose the user's streams: refuse until it is moved.
            raise StorageError(
                translate(
                    "StreamStore",
                    "The stream list {path} {why} and could not be set aside ({reason}).",
                ).format(path=self.path, why=why, reason=error.strerror or error),
                translate("StreamStore", "Move or repair the file, then try again."),
            ) from None
        log.warning("stream list set aside as %s: %s", moved, unusable.detail)
        self.notice = translate(
            "StreamStore",
            "The stream list {why}, so it was set aside as {path} and a new list was started.",
        ).format(why=why, path=moved)


class _Snapshot:
    """One version of the file, parsed once, on first use; shared by the reads that follow.

    Attributes:
        key: the file's identity when read (None: no file).
        raw: its bytes, to tell a young file's rewrite within one timestamp tick.
        checked_at_ns: when the file was last found to be this version.
    """

    def __init__(self, document: Document | None, raw: bytes, key: FileKey | None) -> None:
        self.key = key
        self.raw = raw
        self.checked_at_ns = time.time_ns()
        self._document = document if document is not None else _empty_document()
        self._entries: tuple[StoredStream, ...] | None = None
        self._unreadable = 0
        self._lock = threading.Lock()

    def entries(self) -> tuple[tuple[StoredStream, ...], int]:
        """The usable streams, newest first, and how many entries could not be used."""
        with self._lock:
            if self._entries is None:
                entries: list[StoredStream] = []
                for item in self._document["streams"]:
                    stored = _parse_entry(item)
                    if stored is None:
                        self._unreadable += 1
                    else:
                        entries.append(stored)
                entries.sort(key=_newest_first)
                self._entries = tuple(entries)
                self._document = {}  # parsed: the raw entries are no longer needed
            return self._entries, self._unreadable

    def racy(self) -> bool:
        """Whether the file was young when last checked: its identity alone may not tell."""
        return self.key is None or self.checked_at_ns - self.key[2] < _RACY_NS


def _file_key(stat: os.stat_result) -> FileKey:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _empty_document() -> Document:
    return {"version": STORE_VERSION, "streams": []}


def _entry_of(stored: StoredStream) -> Document:
    return {
        "stream": stored.stream.to_json(),
        "api_url": stored.api_url,
        "name": stored.name,
        "created_at": stored.created_at,
    }


def _parse_entry(raw: object) -> StoredStream | None:
    """A stored stream from its JSON entry, or ``None`` when the entry is not usable."""
    if not isinstance(raw, dict):
        return None
    api_url = raw.get("api_url")
    if not isinstance(api_url, str):
        return None
    try:
        stream = parse_stream(raw.get("stream"))
    except CompanionError:
        return None
    name = raw.get("name")
    created_at = raw.get("created_at")
    # StoredStream(...) field by field through the frozen dataclass's __setattr__ is the
    # slowest part of reading thousands of entries; the instance dictionary at once is not.
    stored = object.__new__(StoredStream)
    stored.__dict__.update(
        stream=stream,
        api_url=api_url,
        name=name if isinstance(name, str) else "",
        created_at=created_at if isinstance(created_at, str) else "",
    )
    return stored


def _matches(entry: object, stream_id: str, api_url: str | None) -> bool:
    """Whether a raw entry is the stream ``stream_id`` (of ``api_url`` when given)."""
    return _entry_id(entry, api_url) == stream_id


def _entry_id(entry: object, api_url: str | None) -> str | None:
    """A raw entry's stream id, when it is a stream of ``api_url`` (of any when ``None``)."""
    if not isinstance(entry, dict):
        return None
    stream = entry.get("stream")
    stream_id = stream.get("id") if isinstance(stream, dict) else None
    if not isinstance(stream_id, str):
        return None
    if api_url is None:
        return stream_id
    entry_api = entry.get("api_url")
    if isinstance(entry_api, str) and _same_api(entry_api) == _same_api(api_url):
        return stream_id
    return None


def _same_api(api_url: str) -> str:
    """``api_url`` compared loosely: a trailing slash or letter case make no difference."""
    return api_url.strip().rstrip("/").lower()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: str) -> datetime | None:
    """An ISO 8601 time as an aware UTC datetime, or ``None`` when it is not one."""
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _remote_created_at(stream: Stream) -> str:
    for key in _REMOTE_CREATED_KEYS:
        value = stream.extra.get(key)
        if isinstance(value, str) and (parsed := _parse_time(value)) is not None:
            return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def _newest_first(stored: StoredStream) -> tuple[int, float]:
    """Sort key: dated streams newest first, then undated ones; ties keep file order."""
    parsed = _parse_time(stored.created_at) if stored.created_at else None
    if parsed is None:
        return (1, 0.0)
    return (0, -parsed.timestamp())
