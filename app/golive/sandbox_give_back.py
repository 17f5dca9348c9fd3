"""A sandbox session leaves OBS as it found it.

The window's sandbox forgets its streams when it stops, so an address of it left in OBS
points at nothing. When the sandbox ends (the window quits in sandbox mode, the user
switches to a real account) and whenever OBS is found holding a sandbox stream that the
running sandbox does not list (a session that crashed or quit while OBS was away: found at
the next start, once OBS is linked), OBS gets back the newest of the user's own settings
(``restore_previous_settings``, in the profile they came from), and the output settings a
keyframe fix changed during a sandbox session come back too (``restore_output_settings``:
the user's own values, any set since the fix kept; a fix made before the sandbox, which OBS
held when the sandbox found it, stays). A sandbox stream is one the record of our streams
marks so (``OwnStreams``, written before it was sent).

While OBS streams, nothing is changed: the caller says so and tries again once OBS stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import translate
from ..storage.own_streams import fingerprint, service_keys
from .view_state import Notice

if TYPE_CHECKING:
    from ..obs.link import ObsLink
    from ..obs.output_state import OutputReader
    from ..obs.srt_settings import Restored
    from ..storage.obs_backups import ObsBackups
    from ..storage.obs_output_backups import ObsOutputBackups


@dataclass(frozen=True)
class SandboxLeftover:
    """OBS held an ended sandbox's stream.

    Attributes:
        server: its public address (``srt://127.0.0.1:port``).
        streaming: OBS is streaming it, so nothing was changed.
        restored: what came back (``None``: streaming, or nothing of the user's saved).
        output_restored: the output settings a keyframe fix changed came back.
    """

    server: str
    streaming: bool
    restored: Restored | None = None
    output_restored: bool = False


async def give_back_after_sandbox(
    link: ObsLink,
    backups: ObsBackups,
    output_backups: ObsOutputBackups | None = None,
    *,
    observer: OutputReader,
    running_keys: Iterable[str] = (),
    known_keys: Iterable[str] = (),
) -> SandboxLeftover | None:
    """Give OBS back the user's own settings when it holds an ended sandbox's stream.

    Args:
        running_keys: the keys of the streams the running sandbox lists (not ended).
        known_keys: the stream list's keys (never given back).
        output_backups: the keyframe fix's backups (``None``: output settings untouched).
        observer: reads OBS's output (nothing is given back while it streams).

    Returns ``None`` when OBS holds no ended sandbox stream.
    """
    from ..obs.output_settings import restore_output_settings
    from ..obs.srt_settings import public_server, restore_previous_settings

    service = await link.get_stream_service_settings()
    running = set(running_keys)
    keys = [key for key in service_keys(service.type, service.settings) if key not in running]
    if not keys:
        return None
    sandbox_streams = await asyncio.to_thread(backups.own.fingerprints, sandbox_only=True)
    if not any(fingerprint(key) in sandbox_streams for key in keys):
        return None
    server = public_server(service)
    status = await observer.read_output()
    if status.active or status.reconnecting:
        return SandboxLeftover(server, streaming=True)
    restored = await restore_previous_settings(
        link, backups, observer=observer, known_keys=known_keys
    )
    output_restored = False
    if output_backups is not None:
        # Only a backup the sandbox session's own fix made: an earlier fix the user kept
        # was in OBS when the sandbox found it.
        profile, _ = await link.get_profiles()
        if await asyncio.to_thread(output_backups.from_sandbox, profile):
            output_restored = await restore_output_settings(link, output_backups) is not None
    return SandboxLeftover(
        server, streaming=False, restored=restored, output_restored=output_restored
    )


def leftover_notice(leftover: SandboxLeftover) -> Notice | None:
    """What the window says about it (``None``: nothing worth saying)."""
    if leftover.streaming:
        return Notice(
            translate(
                "SandboxGiveBack",
                "OBS is streaming to the sandbox's address {server}, which has ended.",
            ).format(server=leftover.server),
            translate(
                "SandboxGiveBack",
                "Stop streaming in OBS: your own stream settings come back then.",
            ),
            "warning",
        )
    if leftover.restored is None and not leftover.output_restored:
        return None
    return Notice(
        translate(
            "SandboxGiveBack",
            "The sandbox has ended: OBS has your own stream settings back.",
        ),
        "",
        "info",
    )


__all__ = ["SandboxLeftover", "give_back_after_sandbox", "leftover_notice"]
