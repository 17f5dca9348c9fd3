"""Opening and closing the qasync event loop the window runs on.

qasync 0.28's ``close()`` only flags its internal timers as dead and leaves the Qt timers
armed. If the loop's objects are then collected on another thread, Qt later delivers a
timer event to freed memory and the process crashes; so closing kills them first.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any


def new_event_loop(app: Any) -> asyncio.AbstractEventLoop:
    """A qasync loop around ``app``, set as the current asyncio loop."""
    import qasync

    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop


def close_event_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is left, close the loop, stop its Qt timers, collect it on this thread."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending and not loop.is_closed():
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    if not loop.is_closed():
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    asyncio.set_event_loop(None)
    _kill_qasync_timers(loop)
    gc.collect()


def _kill_qasync_timers(loop: asyncio.AbstractEventLoop) -> None:
    timer = getattr(loop, "_timer", None)
    callbacks = getattr(timer, "_SimpleTimer__callbacks", None)
    if timer is None or not isinstance(callbacks, dict):
        return
    for timer_id in list(callbacks):
        timer.killTimer(timer_id)
    callbacks.clear()
