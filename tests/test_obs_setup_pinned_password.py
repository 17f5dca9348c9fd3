"""OBS setup with a password the user pinned: kept in OBS's files even when weak, and said.

OBS itself is stood in for (nothing runs): its install, its process and the connection
attempt, which answers only to the password OBS's own files hold once OBS "starts".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from comprimato_companion.obs import install, setup
from comprimato_companion.obs.connection import ObsConnectionInfo, parse_websocket_ini
from comprimato_companion.obs.errors import ObsAuthFailed, ObsNotRunning
from comprimato_companion.obs.install import ObsInstall
from comprimato_companion.storage.settings import Settings

WEAK_INI = (
    "[General]\nFirstRun=true\nLastVersion=486539266\n\n"
    "[OBSWebSocket]\nFirstLoad=false\nServerEnabled=false\nServerPort=4466\n"
    "AlertsEnabled=false\nAuthRequired=true\nServerPassword=1234\n"
)


@pytest.mark.parametrize("pinned", [True, False])
async def test_a_weak_password_is_replaced_only_when_it_came_from_obs_files(
    monkeypatch: pytest.MonkeyPatch, isolated_user_dirs: Path, pinned: bool
) -> None:
    folder = isolated_user_dirs / ".config" / "obs-studio"
    folder.mkdir()
    ini = folder / "global.ini"
    ini.write_text(WEAK_INI, encoding="utf-8")
    started: list[bool] = []

    async def attempt(info: ObsConnectionInfo, timeout: float = 0) -> object:  # noqa: ASYNC109
        if not started:
            raise ObsNotRunning(info.host, info.port)
        held = parse_websocket_ini(ini.read_text(encoding="utf-8"))
        if held is None or held[2] != info.password:
            raise ObsAuthFailed()
        return "OBS 29"

    monkeypatch.setattr(setup, "try_connect", attempt)
    monkeypatch.setattr(install, "find_obs_installs",
                        lambda env=None: [ObsInstall("native", ("obs",), folder)])
    monkeypatch.setattr(install, "obs_running", lambda config_folder=None: False)
    monkeypatch.setattr(install, "start_obs", lambda obs, env=None: started.append(True) or None)
    if pinned:
        monkeypatch.setenv("OBS_WEBSOCKET_URL", "obsws://localhost:4466/1234")
    said: list[str] = []

    result = await setup.set_up_obs(Settings(), None, progress=said.append)

    held = parse_websocket_ini(ini.read_text(encoding="utf-8"))
    assert held is not None and held[:2] == (True, 4466)
    if pinned:
        assert held[2] == "1234" and result.info.password == "1234"
        assert any("weak" in sentence for sentence in said)
    else:
        assert held[2] != "1234" and result.info.password == held[2]
        assert any("too weak" in sentence for sentence in said)
    assert all("1234" not in sentence for sentence in said)
