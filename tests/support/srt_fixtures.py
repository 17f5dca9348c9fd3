"""Real SRT publishers for tests: ffmpeg encoding a test pattern to an SRT listener.

``srt_publisher(url)`` starts ``ffmpeg`` as an SRT caller (live mode, MPEG-TS, the key in
``streamid``) and kills whatever is still running when the test ends. ``RecordingGate``
is a thread-safe ingest gate that records every call and lets a test await a condition
instead of sleeping.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

UNAUTHORIZED = 1401
CONFLICT = 1409


def publisher_command(url: str) -> list[str]:
    """ffmpeg publishing a 320x240 test pattern in real time (H.264 in MPEG-TS) to ``url``.

    A keyframe every 2 s, as a player needs (and the keyframe fix sets in OBS).
    """
    return [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50",
        "-f", "mpegts", url,
    ]  # fmt: skip


def local_srt_url(port: int, streamid: str, host: str = "127.0.0.1") -> str:
    """``srt://host:port?streamid=KEY`` (ffmpeg's srt protocol reads the streamid option)."""
    netloc = f"[{host}]" if ":" in host else host
    return f"srt://{netloc}:{port}?streamid={quote(streamid, safe='')}"


class SrtPublisher:
    """One running ffmpeg publisher; stderr goes to a file so a full pipe never stalls it."""

    def __init__(self, url: str, stderr_path: Path) -> None:
        self.url = url
        self._stderr_path = stderr_path
        with stderr_path.open("wb") as sink:
            self.process = subprocess.Popen(
                publisher_command(url),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=sink,
            )

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def stderr(self) -> str:
        return self._stderr_path.read_text(errors="replace")

    def wait(self, timeout: float) -> int:
        """Wait for ffmpeg to exit; its exit code. AssertionError if it is still running."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"ffmpeg still running after {timeout} s") from None

    def terminate(self) -> None:
        """SIGTERM: ffmpeg closes the SRT connection properly."""
        self.process.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: the connection just goes silent, as with a crash or a pulled cable."""
        self.process.kill()

    def cleanup(self) -> None:
        if self.running:
            self.process.kill()
        self.process.wait(10)


@pytest.fixture
def srt_publisher(tmp_path: Path) -> Iterator[Callable[[str], SrtPublisher]]:
    """A factory starting ffmpeg publishers to an SRT URL; all are killed after the test."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is not installed (scripts/setup-env installs it)")
    started: list[SrtPublisher] = []

    def start(url: str) -> SrtPublisher:
        publisher = SrtPublisher(url, tmp_path / f"ffmpeg-{len(started)}.log")
        started.append(publisher)
        return publisher

    yield start
    for publisher in started:
        publisher.cleanup()


class RecordingGate:
    """An ingest gate for tests: knows some keys, records every call, thread-safe.

    Attributes:
        admits: every streamid asked about, in order.
        refusals: (streamid, reason) for every refused caller.
        media_bytes / media_calls: per streamid.
        ended_keys: every streamid reported ended, in order.
    """

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys = set(keys)
        self.admits: list[str] = []
        self.refusals: list[tuple[str, int]] = []
        self.media_bytes: Counter[str] = Counter()
        self.media_calls: Counter[str] = Counter()
        self.ended_keys: list[str] = []
        self.live: set[str] = set()
        self.fail_admit = False
        self._changed = threading.Condition()

    def admit(self, streamid: str) -> int | None:
        with self._changed:
            self.admits.append(streamid)
            if self.fail_admit:
                self._changed.notify_all()
                raise RuntimeError("gate broken on purpose")
            reason: int | None = None
            if streamid not in self.keys:
                reason = UNAUTHORIZED
            elif streamid in self.live:
                reason = CONFLICT
            if reason is None:
                self.live.add(streamid)
            else:
                self.refusals.append((streamid, reason))
            self._changed.notify_all()
            return reason

    def media(self, streamid: str, nbytes: int) -> None:
        with self._changed:
            self.media_bytes[streamid] += nbytes
            self.media_calls[streamid] += 1
            self._changed.notify_all()

    def ended(self, streamid: str) -> None:
        with self._changed:
            self.ended_keys.append(streamid)
            self.live.discard(streamid)
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> float:
        """Block until ``condition()`` holds (checked on every gate call); seconds waited."""
        started = time.monotonic()
        with self._changed:
            if not self._changed.wait_for(condition, timeout):
                raise AssertionError(f"gate condition not met within {timeout} s: {self!r}")
        return time.monotonic() - started

    def __repr__(self) -> str:
        return (
            f"RecordingGate(admits={len(self.admits)}, refusals={self.refusals}, "
            f"media={dict(self.media_bytes)}, ended={self.ended_keys})"
        )
