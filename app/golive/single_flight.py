"""One run of an action at a time: a call while it runs joins it and gets its outcome.

The session's ``create_stream`` uses it so a double click makes one stream: the second
click waits for the first's stream (or failure) instead of asking Comprimato again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

_T = TypeVar("_T")


class SingleFlight(Generic[_T]):
    """Runs one ``run`` at a time; callers meanwhile join it.

    Attributes:
        running: whether a run is in flight (a ``run`` now would join it).
    """

    def __init__(self) -> None:
        self._future: asyncio.Future[_T] | None = None

    @property
    def running(self) -> bool:
        return self._future is not None

    async def run(self, make: Callable[[], Awaitable[_T]]) -> _T:
        """``make()``'s result, or the result of the run in flight (``make`` unused).

        A joiner cancelled while it waits does not cancel the run; a failure reaches every
        caller.
        """
        if self._future is not None:
            return await asyncio.shield(self._future)
        future: asyncio.Future[_T] = asyncio.get_running_loop().create_future()
        self._future = future
        try:
            result = await make()
        except BaseException as error:
            if isinstance(error, Exception):
                future.set_exception(error)
                future.exception()  # the joiners may be none: mark it seen
            else:
                future.cancel()
            raise
        else:
            future.set_result(result)
        finally:
            self._future = None
        return result


__all__ = ["SingleFlight"]
