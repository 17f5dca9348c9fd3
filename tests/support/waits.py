"""The one wait helper of the tests: await a condition, with a budget and a name for it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def until(
    condition: Callable[[], bool], timeout: float = 10.0, what: str = ""  # noqa: ASYNC109
) -> None:
    """Return once ``condition()`` holds; fail with ``what`` after ``timeout`` seconds.

    It looks again every 20 ms: the conditions span several owners (the session's
    snapshot, the fake OBS, the sandbox), which have no one signal in common.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or 'the condition'}")
        await asyncio.sleep(0.02)


__all__ = ["until"]
