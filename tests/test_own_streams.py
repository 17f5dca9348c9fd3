"""The record of every stream this program put into OBS: its own file, no key in clear."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage import own_streams
from comprimato_companion.storage.obs_backups import ObsBackups
from comprimato_companion.storage.own_streams import (
    MAX_ENTRIES,
    OwnStreams,
    service_keys,
)
from comprimato_companion.storage.paths import data_dir
from comprimato_companion.storage.stream_store import StreamStore

API = "https://api.example.net/v1"
INGEST = "srt://ingest.example.net:9000"
KEY = "sk_live_4f9a2c"


def test_a_private_versioned_file_with_no_key_in_clear() -> None:
    own = OwnStreams()
    assert own.path == data_dir() / "own-streams.json"
    own.remember(KEY, INGEST)
    raw = own.path.read_text()
    assert KEY not in raw
    document = json.loads(raw)
    assert document["version"] == 1
    [entry] = document["streams"]
    assert entry["key_sha256"] == hashlib.sha256(KEY.encode()).hexdigest()
    assert entry["server"] == INGEST and entry["sandbox"] is False
    assert stat.S_IMODE(own.path.stat().st_mode) == 0o600
    assert OwnStreams().holds("rtmp_custom", {"server": INGEST, "key": KEY})
    # OBS 28's form: the key as the streamid in the URL.
    assert OwnStreams().holds("rtmp_custom", {"server": f"{INGEST}?streamid={KEY}", "key": ""})
    assert not OwnStreams().holds("rtmp_custom", {"server": INGEST, "key": "users-key"})
    assert not OwnStreams().holds("rtmp_common", {"service": "Twitch", "key": KEY})
    assert KEY not in repr(own)


def test_bounded_newest_kept_and_the_sandbox_mark_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A full record is a few hundred kilobytes.
    full = json.dumps(
        {"version": 1, "streams": [
            {"key_sha256": "0" * 64, "server": INGEST, "sandbox": False,
             "sent_at": "2026-12-07T00:00:00.000000Z"}
        ] * MAX_ENTRIES}
    )
    assert len(full) < 400 * 1024
    monkeypatch.setattr(own_streams, "MAX_ENTRIES", 20)  # 20 writes, not thousands
    own = OwnStreams()
    for n in range(25):
        own.remember(f"k{n}", INGEST)
        if n == 10:
            own.remember("sandbox-key", "srt://127.0.0.1:9001", sandbox=True)
    own.remember("sandbox-key", "srt://127.0.0.1:9001")  # sent again: still the sandbox's
    streams = own.all()
    assert len(streams) == 20
    assert not own.holds("rtmp_custom", {"key": "k0"})
    assert own.holds("rtmp_custom", {"key": "k24"})
    assert streams[-1].sandbox and own.fingerprints(sandbox_only=True) == {
        hashlib.sha256(b"sandbox-key").hexdigest()
    }


def test_kept_when_the_stream_list_is_set_aside() -> None:
    store = StreamStore()
    store.add(Stream(id="s1", streamer_key="sk1", player_key="p1"), API)
    own = OwnStreams()
    own.remember(KEY, INGEST)
    store.path.write_bytes(b'{"version": 1, "streams": [')  # torn by another program
    assert StreamStore().load() == []
    assert OwnStreams().holds("rtmp_custom", {"key": KEY})


def test_the_keys_of_an_older_versions_list_are_recorded_once() -> None:
    store = StreamStore()
    store.add(Stream(id="s1", streamer_key="sk-older", player_key="p1"), API)
    own = OwnStreams()
    assert own.holds("rtmp_custom", {"server": INGEST, "key": "sk-older"})
    assert own.path.exists()
    store.remove("s1")
    assert OwnStreams().holds("rtmp_custom", {"server": INGEST, "key": "sk-older"})


def test_a_corrupt_or_newer_record_is_set_aside_with_a_sentence() -> None:
    own = OwnStreams()
    own.remember(KEY, INGEST)
    own.path.write_bytes(b"{ torn")
    again = OwnStreams()
    assert again.all() == []
    assert again.notice is not None and "set aside" in again.notice
    assert list(own.path.parent.glob("own-streams.json.corrupt-*"))
    own.path.write_text(json.dumps({"version": 99, "streams": []}))
    newer = OwnStreams()
    newer.remember(KEY, INGEST)
    assert newer.notice is not None and "newer version" in newer.notice
    assert newer.holds("rtmp_custom", {"key": KEY})


def test_the_backups_use_the_record_in_their_folder() -> None:
    backups = ObsBackups()
    assert backups.own.path == data_dir() / "own-streams.json"
    backups.own.remember(KEY, INGEST)
    assert backups.push("P", "rtmp_custom", {"server": INGEST, "key": KEY}) is None
    assert backups.all() == []


def test_service_keys() -> None:
    assert service_keys("rtmp_custom", {"server": f"{INGEST}?a=1&streamid=x", "key": "y"}) == [
        "y", "x"
    ]
    assert service_keys("rtmp_custom", {"server": "srt://[::1", "key": ""}) == []
    assert service_keys("rtmp_common", {"key": "y"}) == []
