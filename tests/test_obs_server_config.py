"""Turning OBS's WebSocket server on in its own files: backups, passwords, nothing else lost."""

from __future__ import annotations

import json
from pathlib import Path

from comprimato_companion.obs.connection import (
    discover_obs,
    parse_websocket_ini,
    parse_websocket_json,
)
from comprimato_companion.obs.server_config import (
    PASSWORD_LENGTH,
    enable_websocket_server,
    enabled_ini,
)

OBS29_INI = (
    "[General]\nFirstRun=true\nLastVersion=486539266\n\n"
    "[OBSWebSocket]\nFirstLoad=false\nServerEnabled=false\nServerPort=4466\n"
    "AlertsEnabled=false\nAuthRequired=true\nServerPassword=kept-pw=with=equals\n\n"
    "[Basic]\nProfile=Mine\n"
)


def test_ini_server_turned_on_password_and_other_lines_kept(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    (folder / "global.ini").write_text(OBS29_INI, encoding="utf-8")

    result = enable_websocket_server(folder)

    text = (folder / "global.ini").read_text(encoding="utf-8")
    assert parse_websocket_ini(text) == (True, 4466, "kept-pw=with=equals")
    assert "[Basic]\nProfile=Mine\n" in text and "LastVersion=486539266" in text
    assert "AlertsEnabled=false" in text
    assert text.count("ServerEnabled") == 1
    assert not result.password_created and result.info.password == "kept-pw=with=equals"
    assert result.changed == (folder / "global.ini",)
    assert len(result.backups) == 1 and result.backups[0].read_text() == OBS29_INI
    # OBS 29 never had config.json: it is not created beside an existing global.ini.
    assert not (folder / "plugin_config").exists()
    assert discover_obs(env={"XDG_CONFIG_HOME": str(tmp_path)}, home=tmp_path,
                        platform="linux").server_enabled is True


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    (folder / "global.ini").write_text(OBS29_INI, encoding="utf-8")
    enable_websocket_server(folder)
    again = enable_websocket_server(folder)
    assert again.changed == () and again.backups == ()
    assert len(list(folder.glob("global.ini.before-comprimato-*"))) == 1


def test_no_password_gets_a_strong_one_and_auth_turned_on(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    (folder / "global.ini").write_text(
        OBS29_INI.replace("ServerPassword=kept-pw=with=equals", "ServerPassword=")
        .replace("AuthRequired=true", "AuthRequired=false"),
        encoding="utf-8",
    )
    result = enable_websocket_server(folder)
    assert result.password_created
    password = result.info.password
    assert password is not None and len(password) == PASSWORD_LENGTH and password.isalnum()
    text = (folder / "global.ini").read_text(encoding="utf-8")
    assert parse_websocket_ini(text) == (True, 4466, password)


def test_obs30_config_json_updated_other_keys_kept(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    config = folder / "plugin_config" / "obs-websocket" / "config.json"
    config.parent.mkdir(parents=True)
    original = {"alerts_enabled": True, "auth_required": True, "first_load": False,
                "server_enabled": False, "server_password": "json-password-kept",
                "server_port": 4477}
    config.write_text(json.dumps(original), encoding="utf-8")
    (folder / "global.ini").write_text("[General]\nFirstRun=true\n", encoding="utf-8")

    result = enable_websocket_server(folder)

    data = json.loads(config.read_text(encoding="utf-8"))
    assert data["alerts_enabled"] is True
    assert parse_websocket_json(config.read_text()) == (True, 4477, "json-password-kept")
    assert result.info.port == 4477 and result.info.password == "json-password-kept"
    assert {path.name for path in result.backups} >= {
        next(folder.glob("global.ini.before-*")).name
    }
    assert json.loads(next(config.parent.glob("config.json.before-*")).read_text()) == original


def test_never_started_obs_gets_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    result = enable_websocket_server(folder)
    assert result.backups == () and result.password_created
    ini = (folder / "global.ini").read_text(encoding="utf-8")
    assert parse_websocket_ini(ini) == (True, 4455, result.info.password)
    json_text = (folder / "plugin_config" / "obs-websocket" / "config.json").read_text()
    assert parse_websocket_json(json_text) == (True, 4455, result.info.password)


def test_crlf_bom_and_missing_keys(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    text = "[General]\r\nA=1\r\n\r\n[OBSWebSocket]\r\nServerEnabled=false\r\nAuthRequred=true\r\n"
    (folder / "global.ini").write_bytes(b"\xef\xbb\xbf" + text.encode())
    enable_websocket_server(folder)
    raw = (folder / "global.ini").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    written = raw[3:].decode()
    assert "AuthRequred" not in written and "ServerPort=4455\r\n" in written
    assert written.startswith("[General]\r\nA=1\r\n")


def test_section_added_when_missing() -> None:
    out = enabled_ini("[General]\nFirstRun=true\n", 4455, "pw")
    assert out.startswith("[General]\nFirstRun=true\n\n[OBSWebSocket]\n")
    assert parse_websocket_ini(out) == (True, 4455, "pw")


def test_the_copies_of_obs_files_are_readable_by_the_user_alone(tmp_path: Path) -> None:
    import stat
    import sys

    folder = tmp_path / "obs-studio"
    (folder / "plugin_config/obs-websocket").mkdir(parents=True)
    (folder / "global.ini").write_text(OBS29_INI, encoding="utf-8")
    (folder / "global.ini").chmod(0o644)  # as OBS leaves it
    config = folder / "plugin_config/obs-websocket/config.json"
    config.write_text(json.dumps({"server_enabled": False, "server_password": "a-long-password"}))
    config.chmod(0o644)
    result = enable_websocket_server(folder)
    assert len(result.backups) == 2
    if sys.platform != "win32":
        for backup in result.backups:
            assert stat.S_IMODE(backup.stat().st_mode) == 0o600, backup
    assert result.backups[0].read_text(encoding="utf-8") == OBS29_INI


def test_a_weak_password_is_replaced_by_a_strong_one_and_said(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    (folder / "global.ini").write_text(
        OBS29_INI.replace("ServerPassword=kept-pw=with=equals", "ServerPassword=1234"),
        encoding="utf-8",
    )
    result = enable_websocket_server(folder)
    password = result.info.password
    assert result.password_replaced and not result.password_created
    assert password is not None and len(password) == PASSWORD_LENGTH
    text = (folder / "global.ini").read_text(encoding="utf-8")
    assert parse_websocket_ini(text) == (True, 4466, password)
    assert "1234" not in text


def test_a_weak_password_the_user_pinned_is_kept_and_said_weak(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    (folder / "global.ini").write_text(
        OBS29_INI.replace("ServerPassword=kept-pw=with=equals", "ServerPassword=1234"),
        encoding="utf-8",
    )
    result = enable_websocket_server(folder, replace_weak=False)
    assert result.password_weak and not result.password_replaced
    assert result.info.password == "1234"
    text = (folder / "global.ini").read_text(encoding="utf-8")
    assert parse_websocket_ini(text) == (True, 4466, "1234")


def test_a_symlinked_global_ini_is_written_through_to_its_target(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "obs-global.ini").write_text(OBS29_INI, encoding="utf-8")
    (folder / "global.ini").symlink_to(dotfiles / "obs-global.ini")
    enable_websocket_server(folder)
    assert (folder / "global.ini").is_symlink(), "the user's link was replaced by a file"
    target = (dotfiles / "obs-global.ini").read_text(encoding="utf-8")
    assert parse_websocket_ini(target) == (True, 4466, "kept-pw=with=equals")


def test_obs31_layout_gets_config_json_only_and_user_ini_is_untouched(tmp_path: Path) -> None:
    # OBS 31+: user.ini beside global.ini. A global.ini written from nothing would hold no
    # LastVersion, and OBS 32 then stops on "Unable to migrate global configuration".
    folder = tmp_path / "obs-studio"
    folder.mkdir()
    user_ini = "[General]\nFirstRun=true\n\n[Basic]\nProfile=Mine\nProfileDir=Mine\n"
    (folder / "user.ini").write_text(user_ini, encoding="utf-8")
    result = enable_websocket_server(folder)
    assert not (folder / "global.ini").exists()
    assert (folder / "user.ini").read_text(encoding="utf-8") == user_ini
    json_path = folder / "plugin_config" / "obs-websocket" / "config.json"
    assert parse_websocket_json(json_path.read_text()) == (True, 4455, result.info.password)
    assert result.changed == (json_path,)
    assert discover_obs(env={"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}).info \
        == result.info


def test_obs31_global_ini_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "obs-studio"
    (folder / "plugin_config" / "obs-websocket").mkdir(parents=True)
    global_ini = "[General]\nLastVersion=537001986\nEnableAutoUpdates=false\n"
    (folder / "global.ini").write_text(global_ini, encoding="utf-8")
    (folder / "user.ini").write_text("[General]\nFirstRun=true\n", encoding="utf-8")
    (folder / "plugin_config" / "obs-websocket" / "config.json").write_text(
        json.dumps({"server_enabled": False, "server_port": 4470, "auth_required": True,
                    "server_password": "a-strong-password-123"}), encoding="utf-8")
    result = enable_websocket_server(folder)
    assert (folder / "global.ini").read_text(encoding="utf-8") == global_ini
    assert (result.info.port, result.info.password) == (4470, "a-strong-password-123")
