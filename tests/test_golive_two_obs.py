"""Two OBS on one computer (issue 22 point 5): which one is linked is said, and a move to
the other, when the first quits, is never silent.

Two fake OBS, each with its own config folder (the native one and the Flatpak one) that
the program finds by itself; the newest file wins, as OBS's own discovery rule says.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from comprimato_companion.golive.view_state import AREA_OBS
from tests.support.fake_obs import DEFAULT_PASSWORD, FakeObs
from tests.support.session_rigs import make_session
from tests.support.waits import until


def _websocket_config(folder: Path, port: int, modified: float) -> None:
    path = folder / "obs-studio" / "plugin_config" / "obs-websocket" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "server_enabled": True, "server_port": port, "auth_required": True,
        "server_password": DEFAULT_PASSWORD,
    }))
    os.utime(path, (modified, modified))


async def test_a_second_obs_taking_over_is_said_and_the_chip_names_it(
    tmp_path: Path, fake_obs_factory: Callable[..., FakeObs], closed_port: int
) -> None:
    first, second = fake_obs_factory(), fake_obs_factory()
    home = tmp_path / "home"
    _websocket_config(home / ".config", first.port, 2_000_000_000)  # the newest: first
    _websocket_config(home / ".var/app/com.obsproject.Studio/config", second.port, 1_900_000_000)
    env = {
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "OBS_WEBSOCKET_URL": "",
        "COMPRIMATO_API_URL": f"http://127.0.0.1:{closed_port}/v1",
    }
    session = make_session(tmp_path, env=env)
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, 15, "the first OBS")
        assert AREA_OBS not in session.state.notices

        first.stop()  # the first OBS quits; the second one's files are the newest now
        _websocket_config(
            home / ".var/app/com.obsproject.Studio/config", second.port, 2_100_000_000
        )
        await until(
            lambda: session.state.obs.connected and second.identified_sessions > 0,
            20, "the second OBS",
        )
        notice = session.state.notices.get(AREA_OBS)
        assert notice is not None, "linked to another OBS without a word"
        assert notice.message == (
            f"This program is now linked to the OBS at localhost:{second.port}, not the one "
            f"at localhost:{first.port} it was linked to before."
        )
        assert "com.obsproject.Studio" in notice.next_step  # where it was found
        assert session.state.obs.address == f"localhost:{second.port}"  # the chip's
    finally:
        await session.close()


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


async def test_the_command_line_drives_the_obs_the_window_is_linked_to(
    tmp_path: Path, fake_obs_factory: Callable[..., FakeObs], closed_port: int
) -> None:
    """Issue 22 point 5: the window links to one OBS, then the other's config file becomes
    the newest; a command run now drives the window's OBS and says so, and once the window
    has quit it finds OBS as before (the newest file)."""
    first, second = fake_obs_factory(), fake_obs_factory()
    home = tmp_path / "home"
    _websocket_config(home / ".config", first.port, 2_000_000_000)  # the newest: first
    flatpak = home / ".var/app/com.obsproject.Studio/config"
    _websocket_config(flatpak, second.port, 1_900_000_000)
    env = {
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "OBS_WEBSOCKET_URL": "",
        "XDG_DATA_HOME": str(home / ".local/share"),
        "COMPRIMATO_COMPANION_DATA_DIR": str(tmp_path / "data"),
        "COMPRIMATO_API_URL": f"http://127.0.0.1:{closed_port}/v1",
    }
    session = make_session(tmp_path, env=env)
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, 15, "the first OBS")
        await until(lambda: (tmp_path / "data" / "window-obs.json").exists(), 5, "the record")
        assert str(DEFAULT_PASSWORD) not in (tmp_path / "data" / "window-obs.json").read_text()
        _websocket_config(flatpak, second.port, 2_100_000_000)  # the other one's is newest
        ran = await asyncio.to_thread(_cli, ["obs", "status", "--json"], env)
        assert ran.returncode == 0, ran.stderr
        assert json.loads(ran.stdout)["address"] == f"localhost:{first.port}"
        assert f"OBS at localhost:{first.port}, the one the window is linked to" in ran.stderr
    finally:
        await session.close()
    assert not (tmp_path / "data" / "window-obs.json").exists()
    ran = await asyncio.to_thread(_cli, ["obs", "status", "--json"], env)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["address"] == f"localhost:{second.port}"
    assert "the window is linked to" not in ran.stderr


async def test_a_record_left_by_a_crashed_window_is_not_preferred_once_its_obs_is_gone(
    tmp_path: Path, fake_obs_factory: Callable[..., FakeObs]
) -> None:
    from comprimato_companion.obs.connection import ObsConnectionInfo
    from comprimato_companion.obs.window_obs import record_window_obs, window_obs

    first = fake_obs_factory()
    config = tmp_path / "obs-studio" / "plugin_config" / "obs-websocket" / "config.json"
    _websocket_config(tmp_path, first.port, 2_000_000_000)
    info = ObsConnectionInfo(host="localhost", port=first.port, password=DEFAULT_PASSWORD,
                             source=str(config))  # fmt: skip
    assert record_window_obs(tmp_path / "data", info)
    found = window_obs(tmp_path / "data")
    assert found is not None and found.info == ObsConnectionInfo(
        host="localhost", port=first.port, password=DEFAULT_PASSWORD, source=str(config),
        server_enabled=True,
    )  # fmt: skip
    first.stop()
    assert window_obs(tmp_path / "data") is None
