"""Finding OBS installs, their config folders, and OBS's settings from inside a Flatpak."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from comprimato_companion.obs.connection import discover_obs, obs_config_folders
from comprimato_companion.obs.install import (
    find_obs_installs,
    host_config_home,
    launch_environment,
    obs_running,
)
from comprimato_companion.obs.setup import choose_install


def _websocket_json(folder: Path, port: int) -> Path:
    config = folder / "plugin_config" / "obs-websocket" / "config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"server_enabled": True, "server_port": port,
                                  "auth_required": True, "server_password": "pw"}))
    return config


def test_linux_native_flatpak_and_config_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".local/share/flatpak/app/com.obsproject.Studio").mkdir(parents=True)
    paths = {"obs": "/usr/bin/obs", "flatpak": "/usr/bin/flatpak"}
    installs = find_obs_installs(env={"HOME": str(home)}, home=home, platform="linux",
                                 which=paths.get)
    assert [(i.kind, i.command) for i in installs] == [
        ("native", ("/usr/bin/obs",)),
        ("flatpak", ("/usr/bin/flatpak", "run", "com.obsproject.Studio")),
    ]
    assert installs[0].config_folder == home / ".config/obs-studio"
    assert installs[1].config_folder == home / ".var/app/com.obsproject.Studio/config/obs-studio"


def test_choose_install_follows_the_settings_in_use(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".local/share/flatpak/app/com.obsproject.Studio").mkdir(parents=True)
    _websocket_json(home / ".var/app/com.obsproject.Studio/config/obs-studio", 4460)
    env = {"HOME": str(home)}
    installs = find_obs_installs(env=env, home=home, platform="linux",
                                 which={"obs": "/usr/bin/obs", "flatpak": "/f"}.get)
    chosen = choose_install(installs, discover_obs(env=env, home=home, platform="linux"))
    assert chosen is not None and chosen.kind == "flatpak"


def test_inside_a_flatpak_the_hosts_config_is_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    sandbox_config = home / ".var/app/com.comprimato.Companion/config"
    sandbox_config.mkdir(parents=True)
    found = _websocket_json(home / ".config/obs-studio", 4471)
    env = {"HOME": str(home), "FLATPAK_ID": "com.comprimato.Companion",
           "XDG_CONFIG_HOME": str(sandbox_config)}
    discovery = discover_obs(env=env, home=home, platform="linux")
    assert discovery.config_path == found and discovery.info is not None
    assert discovery.info.port == 4471
    # The host's own XDG_CONFIG_HOME, when it set one, is passed in by Flatpak.
    assert host_config_home({**env, "HOST_XDG_CONFIG_HOME": "/srv/cfg"}, home) == Path("/srv/cfg")
    installs = find_obs_installs(env=env, home=home, platform="linux", which=lambda _: None)
    assert installs[-1].command == ("flatpak-spawn", "--host", "obs")


def test_windows_portable_obs_found_and_discovered(tmp_path: Path) -> None:
    program_files = tmp_path / "Program Files"
    root = program_files / "obs-studio"
    (root / "bin/64bit").mkdir(parents=True)
    (root / "bin/64bit/obs64.exe").write_bytes(b"MZ")
    (root / "portable_mode.txt").write_text("")
    found = _websocket_json(root / "config/obs-studio", 4490)
    env = {"ProgramFiles": str(program_files), "APPDATA": str(tmp_path / "AppData")}
    installs = find_obs_installs(env=env, home=tmp_path, platform="win32")
    assert len(installs) == 1 and installs[0].kind == "portable"
    assert installs[0].cwd == root / "bin/64bit"
    assert root / "config/obs-studio" in obs_config_folders(env=env, home=tmp_path,
                                                              platform="win32")
    assert discover_obs(env=env, home=tmp_path, platform="win32").config_path == found


def test_launch_environment_gives_obs_the_systems_libraries() -> None:
    env = launch_environment({"LD_LIBRARY_PATH": "/bundle", "LD_LIBRARY_PATH_ORIG": "/usr/x",
                              "QT_PLUGIN_PATH": "/bundle/plugins", "HOME": "/h"})
    assert env == {"LD_LIBRARY_PATH": "/usr/x", "HOME": "/h"}


def test_obs_running_tells_config_folders_apart(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fake = tmp_path / "obs"
    fake.write_bytes(Path("/bin/sleep").read_bytes())
    fake.chmod(0o755)
    env = {**os.environ, "HOME": str(home)}
    env.pop("XDG_CONFIG_HOME", None)
    process = subprocess.Popen([str(fake), "30"], env=env)
    try:
        # The new process shows in /proc under its own name once the kernel has set it up.
        deadline = time.monotonic() + 10
        while not obs_running(home / ".config/obs-studio") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert obs_running(home / ".config/obs-studio") is True
        assert obs_running(tmp_path / "other/.config/obs-studio") is False
    finally:
        process.kill()
        process.wait()


def test_an_obs_that_has_exited_does_not_count_as_running(tmp_path: Path) -> None:
    """A dead OBS not yet reaped (a zombie) shows no environment: not "some OBS runs"."""
    fake = tmp_path / "obs"
    fake.write_bytes(Path("/bin/sleep").read_bytes())
    fake.chmod(0o755)
    process = subprocess.Popen([str(fake), "30"], env={**os.environ, "HOME": str(tmp_path)})
    try:
        stat = Path(f"/proc/{process.pid}/stat")
        deadline = time.monotonic() + 10
        while Path(f"/proc/{process.pid}/comm").read_text().strip() != "obs":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)  # dead, and not waited for: a zombie
        while stat.read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert obs_running(tmp_path / "other" / ".config" / "obs-studio") is False
    finally:
        process.kill()
        process.wait()


def test_obs_gets_none_of_this_programs_secrets(tmp_path: Path) -> None:
    from comprimato_companion.obs.install import ObsInstall, start_obs

    env = {**os.environ, "COMPRIMATO_API_KEY": "real-api-key",
           "COMPRIMATO_SANDBOX_API_KEY": "sandbox-key",
           "OBS_WEBSOCKET_URL": "obsws://127.0.0.1:4455/obs-password"}
    dump = tmp_path / "obs-environment"
    script = tmp_path / "obs"
    script.write_text(f"#!/bin/sh\nenv > {dump}.part && mv {dump}.part {dump}\n")
    script.chmod(0o755)
    start_obs(ObsInstall("native", (str(script),), tmp_path / "obs-studio"), env=env)
    deadline = time.monotonic() + 10
    while not dump.exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # the started program writes it on its own time
    seen = dump.read_text()
    assert "HOME=" in seen
    for secret in ("real-api-key", "sandbox-key", "obs-password"):
        assert secret not in seen


def test_another_users_obs_does_not_count_as_running(tmp_path: Path) -> None:
    import pytest

    if os.geteuid() != 0:
        pytest.skip("starting a process as another user needs root")
    import shutil
    import tempfile

    home = tmp_path / "home"
    shared = Path(tempfile.mkdtemp())  # a folder the other user can enter
    shared.chmod(0o755)
    fake = shared / "obs"
    fake.write_bytes(Path("/bin/sleep").read_bytes())
    fake.chmod(0o755)
    # Another user's OBS, even with this user's HOME in its environment.
    env = {**os.environ, "HOME": str(home)}
    env.pop("XDG_CONFIG_HOME", None)
    process = subprocess.Popen([str(fake), "30"], env=env, user=65534, group=65534,
                               cwd=shared)
    try:
        # Popen returns once the exec is done, so /proc shows the new program already. The
        # set-up must have worked (an 'obs' of another user, alive), or False proves nothing.
        entry = Path(f"/proc/{process.pid}")
        assert (entry / "comm").read_text(encoding="utf-8").strip() == "obs"
        assert entry.stat().st_uid == 65534
        assert process.poll() is None
        assert obs_running(home / ".config/obs-studio") is False
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(shared)
