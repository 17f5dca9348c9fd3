"""Snapshots for the window's part tests: ``ViewState``s built directly, no session.

``snapshot(**fields)`` is a ready sandbox-mode snapshot with the given fields replaced;
``stored(n)`` a listed stream; ``live(output, comprimato)`` the selected stream's live
status; ``CONNECTED`` and ``OBS_OFF`` two views of OBS.
"""

from __future__ import annotations

import dataclasses

from comprimato_companion.comprimato.models import Stream, StreamState
from comprimato_companion.golive.live_status import LiveStatus
from comprimato_companion.golive.view_state import (
    FIX_OBS_SETUP,
    ApiKeyStatus,
    Mode,
    Notice,
    ObsView,
    ViewState,
)
from comprimato_companion.obs.link import ObsVersion
from comprimato_companion.obs.link_state import LinkState
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.storage.stream_store import StoredStream

API = "https://api.example.test/v1"
OBS_29 = ObsVersion("29.0.2", "5.1.0", 1)


def stored(n: int, name: str = "") -> StoredStream:
    stream = Stream(id=f"id-{n}", streamer_key=f"sk-{n}", player_key=f"pk{n}", status="Stopped")
    return StoredStream(stream, API, name=name)


def live(output: OutputState, comprimato: StreamState = StreamState.STOPPED) -> LiveStatus:
    return LiveStatus(True, output, comprimato.value.capitalize(), comprimato, None, None)


def snapshot(**fields: object) -> ViewState:
    base = ViewState(ready=True, mode=Mode.SANDBOX, api_url=API,
                     api_key_status=ApiKeyStatus.NOT_NEEDED)
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


CONNECTED = ObsView(state=LinkState.CONNECTED, version=OBS_29, source="Found OBS's settings")
OBS_OFF = ObsView(state=LinkState.FAILED, error=Notice("OBS is not running.", "Start OBS.",
                                               fix=FIX_OBS_SETUP))


__all__ = ["API", "CONNECTED", "OBS_29", "OBS_OFF", "live", "snapshot", "stored"]
