"""One run at a time: callers while it runs get its outcome (the double click's rule)."""

from __future__ import annotations

import asyncio

import pytest

from comprimato_companion.golive.single_flight import SingleFlight


async def test_a_call_while_one_runs_joins_it_and_shares_its_outcome() -> None:
    flight: SingleFlight[int] = SingleFlight()
    release = asyncio.Event()
    runs: list[int] = []

    async def make() -> int:
        runs.append(1)
        await release.wait()
        return len(runs)

    first = asyncio.ensure_future(flight.run(make))
    await asyncio.sleep(0)  # the first run is in flight
    assert flight.running
    second = asyncio.ensure_future(flight.run(make))
    cancelled = asyncio.ensure_future(flight.run(make))
    await asyncio.sleep(0)
    cancelled.cancel()  # a joiner giving up does not stop the run
    release.set()
    assert await first == await second == 1
    assert runs == [1] and not flight.running
    with pytest.raises(asyncio.CancelledError):
        await cancelled

    async def fail() -> int:
        await asyncio.sleep(0)
        raise ValueError("refused")

    failing = [asyncio.ensure_future(flight.run(fail)) for _ in range(2)]
    results = await asyncio.gather(*failing, return_exceptions=True)
    assert [type(r) for r in results] == [ValueError, ValueError]
    assert await flight.run(make) == 2  # the next click runs again
