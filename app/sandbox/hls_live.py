"""The sandbox's playback: HLS made from each publisher's SRT input, per player key.

Stands between the SRT ingest and the registry as the ingest's gate: admissions and ends
pass through to the registry, and the media bytes of each publisher go to a
:class:`~app.sandbox.ts_segmenter.TsSegmenter`. The segmenter module is imported when the
first bytes arrive, so a sandbox nobody streams to carries none of it.

The HTTP server asks for a stream's playlist, its segments and its freshness (how old the
live edge is) by player key.
"""

from __future__ import annotations

import math
import threading
import time
from typing import TYPE_CHECKING, Any, Final

from .registry import StreamRegistry

if TYPE_CHECKING:
    from .ts_segmenter import SegmentWindow, TsSegmenter

#: Segment length the segmenter aims for (it cuts at the first keyframe after it).
TARGET_SEGMENT_SECONDS: Final = 2.0
#: Finished segments in the playlist: about 12 s of media at 2 s each.
PLAYLIST_WINDOW: Final = 6
#: The live edge is fresh while the newest segment is younger than this many target
#: durations (a keyframe every 2 s closes one every 2 s).
FRESH_TARGETS: Final = 3.0


def segment_name(session: int, sequence: int) -> str:
    """A segment's file name; the session number keeps a restarted stream's names apart."""
    return f"s{session}-{sequence}.ts"


class HlsLive:
    """The ingest's gate (registry + segmenters) and the HLS source of the HTTP server.

    Args:
        registry: the streams; it decides admissions and keeps the live status.
        target_duration: seconds per segment at least (cut on the next keyframe).
        window: finished segments kept per stream.
    """

    def __init__(
        self,
        registry: StreamRegistry,
        *,
        target_duration: float = TARGET_SEGMENT_SECONDS,
        window: int = PLAYLIST_WINDOW,
    ) -> None:
        self.registry = registry
        self.target_duration = target_duration
        self.window = window
        self._lock = threading.Lock()
        self._segmenters: dict[str, TsSegmenter] = {}  # by streamer key (feeding side)
        self._windows: dict[str, SegmentWindow] = {}  # by player key (serving side)

    # --- the ingest's side (IngestGate + data) -----------------------------------------

    def admit(self, streamid: str) -> int | None:
        return self.registry.admit(streamid)

    def media(self, streamid: str, nbytes: int) -> None:
        self.registry.media(streamid, nbytes)

    def ended(self, streamid: str) -> None:
        with self._lock:
            segmenter = self._segmenters.pop(streamid, None)
        if segmenter is not None:
            segmenter.finish()
        self.registry.ended(streamid)

    def data(self, streamid: str, chunk: bytes) -> None:
        """A publisher's next bytes (MPEG-TS), on the ingest's thread."""
        segmenter = self._segmenters.get(streamid)
        if segmenter is None:
            segmenter = self._new_segmenter(streamid)
            if segmenter is None:
                return
        segmenter.feed(chunk)

    def _new_segmenter(self, streamid: str) -> TsSegmenter | None:
        from .ts_segmenter import SegmentWindow, TsSegmenter

        player_key = self.registry.player_key_for(streamid)
        if player_key is None:
            return None  # deleted meanwhile
        with self._lock:
            window = self._windows.get(player_key)
            if window is None:
                window = self._windows[player_key] = SegmentWindow(self.window)
            segmenter = TsSegmenter(window, target_duration=self.target_duration)
            self._segmenters[streamid] = segmenter
        return segmenter

    def forget(self, player_key: str) -> None:
        """The stream was deleted: its segments go."""
        with self._lock:
            self._windows.pop(player_key, None)

    # --- the HTTP server's side ----------------------------------------------------------

    def playlist(self, player_key: str) -> str | None:
        """The live playlist, or ``None`` while there is nothing to play."""
        window = self._windows.get(player_key)
        if window is None:
            return None
        view = window.view()
        if not view.segments or view.ended:
            return None  # offline: the ended stream's video is let go
        target = max(1, math.ceil(max(s.duration for s in view.segments)))
        lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            f"#EXT-X-TARGETDURATION:{target}",
            f"#EXT-X-MEDIA-SEQUENCE:{view.segments[0].sequence}",
        ]
        for segment in view.segments:
            lines.append(f"#EXTINF:{segment.duration:.3f},")
            lines.append(segment_name(view.session, segment.sequence))
        return "\n".join(lines) + "\n"

    def segment(self, player_key: str, session: int, sequence: int) -> bytes | None:
        window = self._windows.get(player_key)
        return None if window is None else window.segment(session, sequence)

    def freshness(self, player_key: str) -> dict[str, Any]:
        """How fresh the live edge is, for the player page and the app's LIVE check.

        ``edge_age_s``: seconds since the newest segment was finished; ``delay_s``: how
        old the newest frame a player can show is at best (the newest segment's first
        byte's age); ``fresh``: a segment finished within ``FRESH_TARGETS`` targets.
        """
        window = self._windows.get(player_key)
        view = window.view() if window is not None else None
        if view is None or not view.segments:
            return {"playable": False, "fresh": False, "edge_age_s": None, "delay_s": None,
                    "segments": 0, "segment_s": None, "ended": True}
        newest = view.segments[-1]
        now = time.monotonic()
        edge_age = now - newest.finished_at
        return {
            "playable": not view.ended,
            "fresh": not view.ended and edge_age <= FRESH_TARGETS * self.target_duration,
            "edge_age_s": round(edge_age, 2),
            "delay_s": round(now - newest.started_at, 2),
            "segments": len(view.segments),
            "segment_s": round(sum(s.duration for s in view.segments) / len(view.segments), 2),
            "ended": view.ended,
        }

    def held_bytes(self) -> int:
        """Bytes of segments held for every stream (the memory the playback costs)."""
        with self._lock:
            windows = list(self._windows.values())
        return sum(window.held_bytes() for window in windows)
