"""write_atomic and set_aside on real files: modes, failures, and what a crash leaves."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from comprimato_companion.storage import atomic
from comprimato_companion.storage.atomic import set_aside, temp_files_of, write_atomic
from comprimato_companion.storage.paths import config_dir, data_dir


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_creates_private_file_and_folder(tmp_path: Path) -> None:
    target = tmp_path / "new-folder" / "file.json"
    old_umask = os.umask(0o022)
    try:
        write_atomic(target, b"hello")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"hello"
    assert mode_of(target) == 0o600
    assert mode_of(target.parent) == 0o700
    assert temp_files_of(target) == []


def test_write_atomic_replaces_content_and_honours_mode(tmp_path: Path) -> None:
    target = tmp_path / "file"
    write_atomic(target, b"old")
    write_atomic(target, b"new" * 10000, mode=0o640)
    assert target.read_bytes() == b"new" * 10000
    assert mode_of(target) == 0o640


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file"
    write_atomic(target, b"old content")

    def refuse(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert temp_files_of(target) == []


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file"
    write_atomic(target, b"old content")

    def refuse(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert temp_files_of(target) == []


def test_set_aside_never_replaces_an_earlier_one(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    moved = []
    for content in (b"first", b"second", b"third"):
        target.write_bytes(content)
        moved.append(set_aside(target, "corrupt"))
    assert not target.exists()
    assert [p.read_bytes() for p in moved] == [b"first", b"second", b"third"]
    assert len(set(moved)) == 3
    for path in moved:
        assert path.name.startswith("settings.json.corrupt-")
        stamp = path.name.removeprefix("settings.json.corrupt-")[:15]
        assert stamp[8] == "T" and stamp.replace("T", "").isdigit()


def test_folders_follow_environment_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_dirs: Path
) -> None:
    assert config_dir() == isolated_user_dirs / ".config" / "comprimato-companion"
    assert data_dir() == isolated_user_dirs / ".local" / "share" / "comprimato-companion"
    monkeypatch.setenv("COMPRIMATO_COMPANION_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("COMPRIMATO_COMPANION_DATA_DIR", str(tmp_path / "d"))
    assert config_dir() == tmp_path / "c"
    assert data_dir() == tmp_path / "d"
