"""The notices the session shows for its owners' outcomes, written once each.

Each function turns an outcome (where a secret was kept, how OBS's output was judged, a
keyframe fix) into the ``Notice`` the window shows; the session decides where and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import translate
from .view_state import FIX_KEEP_SECRETS, FIX_KEYFRAMES, FIX_NONE, FIX_SETTINGS, Notice

if TYPE_CHECKING:
    from ..obs.output_settings import OutputCheck


def kept_until_quit(label: str, *, keyring_locked: bool) -> Notice:
    """A secret the user typed (``label``: "API key", "OBS password") is kept in memory
    only: why, and the fix."""
    if keyring_locked:
        return Notice(
            translate(
                "Session",
                "Your system keyring is locked, so the {what} you entered is kept only "
                "until you quit.",
            ).format(what=label),
            translate("Session", "Unlock the keyring, then choose Save to keyring."),
            "error",
            FIX_KEEP_SECRETS,
        )
    return Notice(
        translate(
            "Session", "No keyring is available, so the {what} is kept only until you quit."
        ).format(what=label),
        translate(
            "Session",
            "Install or unlock a keyring (for example GNOME Keyring), or allow keeping "
            "secrets in a file in Settings.",
        ),
        "info",
        FIX_SETTINGS,
    )


def output_advice(check: OutputCheck) -> Notice | None:
    """What is wrong with OBS's output for viewers, with the fix; ``None`` when all is fine.

    Advice, not a failure: at the level the window gives advice ("info")."""
    if check.ok:
        return None
    return Notice(
        " ".join(check.problems),
        translate(
            "Session",
            "Fix it in one click; your own setting is kept, and Restore puts it back.",
        ) if check.fixable else check.where,
        "info", FIX_KEYFRAMES if check.fixable else FIX_NONE,
    )  # fmt: skip


def keyframes_fixed(seconds: float) -> Notice:
    """The keyframe fix is in: from the next start."""
    return Notice(
        translate(
            "Session",
            "OBS now sends a keyframe every {seconds} s, from the next time it starts "
            "streaming.",
        ).format(seconds=f"{seconds:g}"),
        translate("Session", "Your own setting is kept: Restore puts it back."),
        "info",
    )


__all__ = ["kept_until_quit", "keyframes_fixed", "output_advice"]
