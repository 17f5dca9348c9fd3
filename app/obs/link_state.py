"""The link to OBS's states, for the supervisor that keeps it and the view that draws it.

A module of its own: the window's snapshot names the state without loading the link
(obsws-python) on the GUI thread.
"""

from __future__ import annotations

import enum


class LinkState(enum.StrEnum):
    """Where the link to OBS stands; each value is its lower-case name."""

    DISCONNECTED = "disconnected"  # not started, or stopped by the user
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RETRYING = "retrying"  # the last attempt failed or the link died; another one is due
    FAILED = "failed"  # no more attempts (kicked in OBS)


__all__ = ["LinkState"]
