"""Scale: what a store of many streams must still do quickly (the benchmarks measure the
window; these guard the Qt-free parts in CI)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage import stream_store
from comprimato_companion.storage.stream_store import StreamStore

API_URL = "http://127.0.0.1:1/v1"


def many_streams(count: int) -> list[Stream]:
    return [Stream(str(uuid.uuid4()), str(uuid.uuid4()), uuid.uuid4().hex[:12])
            for _ in range(count)]


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count calls of ``module.name`` from now on; the count is ``result[0]``."""
    calls = [0]
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.slow
def test_refreshing_a_big_list_that_is_already_stored_is_quick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What every refresh does for a user with many streams: the API lists them all and the
    # store already knows them. Matching each listed stream against every stored one is
    # quadratic (10,000 streams: minutes of a worker thread holding the GIL).
    store = StreamStore(tmp_path / "streams.json")
    streams = many_streams(3000)
    store.merge_remote(API_URL, streams)
    looked_at = count_calls(monkeypatch, stream_store, "_entry_id")
    store.merge_remote(API_URL, streams)
    assert len(store.streams(API_URL)) == 3000
    # Linear: each stored entry is looked at a bounded number of times, not once per
    # listed stream (3,000 x 3,000 = 9,000,000 for the quadratic way).
    assert 0 < looked_at[0] <= 3 * 3000, f"{looked_at[0]} look-ups for 3,000 streams"
