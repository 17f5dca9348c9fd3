"""Rigs for the session's tests: a session on private files, and a store filled at once."""

from __future__ import annotations

import os
from pathlib import Path

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore


def make_session(
    tmp_path: Path,
    *,
    sandbox: bool = True,
    env: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> CompanionSession:
    """A session (not started) on a settings file and a store under ``tmp_path``; ``env``
    is added to this process's environment (``OBS_WEBSOCKET_URL``, ``COMPRIMATO_*``)."""
    settings_file = SettingsFile(tmp_path / "config" / "settings.json")
    settings_file.save(settings or Settings(welcome_done=True))
    return CompanionSession(
        sandbox=sandbox,
        settings_file=settings_file,
        store=StreamStore(tmp_path / "data" / "streams.json"),
        env={**os.environ, **(env or {})},
    )


def fill_store(store: StreamStore, api_url: str, count: int) -> None:
    """Write ``count`` streams at once (through merge_remote: one file write)."""
    streams = [
        Stream(
            id=f"stream-{n:05d}",
            streamer_key=f"sk-{n:05d}",
            player_key=f"pk{n:05d}",
            status="Stopped",
        )
        for n in range(count)
    ]
    store.merge_remote(api_url, streams)


__all__ = ["fill_store", "make_session"]
