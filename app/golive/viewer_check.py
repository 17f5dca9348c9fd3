"""The fourth LIVE check, "viewers can watch": fresh video at the live edge, and its delay.

OBS sending and Comprimato running do not yet mean that a viewer sees anything: the
player needs segments at the live edge, and they must be fresh. The sandbox knows (its
segmenter's window); the real Comprimato does not say, so there the check is absent
rather than guessed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..i18n import translate


@dataclass(frozen=True)
class ViewerCheck:
    """Whether a viewer opening the player link now would see the stream.

    Attributes:
        watchable: fresh segments at the live edge.
        delay_s: how old the live edge is (the newest segment's first frame), seconds;
            ``None`` when nothing plays.
        detail: one sentence for the window when not watchable.
    """

    watchable: bool
    delay_s: float | None
    detail: str = ""


#: Reads the check for the watched stream; ``None`` when it cannot be known.
ViewerSource = Callable[[], "ViewerCheck | None"]


def from_freshness(freshness: Mapping[str, Any]) -> ViewerCheck:
    """The check from the sandbox's freshness document (``live.json``)."""
    delay = freshness.get("delay_s")
    delay_s = float(delay) if isinstance(delay, int | float) else None
    if freshness.get("fresh"):
        return ViewerCheck(True, delay_s)
    if freshness.get("playable"):
        age = freshness.get("edge_age_s")
        if age is None:
            return ViewerCheck(
                False, delay_s, translate("ViewerCheck", "No new video at the live edge.")
            )
        frozen = translate(
            "ViewerCheck", "No new video for {seconds} s: viewers see a frozen picture."
        )
        return ViewerCheck(False, delay_s, frozen.format(seconds=age))
    if freshness.get("segments"):
        return ViewerCheck(
            False, None, translate("ViewerCheck", "The stream ended: viewers see it offline.")
        )
    return ViewerCheck(
        False,
        None,
        translate(
            "ViewerCheck",
            "No video yet: the first seconds are on their way (OBS must send a keyframe).",
        ),
    )


def sandbox_viewer_source(sandbox: Any, player_key: str) -> ViewerSource | None:
    """Reads the in-process sandbox's freshness for one stream (no HTTP, no blocking)."""
    hls = getattr(sandbox, "hls", None)
    if hls is None:
        return None
    return lambda: from_freshness(hls.freshness(player_key))


def freshness_url(player_url: str) -> str | None:
    """The local sandbox's ``live.json`` beside a player link; None for any other player.

    Only the sandbox (plain HTTP on this computer or its network) serves it; the real
    Comprimato's player is never asked.
    """
    parts = urlsplit(player_url)
    if parts.scheme != "http" or not parts.hostname:
        return None
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return None
    if not (address.is_loopback or address.is_private):
        return None
    return player_url.rstrip("/") + "/live.json"


async def wait_until_watchable(
    url: str, timeout: float, *, interval: float = 0.5  # noqa: ASYNC109 - a polling budget
) -> ViewerCheck | None:
    """Read ``live.json`` until viewers can watch or ``timeout`` passes; the last check.

    None when the document cannot be read at all (then the check is unknown, not false).
    """
    import httpx

    deadline = time.monotonic() + timeout
    check: ViewerCheck | None = None
    # The sandbox is local: no proxy from the environment.
    async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
        while True:
            try:
                reply = await client.get(url)
                document = reply.json() if reply.status_code == 200 else None
            except (httpx.HTTPError, ValueError):
                document = None
            if isinstance(document, dict):
                check = from_freshness(document)
                if check.watchable:
                    return check
            if time.monotonic() + interval > deadline:
                return check
            await asyncio.sleep(interval)
