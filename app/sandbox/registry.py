"""The sandbox's streams and their live status, shared by the HTTP API and the SRT ingest.

The registry is the SRT ingest's gate (``app.sandbox.srt_ingest.IngestGate``): it
admits a publisher whose SRT ``streamid`` is a stream's streamer key (one at a time per
key), turns the stream ``Running`` when media arrives and ``Stopped`` a grace period after
the connection ends, like Comprimato, which needs a moment to notice a lost signal.

Everything is guarded by one lock: HTTP handler threads, the ingest's threads and the
grace timers all call in concurrently.
"""

from __future__ import annotations

import secrets
import string
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from ..comprimato.models import Stream

RUNNING: Final = "Running"
STOPPED: Final = "Stopped"

#: SRT reject reasons the gate answers (libsrt's user-defined range, HTTP-like codes).
REJECT_UNAUTHORIZED: Final = 1401
REJECT_CONFLICT: Final = 1409

PLAYER_KEY_ALPHABET: Final = string.ascii_letters + string.digits
PLAYER_KEY_LENGTH: Final = 12


def new_player_key() -> str:
    """12 random characters of ``[A-Za-z0-9]``, like the documentation's example."""
    return "".join(secrets.choice(PLAYER_KEY_ALPHABET) for _ in range(PLAYER_KEY_LENGTH))


@dataclass(frozen=True)
class SavedStream:
    """What of a stream outlives the sandbox: its id, both keys and when it was made.

    Attributes:
        id: the stream's id. streamer_key: its SRT key (never in ``repr()``).
        player_key: its player key. created_at: ISO 8601 UTC.
    """

    id: str
    streamer_key: str = field(repr=False)
    player_key: str
    created_at: str


@dataclass
class _Entry:
    """A stream's record inside the registry (mutable, only touched under the lock)."""

    id: str
    streamer_key: str = field(repr=False)
    player_key: str
    created_at: str
    status: str = STOPPED
    publishing: bool = False
    bytes_received: int = 0
    stop_timer: threading.Timer | None = field(default=None, repr=False)
    stop_generation: int = 0  # tells a stale timer (cancelled, then replaced) from the live one

    def saved(self) -> SavedStream:
        return SavedStream(self.id, self.streamer_key, self.player_key, self.created_at)

    def snapshot(self) -> Stream:
        return Stream(
            id=self.id,
            streamer_key=self.streamer_key,
            player_key=self.player_key,
            status=self.status,
        )


class StreamRegistry:
    """The sandbox's streams, indexed by id, streamer key and player key.

    Args:
        stopped_grace: seconds between a publisher leaving and the stream turning
            ``Stopped``; 0 stops it at once.
        on_change: called after every create and delete, outside the lock (the sandbox
            saves its streams there); a create answers only once it returned.
    """

    def __init__(
        self, stopped_grace: float = 3.0, on_change: Callable[[], None] | None = None
    ) -> None:
        self._stopped_grace = stopped_grace
        self.on_change = on_change
        self._lock = threading.Lock()
        self._by_id: dict[str, _Entry] = {}
        self._by_streamer_key: dict[str, _Entry] = {}
        self._by_player_key: dict[str, _Entry] = {}
        self._changed = threading.Condition(self._lock)
        self._closed = False

    # --- the HTTP API's side ------------------------------------------------------------

    def create(self) -> Stream:
        """A new stopped stream with fresh keys (UUID4 id and streamer key)."""
        with self._lock:
            player_key = new_player_key()
            while player_key in self._by_player_key:
                player_key = new_player_key()
            entry = _Entry(
                id=str(uuid.uuid4()),
                streamer_key=str(uuid.uuid4()),
                player_key=player_key,
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
            self._add(entry)
            created = entry.snapshot()
        self._announce()
        return created

    def restore(self, streams: Iterable[SavedStream]) -> None:
        """Take back streams of an earlier run, all ``Stopped`` until their SRT arrives; an
        id or key already here is skipped (the first wins)."""
        with self._lock:
            for saved in streams:
                if (saved.id in self._by_id or saved.streamer_key in self._by_streamer_key
                        or saved.player_key in self._by_player_key):
                    continue
                self._add(_Entry(saved.id, saved.streamer_key, saved.player_key,
                                 saved.created_at))

    def saved(self) -> list[SavedStream]:
        """What of every stream outlives the sandbox, oldest first."""
        with self._lock:
            return [entry.saved() for entry in self._by_id.values()]

    def _add(self, entry: _Entry) -> None:
        self._by_id[entry.id] = entry
        self._by_streamer_key[entry.streamer_key] = entry
        self._by_player_key[entry.player_key] = entry
        self._changed.notify_all()

    def _announce(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def list(self) -> list[Stream]:
        """Every stream, oldest first (the order they were created)."""
        with self._lock:
            return [entry.snapshot() for entry in self._by_id.values()]

    def get(self, stream_id: str) -> Stream | None:
        with self._lock:
            entry = self._by_id.get(stream_id)
            return entry.snapshot() if entry else None

    def by_player_key(self, player_key: str) -> Stream | None:
        with self._lock:
            entry = self._by_player_key.get(player_key)
            return entry.snapshot() if entry else None

    def delete(self, stream_id: str) -> Stream | None:
        """Remove a stream; returns it (the caller disconnects its publisher), or ``None``."""
        with self._lock:
            entry = self._by_id.pop(stream_id, None)
            if entry is None:
                return None
            self._by_streamer_key.pop(entry.streamer_key, None)
            self._by_player_key.pop(entry.player_key, None)
            self._cancel_timer(entry)
            self._changed.notify_all()
            deleted = entry.snapshot()
        self._announce()
        return deleted

    def player_key_for(self, streamer_key: str) -> str | None:
        """The player key of the stream a publisher feeds (for its HLS), or ``None``."""
        with self._lock:
            entry = self._by_streamer_key.get(streamer_key)
            return entry.player_key if entry else None

    def is_publishing(self, stream_id: str) -> bool:
        with self._lock:
            entry = self._by_id.get(stream_id)
            return bool(entry and entry.publishing)

    def bytes_received(self, stream_id: str) -> int:
        with self._lock:
            entry = self._by_id.get(stream_id)
            return entry.bytes_received if entry else 0

    def wait_for_status(self, stream_id: str, status: str, timeout: float) -> bool:
        """Block until the stream has ``status`` (any case); ``False`` on timeout.

        For tests and the self-test, so they wait on the real event rather than a sleep.
        """
        wanted = status.lower()

        def reached() -> bool:
            entry = self._by_id.get(stream_id)
            return entry is not None and entry.status.lower() == wanted

        with self._changed:
            return self._changed.wait_for(reached, timeout)

    def close(self) -> None:
        """Cancel pending grace timers (the sandbox is stopping)."""
        with self._lock:
            self._closed = True
            for entry in self._by_id.values():
                self._cancel_timer(entry)

    # --- the SRT ingest's side (IngestGate) ---------------------------------------------

    def admit(self, streamid: str) -> int | None:
        """Accept a publisher (reserving the key), or the SRT reject reason."""
        with self._lock:
            entry = self._by_streamer_key.get(streamid)
            if entry is None or self._closed:
                return REJECT_UNAUTHORIZED
            if entry.publishing:
                return REJECT_CONFLICT
            entry.publishing = True
            self._cancel_timer(entry)
            self._changed.notify_all()
            return None

    def media(self, streamid: str, nbytes: int) -> None:
        """Media arrived from an admitted publisher: the stream is ``Running``."""
        with self._lock:
            entry = self._by_streamer_key.get(streamid)
            if entry is None or not entry.publishing:
                return
            entry.bytes_received += nbytes
            if entry.status != RUNNING:
                entry.status = RUNNING
                self._changed.notify_all()

    def ended(self, streamid: str) -> None:
        """The publisher's connection is gone: ``Stopped`` after the grace period."""
        with self._lock:
            entry = self._by_streamer_key.get(streamid)
            if entry is None or not entry.publishing:
                return
            entry.publishing = False
            self._cancel_timer(entry)
            self._changed.notify_all()
            if entry.status == STOPPED:
                return
            if self._stopped_grace <= 0 or self._closed:
                self._set_stopped(entry)
                return
            entry.stop_generation += 1
            timer = threading.Timer(
                self._stopped_grace, self._grace_over, args=(entry, entry.stop_generation)
            )
            timer.daemon = True
            timer.name = "sandbox-stopped-grace"
            entry.stop_timer = timer
            timer.start()

    # --- internals ----------------------------------------------------------------------

    def _grace_over(self, entry: _Entry, generation: int) -> None:
        with self._lock:
            stale = entry.stop_timer is None or entry.stop_generation != generation
            if stale or entry.publishing:
                return  # a new publisher came in time, or the timer was cancelled
            entry.stop_timer = None
            self._set_stopped(entry)

    def _set_stopped(self, entry: _Entry) -> None:
        entry.status = STOPPED
        self._changed.notify_all()

    @staticmethod
    def _cancel_timer(entry: _Entry) -> None:
        if entry.stop_timer is not None:
            entry.stop_timer.cancel()
            entry.stop_timer = None
