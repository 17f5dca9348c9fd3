"""StreamStore on real files: what it keeps, ordering, the OBS backup, bad files set aside."""

from __future__ import annotations

import json
import stat
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.paths import data_dir
from comprimato_companion.storage.stream_store import StoredStream, StreamStore

SANDBOX = "http://127.0.0.1:8080/v1"
REAL = "https://api.comprimato.com/v1"


def make_stream(stream_id: str, status: str = "Stopped", **extra: Any) -> Stream:
    return Stream(
        id=stream_id,
        streamer_key=f"sk-{stream_id}",
        player_key=f"pk-{stream_id}",
        status=status,
        extra=extra,
    )


def ids(streams: list[StoredStream]) -> list[str]:
    return [s.stream.id for s in streams]


def test_empty_store_without_file() -> None:
    store = StreamStore()
    assert store.path == data_dir() / "streams.json"
    assert store.load() == []
    assert store.notice is None


def test_add_keeps_every_field_in_a_private_versioned_file() -> None:
    store = StreamStore()
    stream = make_stream("s1", status="Running", region="eu", limits={"max": 3})
    stored = store.add(stream, SANDBOX, name="Friday show")
    assert stored.created_at.endswith("Z")

    again = StreamStore().get("s1")
    assert again is not None
    assert again == stored
    assert again.stream.streamer_key == "sk-s1"
    assert again.stream.status == "Running"
    assert dict(again.stream.extra) == {"region": "eu", "limits": {"max": 3}}
    assert again.api_url == SANDBOX and again.name == "Friday show"

    document = json.loads(store.path.read_text())
    assert document["version"] == 1 and "obs_backup" not in document
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_streams_are_newest_first_and_separated_by_api() -> None:
    store = StreamStore()
    for name in ("a", "b", "c"):
        store.add(make_stream(name), SANDBOX)
    store.add(make_stream("r"), REAL)
    assert ids(store.load()) == ["r", "c", "b", "a"]
    assert ids(store.streams(SANDBOX)) == ["c", "b", "a"]
    assert ids(store.streams(SANDBOX + "/")) == ["c", "b", "a"]
    assert ids(store.streams(REAL)) == ["r"]


def test_update_rename_remove() -> None:
    store = StreamStore()
    store.add(make_stream("s1"), SANDBOX, name="old")
    store.add(make_stream("s2"), SANDBOX)
    store.update(make_stream("s1", status="Running", viewers=4))
    store.rename("s1", "new")
    updated = store.get("s1")
    assert updated is not None
    assert updated.stream.status == "Running" and updated.stream.extra == {"viewers": 4}
    assert updated.name == "new"
    store.remove("s2")
    assert ids(store.load()) == ["s1"]
    # Unknown ids change nothing and raise nothing.
    before = store.path.read_bytes()
    store.update(make_stream("ghost"))
    store.rename("ghost", "x")
    store.remove("ghost")
    assert store.path.read_bytes() == before


def test_merge_remote_adds_refreshes_and_never_drops() -> None:
    store = StreamStore()
    store.add(make_stream("local-only"), SANDBOX)
    store.add(make_stream("both"), SANDBOX, name="mine")
    store.merge_remote(
        SANDBOX,
        [
            make_stream("both", status="Running"),
            make_stream("remote", created_at="2020-01-02T03:04:05+00:00"),
            make_stream("undated"),
        ],
    )
    streams = store.load()
    assert ids(streams) == ["both", "local-only", "remote", "undated"]
    both = store.get("both")
    assert both is not None and both.stream.status == "Running" and both.name == "mine"
    remote = store.get("remote")
    assert remote is not None and remote.created_at == "2020-01-02T03:04:05Z"
    # The same id on another Comprimato is another stream.
    store.merge_remote(REAL, [make_stream("both")])
    assert len(store.streams(REAL)) == 1 and len(store.streams(SANDBOX)) == 4


def test_an_old_obs_backup_in_the_file_is_kept_untouched() -> None:
    """Older versions kept the OBS backup here; it stays until obs_backups imports it."""
    store = StreamStore()
    store.path.parent.mkdir(parents=True)
    old = {"type": "rtmp_common", "settings": {"service": "Twitch", "key": "live_123"}}
    store.path.write_text(json.dumps({"version": 1, "streams": [], "obs_backup": old}))
    store.add(make_stream("s1"), SANDBOX)
    assert json.loads(store.path.read_text())["obs_backup"] == old


def test_unknown_keys_and_unreadable_entries_are_kept() -> None:
    store = StreamStore()
    store.path.parent.mkdir(parents=True)
    good = {"stream": make_stream("ok").to_json(), "api_url": SANDBOX, "name": "", "later": 1}
    broken = {"stream": {"id": "no-keys"}, "api_url": SANDBOX}
    store.path.write_text(
        json.dumps({"version": 1, "streams": [good, broken], "obs_backup": None, "future": True})
    )
    assert ids(store.load()) == ["ok"]
    assert store.notice is not None and "1 saved stream(s)" in store.notice
    store.add(make_stream("new"), SANDBOX)
    document = json.loads(store.path.read_text())
    assert document["future"] is True
    assert broken in document["streams"]
    assert any(entry.get("later") == 1 for entry in document["streams"])


@pytest.mark.parametrize(
    ("content", "reason", "phrase"),
    [
        (b"", "corrupt", "not valid JSON"),
        (b'{"version": 1, "streams": [', "corrupt", "not valid JSON"),
        (b'{"version": 1, "streams": {"a": 1}}', "corrupt", "wrong type"),
        (b'{"version": 3, "streams": []}', "newer", "newer version"),
    ],
)
def test_unusable_store_is_set_aside_never_overwritten(
    content: bytes, reason: str, phrase: str
) -> None:
    store = StreamStore()
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    # A change on an unusable file sets it aside first, then starts a new list.
    store.add(make_stream("s1"), SANDBOX)
    moved = sorted(store.path.parent.glob(f"streams.json.{reason}-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == content
    assert store.notice is not None and phrase in store.notice and str(moved[0]) in store.notice
    assert ids(StreamStore().load()) == ["s1"]


def test_folder_it_cannot_write_gives_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = StreamStore(blocker / "streams.json")
    with pytest.raises(StorageError) as caught:
        store.add(make_stream("s1"), SANDBOX)
    assert caught.value.next_step
    assert "sk-s1" not in str(caught.value)


def test_threads_adding_at_once_lose_nothing() -> None:
    store_path = StreamStore().path
    errors: list[BaseException] = []

    def add_many(prefix: str) -> None:
        try:
            store = StreamStore(store_path)
            for index in range(15):
                store.add(make_stream(f"{prefix}-{index}"), SANDBOX)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add_many, args=(p,)) for p in ("x", "y", "z")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(StreamStore(store_path).load()) == 45


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
stream_entries = st.fixed_dictionaries(
    {},
    optional={
        "stream": st.fixed_dictionaries(
            {},
            optional={
                "id": json_values,
                "streamer_key": json_values,
                "player_key": json_values,
                "status": json_values,
            },
        )
        | json_values,
        "api_url": json_values,
        "name": json_values,
        "created_at": json_values
        | st.sampled_from(["2024-05-01T10:00:00Z", "0001-01-01T00:00-01:00"]),
    },
)
store_documents = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1.2, 2, 0, "1"])},
    optional={
        "streams": st.lists(stream_entries, max_size=4) | json_values,
        "obs_backup": json_values,
    },
).map(lambda document: json.dumps(document).encode())


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=300) | store_documents)
def test_any_bytes_load_without_raising(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "streams.json"
        path.write_bytes(content)
        store = StreamStore(path)
        loaded = store.load()
        assert isinstance(loaded, list)
        if not path.exists():
            assert loaded == [] and store.notice is not None
        store.add(make_stream("after"), SANDBOX)
        assert "after" in ids(StreamStore(path).load())


def test_reads_see_every_write_of_another_store_on_the_same_file(tmp_path: Path) -> None:
    """The window's cached list and the command line's writes: nothing stale is ever read."""
    path = tmp_path / "streams.json"
    window, command_line = StreamStore(path), StreamStore(path)
    window.add(make_stream("a"), SANDBOX)
    assert ids(window.streams()) == ["a"]
    # Same size, same second, written twice: only the bytes tell these versions apart.
    for name in ("one", "two", "six", "ten"):
        command_line.rename("a", name)
        assert [s.name for s in window.streams()] == [name]
    command_line.add(make_stream("b"), SANDBOX)
    assert sorted(ids(window.streams(SANDBOX))) == ["a", "b"]
    assert window.get("b") is not None
    path.unlink()
    assert window.streams() == []


def test_an_unchanged_file_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import comprimato_companion.storage.stream_store as module

    store = StreamStore(tmp_path / "streams.json")
    for index in range(3):
        store.add(make_stream(f"s{index}"), SANDBOX)
    parsed: list[object] = []
    real_parse = module._parse_entry

    def counting(raw: object) -> StoredStream | None:
        parsed.append(raw)
        return real_parse(raw)

    monkeypatch.setattr(module, "_parse_entry", counting)
    first = store.streams()
    assert store.streams() == first and store.get("s1") is not None
    assert len(parsed) == 3  # once after the last write, then reused
    # What a caller gets is its own list: changing it changes nothing stored.
    first.clear()
    assert len(store.streams()) == 3


def test_the_file_keeps_one_stream_per_line(tmp_path: Path) -> None:
    store = StreamStore(tmp_path / "streams.json")
    for index in range(3):
        store.add(make_stream(f"s{index}"), SANDBOX)
    lines = (tmp_path / "streams.json").read_text(encoding="utf-8").splitlines()
    assert sum('"streamer_key"' in line for line in lines) == 3
    assert len(lines) == 8  # {, version, streams: [, 3 streams, ], }
