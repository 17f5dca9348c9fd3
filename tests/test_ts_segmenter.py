"""The MPEG-TS segmenter on real ffmpeg output: cuts on keyframes, bounded window, clean starts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from comprimato_companion.sandbox.hls_live import HlsLive
from comprimato_companion.sandbox.registry import StreamRegistry
from comprimato_companion.sandbox.ts_segmenter import TS_PACKET, SegmentWindow, TsSegmenter

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def encode(path: Path, *, seconds: int, gop: int, fps: int = 25, audio: bool = True) -> bytes:
    """H.264 (+ AAC) in MPEG-TS, a keyframe every ``gop`` frames, as OBS sends over SRT."""
    inputs = ["-f", "lavfi", "-i", f"testsrc=size=160x90:rate={fps}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *inputs, "-t", str(seconds),
         "-c:v", "libx264", "-preset", "ultrafast", "-g", str(gop), "-keyint_min", str(gop),
         "-sc_threshold", "0", *(["-c:a", "aac"] if audio else []), "-f", "mpegts", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path.read_bytes()


def feed(data: bytes, segmenter: TsSegmenter, chunk: int) -> None:
    for start in range(0, len(data), chunk):
        segmenter.feed(data[start : start + chunk])


def first_frame_is_key(segment: bytes, tmp_path: Path) -> bool:
    path = tmp_path / "segment.ts"
    path.write_bytes(segment)
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v", "-show_frames", "-read_intervals",
         "%+#1", "-show_entries", "frame=key_frame", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    return out.strip().splitlines()[0].startswith("1")


@pytest.mark.parametrize("chunk", [1316, 1000, 65536])
def test_cuts_every_two_seconds_on_keyframes(tmp_path: Path, chunk: int) -> None:
    data = encode(tmp_path / "in.ts", seconds=9, gop=25)  # a keyframe every second
    window = SegmentWindow(window=10)
    segmenter = TsSegmenter(window, target_duration=2.0)
    feed(data, segmenter, chunk)
    view = window.view()
    durations = [round(s.duration, 2) for s in view.segments]
    assert durations[:4] == [2.0, 2.0, 2.0, 2.0]
    for segment in view.segments:
        assert len(segment.data) % TS_PACKET == 0
        pids = [((segment.data[i + 1] & 0x1F) << 8) | segment.data[i + 2] for i in (0, 188)]
        assert pids[0] == 0  # PAT first, then the PMT: a player can start on any segment
        assert first_frame_is_key(segment.data, tmp_path)


def test_a_long_keyframe_interval_makes_long_segments(tmp_path: Path) -> None:
    data = encode(tmp_path / "in.ts", seconds=11, gop=125, audio=False)  # one every 5 s
    window = SegmentWindow(window=10)
    segmenter = TsSegmenter(window, target_duration=2.0)
    feed(data, segmenter, 1316)
    durations = [round(s.duration, 2) for s in window.view().segments]
    assert durations[:2] == [5.0, 5.0]


def test_memory_is_bounded_by_the_window(tmp_path: Path) -> None:
    data = encode(tmp_path / "in.ts", seconds=12, gop=25)
    window = SegmentWindow(window=3)
    segmenter = TsSegmenter(window, target_duration=1.0)
    feed(data, segmenter, 1316)
    view = window.view()
    assert [s.sequence for s in view.segments] == [8, 9, 10]
    assert window.held_bytes() < len(data) * 4 / 12  # three seconds' worth, plus tables


def test_garbage_between_packets_is_skipped(tmp_path: Path) -> None:
    data = encode(tmp_path / "in.ts", seconds=5, gop=25)
    middle = (len(data) // 2) // TS_PACKET * TS_PACKET
    damaged = data[:middle] + b"\x00garbage\x47\x47" + data[middle:]
    window = SegmentWindow(window=10)
    segmenter = TsSegmenter(window, target_duration=2.0)
    feed(damaged, segmenter, 1316)
    assert [round(s.duration, 2) for s in window.view().segments] == [2.0, 2.0]


def test_playlist_slides_and_ends(tmp_path: Path) -> None:
    data = encode(tmp_path / "in.ts", seconds=9, gop=25)
    registry = StreamRegistry(stopped_grace=0)
    stream = registry.create()
    live = HlsLive(registry, window=3)
    assert live.admit(stream.streamer_key) is None
    for start in range(0, len(data), 1316):
        live.data(stream.streamer_key, data[start : start + 1316])
    playlist = live.playlist(stream.player_key)
    assert playlist is not None
    assert "#EXT-X-MEDIA-SEQUENCE:1\n" in playlist
    assert playlist.count("#EXTINF:2.000,") == 3
    assert "#EXT-X-ENDLIST" not in playlist
    assert live.segment(stream.player_key, 1, 3) is not None
    assert live.segment(stream.player_key, 1, 0) is None  # slid out of the window
    assert live.freshness(stream.player_key)["fresh"] is True
    live.ended(stream.streamer_key)
    assert live.playlist(stream.player_key) is None  # offline
    assert live.segment(stream.player_key, 1, 3) is None
    assert live.held_bytes() == 0  # nothing held while nothing plays
    freshness = live.freshness(stream.player_key)
    assert freshness["playable"] is False and freshness["ended"] is True
    assert freshness["segments"] == 3
    live.forget(stream.player_key)
    assert live.playlist(stream.player_key) is None
