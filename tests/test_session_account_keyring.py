"""The session with a locked system keyring (a real gnome-keyring on a private bus).

A locked keyring is not an empty one: the saved API key is not asked for again, the user
is told to unlock it, and a key typed meanwhile is not silently kept in memory only.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from comprimato_companion.golive.view_state import (
    AREA_CREATE,
    AREA_GENERAL,
    FIX_KEEP_SECRETS,
    FIX_KEYRING_RETRY,
    ApiKeyStatus,
    Mode,
    fix_for,
)
from comprimato_companion.sandbox import Sandbox
from comprimato_companion.storage.secrets import SecretLocation, SecretsLocked, SecretStore
from comprimato_companion.storage.settings import Settings
from tests.support.fake_obs import FakeObs
from tests.support.keyring_fixtures import SecretServiceSession
from tests.support.session_rigs import make_session
from tests.support.waits import until

SAVED_KEY = "ck_saved_7f3a1c9e20b4"


@pytest.fixture(autouse=True)
def quiet_locked_keyring_connections() -> Iterator[None]:
    """keyring's SecretService backend leaves its D-Bus connection to the garbage
    collector when the collection stays locked; collect it here, where that is expected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()


def test_a_locked_keyring_is_not_an_empty_one(secret_service: SecretServiceSession) -> None:
    store = SecretStore()
    assert store.set(SecretStore.API_KEY, SAVED_KEY) is SecretLocation.KEYRING
    secret_service.lock_default_collection()
    with pytest.raises(SecretsLocked) as caught:
        SecretStore().get(SecretStore.API_KEY)
    assert "locked" in caught.value.message and "Unlock" in caught.value.next_step
    assert SAVED_KEY not in str(caught.value)
    assert fix_for(caught.value) == FIX_KEYRING_RETRY  # the window offers Try again
    secret_service.unlock_default_collection()
    assert SecretStore().get(SecretStore.API_KEY) == SAVED_KEY


async def test_session_says_the_keyring_is_locked_and_reads_the_key_once_unlocked(
    tmp_path: Path, secret_service: SecretServiceSession, api_sandbox: Sandbox, closed_port: int
) -> None:
    assert SecretStore().set(SecretStore.API_KEY, api_sandbox.api_key) is SecretLocation.KEYRING
    secret_service.lock_default_collection()
    env = {
        "COMPRIMATO_API_URL": api_sandbox.api_url,
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }
    session = make_session(tmp_path, sandbox=False, env=env, settings=Settings())
    await session.start()
    try:
        state = session.state
        assert state.mode is Mode.REAL
        assert state.api_key_status is ApiKeyStatus.LOCKED, "a locked keyring read as no key"
        assert not state.welcome_needed, "the user would be asked for a key they saved"
        notice = state.notices[AREA_CREATE]
        assert "locked" in notice.message and "Unlock" in notice.next_step
        assert notice.fix == FIX_KEYRING_RETRY

        secret_service.unlock_default_collection()
        await session.retry_keyring()
        assert session.state.api_key_status is ApiKeyStatus.PRESENT
        assert AREA_CREATE not in session.state.notices
        await session.create_stream()
        assert api_sandbox.request_count("POST", "/v1/streams") == 1
    finally:
        await session.close()


async def test_a_key_typed_while_locked_is_said_kept_in_memory_and_saved_after_unlock(
    tmp_path: Path, secret_service: SecretServiceSession, api_sandbox: Sandbox, closed_port: int
) -> None:
    secret_service.lock_default_collection()
    env = {
        "COMPRIMATO_API_URL": api_sandbox.api_url,
        "OBS_WEBSOCKET_URL": f"obsws://127.0.0.1:{closed_port}",
    }
    session = make_session(tmp_path, sandbox=False, env=env, settings=Settings())
    await session.start()
    try:
        await session.set_api_key(api_sandbox.api_key)
        assert session.state.api_key_status is ApiKeyStatus.PRESENT  # usable right now
        notice = session.state.notices[AREA_GENERAL]
        assert "locked" in notice.message and "only until you quit" in notice.message
        assert notice.level == "error" and notice.fix == FIX_KEEP_SECRETS

        secret_service.unlock_default_collection()
        await session.keep_secrets_again()
        assert SecretStore().get(SecretStore.API_KEY) == api_sandbox.api_key
        assert session.state.notices[AREA_GENERAL].level == "info"
    finally:
        await session.close()


async def test_obs_found_without_the_saved_password_never_touches_the_keyring(
    tmp_path: Path,
    secret_service: SecretServiceSession,
    fake_obs: FakeObs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sandbox mode, OBS at OBS_WEBSOCKET_URL: nothing at start needs a secret, so the
    keyring (its modules, its D-Bus session, a possible unlock prompt) is left alone."""
    assert SecretStore().set(SecretStore.OBS_PASSWORD, "saved-but-unused") is SecretLocation.KEYRING
    reads: list[str] = []
    real_get = SecretStore.get

    def counted(store: SecretStore, name: str) -> str | None:
        reads.append(name)
        return real_get(store, name)

    monkeypatch.setattr(SecretStore, "get", counted)
    session = make_session(tmp_path, env={"OBS_WEBSOCKET_URL": fake_obs.url})
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, what="the OBS link")
        assert session.state.ready
        assert reads == [], "the keyring was read though nothing needed it"
        # Settings asks the keyring when it opens: what is saved now, not at start.
        assert await session.read_obs_password_saved()
        assert session.state.has_obs_password
        assert reads == [SecretStore.OBS_PASSWORD]
    finally:
        await session.close()


async def test_obs_at_the_saved_address_gets_the_saved_password_from_the_keyring(
    tmp_path: Path, secret_service: SecretServiceSession, fake_obs: FakeObs
) -> None:
    assert fake_obs.password
    assert SecretStore().set(SecretStore.OBS_PASSWORD, fake_obs.password) is (
        SecretLocation.KEYRING
    )
    settings = Settings(welcome_done=True, obs_host="127.0.0.1", obs_port=fake_obs.port)
    session = make_session(tmp_path, settings=settings, env={"OBS_WEBSOCKET_URL": ""})
    await session.start()
    try:
        await until(lambda: session.state.obs.connected, what="the OBS link, authenticated")
        assert fake_obs.password in session.known_secrets()  # scrubbed from any report
    finally:
        await session.close()
