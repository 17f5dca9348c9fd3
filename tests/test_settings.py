"""SettingsFile on real files: defaults, round trip, bad files set aside, bad values replaced."""

from __future__ import annotations

import dataclasses
import errno
import json
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comprimato_companion import defaults
from comprimato_companion.errors import UsageError
from comprimato_companion.storage import atomic
from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.paths import config_dir
from comprimato_companion.storage.settings import Settings, SettingsFile, problems


def write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))


def aside_files(path: Path, reason: str) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.{reason}-*"))


def test_missing_file_gives_defaults_without_notice() -> None:
    file = SettingsFile()
    assert file.path == config_dir() / "settings.json"
    assert file.load() == Settings()
    assert file.notice is None
    assert Settings().api_url == defaults.API_URL


def test_round_trip_is_private_and_versioned() -> None:
    file = SettingsFile()
    chosen = Settings(
        api_url="http://127.0.0.1:8080/v1",
        ingest_url="srt://127.0.0.1:9000",
        player_url_template="http://127.0.0.1:8080/play/{player_key}",
        obs_host="192.168.1.20",
        obs_port=4456,
        use_dedicated_obs_profile=True,
        send_to_obs_automatically=False,
        start_streaming_on_send=True,
        secrets_in_file=True,
        welcome_done=True,
        window_geometry="AdnQywADAAA=",
    )
    file.save(chosen)
    assert SettingsFile().load() == chosen
    assert stat.S_IMODE(file.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.path.parent.stat().st_mode) == 0o700
    assert json.loads(file.path.read_text())["version"] == 1


def test_unknown_keys_of_the_same_version_are_ignored_and_kept() -> None:
    file = SettingsFile()
    write_json(file.path, {"version": 1, "api_url": "https://example.com/v1", "future": [1]})
    loaded = file.load()
    assert loaded.api_url == "https://example.com/v1"
    assert file.notice is None
    file.save(dataclasses.replace(loaded, welcome_done=True))
    saved = json.loads(file.path.read_text())
    assert saved["future"] == [1]
    assert saved["welcome_done"] is True


@pytest.mark.parametrize(
    ("content", "reason", "phrase"),
    [
        (b"{not json", "corrupt", "not valid JSON"),
        (b"\xff\xfe\x00", "corrupt", "not valid JSON"),
        (b"[1, 2]", "corrupt", "not a JSON object"),
        (b'{"api_url": "https://example.com"}', "corrupt", "no version"),
        (b'{"version": 2, "api_url": "https://example.com"}', "newer", "newer version"),
        (b'{"version": 1, "obs_port": "4455"}', "corrupt", "obs_port"),
        (b'{"version": 1, "welcome_done": 1}', "corrupt", "welcome_done"),
        (b'{"version": 1, "api_url": null}', "corrupt", "api_url"),
    ],
)
def test_unusable_file_is_set_aside_with_a_notice(content: bytes, reason: str, phrase: str) -> None:
    file = SettingsFile()
    file.path.parent.mkdir(parents=True)
    file.path.write_bytes(content)
    assert file.load() == Settings()
    moved = aside_files(file.path, reason)
    assert len(moved) == 1
    assert moved[0].read_bytes() == content
    assert not file.path.exists()
    assert file.notice is not None
    assert str(moved[0]) in file.notice
    assert phrase in file.notice
    assert file.notice.endswith("default settings are in use.")
    # Saving afterwards writes a fresh file and leaves the set-aside one alone.
    file.save(Settings(welcome_done=True))
    assert moved[0].read_bytes() == content


@pytest.mark.parametrize(
    ("key", "value", "phrase"),
    [
        ("api_url", "ftp://example.com/v1", "API URL"),
        ("api_url", "example.com", "API URL"),
        ("ingest_url", "srt://ingest.example.com", "srt://host:port"),
        ("ingest_url", "udp://ingest.example.com:9000", "srt://host:port"),
        ("ingest_url", "srt://ingest.example.com:70000", "srt://host:port"),
        ("player_url_template", "https://player.example.com/", "{player_key}"),
        ("obs_port", 0, "between 1 and 65535"),
        ("obs_port", 65536, "between 1 and 65535"),
        ("obs_host", "", "OBS host"),
    ],
)
def test_a_bad_value_falls_back_to_its_default(key: str, value: object, phrase: str) -> None:
    file = SettingsFile()
    write_json(file.path, {"version": 1, key: value, "welcome_done": True})
    loaded = file.load()
    assert getattr(loaded, key) == getattr(Settings(), key)
    assert loaded.welcome_done is True  # the rest is kept
    assert file.notice is not None and phrase in file.notice
    assert file.path.exists()  # not set aside: only the value was bad


def test_a_saved_plain_http_api_address_to_another_computer_is_kept() -> None:
    """Not swapped for the default one: the key saved for the user's own server would go
    to the production API at the next start. The client refuses the address instead."""
    file = SettingsFile()
    write_json(file.path, {"version": 1, "api_url": "http://10.1.2.3/v1", "welcome_done": True})
    loaded = file.load()
    assert loaded.api_url == "http://10.1.2.3/v1"
    assert file.notice is None
    file.save(dataclasses.replace(loaded, window_geometry="g"))  # other saves still work
    assert SettingsFile().load().api_url == "http://10.1.2.3/v1"


def test_save_refuses_a_bad_value_and_keeps_the_file() -> None:
    file = SettingsFile()
    file.save(Settings(welcome_done=True))
    before = file.path.read_bytes()
    with pytest.raises(UsageError, match="srt://host:port"):
        file.save(Settings(ingest_url="http://nope"))
    assert file.path.read_bytes() == before


def test_disk_failure_keeps_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    file = SettingsFile()
    file.save(Settings(welcome_done=True))
    before = file.path.read_bytes()

    def refuse(source: object, destination: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(StorageError, match="could not be saved") as caught:
        file.save(Settings(welcome_done=False))
    assert caught.value.next_step
    assert file.path.read_bytes() == before
    assert [p.name for p in file.path.parent.iterdir()] == ["settings.json"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
field_names = [f.name for f in dataclasses.fields(Settings)]
settings_documents = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1.5, 2, 0, "1", None])},
    optional={name: json_values for name in field_names},
).map(lambda document: json.dumps(document).encode())


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=300) | settings_documents)
def test_any_bytes_load_to_usable_settings(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(content)
        file = SettingsFile(path)
        loaded = file.load()
        assert isinstance(loaded, Settings)
        assert problems(loaded) == []
        if not path.exists():
            assert file.notice is not None
            assert len(list(Path(folder).glob("settings.json.*-*"))) == 1
        file.save(loaded)
        assert SettingsFile(path).load() == loaded
