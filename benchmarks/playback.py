"""The sandbox's playback costs: the HLS remux's CPU at 6 Mbps, its memory, nothing while idle.

A 6 Mbps H.264 + AAC MPEG-TS (made by ffmpeg once, 1280x720 at 30 fps, a keyframe every
2 s) is published in real time over SRT into a real sandbox. The SRT ingest thread's own
CPU time (``/proc/self/task/<tid>/stat``) is measured with the segmenter on, and again
with it off as the baseline, so the difference is the remux alone. Memory is the bytes of
segments held, sampled during the run, against the window's bound. Idle: a started sandbox
with nothing published has not imported the segmenter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import Row

BITRATE = "6M"
SECONDS_PUBLISHED = 20.0


def _media(folder: Path, seconds: float) -> Path:
    path = folder / "6mbps.ts"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", str(seconds + 4),
         "-c:v", "libx264", "-preset", "ultrafast", "-b:v", BITRATE, "-minrate", BITRATE,
         "-maxrate", BITRATE, "-bufsize", BITRATE, "-g", "60", "-keyint_min", "60",
         "-sc_threshold", "0", "-c:a", "aac", "-b:a", "160k", "-f", "mpegts", str(path)],
        check=True, timeout=300,
    )  # fmt: skip
    return path


def _thread_cpu(native_id: int) -> float:
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _publish(media: Path, segmenter: bool, seconds: float) -> tuple[float, int, int]:
    """Publish for ``seconds``: the ingest thread's CPU share, the most bytes held, and the
    bytes still held once the publisher has gone."""
    from comprimato_companion.sandbox import Sandbox

    sandbox = Sandbox(stopped_grace=0.2)
    sandbox.start()
    try:
        if not segmenter:  # the baseline: the ingest counts bytes and keeps none
            assert sandbox._ingest is not None
            sandbox._ingest._data_sink = None
        stream = sandbox.registry.create()
        url = f"{sandbox.ingest_url}?streamid={stream.streamer_key}"
        publisher = subprocess.Popen(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-i", str(media), "-c", "copy",
             "-f", "mpegts", url],
            stdin=subprocess.DEVNULL,
        )
        try:
            if not sandbox.registry.wait_for_status(stream.id, "running", 15):
                raise RuntimeError("the publisher never reached the sandbox")
            ingest = next(t for t in threading.enumerate() if t.name == "srt-ingest")
            assert ingest.native_id is not None
            time.sleep(2.0)  # past the first keyframe, so the segmenter is cutting
            cpu0, t0 = _thread_cpu(ingest.native_id), time.monotonic()
            held = 0
            while time.monotonic() - t0 < seconds:
                time.sleep(0.5)
                if sandbox.hls is not None:
                    held = max(held, sandbox.hls.held_bytes())
            share = (_thread_cpu(ingest.native_id) - cpu0) / (time.monotonic() - t0) * 100
        finally:
            publisher.terminate()
            publisher.wait(10)
        if not sandbox.registry.wait_for_status(stream.id, "stopped", 15):
            raise RuntimeError("the stream did not stop after the publisher left")
        after = sandbox.hls.held_bytes() if sandbox.hls is not None else 0
        return share, held, after
    finally:
        sandbox.stop()


def _idle_modules() -> int:
    """Segmenter modules loaded by a started sandbox that nobody publishes to."""
    code = (
        "import sys; from comprimato_companion.sandbox import Sandbox\n"
        "s = Sandbox(); s.start(); s.registry.create()\n"
        "print(sum(m in sys.modules for m in ('comprimato_companion.sandbox.ts_segmenter',"
        " 'comprimato_companion.sandbox.player_assets'))); s.stop()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    return int(out.stdout.strip().splitlines()[-1])


def measure(quick: bool) -> list[Row]:
    seconds = 8.0 if quick else SECONDS_PUBLISHED
    with tempfile.TemporaryDirectory(prefix="bench-playback-") as folder:
        media = _media(Path(folder), seconds + 4)  # 4 s more are encoded by _media
        with_segmenter, held, after = _publish(media, True, seconds)
        without, _, _ = _publish(media, False, seconds)
        media_bytes_per_s = media.stat().st_size / (seconds + 8)
    from comprimato_companion.sandbox.hls_live import PLAYLIST_WINDOW, TARGET_SEGMENT_SECONDS

    remux = max(0.0, with_segmenter - without)
    # The bound: the window's segments at the file's own rate (video, audio, TS overhead),
    # with 10 % for segments a frame longer than their target.
    bound = PLAYLIST_WINDOW * TARGET_SEGMENT_SECONDS * media_bytes_per_s * 1.1 / 2**20
    idle = _idle_modules()
    return [
        Row("Sandbox HLS remux CPU at 6 Mbps", remux, None, "%", "<= 3 % of one core",
            remux <= 3.0,
            f"SRT ingest thread's CPU over {seconds:.0f} s of a real-time 6 Mbps publish: "
            f"{with_segmenter:.2f} % with the segmenter, {without:.2f} % without (counting "
            "bytes only); the row is the difference"),
        Row("Sandbox HLS memory held at 6 Mbps", held / 2**20, None, "MiB",
            f"<= {bound:.1f} MiB (the window)", held / 2**20 <= bound,
            f"most bytes of segments held during the publish; the window is "
            f"{PLAYLIST_WINDOW} segments of {TARGET_SEGMENT_SECONDS:g} s"),
        Row("Sandbox HLS memory held after the stream ends", after / 2**20, None, "MiB", "0",
            after == 0, "bytes of segments still held once the publisher has gone"),
        Row("Segmenter modules loaded while nothing plays", float(idle), None, "", "0",
            idle == 0, "a started sandbox with a stream and no publisher, in a fresh process"),
    ]
