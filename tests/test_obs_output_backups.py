"""Per-profile backups of OBS output settings: private, first one wins, damage kept aside."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from comprimato_companion.storage.atomic import StorageError
from comprimato_companion.storage.obs_output_backups import ObsOutputBackups


def test_first_backup_per_profile_wins_and_the_file_is_private(tmp_path: Path) -> None:
    backups = ObsOutputBackups(tmp_path / "store" / "backups.json")
    assert backups.get("Main") is None
    assert backups.save_first("Main", {"SimpleOutput/x264Settings": "bframes=0",
                                       "SimpleOutput/UseAdvanced": None})
    assert not backups.save_first("Main", {"SimpleOutput/x264Settings": "keyint=60"})
    assert backups.save_first("Other", {"SimpleOutput/x264Settings": ""})
    assert backups.get("Main") == {"SimpleOutput/x264Settings": "bframes=0",
                                   "SimpleOutput/UseAdvanced": None}
    assert stat.S_IMODE(backups.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups.path.parent.stat().st_mode) == 0o700
    backups.clear("Main")
    assert backups.get("Main") is None
    assert backups.get("Other") == {"SimpleOutput/x264Settings": ""}


def test_a_merge_replaces_the_newest_and_adds_the_others_only_once(tmp_path: Path) -> None:
    backups = ObsOutputBackups(tmp_path / "backups.json")
    backups.merge("Main", {"SimpleOutput/x264Settings": "bframes=0"},
                  {"Stream1/EnableMultitrackVideo": "false"})
    backups.merge("Main", {"SimpleOutput/UseAdvanced": "false"},
                  {"SimpleOutput/x264Settings": "keyint=60",
                   "Stream1/EnableMultitrackVideo": "true"})
    assert backups.get("Main") == {"SimpleOutput/x264Settings": "bframes=0",
                                   "SimpleOutput/UseAdvanced": "false",
                                   "Stream1/EnableMultitrackVideo": "false"}
    backups.merge("Main", {"Stream1/EnableMultitrackVideo": "true"}, {})
    assert backups.get("Main")["Stream1/EnableMultitrackVideo"] == "true"


def test_a_damaged_file_is_kept_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "backups.json"
    path.write_text('{"format": 1, "profiles": ')
    backups = ObsOutputBackups(path)
    with pytest.raises(StorageError) as raised:
        backups.save_first("Main", {"SimpleOutput/x264Settings": "keyint=60"})
    assert "kept aside" in raised.value.message
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("backups.json.unreadable-")]
    assert len(kept) == 1 and kept[0].read_text() == '{"format": 1, "profiles": '
    assert not path.exists()  # nothing was written over the damaged one
