"""Scale: what a store of many streams must still do quickly (the benchmarks measure the
window; these guard the Qt-free parts in CI)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from app.comprimato.models import Stream
from app.storage.stream_store import StreamStore

API_URL = "http://127.0.0.1:1/v1"


def many_streams(count: int) -> list[Stream]:
    return [Stream(str(uuid.uuid4()), str(uuid.uuid4()), uuid.uuid4().hex[:12])
            for _ in range(count)]


@pytest.mark.slow
def test_refreshing_a_big_list_that_is_already_stored_is_quick(tmp_path: Path) -> None:
    # What every refresh does for a user with many streams: the API lists them all and the
    # store already knows them. Matching each listed stream against every stored one is
    # quadratic (10,000 streams: minutes of a worker thread holding the GIL).
    store = StreamStore(tmp_path / "streams.json")
    streams = many_streams(3000)
    store.merge_remote(API_URL, streams)
    started = time.perf_counter()
    store.merge_remote(API_URL, streams)
    took = time.perf_counter() - started
    assert len(store.streams(API_URL)) == 3000
    assert took < 1.0, f"merging 3,000 known streams took {took:.1f} s"
