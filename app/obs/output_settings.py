"""What OBS's output settings mean for viewers, and the one-click keyframe fix.

An HLS player can only start, and a segmenter can only cut, on a keyframe: with OBS's
default for a custom service (x264 picks one every 250 frames, about 8 s at 30 fps),
segments are 8 s long and a viewer waits that long to join. Players want one every 2 s
or less, in H.264 (what every browser plays).

OBS 29 keeps Simple mode's encoder options in the profile (``basic.ini``), which
obs-websocket reaches: the fix turns on ``SimpleOutput/UseAdvanced`` and sets
``keyint=<2 s of frames>`` in ``SimpleOutput/x264Settings`` (keyint alone is ignored
unless UseAdvanced is on; measured on OBS 29.0.2). The user's own values are backed up per
profile first, and restored only into the profile they came from. Advanced mode keeps its
encoder settings in ``streamEncoder.json``, out of obs-websocket's reach: there the check
says where the setting is.

OBS 30.2+ also has Multitrack Video (``Stream1/EnableMultitrackVideo``, offered for custom
servers from 32.0.1): several video tracks over enhanced RTMP, set up by asking the
service's configuration server first. An SRT ingest takes one video track, so the check
counts it as a problem and the fix turns it off, backed up with the keyframe values.
OBS 32.2.2 was seen streaming a single track to SRT with it on, so this is a safeguard.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final

from ..errors import ExitCode
from ..i18n import QT_TRANSLATE_NOOP, translate, translate_marked
from ..storage.obs_output_backups import ObsOutputBackups, Parameters
from .errors import ObsError, ObsSettingsNotKept
from .link import ObsLink

#: The longest keyframe interval that keeps HLS segments (and a viewer's wait) short.
MAX_KEYFRAME_SECONDS: Final = 2.0
#: x264's own keyframe interval when OBS leaves it automatic (``keyint_sec`` 0).
X264_DEFAULT_KEYINT: Final = 250
#: The parameters the fix changes (and the backup keeps), as ``(category, name)``.
MULTITRACK: Final = ("Stream1", "EnableMultitrackVideo")
KEYFRAME_PARAMETERS: Final = (("SimpleOutput", "UseAdvanced"), ("SimpleOutput", "x264Settings"))
WHERE_ADVANCED: Final = QT_TRANSLATE_NOOP(
    "ObsOutput",
    "In OBS: Settings > Output > Streaming, set Keyframe Interval to 2 s "
    "(and the encoder to an H.264 one, such as x264).",
)
WHERE_SIMPLE: Final = QT_TRANSLATE_NOOP(
    "ObsOutput",
    "In OBS: Settings > Output, tick 'Enable Advanced Encoder Settings' and put "
    "keyint={frames} in 'x264 Options' (2 s at {fps} fps).",
)
WHERE_MULTITRACK: Final = QT_TRANSLATE_NOOP(
    "ObsOutput", "In OBS: Settings > Stream, untick 'Enable Multitrack Video'."
)
_X264_ENCODERS: Final = frozenset({"x264", "x264_lowcpu"})
_NOT_H264: Final = ("hevc", "av1", "h265", "x265", "aom", "svt")


class KeyframesNotFixable(ObsError):
    """The keyframe interval cannot be set from here (Advanced mode, another encoder).

    OBS answered and refused nothing: the command line exits 1 (other), not 5.
    """

    exit_code = ExitCode.OTHER

    def __init__(self, problem: str, where: str) -> None:
        super().__init__(problem, where)


@dataclass(frozen=True)
class OutputCheck:
    """What OBS's current profile sends, judged for HLS viewers.

    Attributes:
        profile: the OBS profile it was read from.
        mode: ``"Simple"`` or ``"Advanced"`` (OBS's output mode).
        encoder: Simple mode's stream encoder (``x264``, ``nvenc``...); ``""`` in Advanced.
        fps: OBS's output frame rate (0 when unknown).
        keyframe_seconds: the interval between keyframes; ``None`` when it cannot be read.
        problems: what keeps viewers waiting or unable to play, one sentence each.
        fixable: the one-click fix can solve every problem.
        where: where in OBS to fix it by hand, one sentence ("" when nothing to fix).
        backed_up: the user's own values for this profile are kept for restore.
        multitrack: OBS's Multitrack Video is on (OBS 30.2+; always False before).
    """

    profile: str
    mode: str
    encoder: str
    fps: float
    keyframe_seconds: float | None
    problems: tuple[str, ...]
    fixable: bool
    where: str
    backed_up: bool
    multitrack: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        """The check for ``--json`` output."""
        return {
            "ok": self.ok, "profile": self.profile, "mode": self.mode, "encoder": self.encoder,
            "fps": self.fps, "keyframe_seconds": self.keyframe_seconds,
            "problems": list(self.problems), "fixable": self.fixable, "where": self.where,
            "backed_up": self.backed_up, "multitrack": self.multitrack,
        }  # fmt: skip


def keyframe_frames(fps: float) -> int:
    """Frames in ``MAX_KEYFRAME_SECONDS`` at ``fps`` (60 when OBS does not say)."""
    return max(1, round(MAX_KEYFRAME_SECONDS * fps)) if fps > 0 else 60


def x264_keyint(options: str | None) -> int | None:
    """The ``keyint=N`` in an x264 options string, or ``None``."""
    for token in (options or "").split():
        name, _, value = token.partition("=")
        if name.strip().lower() == "keyint" and value.strip().isdigit():
            return int(value)
    return None


def with_keyint(options: str | None, frames: int) -> str:
    """The user's x264 options with ``keyint`` set to ``frames`` (other options kept)."""
    kept = [t for t in (options or "").split() if t.partition("=")[0].lower() != "keyint"]
    return " ".join([*kept, f"keyint={frames}"])


def _not_h264(encoder: str) -> bool:
    return any(mark in encoder.lower() for mark in _NOT_H264)


def _codec_problem(encoder: str) -> str:
    return translate(
        "ObsOutput",
        "OBS encodes with {encoder}, which many browsers cannot play; choose an H.264 "
        "encoder (x264).",
    ).format(encoder=encoder)


def _is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


async def _multitrack_on(link: ObsLink) -> bool:
    """Whether Multitrack Video is on; OBS before 30.2 has none (a stray value is ignored)."""
    if link.version is not None and not link.version.at_least(30, 2):
        return False
    return _is_true(await link.get_profile_parameter(*MULTITRACK))


def _multitrack_problem() -> str:
    return translate(
        "ObsOutput",
        "OBS's Multitrack Video is on: it sends several video tracks over enhanced RTMP, "
        "and an SRT ingest takes one.",
    )


async def check_output_settings(
    link: ObsLink, backups: ObsOutputBackups | None = None
) -> OutputCheck:
    """Read OBS's output settings (current profile) and judge them for HLS viewers."""
    profile, _ = await link.get_profiles()
    fps = await link.get_video_fps()
    mode = (await link.get_profile_parameter("Output", "Mode") or "Simple").strip()
    backed_up = False
    if backups is not None:
        backed_up = await asyncio.to_thread(backups.get, profile) is not None
    multitrack = await _multitrack_on(link)
    if mode.lower() == "advanced":
        encoder = await link.get_profile_parameter("AdvOut", "Encoder") or ""
        advanced_problems = [
            translate(
                "ObsOutput",
                "OBS is in Advanced output mode, whose keyframe interval this program cannot "
                "read or change.",
            )
        ]
        if _not_h264(encoder):
            advanced_problems.append(_codec_problem(encoder))
        where = translate_marked("ObsOutput", WHERE_ADVANCED)
        if multitrack:
            advanced_problems.append(_multitrack_problem())
            where = f"{where} {translate_marked('ObsOutput', WHERE_MULTITRACK)}"
        return OutputCheck(profile, "Advanced", encoder, fps, None, tuple(advanced_problems),
                           False, where, backed_up, multitrack)
    encoder = (await link.get_profile_parameter("SimpleOutput", "StreamEncoder") or "x264")
    problems: list[str] = []
    seconds: float | None = None
    frames = keyframe_frames(fps)
    if _not_h264(encoder):
        problems.append(_codec_problem(encoder))
    if encoder in _X264_ENCODERS:
        advanced = _is_true(await link.get_profile_parameter("SimpleOutput", "UseAdvanced"))
        options = await link.get_profile_parameter("SimpleOutput", "x264Settings")
        keyint = x264_keyint(options) if advanced else None
        interval = keyint if keyint is not None else X264_DEFAULT_KEYINT
        seconds = interval / fps if fps > 0 else None
        if seconds is None or seconds > MAX_KEYFRAME_SECONDS + 0.01:
            shown = (
                translate("ObsOutput", "about {seconds} s").format(seconds=f"{seconds:.0f}")
                if seconds is not None
                else translate("ObsOutput", "unknown")
            )
            problems.append(
                translate(
                    "ObsOutput",
                    "OBS sends a keyframe every {interval} frames ({shown}): viewers wait that "
                    "long to join; {limit} s or less is needed.",
                ).format(interval=interval, shown=shown, limit=f"{MAX_KEYFRAME_SECONDS:g}")
            )
        where = (
            translate_marked("ObsOutput", WHERE_SIMPLE).format(
                frames=frames, fps=f"{fps or 30:g}"
            )
            if problems
            else ""
        )
        fixable = bool(problems) and not _not_h264(encoder)
    else:
        problems.append(
            translate(
                "ObsOutput",
                "With the {encoder} encoder in Simple mode, the keyframe interval cannot be set "
                "from here.",
            ).format(encoder=encoder)
        )
        where = translate_marked("ObsOutput", WHERE_ADVANCED)
        fixable = False
    if multitrack:
        problems.append(_multitrack_problem())
        fixable = fixable or not where
        where = " ".join(
            part for part in (where, translate_marked("ObsOutput", WHERE_MULTITRACK)) if part
        )
    return OutputCheck(profile, "Simple", encoder, fps, seconds, tuple(problems), fixable,
                       where, backed_up, multitrack)


async def fix_keyframes(
    link: ObsLink, backups: ObsOutputBackups, *, sandbox: bool = False
) -> OutputCheck:
    """Back up the user's values this fix changes, set a 2 s keyframe interval.

    ``sandbox``: the fix is made during a sandbox session; a backup it makes (none was
    kept before) is marked so, and the sandbox's end gives it back.

    The values it changes are backed up as the user's newest; the others are recorded once,
    the first time, and kept until Restore puts them back.

    OBS uses it from the next time it starts streaming. Returns the check read back.

    Raises:
        KeyframesNotFixable: the fix cannot apply (Advanced mode, another encoder); its
            next step says where the setting is in OBS.
        ObsSettingsNotKept: OBS does not hold the interval afterwards.
        StorageError: the backup could not be written (then nothing was changed).
    """
    before = await check_output_settings(link, backups)
    if before.ok:
        return before
    if not before.fixable:
        raise KeyframesNotFixable(" ".join(before.problems), before.where)
    seconds = before.keyframe_seconds
    keyframes = seconds is None or seconds > MAX_KEYFRAME_SECONDS + 0.01
    changing = [*(KEYFRAME_PARAMETERS if keyframes else ()),
                *((MULTITRACK,) if before.multitrack else ())]
    # A value this fix changes fails the check, so it is the user's newest and replaces its
    # backup; one it leaves alone may be this program's own (an earlier fix set the
    # keyframes, this one is for Multitrack Video only) and is recorded only once.
    existing = await asyncio.to_thread(backups.get, before.profile)
    kept = existing or {}
    newest: Parameters = {}
    if_absent: Parameters = {}
    for category, name in (*KEYFRAME_PARAMETERS, MULTITRACK):
        key = f"{category}/{name}"
        if (category, name) in changing:
            newest[key] = await link.get_profile_parameter(category, name)
        elif key not in kept:
            if_absent[key] = await link.get_profile_parameter(category, name)
    await asyncio.to_thread(backups.merge, before.profile, newest, if_absent)
    if sandbox and existing is None:
        await asyncio.to_thread(backups.note_sandbox, before.profile)
    if keyframes:
        options = await link.get_profile_parameter("SimpleOutput", "x264Settings")
        await link.set_profile_parameter("SimpleOutput", "UseAdvanced", "true")
        await link.set_profile_parameter(
            "SimpleOutput", "x264Settings", with_keyint(options, keyframe_frames(before.fps))
        )
    if before.multitrack:
        await link.set_profile_parameter(*MULTITRACK, "false")
    written: Parameters = {}
    for category, name in changing:
        written[f"{category}/{name}"] = await link.get_profile_parameter(category, name)
    await asyncio.to_thread(backups.note_fixed, before.profile, written)
    after = await check_output_settings(link, backups)
    if not after.ok:
        raise ObsSettingsNotKept(translate("ObsOutput", "the keyframe interval"))
    return after


async def restore_output_settings(link: ObsLink, backups: ObsOutputBackups) -> str | None:
    """Put the user's own values back into the current profile, if it has a backup.

    Each value is read first: one that is no longer what the fix wrote was set by the user
    since, so it is newer than the backup and stays (the stream settings' rule).

    Returns the profile restored, or ``None`` when the current profile has no backup (a
    backup is only ever written back into the profile it came from).
    """
    profile, _ = await link.get_profiles()
    saved = await asyncio.to_thread(backups.get, profile)
    if saved is None:
        return None
    fixed = await asyncio.to_thread(backups.fixed, profile)
    current: Parameters = {}
    for key in saved:
        category, _, name = key.partition("/")
        current[key] = await link.get_profile_parameter(category, name)
    # The keyframe options and their switch go together: x264 options the user typed after
    # the fix keep the switch on that makes OBS use them.
    keyframe_keys = {f"{category}/{name}" for category, name in KEYFRAME_PARAMETERS}
    users_since = {key for key in saved if key in fixed and current[key] != fixed[key]}
    if users_since & keyframe_keys:
        users_since |= keyframe_keys
    for key, value in saved.items():
        category, _, name = key.partition("/")
        if key in users_since:
            continue  # the user's own, set after the fix: newer than the backup
        # OBS refuses to remove a value that is not set (600): unset already is restored.
        if value is None and current[key] is None:
            continue
        await link.set_profile_parameter(category, name, value)
    await asyncio.to_thread(backups.clear, profile)
    return profile
