"""Listener lists: add a callback, get back the function that removes it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

_Callback = TypeVar("_Callback", bound=Callable[..., None])


def subscribe(listeners: list[_Callback], callback: _Callback) -> Callable[[], None]:
    """Add ``callback`` to ``listeners``; returns the unsubscribe (safe to call twice)."""
    listeners.append(callback)

    def unsubscribe() -> None:
        with contextlib.suppress(ValueError):
            listeners.remove(callback)

    return unsubscribe


__all__ = ["subscribe"]
