"""Awaiting what the OBS observer draws (its listener, not a polling loop)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from comprimato_companion.obs.observer import ObsObserver, ObsPicture


async def until(
    observer: ObsObserver,
    condition: Callable[[ObsPicture], bool],
    timeout: float = 5.0,  # noqa: ASYNC109 - a test helper's budget
) -> ObsPicture:
    """The first picture (the current one included) for which ``condition`` holds."""
    changed = asyncio.Event()
    unsubscribe = observer.add_listener(lambda _picture: changed.set())
    try:
        async with asyncio.timeout(timeout):
            while not condition(observer.picture):
                changed.clear()
                await changed.wait()
            return observer.picture
    finally:
        unsubscribe()
