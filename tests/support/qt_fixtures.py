"""Qt for the window tests: offscreen, on a qasync event loop, with a deadline helper.

``QT_QPA_PLATFORM=offscreen`` is set when this module is imported, which happens while
pytest loads its plugins, so before pytest-qt creates the ``QApplication``.

Fixtures:
    qloop: a ``qasync.QEventLoop`` around the test ``QApplication``, set as the current
        asyncio loop for one test and closed afterwards. GUI tests are plain functions
        that drive their scenario with ``qloop.run_until_complete(...)`` (or ``run_async``).

Helpers:
    run_async(loop, coro, timeout): run a coroutine on the loop with a deadline.
    eventually(condition, timeout, what): await until a condition holds (no fixed sleeps).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt's offscreen plugin warns about fonts/propagateSizeHints; keep test logs readable.
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

T = TypeVar("T")


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync event loop for one test, on pytest-qt's QApplication."""
    from comprimato_companion.window.event_loop import close_event_loop, new_event_loop

    # Closing a test's window must not quit the application (and stop the loop).
    qapp.setQuitOnLastWindowClosed(False)
    loop = new_event_loop(qapp)
    try:
        yield loop
    finally:
        # Kills the Qt timers qasync leaves armed and collects the loop on the GUI thread.
        close_event_loop(loop)


def run_async(
    loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T], timeout: float = 30.0
) -> T:
    """Run ``coro`` on ``loop`` and fail the test when it takes longer than ``timeout``."""
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


async def eventually(
    condition: Callable[[], bool],
    timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for polling, not a cancel scope
    *,
    what: str = "the condition",
    interval: float = 0.02,
) -> None:
    """Await until ``condition()`` holds, letting the Qt and asyncio loops run meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.1f} s waiting for {what}")
        await asyncio.sleep(interval)
