"""The sandbox's streams, keys and ports across restarts: ``sandbox.json`` in the data folder.

A shared link or QR code leads to the sandbox's player page, on its port, with a stream's
player key; OBS holds its SRT address and streamer key. For them to work again after a
restart, the sandbox keeps its streams (id, both keys, when made), its API key and both
ports in a file of its own. The keys are the sandbox's own test secrets, but the file is
treated as a secret anyway: mode 0600, written atomically, versioned; a file that cannot be
used is set aside (renamed, never overwritten) with a sentence saying so. Status is not
kept: a stream is ``Stopped`` after a restart until its SRT arrives again.

One running sandbox owns the file at a time (a lock held while it runs): a second one (the
window's and ``comprimato-companion sandbox`` at once) keeps its streams in memory only,
and says so.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ..i18n import translate
from ..storage.atomic import StorageError, set_aside, write_atomic
from ..storage.file_lock import exclusive_lock
from ..storage.paths import data_dir, ensure_private_dir
from ..storage.versioned import Unusable, encode_document, read_document
from .registry import SavedStream

log = logging.getLogger(__name__)

STATE_FILE_NAME: Final = "sandbox.json"
#: The format this program writes; a file with a higher major version is set aside.
STATE_VERSION: Final = 1


def default_state_path() -> Path:
    """The file of the window's and the ``sandbox`` command's own sandbox."""
    return data_dir() / STATE_FILE_NAME


@dataclass(frozen=True)
class SandboxState:
    """What a sandbox keeps across restarts.

    Attributes:
        api_key: the key clients send (``None``: none saved yet); never in ``repr()``.
        port: the HTTP port of the API and player pages (0: none saved).
        srt_port: the SRT ingest's UDP port (0: none saved).
        lan_port: the port of the player shared on the LAN (0: none saved).
        streams: its streams, oldest first.
    """

    api_key: str | None = field(default=None, repr=False)
    port: int = 0
    srt_port: int = 0
    lan_port: int = 0
    streams: tuple[SavedStream, ...] = ()


class SandboxStateFile:
    """``sandbox.json``: claimed by one running sandbox, which reads it once and saves it
    after every change.

    Args:
        path: the file (default: ``default_state_path()``).

    Attributes:
        path: the file.
        notice: one sentence when the file was set aside, could not be read or written,
            or belongs to another running sandbox; ``None`` when all is well.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_state_path()
        self.notice: str | None = None
        self._claim: contextlib.ExitStack | None = None
        #: Entries this version cannot read: written back as they are, never dropped.
        self._unreadable: list[Any] = []
        self._save_failed = False

    def __repr__(self) -> str:
        return f"SandboxStateFile({str(self.path)!r})"

    @property
    def owned(self) -> bool:
        """Whether this sandbox holds the file (and so saves to it)."""
        return self._claim is not None

    def claim(self) -> SandboxState:
        """Hold the file for this sandbox and read what an earlier run kept.

        Another running sandbox holding it, or a file that cannot be read, gives an empty
        state and ``notice``; only then does this sandbox keep nothing (``owned`` is false).
        """
        self.release()
        stack = contextlib.ExitStack()
        try:
            ensure_private_dir(self.path.parent)
            stack.enter_context(exclusive_lock(self._lock_path(), timeout=0))
        except (StorageError, OSError) as error:
            stack.close()
            self.notice = self._not_kept(error)
            return SandboxState()
        self._claim = stack
        try:
            return self._read()
        except OSError as error:
            self.release()
            self.notice = self._not_kept(error)
            return SandboxState()

    def save(self, state: SandboxState) -> None:
        """Write ``state`` (nothing unless claimed). A disk that refuses is said in
        ``notice``; the running sandbox keeps its streams in memory meanwhile."""
        if self._claim is None:
            return
        document = {
            "version": STATE_VERSION,
            "api_key": state.api_key,
            "port": state.port,
            "srt_port": state.srt_port,
            "lan_port": state.lan_port,
            "streams": [_entry_of(stream) for stream in state.streams] + self._unreadable,
        }
        try:
            write_atomic(self.path, encode_document(document))
        except OSError as error:
            log.warning("the sandbox's streams could not be saved (%s)", type(error).__name__)
            self.notice = translate(
                "SandboxState",
                "The sandbox's streams could not be saved in {path} ({reason}); they last "
                "until the sandbox stops.",
            ).format(path=self.path, reason=error.strerror or type(error).__name__)
            self._save_failed = True
        else:
            if self._save_failed:  # the disk takes it again: that sentence is over
                self.notice, self._save_failed = None, False

    def release(self) -> None:
        """Let go of the file (the sandbox stopped). Idempotent."""
        claim, self._claim = self._claim, None
        if claim is not None:
            claim.close()

    # --- internals ----------------------------------------------------------------------

    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _read(self) -> SandboxState:
        found = read_document(self.path, STATE_VERSION)
        if found is None:
            return SandboxState()
        if isinstance(found, Unusable):
            moved = set_aside(self.path, found.reason)
            self.notice = translate(
                "SandboxState",
                "The sandbox's saved streams in {path} {why}; the file was renamed to {moved} "
                "and the sandbox starts without them.",
            ).format(path=self.path, why=found.why, moved=moved.name)
            return SandboxState()
        streams: list[SavedStream] = []
        self._unreadable = []
        raw = found.get("streams")
        for entry in raw if isinstance(raw, list) else []:
            stream = _parse(entry)
            if stream is None:
                self._unreadable.append(entry)
            else:
                streams.append(stream)
        if self._unreadable:
            self.notice = translate(
                "SandboxState",
                "{count} saved sandbox stream(s) in {path} could not be read; they are kept in "
                "the file as they are.",
            ).format(count=len(self._unreadable), path=self.path)
        key = found.get("api_key")
        return SandboxState(
            api_key=key if isinstance(key, str) and key else None,
            port=_port(found.get("port")),
            srt_port=_port(found.get("srt_port")),
            lan_port=_port(found.get("lan_port")),
            streams=tuple(streams),
        )

    def _not_kept(self, error: Exception) -> str:
        if isinstance(error, StorageError):  # the lock is held: another sandbox runs
            return translate(
                "SandboxState",
                "Another sandbox of yours is running and keeps the saved streams; this one "
                "keeps its streams only until it stops.",
            )
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return translate(
            "SandboxState",
            "The sandbox's saved streams in {path} cannot be used ({reason}); this sandbox "
            "keeps its streams only until it stops.",
        ).format(path=self.path, reason=reason or type(error).__name__)


def _entry_of(stream: SavedStream) -> dict[str, str]:
    return {
        "id": stream.id,
        "streamer_key": stream.streamer_key,
        "player_key": stream.player_key,
        "created_at": stream.created_at,
    }


def _parse(entry: object) -> SavedStream | None:
    if not isinstance(entry, dict):
        return None
    values = [entry.get(name) for name in ("id", "streamer_key", "player_key")]
    if not all(isinstance(value, str) and value for value in values):
        return None
    created = entry.get("created_at")
    return SavedStream(
        str(values[0]), str(values[1]), str(values[2]), created if isinstance(created, str) else ""
    )


def _port(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 65535:
        return value
    return 0


__all__ = ["STATE_FILE_NAME", "SandboxState", "SandboxStateFile", "default_state_path"]
