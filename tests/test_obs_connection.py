"""Finding OBS: obsws:// strings, OBS's own config files on every system, the resolve order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comprimato_companion import defaults
from comprimato_companion.errors import UsageError
from comprimato_companion.obs.connection import (
    ObsConnectionInfo,
    discover_obs,
    parse_obsws_url,
    parse_websocket_ini,
    parse_websocket_json,
    resolve_obs_connection,
)
from comprimato_companion.storage.settings import Settings

# --- obsws:// -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "host", "port", "password"),
    [
        ("obsws://192.168.1.20:4455/s3cret", "192.168.1.20", 4455, "s3cret"),
        ("obsws://localhost:4456", "localhost", 4456, None),
        ("obsws://localhost:4456/", "localhost", 4456, None),
        ("obsws://obs-pc.local", "obs-pc.local", defaults.OBS_PORT, None),
        ("  OBSWS://Studio:4455/pw  ", "Studio", 4455, "pw"),
        ("obsws://[::1]:4455/pw", "::1", 4455, "pw"),
        ("obsws://[fe80::1%eth0]/pw", "fe80::1%eth0", defaults.OBS_PORT, "pw"),
        # OBS's Show Connect Info puts an IPv6 address in unbracketed, port last.
        ("obsws://2001:db8::5:4455/pw", "2001:db8::5", 4455, "pw"),
        ("obsws://::1:4455/pw", "::1", 4455, "pw"),
        ("obsws://h:4455/p%40ss%2Fword", "h", 4455, "p@ss/word"),
        ("obsws://h:4455/a/b?c#d", "h", 4455, "a/b?c#d"),
        ("ws://127.0.0.1:4455/pw", "127.0.0.1", 4455, "pw"),
    ],
)
def test_parse_obsws_url_accepts_what_obs_shows(
    text: str, host: str, port: int, password: str | None
) -> None:
    info = parse_obsws_url(text)
    assert (info.host, info.port, info.password) == (host, port, password)
    assert info.source == "OBS_WEBSOCKET_URL"


@pytest.mark.parametrize(
    "text",
    [
        "http://localhost:4455/topsecret",
        "obsws://:4455/topsecret",
        "obsws://localhost:/topsecret",
        "obsws://localhost:99999/topsecret",
        "obsws://localhost:0/topsecret",
        "obsws://localhost:44a5/topsecret",
        "obsws://2001:db8::5/topsecret",
        "obsws://:::4455/topsecret",
        "obsws://2001:db8::zz:4455/topsecret",
        "obsws://[::1/topsecret",
        "obsws://[::1]x/topsecret",
        "obsws://bad host/topsecret",
        "",
    ],
)
def test_parse_obsws_url_refuses_bad_input_without_repeating_it(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_obsws_url(text)
    assert "topsecret" not in str(caught.value)
    assert "obsws://host:port/password" in caught.value.next_step


def test_connection_info_repr_hides_the_password() -> None:
    info = parse_obsws_url("obsws://localhost:4455/hunter2-password")
    assert "hunter2" not in repr(info)
    assert info.address == "localhost:4455"
    assert parse_obsws_url("obsws://[::1]:1/x").address == "[::1]:1"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parse_obsws_url_fuzz_only_usage_errors(text: str) -> None:
    try:
        info = parse_obsws_url(text)
    except UsageError:
        return
    assert 0 < info.port < 65536 and info.host


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,2}",
                  fullmatch=True),
    st.none() | st.integers(min_value=0, max_value=999_999),
    st.none() | st.text(max_size=20),
)
def test_parse_obsws_url_fuzz_near_valid(host: str, port: int | None, password: str | None) -> None:
    from urllib.parse import quote

    text = f"obsws://{host}" + (f":{port}" if port is not None else "")
    if password is not None:
        text += "/" + quote(password, safe="")
    if port is not None and not 0 < port < 65536:
        with pytest.raises(UsageError) as caught:
            parse_obsws_url(text)
        assert "port" in caught.value.message and caught.value.next_step
        return
    info = parse_obsws_url(text)
    assert info.host == host
    assert info.port == (port if port is not None else 4455)
    assert info.password == (password or None)


# --- OBS's files ----------------------------------------------------------------------------


def write_json_config(folder: Path, **values: object) -> Path:
    path = folder / "obs-studio" / "plugin_config" / "obs-websocket" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {
        "alerts_enabled": False,
        "auth_required": True,
        "first_load": False,
        "server_enabled": True,
        "server_password": "json-password",
        "server_port": 4455,
    }
    content.update(values)
    path.write_text(json.dumps(content, indent=4))
    return path


def write_global_ini(folder: Path, section: str) -> Path:
    path = folder / "obs-studio" / "global.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[General]\nPre19Defaults=false\nFirstRun=true\nLastVersion=486539266\n\n"
        f"[OBSWebSocket]\n{section}\n[BasicWindow]\ngeometry=AdnQywADAAAAAAA=\n",
        encoding="utf-8-sig",
    )
    return path


OBS29_SECTION = (
    "FirstLoad=false\nServerEnabled=true\nServerPort=4466\nAlertsEnabled=false\n"
    "AuthRequired=true\nServerPassword=Ini;Pass=word%x\n"
)


def test_linux_obs29_global_ini(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = write_global_ini(home / ".config", OBS29_SECTION)
    found = discover_obs(env={}, home=home, platform="linux")
    assert found.info is not None
    assert (found.info.host, found.info.port) == (defaults.OBS_HOST, 4466)
    assert found.info.password == "Ini;Pass=word%x"  # raw, everything after the first '='
    assert found.config_path == path and found.server_enabled is True
    assert str(path) in found.summary and "4466" in found.summary
    assert "Ini;Pass" not in found.summary


def test_linux_xdg_config_home_is_used(tmp_path: Path) -> None:
    xdg = tmp_path / "elsewhere"
    path = write_json_config(xdg, server_port=4499)
    found = discover_obs(env={"XDG_CONFIG_HOME": str(xdg)}, home=tmp_path / "home",
                         platform="linux")
    assert found.config_path == path and found.info is not None and found.info.port == 4499


def test_linux_flatpak(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = write_json_config(home / ".var/app/com.obsproject.Studio/config", server_port=4477)
    found = discover_obs(env={}, home=home, platform="linux")
    assert found.config_path == path and found.info is not None
    assert (found.info.port, found.info.password) == (4477, "json-password")


def test_windows_appdata(tmp_path: Path) -> None:
    appdata = tmp_path / "Users" / "me" / "AppData" / "Roaming"
    path = write_json_config(appdata, server_port=4455)
    found = discover_obs(env={"APPDATA": str(appdata)}, home=tmp_path, platform="win32")
    assert found.config_path == path and found.info is not None


def test_windows_without_appdata_uses_the_profile_folder(tmp_path: Path) -> None:
    path = write_global_ini(tmp_path / "AppData" / "Roaming", OBS29_SECTION)
    found = discover_obs(env={}, home=tmp_path, platform="win32")
    assert found.config_path == path


def test_macos_application_support(tmp_path: Path) -> None:
    path = write_json_config(tmp_path / "Library" / "Application Support")
    found = discover_obs(env={}, home=tmp_path, platform="darwin")
    assert found.config_path == path


def test_config_json_wins_over_the_stale_global_ini_in_one_folder(tmp_path: Path) -> None:
    json_path = write_json_config(tmp_path / ".config", server_port=4500)
    ini_path = write_global_ini(tmp_path / ".config", OBS29_SECTION)
    os.utime(ini_path, (json_path.stat().st_mtime + 100,) * 2)  # OBS rewrites global.ini often
    found = discover_obs(env={}, home=tmp_path, platform="linux")
    assert found.config_path == json_path and found.info is not None
    assert found.info.port == 4500


def test_the_newest_install_wins(tmp_path: Path) -> None:
    native = write_json_config(tmp_path / ".config", server_port=4501)
    flatpak = write_json_config(
        tmp_path / ".var/app/com.obsproject.Studio/config", server_port=4502
    )
    os.utime(native, (flatpak.stat().st_mtime - 1000,) * 2)
    assert discover_obs(env={}, home=tmp_path, platform="linux").config_path == flatpak
    os.utime(native, (flatpak.stat().st_mtime + 1000,) * 2)
    assert discover_obs(env={}, home=tmp_path, platform="linux").config_path == native


def test_server_off_says_how_to_turn_it_on(tmp_path: Path) -> None:
    write_json_config(tmp_path / ".config", server_enabled=False)
    found = discover_obs(env={}, home=tmp_path, platform="linux")
    assert found.server_enabled is False
    assert found.info is not None and found.info.server_enabled is False
    assert "turned off" in found.summary
    assert "Tools > WebSocket Server Settings" in found.summary
    assert "Enable WebSocket server" in found.summary


def test_no_password_when_auth_is_off(tmp_path: Path) -> None:
    write_json_config(tmp_path / ".config", auth_required=False)
    found = discover_obs(env={}, home=tmp_path, platform="linux")
    assert found.info is not None and found.info.password is None
    assert "without a password" in found.summary


def test_obs28_typo_key_auth_requred(tmp_path: Path) -> None:
    write_global_ini(
        tmp_path / ".config",
        "ServerEnabled=true\nServerPort=4455\nAuthRequred=false\nServerPassword=x\n",
    )
    found = discover_obs(env={}, home=tmp_path, platform="linux")
    assert found.info is not None and found.info.password is None


def test_nothing_found_lists_every_place(tmp_path: Path) -> None:
    found = discover_obs(env={}, home=tmp_path, platform="linux")
    assert found.info is None and found.config_path is None and found.server_enabled is None
    assert len(found.looked_at) == 6  # native, Flatpak, Snap; two formats each
    assert any(".var/app/com.obsproject.Studio" in path for path in found.looked_at)
    assert "No OBS WebSocket settings were found" in found.summary


def test_broken_files_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / ".config" / "obs-studio" / "plugin_config" / "obs-websocket"
    path.mkdir(parents=True)
    (path / "config.json").write_text("{not json")
    ini = write_global_ini(tmp_path / ".config", "ServerPort=4488\nServerEnabled=true\n")
    found = discover_obs(env={}, home=tmp_path, platform="linux")
    assert found.config_path == ini and found.info is not None and found.info.port == 4488


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '{"server_port": "4455"}',
        '{"server_port": true}',
        '{"server_port": 70000}',
        '{"server_enabled": "yes"}',
        '{"server_password": 5}',
    ],
)
def test_json_with_wrong_types_is_unusable(text: str) -> None:
    assert parse_websocket_json(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_ini_fuzz_never_raises(text: str) -> None:
    result = parse_websocket_ini(text)
    if result is not None:
        assert 0 < result[1] < 65536


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["server_enabled", "server_port", "auth_required", "server_password", "x"]
            ),
            inner,
            max_size=5,
        ),
        max_leaves=10,
    )
)
def test_json_fuzz_never_raises(value: object) -> None:
    result = parse_websocket_json(json.dumps(value))
    if result is not None:
        assert isinstance(result[0], bool) and 0 < result[1] < 65536


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_discovery_never_raises_on_garbage_files(tmp_path_factory: pytest.TempPathFactory,
                                                  data: bytes) -> None:
    home = tmp_path_factory.mktemp("home")
    base = home / ".config" / "obs-studio"
    (base / "plugin_config" / "obs-websocket").mkdir(parents=True)
    (base / "plugin_config" / "obs-websocket" / "config.json").write_bytes(data)
    (base / "global.ini").write_bytes(b"[OBSWebSocket]\n" + data)
    found = discover_obs(env={}, home=home, platform="linux")
    assert found.summary


# --- resolve order --------------------------------------------------------------------------


def test_resolve_prefers_the_environment(tmp_path: Path) -> None:
    write_json_config(tmp_path / ".config")
    settings_ = Settings(obs_host="studio-pc", obs_port=4460)
    info, source = resolve_obs_connection(
        settings_, "saved", env={"OBS_WEBSOCKET_URL": "obsws://10.0.0.5:4470/envpw",
                                  "HOME": str(tmp_path)}
    )
    assert (info.host, info.port, info.password) == ("10.0.0.5", 4470, "envpw")
    assert "OBS_WEBSOCKET_URL" in source and "envpw" not in source


def test_resolve_then_saved_settings(tmp_path: Path) -> None:
    write_json_config(tmp_path / ".config")
    info, source = resolve_obs_connection(
        Settings(obs_host="studio-pc", obs_port=4460), "saved-pw", env={"HOME": str(tmp_path)}
    )
    assert info == ObsConnectionInfo("studio-pc", 4460, "saved-pw", "saved settings")
    assert "saved settings" in source and "saved-pw" not in source


@pytest.mark.parametrize("typed", ["::1", "[::1]", " [::1] "])
def test_resolve_saved_ipv6_host_with_or_without_brackets(tmp_path: Path, typed: str) -> None:
    info, source = resolve_obs_connection(
        Settings(obs_host=typed, obs_port=4460), "pw", env={"HOME": str(tmp_path)}
    )
    assert info.host == "::1" and info.address == "[::1]:4460"
    assert "[::1]:4460" in source


def test_resolve_then_discovery_then_default(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    info, source = resolve_obs_connection(Settings(), None, env=env)
    assert (info.host, info.port, info.password) == (defaults.OBS_HOST, defaults.OBS_PORT, None)
    assert "default address" in source
    write_json_config(tmp_path / ".config", server_port=4490)
    info, source = resolve_obs_connection(Settings(), "ignored", env=env)
    assert (info.port, info.password) == (4490, "json-password")
    assert "Found OBS's WebSocket settings" in source


def test_resolve_bad_environment_url_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        resolve_obs_connection(Settings(), None, env={"OBS_WEBSOCKET_URL": "nonsense"})
