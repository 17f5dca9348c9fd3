"""The whole flow with debug logging on: the API key and the OBS password appear nowhere.

Everything a user can run is run: the command line with ``--debug`` (streams, obs, golive,
a rejected key, a failed OBS login) and the window's session in-process with every logger
at DEBUG, with no keyring and with a real one (gnome-keyring). Then every log line, stdout,
stderr, and every file under the temporary HOME (settings, store, anything else) is searched.

The store legitimately holds streamer keys, and ``streams create`` prints the one it made;
but no streamer key may reach a log or stderr. The keyring's own (encrypted) files are the
only place the API key and OBS password may live.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from comprimato_companion.golive.session import CompanionSession
from comprimato_companion.obs.output_state import OutputState
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs
from tests.support.keyring_fixtures import SecretServiceSession

REPO = Path(__file__).resolve().parents[1]
WRONG_API_KEY = "wrong-api-key-N0tF0rLogs-5f1c"
WRONG_OBS_PASSWORD = "wrong-obs-password-Zq81"


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "comprimato_companion", "--debug", *args],
        env={**env, "PYTHONPATH": str(REPO)}, cwd=REPO, capture_output=True, text=True,
        timeout=90, check=False,
    )


def files_under(root: Path, *, skip: Path | None = None) -> Iterable[Path]:
    for path in root.rglob("*"):
        if skip is not None and skip in path.parents:
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def assert_absent(secrets: dict[str, str], texts: dict[str, str]) -> None:
    for secret_name, secret in secrets.items():
        for where, text in texts.items():
            assert secret not in text, f"the {secret_name} appears in {where}"


def assert_files_clean(secrets: dict[str, str], home: Path, skip: Path | None = None) -> None:
    checked = 0
    for path in files_under(home, skip=skip):
        data = path.read_bytes()
        checked += 1
        for secret_name, secret in secrets.items():
            assert secret.encode() not in data, f"the {secret_name} is written in {path}"
    assert checked, "no file was written at all: the flow did not run"


@pytest.mark.slow
def test_command_line_with_debug_leaks_no_secret(
    api_sandbox: Sandbox, fake_obs: FakeObs, isolated_user_dirs: Path
) -> None:
    env = dict(os.environ)
    env.update(
        COMPRIMATO_API_URL=api_sandbox.api_url,
        COMPRIMATO_API_KEY=api_sandbox.api_key,
        COMPRIMATO_INGEST_URL="srt://127.0.0.1:9999",
        COMPRIMATO_PLAYER_URL=api_sandbox.player_url_template,
        OBS_WEBSOCKET_URL=fake_obs.url,
    )
    runs: dict[str, subprocess.CompletedProcess[str]] = {}
    runs["create"] = run_cli(env, "streams", "create", "--json", "--name", "leak check")
    assert runs["create"].returncode == 0, runs["create"].stderr
    created = json.loads(runs["create"].stdout)
    stream_id, streamer_key = created["id"], created["streamer_key"]
    # What the user had set up in OBS: it must come back exactly, and its key never show.
    fake_obs.set_service("rtmp_common", {"service": "Twitch", "key": "users-own-twitch-key"})
    users_own = fake_obs.service()
    # Each command with the exit status it must end with: a command that failed early
    # would have logged little, and the search below would prove nothing.
    for name, args, status in (
        ("list", ("streams", "list", "--json"), 0),
        ("show", ("streams", "show", stream_id), 0),
        ("detect", ("obs", "detect"), 0),
        ("status", ("obs", "status", "--json"), 0),
        ("apply", ("obs", "apply", stream_id), 0),
        ("golive", ("golive", "--stream", stream_id, "--timeout", "2", "--json"),
         6),  # the fake OBS sends no SRT: never Running
        ("stop", ("obs", "stop"), 0),
        ("restore", ("obs", "restore"), 0),
        ("delete", ("streams", "delete", stream_id), 0),
    ):
        runs[name] = done = run_cli(env, *args)
        command = " ".join(args)
        assert done.returncode == status, f"`{command}` ended {done.returncode}: {done.stderr}"
        if name == "apply":
            held = fake_obs.service()
            assert streamer_key in json.dumps(held.service_settings), "apply did not reach OBS"
        elif name == "restore":
            assert fake_obs.service() == users_own, "restore did not give OBS its settings back"
    assert stream_id in {stream["id"] for stream in json.loads(runs["list"].stdout)}
    assert stream_id in runs["show"].stdout
    assert json.loads(runs["status"].stdout)
    assert fake_obs.requests_of("SetStreamServiceSettings"), "OBS was never configured"
    assert fake_obs.requests_of("StartStream"), "golive never started OBS"
    assert api_sandbox.registry.get(stream_id) is None, "the stream was not deleted"
    runs["rejected key"] = run_cli({**env, "COMPRIMATO_API_KEY": WRONG_API_KEY},
                                   "streams", "create")
    assert runs["rejected key"].returncode == 3
    wrong_obs = fake_obs.url.rsplit("/", 1)[0] + "/" + WRONG_OBS_PASSWORD
    runs["wrong OBS password"] = run_cli({**env, "OBS_WEBSOCKET_URL": wrong_obs}, "obs", "status")
    assert runs["wrong OBS password"].returncode == 5
    assert "password" in runs["wrong OBS password"].stderr.lower()
    runs["server error"] = run_cli(env, "streams", "list")  # a clean one for contrast
    api_sandbox.faults.status("*", "/v1/", 500, body={"message": f"echo {api_sandbox.api_key}"})
    runs["echoing server"] = run_cli(env, "streams", "list")
    assert runs["echoing server"].returncode == 4

    secrets = {"API key": api_sandbox.api_key, "OBS password": fake_obs.password or "",
               "rejected API key": WRONG_API_KEY, "wrong OBS password": WRONG_OBS_PASSWORD}
    texts: dict[str, str] = {}
    for name, done in runs.items():
        texts[f"stdout of {name}"] = done.stdout
        texts[f"stderr of {name}"] = done.stderr
    assert "DEBUG" in texts["stderr of create"], "--debug logging did not run"
    assert_absent(secrets, texts)
    stderr_only = {where: text for where, text in texts.items() if where.startswith("stderr")}
    assert_absent({"streamer key": streamer_key}, stderr_only)
    assert_files_clean(secrets, isolated_user_dirs)


async def until(condition: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def run_session_flow(api_sandbox: Sandbox, fake_obs: FakeObs, home: Path) -> list[str]:
    """Everything the window does, through its session; returns the streamer keys made."""
    env = {k: v for k, v in os.environ.items() if k != "OBS_WEBSOCKET_URL"}
    env["COMPRIMATO_API_URL"] = api_sandbox.api_url
    settings_file = SettingsFile()
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(settings_file=settings_file, store=StreamStore(), env=env)
    keys: list[str] = []
    try:
        await session.start()
        await session.set_api_key(api_sandbox.api_key)
        settings = dataclasses.replace(session.state.settings, obs_host="127.0.0.1",
                                       obs_port=fake_obs.port)
        # A wrong password first (reported), then the right one.
        await session.update_settings(settings, obs_password=WRONG_OBS_PASSWORD)
        await until(lambda: fake_obs.auth_failures > 0, 10, "a refused OBS login")
        await session.update_settings(settings, obs_password=fake_obs.password)
        await until(lambda: session.state.obs.connected, 10, "OBS connected")
        stored = await session.create_stream()
        keys.append(stored.stream.streamer_key)
        assert session.state.obs.held_stream_id == stored.stream.id
        await session.go_live()
        await until(lambda: session.state.live is not None
                    and session.state.live.figures is not None, 10, "live figures")
        await session.stop()
        await until(lambda: session.state.live is not None
                    and session.state.live.obs_output is OutputState.STOPPED, 10, "stopped")
        await session.restore_obs_settings()
        await session.refresh()
        second = await session.create_stream()
        keys.append(second.stream.streamer_key)
        await session.delete(second.stream.id)
    finally:
        await session.close()
    return keys


@pytest.mark.slow
@pytest.mark.parametrize("keyring_kind", ["no keyring", "gnome-keyring"])
async def test_session_with_debug_logging_leaks_no_secret(
    api_sandbox: Sandbox,
    fake_obs: FakeObs,
    isolated_user_dirs: Path,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
    keyring_kind: str,
) -> None:
    keyrings_dir: Path | None = None
    if keyring_kind == "gnome-keyring":
        service: SecretServiceSession = request.getfixturevalue("secret_service")
        keyrings_dir = service.keyrings_dir
    caplog.set_level(logging.DEBUG)
    for name in ("", "comprimato_companion", "httpx", "httpcore", "obsws_python", "websocket",
                 "keyring"):
        logging.getLogger(name).setLevel(logging.DEBUG)

    keys = await run_session_flow(api_sandbox, fake_obs, isolated_user_dirs)

    assert any(r.name.startswith("comprimato_companion") for r in caplog.records), \
        "no app logging captured"
    secrets = {"API key": api_sandbox.api_key, "OBS password": fake_obs.password or "",
               "wrong OBS password": WRONG_OBS_PASSWORD}
    log_text = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    assert_absent({**secrets, **{f"streamer key {i}": k for i, k in enumerate(keys)}},
                  {"the debug log": log_text})
    assert_files_clean(secrets, isolated_user_dirs, skip=keyrings_dir)
    if keyrings_dir is not None:
        assert any(keyrings_dir.iterdir()), "the keyring was not used"


@pytest.mark.slow
@pytest.mark.gui
@pytest.mark.parametrize("key_from", ["keyring", "environment"])
def test_the_window_with_debug_leaks_no_secret(
    api_sandbox: Sandbox,
    fake_obs: FakeObs,
    isolated_user_dirs: Path,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    key_from: str,
) -> None:
    """``python -m app --debug``, as a user asked for details runs it: real mode, the API
    key from the keyring (read from the Secret Service, as on a Linux desktop) or from the
    environment, the OBS password in OBS_WEBSOCKET_URL. Neither reaches stdout, stderr
    or the log file (qasync logs every worker call's result at DEBUG: the key it read)."""
    env = dict(os.environ)
    if key_from == "keyring":
        request.getfixturevalue("secret_service")
        from comprimato_companion.storage.secrets import SecretLocation, SecretStore

        assert SecretStore().set(SecretStore.API_KEY, api_sandbox.api_key) is (
            SecretLocation.KEYRING
        )
        env = dict(os.environ)
        env.pop("PYTHON_KEYRING_BACKEND")  # detected, as for a user
    else:
        env["COMPRIMATO_API_KEY"] = api_sandbox.api_key
    log_dir = tmp_path / "logs"
    env.update(
        PYTHONPATH=str(REPO),
        QT_QPA_PLATFORM="offscreen",
        COMPRIMATO_API_URL=api_sandbox.api_url,
        OBS_WEBSOCKET_URL=fake_obs.url,
        COMPRIMATO_COMPANION_LOG_DIR=str(log_dir),
    )
    done = subprocess.run(
        [sys.executable, "-m", "comprimato_companion",
         "--debug", "--quit-when-ready"], env=env, cwd=REPO,
        capture_output=True, text=True, timeout=90, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # The key was read and used (the account's list fetched), OBS logged in with the password.
    assert "Create enabled, OBS 29.0.2 linked." in done.stdout
    assert "DEBUG" in done.stderr, "--debug logging did not run"
    assert fake_obs.identified_sessions >= 1
    texts = {"stdout": done.stdout, "stderr": done.stderr}
    texts.update({str(path): path.read_text(errors="replace") for path in log_dir.iterdir()})
    assert any("DEBUG" in text for where, text in texts.items() if where.endswith(".log"))
    assert_absent({"API key": api_sandbox.api_key, "OBS password": fake_obs.password or ""},
                  texts)


async def test_the_obs_password_from_obs_websocket_url_is_scrubbed_from_the_windows_log(
    fake_obs: FakeObs, isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password that never was in the keyring (OBS_WEBSOCKET_URL here; OBS's own config
    files alike) is one the window's log file scrubs, as it scrubs the keyring's."""
    import io

    from comprimato_companion import log_file

    monkeypatch.setattr(log_file, "_secrets", [])
    password = fake_obs.password or ""
    assert password
    env = {**os.environ, "OBS_WEBSOCKET_URL": fake_obs.url}
    settings_file = SettingsFile()
    settings_file.save(Settings(welcome_done=True))
    session = CompanionSession(settings_file=settings_file, store=StreamStore(), env=env)
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(log_file.ScrubbingFormatter(log_file.FORMAT))
    logger = logging.getLogger("comprimato_companion.test_scrub")
    logger.addHandler(handler)
    try:
        await session.start()
        await until(lambda: session.state.obs.connected, 10, "OBS connected")
        log_file.add_secrets(session.known_secrets)  # as the window does
        logger.error("OBS said no to %s (from %s)", password, fake_obs.url)
    finally:
        logger.removeHandler(handler)
        await session.close()
    assert "OBS said no to" in written.getvalue()
    assert_absent({"OBS password": password}, {"the window's log": written.getvalue()})
