"""What a killed writer leaves is cleaned up, and a newer settings file keeps the user's
choice of where the key is saved."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from comprimato_companion.storage.atomic import LEFTOVER_AGE, write_atomic
from comprimato_companion.storage.obs_output_backups import ObsOutputBackups
from comprimato_companion.storage.secrets import SecretStore
from comprimato_companion.storage.settings import Settings, SettingsFile


def _leftover(path: Path, *, age: float, text: str = "left by a killed writer") -> Path:
    """A temporary file as ``write_atomic`` names it, ``age`` seconds old."""
    leftover = path.with_name(f".{path.name}.k1ll3d.tmp")
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_text(text)
    then = time.time() - age
    os.utime(leftover, (then, then))
    return leftover


def test_the_secrets_file_store_removes_a_plain_text_leftover(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    store = SecretStore(use_file=True, file_path=path)
    store.set(SecretStore.API_KEY, "first-key")
    # Killed in the middle of its next write: the new key in clear, under a temporary name.
    leftover = _leftover(path, age=0, text=json.dumps({"secrets": {"api_key": "new-key"}}))
    again = SecretStore(use_file=True, file_path=path)
    assert again.get(SecretStore.API_KEY) == "first-key"
    assert not leftover.exists()


def test_a_settings_save_removes_old_leftovers_but_not_a_writer_at_work(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    old = _leftover(path, age=LEFTOVER_AGE + 5)
    busy = path.with_name(f".{path.name}.b5sy.tmp")
    busy.write_text("another process is writing this right now")
    SettingsFile(path).save(Settings())
    assert not old.exists()
    assert busy.exists()


def test_any_store_written_atomically_removes_old_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "obs-output-backups.json"
    old = _leftover(path, age=LEFTOVER_AGE + 5)
    ObsOutputBackups(path).save("Untitled", {"Output/Mode": "Simple"})
    assert not old.exists()
    write_atomic(tmp_path / "other.json", b"{}")  # and any other file's writer


def test_a_newer_settings_file_keeps_the_choice_of_a_secrets_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 99, "secrets_in_file": True, "api_url": "x"}))
    settings_file = SettingsFile(path)
    loaded = settings_file.load()
    assert settings_file.notice and "newer version" in settings_file.notice
    assert loaded.secrets_in_file is True, "the key in the secrets file would be left unused"
    assert not path.exists()  # set aside, as before
