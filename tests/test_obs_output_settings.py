"""The keyframe fix's pure parts: reading and writing x264 options, frames for 2 s."""

from __future__ import annotations

import pytest

from comprimato_companion.obs.output_settings import keyframe_frames, with_keyint, x264_keyint


@pytest.mark.parametrize(
    ("options", "expected"),
    [(None, None), ("", None), ("keyint=60", 60), ("bframes=0 KEYINT=30 ref=1", 30),
     ("keyint=abc", None), ("min-keyint=10", None)],
)
def test_reads_keyint(options: str | None, expected: int | None) -> None:
    assert x264_keyint(options) == expected


def test_sets_keyint_and_keeps_the_users_other_options() -> None:
    assert with_keyint(None, 60) == "keyint=60"
    assert with_keyint("bframes=0 keyint=250 ref=1", 60) == "bframes=0 ref=1 keyint=60"
    assert x264_keyint(with_keyint("min-keyint=5", 48)) == 48


@pytest.mark.parametrize(("fps", "frames"), [(30, 60), (29.97, 60), (60, 120), (15, 30),
                                             (0, 60)])
def test_two_seconds_of_frames(fps: float, frames: int) -> None:
    assert keyframe_frames(fps) == frames
