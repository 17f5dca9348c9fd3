"""The backup history of the user's own OBS settings: its own file, per profile, migrated."""

from __future__ import annotations

import json
import stat
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from comprimato_companion.comprimato.models import Stream
from comprimato_companion.storage.obs_backups import HISTORY_LENGTH, ObsBackups
from comprimato_companion.storage.paths import data_dir
from comprimato_companion.storage.stream_store import StreamStore

API = "https://api.example.net/v1"
THEIRS = {"service": "Twitch", "server": "auto", "key": "live_123"}


def test_a_private_versioned_file_of_its_own() -> None:
    backups = ObsBackups()
    assert backups.path == data_dir() / "obs-backups.json"
    assert backups.newest() is None and not backups.any()
    backups.push("Untitled", "rtmp_common", THEIRS)
    document = json.loads(backups.path.read_text())
    assert document["version"] == 1
    assert document["profiles"]["Untitled"][0]["settings"] == THEIRS
    assert stat.S_IMODE(backups.path.stat().st_mode) == 0o600
    again = ObsBackups().newest("Untitled")
    assert again is not None and again.type == "rtmp_common" and dict(again.settings) == THEIRS
    assert "live_123" not in repr(again)


def test_newest_first_short_and_the_same_settings_move_to_the_top() -> None:
    backups = ObsBackups()
    for n in range(HISTORY_LENGTH + 3):
        backups.push("P", "rtmp_custom", {"key": f"k{n}"})
    keys = [b.settings["key"] for b in backups.history("P")]
    assert keys == [f"k{n}" for n in range(HISTORY_LENGTH + 2, 2, -1)]
    backups.push("P", "rtmp_custom", {"key": "k5"})
    keys = [b.settings["key"] for b in backups.history("P")]
    assert keys[0] == "k5" and keys.count("k5") == 1 and len(keys) == HISTORY_LENGTH
    backups.push("Q", "rtmp_custom", {"key": "q"})
    newest = backups.newest()
    assert newest is not None and newest.profile == "Q"
    newest_p = backups.newest("P")
    assert newest_p is not None and newest_p.settings["key"] == "k5"
    assert [b.profile for b in backups.all()][:2] == ["Q", "P"]


def test_a_corrupt_stream_list_set_aside_leaves_the_backup_alone() -> None:
    store = StreamStore()
    store.add(Stream(id="s1", streamer_key="sk1", player_key="p1"), API)
    backups = ObsBackups()
    backups.push("Untitled", "rtmp_common", THEIRS)
    store.path.write_bytes(b'{"version": 1, "streams": [')  # torn by another program
    assert StreamStore().load() == []
    assert not store.path.exists()  # set aside
    kept = ObsBackups().newest()
    assert kept is not None and dict(kept.settings) == THEIRS


def test_the_backup_an_older_version_kept_in_the_stream_list_is_imported() -> None:
    store_path = data_dir() / "streams.json"
    store_path.parent.mkdir(parents=True)
    old = {"format": 1, "profile": "Mine", "type": "rtmp_common", "settings": THEIRS}
    store_path.write_text(json.dumps({"version": 1, "streams": [], "obs_backup": old}))
    backups = ObsBackups()
    imported = backups.newest()
    assert imported is not None
    assert (imported.profile, imported.type, dict(imported.settings)) == (
        "Mine", "rtmp_common", THEIRS
    )
    assert backups.path.exists()  # from now on the file of its own holds it
    # A stream list set aside afterwards takes nothing with it.
    store_path.write_bytes(b"garbage")
    StreamStore().load()
    assert ObsBackups().newest() == imported
    # Imported once: a newer backup is not shadowed by the old one on later reads.
    backups.push("Mine", "rtmp_custom", {"server": "rtmp://x", "key": "new"})
    assert [b.settings["key"] for b in ObsBackups().history("Mine")] == ["new", "live_123"]


def test_an_unusable_backup_file_is_set_aside_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "obs-backups.json"
    path.write_bytes(b'{"version": 9, "profiles": {}}')
    backups = ObsBackups(path)
    assert backups.newest() is None
    assert backups.notice is not None and "newer version" in backups.notice
    assert list(tmp_path.glob("obs-backups.json.newer-*"))
    backups.push("P", "rtmp_custom", {"key": "k"})
    assert ObsBackups(path).newest() is not None


def test_unknown_profiles_shapes_are_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "obs-backups.json"
    path.write_text(json.dumps({
        "version": 1,
        "profiles": {"A": "nonsense", "B": [1, {"type": "rtmp_custom"}, {
            "type": "rtmp_custom", "settings": {"key": "ok"}, "saved_at": "x"}]},
    }))
    backups = ObsBackups(path)
    assert [dict(b.settings) for b in backups.all()] == [{"key": "ok"}]


pushes = st.lists(
    st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(["rtmp_custom", "rtmp_common"]),
              st.integers(0, 14)),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(pushes)
def test_any_pushes_keep_a_short_newest_first_history_of_distinct_settings(
    steps: list[tuple[str, str, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        backups = ObsBackups(Path(folder) / "obs-backups.json")
        model: dict[str, list[tuple[str, dict[str, str]]]] = {}
        for profile, kind, n in steps:
            settings_ = {"key": f"k{n}"}
            backups.push(profile, kind, settings_)
            kept = [entry for entry in model.get(profile, []) if entry != (kind, settings_)]
            model[profile] = [(kind, settings_), *kept][:HISTORY_LENGTH]
        for profile in ("A", "B"):
            history = [(b.type, dict(b.settings)) for b in backups.history(profile)]
            assert history == model.get(profile, [])
        if steps:
            profile, kind, n = steps[-1]
            newest = backups.newest()
            assert newest is not None
            assert (newest.profile, newest.type, dict(newest.settings)) == (
                profile, kind, {"key": f"k{n}"}
            )
