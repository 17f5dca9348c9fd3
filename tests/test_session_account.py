"""The account's rules (``app/golive/session_account.py``) through the session: which
Comprimato it talks to (an API address, a key or none, the welcome's sandbox), and
settings saved, with what restarts when they change. Real parts: the in-process sandbox,
the fake OBS, the user's files in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from comprimato_companion.golive.errors import NoApiKey
from comprimato_companion.golive.view_state import AREA_CREATE, AREA_GENERAL, ApiKeyStatus, Mode
from comprimato_companion.storage.settings import Settings, SettingsFile
from comprimato_companion.storage.stream_store import StreamStore
from tests.support.fake_obs import FakeObs
from tests.support.session_rigs import fill_store, make_session
from tests.support.waits import until


async def test_a_saved_plain_http_api_address_elsewhere_is_kept_and_refused(
    tmp_path: Path, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved address stays the one in use (not the production default, which would
    get the key saved for the user's own server); the client refuses it with a sentence,
    nothing is sent (not even to a proxy), and Settings refuses to save such an address."""
    import json
    import socket

    from comprimato_companion.errors import UsageError

    env = {"COMPRIMATO_API_KEY": "key-for-my-own-server",
           "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}
    with socket.socket() as proxy:
        proxy.bind(("127.0.0.1", 0))
        proxy.listen()
        proxy.setblocking(False)
        proxy_url = f"http://127.0.0.1:{proxy.getsockname()[1]}"
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy_url)
        # The OBS link to this computer takes the proxy too (websocket-client): not this test's.
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        session = make_session(tmp_path, sandbox=False, env=env)
        # As an earlier version saved it.
        (tmp_path / "config" / "settings.json").write_text(
            json.dumps({"version": 1, "api_url": "http://10.1.2.3/v1", "welcome_done": True})
        )
        await session.start()
        try:
            assert session.state.mode is Mode.REAL
            assert session.state.api_url == "http://10.1.2.3/v1"
            assert session.streams.api_url == "http://10.1.2.3/v1"
            notice = session.state.notices[AREA_CREATE]
            assert "plain http:// to 10.1.2.3" in notice.message
            assert "nothing was sent" in notice.message
            assert session.state.notices.get(AREA_GENERAL) is None  # no "default in use"
            with pytest.raises(NoApiKey):
                await session.create_stream()
            with pytest.raises(UsageError, match="unencrypted"):
                await session.update_settings(Settings(api_url="http://10.9.9.9/v1"))
            assert "unencrypted" in session.state.notices[AREA_GENERAL].message
            file = SettingsFile(tmp_path / "config" / "settings.json").load()
            assert file.api_url == "http://10.1.2.3/v1"
        finally:
            await session.close()
        with pytest.raises(BlockingIOError):  # nothing connected, not even to ask the way
            proxy.accept()


async def test_without_an_api_key_the_list_follows_a_new_api_address(
    tmp_path: Path, closed_port: int
) -> None:
    """No key: the list shown is the new address's streams, as the header says."""
    first = f"http://127.0.0.1:{closed_port}/v1"
    second = f"http://localhost:{closed_port}/v1"
    store = StreamStore(tmp_path / "data" / "streams.json")
    fill_store(store, first, 3)
    env = {"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}
    session = make_session(
        tmp_path, sandbox=False, env=env, settings=Settings(api_url=first, welcome_done=True)
    )
    await session.start()
    try:
        assert session.state.api_key_status is ApiKeyStatus.MISSING
        assert len(session.state.streams) == 3
        await session.update_settings(Settings(api_url=second, welcome_done=True))
        assert session.state.api_url == second
        assert session.streams.api_url == second
        assert session.state.streams == ()
    finally:
        await session.close()


async def test_no_api_key_asks_for_one(tmp_path: Path, closed_port: int) -> None:
    env = {"OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}"}
    session = make_session(tmp_path, sandbox=False, env=env, settings=Settings())
    await session.start()
    try:
        assert session.state.welcome_needed
        with pytest.raises(NoApiKey):
            await session.create_stream()
        await session.finish_welcome(use_sandbox=True, api_key=None)
        assert session.state.mode is Mode.SANDBOX
        assert not session.state.welcome_needed
        assert SettingsFile(tmp_path / "config" / "settings.json").load().welcome_done
        await session.create_stream()
    finally:
        await session.close()


async def test_settings_are_saved_and_obs_reconnects(
    tmp_path: Path, fake_obs: FakeObs, closed_port: int
) -> None:
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, what="the fake OBS link")
        changed = Settings(welcome_done=True, send_to_obs_automatically=False, obs_port=4460)
        await session.update_settings(changed, obs_password="")
        saved = SettingsFile(tmp_path / "config" / "settings.json").load()
        assert saved.send_to_obs_automatically is False and saved.obs_port == 4460
        # OBS_WEBSOCKET_URL still wins over the saved port: the link comes back.
        await until(lambda: session.state.obs.connected, what="the reconnected link")
        await session.create_stream()
        assert session.state.obs.held_stream_id is None  # not sent automatically any more
    finally:
        await session.close()


async def test_settings_saved_stay_in_effect_when_a_secrets_step_fails_after_the_save(
    tmp_path: Path, fake_obs_factory: Callable[..., FakeObs], closed_port: int
) -> None:
    """The file is saved, then keeping the OBS password in the secrets file fails: the
    saved settings are the ones in effect everywhere (the snapshot the window draws
    included), OBS is linked as they say, and the failure is told once."""
    from comprimato_companion.storage.atomic import StorageError
    from comprimato_companion.storage.paths import config_dir
    from comprimato_companion.storage.secrets import SECRETS_FILE_NAME

    obs = fake_obs_factory(password=None)
    before = Settings(welcome_done=True, obs_host="127.0.0.1", obs_port=closed_port)
    session = make_session(tmp_path, settings=before)
    # The secrets file cannot be written (a folder stands where its lock goes); there is
    # none to read.
    (config_dir() / f"{SECRETS_FILE_NAME}.lock").mkdir(parents=True)
    await session.start()
    try:
        assert not session.state.obs.connected
        after = Settings(
            welcome_done=True, obs_host="127.0.0.1", obs_port=obs.port, secrets_in_file=True
        )
        with pytest.raises(StorageError) as caught:
            await session.update_settings(after, obs_password="typed-in-settings")
        saved = SettingsFile(tmp_path / "config" / "settings.json").load()
        assert saved == after
        assert session.state.settings == saved
        assert session.state.notices[AREA_GENERAL].message == caught.value.message
        await until(lambda: session.state.obs.connected, what="OBS linked as saved")
    finally:
        await session.close()
