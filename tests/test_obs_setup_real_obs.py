"""`comprimato-companion obs setup` against real OBS (each version): server off, OBS closed,
then linked.

OBS is started by the product itself, through an ``obs`` on PATH that adds the flags a
machine without a screen needs (``--multi``: other OBS instances may run here) and records
its process id so the test can stop it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.obs.install import obs_running
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from comprimato_companion.window.main_window import MainWindow
from tests.support.qt_fixtures import eventually, run_async
from tests.support.real_obs import RealObs, stop_process_group, wait_until

pytestmark = [pytest.mark.real_obs, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent


def obs_off(obs: RealObs, *, password: str | None) -> None:
    """OBS's files with the server off, where its version reads them (global.ini for OBS 29,
    plugin_config/obs-websocket/config.json for 30.2+)."""
    obs.write_config()
    obs.write_server_config(enabled=False, password=password)


@pytest.fixture
def obs_launcher(tmp_path: Path) -> Iterator[Callable[..., tuple[Path, Path]]]:
    """``launcher(obs)``: a folder with an ``obs`` for PATH that starts that OBS (its
    version's flags, its chroot), and the file it writes its pid into. With
    ``multi=False`` the wrapper leaves ``--multi`` out: only the product's own flags add it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "obs.pid"

    def launcher(obs: RealObs, *, multi: bool = True) -> tuple[Path, Path]:
        argv, _ = obs.command()
        if not multi:
            argv = [arg for arg in argv if arg not in ("--multi", "-m")]
        wrapper = bin_dir / "obs"
        wrapper.write_text(
            "#!/bin/sh\n"
            f"echo $$ > '{pid_file}'\n"
            "export LIBGL_ALWAYS_SOFTWARE=1\n"
            f'exec {shlex.join(argv)} "$@"\n',
            encoding="utf-8",
        )
        wrapper.chmod(0o755)
        return bin_dir, pid_file

    try:
        yield launcher
    finally:
        _stop_started_obs(pid_file)


def _stop_started_obs(pid_file: Path) -> None:
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text().strip())
    # The product started OBS in a session of its own: the pid is its process group too.
    # SIGINT: the one signal on which every OBS version quits saving its config.
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + 15
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _server_settings(path: Path) -> object:
    """The websocket server's settings in ``path``, as values (not OBS's formatting)."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else text


def setup_env(obs: RealObs, bin_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "OBS_WEBSOCKET_URL"):
        env.pop(name, None)
    env.update(
        HOME=str(obs.home),
        XDG_CONFIG_HOME=str(obs.home / ".config"),
        XDG_DATA_HOME=str(obs.home / ".local" / "share"),
        DISPLAY=obs.display,
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def run_setup(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "obs", "setup", *args],
        capture_output=True, text=True, timeout=150, env=env, cwd=ROOT, check=False,
    )


def test_setup_turns_the_server_on_starts_obs_and_links(
    real_obs_factory: Callable[..., RealObs],
    obs_launcher: Callable[[RealObs], tuple[Path, Path]],
) -> None:
    obs = real_obs_factory(start=False)
    bin_dir, pid_file = obs_launcher(obs)
    obs_off(obs, password=obs.password)
    server_file = obs.server_config_path
    before = server_file.read_text(encoding="utf-8")
    user_file = obs.config_dir / ("user.ini" if obs.version.user_ini else "global.ini")

    began = time.monotonic()
    result = run_setup(setup_env(obs, bin_dir), "--timeout", "120")
    seconds = time.monotonic() - began

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Linked to OBS {obs.version.version} " in result.stdout, result.stdout
    assert "Starting OBS Studio (native)." in result.stdout
    assert "its password was kept" in result.stdout
    assert obs.password not in result.stdout + result.stderr
    # The product started OBS; an independent client with the old password reaches it.
    assert pid_file.exists()
    assert obs.call("GetVersion")["obsVersion"] == obs.version.version
    backups = list(obs.config_dir.glob(f"**/{server_file.name}.before-comprimato-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    after = server_file.read_text(encoding="utf-8")
    if obs.version.websocket_in_global_ini:
        assert "ServerEnabled=true" in after and f"ServerPassword={obs.password}" in after
    else:
        held = json.loads(after)
        assert held["server_enabled"] is True and held["server_password"] == obs.password
    kept = user_file.read_text(encoding="utf-8")  # OBS 31+: never lose user.ini
    assert "[Basic]" in kept and "Profile=CompanionTest" in kept  # the rest kept
    print(f"obs setup linked {obs.version} after {seconds:.1f} s:\n{result.stdout}")


def test_setup_against_running_obs_with_server_off_names_the_menu(
    real_obs_factory: Callable[..., RealObs],
    obs_launcher: Callable[[RealObs], tuple[Path, Path]],
) -> None:
    obs = real_obs_factory(start=False)
    bin_dir, _ = obs_launcher(obs)
    obs_off(obs, password=None)
    env = setup_env(obs, bin_dir)
    process = subprocess.Popen(
        [str(bin_dir / "obs")], env=env, cwd=obs.home, start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: obs_running(obs.config_dir) is True, 20, what="OBS's process")
        server_file = obs.server_config_path
        before = _server_settings(server_file)
        result = run_setup(env, "--timeout", "10")
    finally:
        stop_process_group(process)

    assert result.returncode == 5, result.stdout + result.stderr
    assert "OBS is running, but its WebSocket server is off." in result.stderr
    assert "Tools > WebSocket Server Settings" in result.stderr
    assert "Enable WebSocket server" in result.stderr
    # Never changed under a running OBS (OBS 32 itself rewrites config.json's layout).
    assert _server_settings(server_file) == before
    assert not list(obs.config_dir.glob("*.before-comprimato-*"))


def test_setup_links_while_another_obs_runs_on_the_machine(
    real_obs_factory: Callable[..., RealObs],
    obs_launcher: Callable[..., tuple[Path, Path]],
) -> None:
    """Another OBS (another HOME: another user's, as far as OBS can tell) runs already:
    without --multi the OBS that setup starts waits on "OBS is already running"."""
    other = real_obs_factory()  # started, and running until the test ends
    assert other.call("GetVersion")["obsVersion"] == other.version.version
    obs = real_obs_factory(start=False)
    bin_dir, pid_file = obs_launcher(obs, multi=False)
    obs_off(obs, password=obs.password)

    result = run_setup(setup_env(obs, bin_dir), "--timeout", "45")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Linked to OBS {obs.version.version} " in result.stdout
    assert pid_file.exists()
    assert obs.call("GetVersion")["obsVersion"] == obs.version.version
    assert other.call("GetVersion")["obsVersion"] == other.version.version  # untouched


@pytest.mark.gui
def test_window_start_obs_button_links_to_real_obs(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    real_obs_factory: Callable[..., RealObs],
    obs_launcher: Callable[[RealObs], tuple[Path, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """OBS closed, server off: the window says so and its "Start OBS" button links it."""
    obs = real_obs_factory(start=False)
    bin_dir, pid_file = obs_launcher(obs)
    obs_off(obs, password=obs.password)
    for name, value in setup_env(obs, bin_dir).items():
        if name != "QT_QPA_PLATFORM":
            monkeypatch.setenv(name, value)
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(
        sandbox=True, settings_file=settings_file, store=StreamStore(tmp_path / "streams.json")
    )
    window = MainWindow(session)
    qtbot.addWidget(window)

    async def scenario() -> None:
        window.show()
        await eventually(lambda: session.state.ready, 20, what="the session start")
        await eventually(
            lambda: window.empty_page.obs_button.isVisible()
            and window.empty_page.obs_button.text() == "Start OBS",
            30,
            what="the Start OBS button",
        )
        # The button does everything: the text says so, and talks of no file or Apply.
        line = window.empty_page.obs_line.text()
        assert line.startswith("OBS is not running"), line
        assert "Start OBS starts it with its WebSocket server turned on" in line
        assert "global.ini" not in line and "Apply" not in line
        assert window.menu_actions is not None
        assert window.menu_actions.start_obs_action.isEnabled()  # as the button offers it
        window.empty_page.obs_button.click()
        await eventually(lambda: session.state.obs.connected, 90, what="linked to OBS")
        assert pid_file.exists()
        assert not window.menu_actions.start_obs_action.isEnabled()
        assert "is connected" in window.empty_page.obs_line.text()

    async def guarded() -> None:
        try:
            await scenario()
        finally:
            await session.close()
            window.hide()

    run_async(qloop, guarded(), 150)


@pytest.mark.gui
def test_window_with_obs_running_and_its_server_off_says_what_to_do_in_obs(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    real_obs_factory: Callable[..., RealObs],
    obs_launcher: Callable[[RealObs], tuple[Path, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """OBS open, server off: before any click the window says what to do in OBS, offers
    no Start OBS, and no second card says otherwise."""
    obs = real_obs_factory(start=False)
    bin_dir, _ = obs_launcher(obs)
    obs_off(obs, password=None)
    env = setup_env(obs, bin_dir)
    process = subprocess.Popen(
        [str(bin_dir / "obs")], env=env, cwd=obs.home, start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for name, value in env.items():
        if name != "QT_QPA_PLATFORM":
            monkeypatch.setenv(name, value)
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(
        sandbox=True, settings_file=settings_file, store=StreamStore(tmp_path / "streams.json")
    )
    window = MainWindow(session)
    qtbot.addWidget(window)

    async def scenario() -> None:
        await eventually(lambda: obs_running(obs.config_dir) is True, 20, what="OBS's process")
        window.show()
        await eventually(lambda: session.state.ready, 20, what="the session start")
        await eventually(
            lambda: window.empty_page.obs_line.text().startswith("OBS is running, but"),
            30,
            what="the sentence that OBS runs with its server off",
        )
        line = window.empty_page.obs_line.text()
        assert "Tools > WebSocket Server Settings" in line and "Enable WebSocket server" in line
        assert "this program then connects by itself" in line
        assert "global.ini" not in line and "Apply" not in line
        assert window.empty_page.obs_button.text() != "Start OBS"
        # The Stream menu follows the button: no Start OBS while OBS runs.
        await eventually(lambda: window.menu_actions is not None, 10, what="the menus")
        assert window.menu_actions is not None
        assert not window.menu_actions.start_obs_action.isEnabled()
        shots = os.environ.get("COMPANION_TEST_SHOTS")
        if shots:
            window.grab().save(str(Path(shots) / "win-obs-running-server-off.png"))
        top = window.top_notices.obs_message
        assert top is None or not top.isVisible() or top.text() == session.state.obs.error.text  # type: ignore[union-attr]

    async def guarded() -> None:
        try:
            await scenario()
        finally:
            await session.close()
            window.hide()

    try:
        run_async(qloop, guarded(), 120)
    finally:
        stop_process_group(process)
